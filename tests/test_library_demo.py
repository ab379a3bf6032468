"""The demo library: materials of every kind and visibility with their files' text read for
search, the featured collection for the new councils, ticks and subscriptions; loaded once."""

import io
from datetime import datetime

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from uso.accounts.models import User
from uso.library import search
from uso.library.models import (
    ChecklistItem,
    ChecklistTick,
    Collection,
    CollectionItem,
    Material,
    MaterialText,
    Subscription,
)
from uso.library.search import LibraryQuery
from uso.network.models import Period

pytestmark = pytest.mark.django_db

TODAY = timezone.make_aware(datetime(2026, 11, 28, 12))
MODELS = (
    Material,
    MaterialText,
    ChecklistItem,
    ChecklistTick,
    Collection,
    CollectionItem,
    Subscription,
)


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def demo():
    """`uso demo` run twice, as a developer would."""
    with time_machine.travel(TODAY), override_settings(DEBUG=True):
        call_command("demo", stdout=io.StringIO())
        first = counts()
        call_command("demo", stdout=io.StringIO())
        yield first


def test_the_demo_library_is_loaded_once(demo):
    assert demo["Material"] >= 12
    assert counts() == demo


def test_the_featured_collection_supports_the_new_councils(demo):
    collection = Collection.objects.get(slug="uusien-valtuustojen-tuki")
    assert collection.featured
    assert collection.title_fi == "Uusien valtuustojen tukimateriaali"
    assert collection.title_sv and collection.title_en and collection.introduction_sv
    items = list(collection.items.select_related("material").order_by("order"))
    assert len(items) >= 5
    assert all(item.material.visibility != Material.Visibility.MUNICIPALITY for item in items)
    assert Collection.objects.filter(featured=False).exists()


def test_the_files_text_is_read_and_found_by_a_word_only_in_the_file(demo):
    files = Material.objects.filter(kind=Material.Kind.FILE)
    assert set(files.values_list("file_format", flat=True)) == {"pdf", "docx", "pptx"}
    assert set(files.values_list("extraction", flat=True)) == {Material.Extraction.DONE}
    extracted = {m.file_format: m.text.extracted for m in files.select_related("text")}
    assert "Skenaariotyöskentely" in extracted["pdf"]
    assert "Tytäryhteisöt" in extracted["docx"] and "Strategisesti tärkeä" in extracted["docx"]
    assert "Muutosvastarinta" in extracted["pptx"]

    guide = files.get(file_format="pdf")
    assert "skenaario" not in f"{guide.title} {guide.summary}".lower()
    with time_machine.travel(TODAY):
        anyone = AnonymousUser()
        assert list(search.results(anyone, LibraryQuery(q="skenaariot"))) == [guide]
        assert guide in search.results(anyone, LibraryQuery(q="strategia"))


def test_every_kind_visibility_and_state_is_present(demo):
    materials = Material.objects.all()
    assert set(materials.values_list("kind", flat=True)) == set(Material.Kind.values)
    assert set(materials.values_list("visibility", flat=True)) == set(Material.Visibility.values)
    assert set(materials.values_list("audience", flat=True)) == set(Material.Audience.values)
    assert set(materials.values_list("language", flat=True)) == {"fi", "sv", "en"}
    with time_machine.travel(TODAY):
        assert materials.filter(status=Material.Status.DRAFT).count() == 1
        assert sum(m.is_scheduled for m in materials) == 1
    period = Period.objects.filter(network__slug="uso").order_by("-start_date").first()
    for material in materials.prefetch_related("sub_themes__theme_area"):
        assert material.authors and material.created_by, material
        assert material.sub_themes.exists(), material
        assert all(sub.theme_area.period_id == period.pk for sub in material.sub_themes.all())
    (private,) = materials.filter(visibility=Material.Visibility.MUNICIPALITY)
    assert private.created_by.is_consultant
    with time_machine.travel(TODAY):
        outsider = User.objects.get(email="yhdyshenkilo.091@kunta.example")
        own = User.objects.get(email=f"yhdyshenkilo.{private.municipality.code}@kunta.example")
        assert private not in Material.objects.visible_to(outsider)
        assert private in Material.objects.visible_to(own)


def test_a_review_has_language_versions(demo):
    review = Material.objects.get(title="Ajankohtaiskatsaus: uusi valtuusto aloittaa")
    versions = Material.objects.filter(language_group=review.language_group)
    assert set(versions.values_list("language", flat=True)) == {"fi", "sv", "en"}
    assert "<h2>" in review.body and "<ul>" in review.body and 'href="https://' in review.body


def test_checklists_are_ticked_and_people_subscribe(demo):
    checklist = Material.objects.get(title="Muutosjohtamisen tarkistuslista")
    assert checklist.checklist_items.count() == 8
    ticks = ChecklistTick.objects.filter(item__material=checklist)
    assert ticks.filter(municipality__code="091").count() == 5
    assert all(t.ticked_by.municipality_id == t.municipality_id for t in ticks)
    assert Subscription.objects.values("person").distinct().count() >= 3
