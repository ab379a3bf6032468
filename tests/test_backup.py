"""`uso backup` and `uso restore`: a round trip gives back the same data, files and pages."""

import io
import tarfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import CommandError, call_command
from django.urls import reverse

from uso.accounts.models import User
from uso.library.models import Material
from uso.network.models import Municipality

from .factories import MembershipFactory, UserFactory
from .library_factories import material

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_backup_restores_the_same_data_files_and_pages(client, tmp_path):
    municipality = MembershipFactory().municipality
    person = UserFactory(municipality=municipality, first_name="Ritva")
    article = material(title="Osallistava budjetointi", body="<p>Kuntalaiset päättävät</p>")
    storages["private"].save("backup-check/asiakirja.pdf", ContentFile(b"%PDF-1.4 asiakirja"))
    storages["default"].save("network-logos/logo.png", ContentFile(b"\x89PNG logo"))
    client.force_login(person)
    search_url = reverse("library:search") + "?q=budjetointi"
    before = client.get(search_url).content.decode()
    assert "Osallistava budjetointi" in before

    backup = tmp_path / "uso.tar.gz"
    out = io.StringIO()
    call_command("backup", str(backup), stdout=out)
    assert "Backed up" in out.getvalue()
    with tarfile.open(backup) as archive:
        names = archive.getnames()
    assert {"manifest.json", "database.json"} <= set(names)
    assert "private/backup-check/asiakirja.pdf" in names

    # Things go wrong after the backup: data and a file are lost, a stray row appears.
    Material.objects.all().delete()
    storages["private"].delete("backup-check/asiakirja.pdf")
    UserFactory(email="stray@example.org")

    with pytest.raises(CommandError, match="holds data"):
        call_command("restore", str(backup), stdout=io.StringIO())
    call_command("restore", str(backup), "--replace", stdout=io.StringIO())

    assert Material.objects.get().title == article.title
    assert not User.objects.filter(email="stray@example.org").exists()
    assert Municipality.objects.filter(pk=municipality.pk).exists()
    with storages["private"].open("backup-check/asiakirja.pdf") as handle:
        assert handle.read() == b"%PDF-1.4 asiakirja"
    # The restored instance serves the same: the search index was rebuilt, people sign in.
    client.force_login(User.objects.get(pk=person.pk))
    after = client.get(search_url).content.decode()
    assert "Osallistava budjetointi" in after
    assert (
        "Kuntalaiset" in client.get(reverse("library:material", args=[article.pk])).content.decode()
    )


def test_a_broken_or_foreign_file_changes_nothing(tmp_path):
    person = UserFactory()
    not_a_backup = tmp_path / "kuva.tar.gz"
    not_a_backup.write_bytes(b"not a tar file")
    with pytest.raises(CommandError, match="not a backup"):
        call_command("restore", str(not_a_backup), "--replace", stdout=io.StringIO())
    foreign = tmp_path / "foreign.tar.gz"
    with tarfile.open(foreign, "w:gz") as archive:
        data = b"{}"
        info = tarfile.TarInfo("something.json")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    with pytest.raises(CommandError, match="not a USO backup"):
        call_command("restore", str(foreign), "--replace", stdout=io.StringIO())
    assert User.objects.filter(pk=person.pk).exists()
