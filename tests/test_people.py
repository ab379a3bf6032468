"""People: invitations by contact persons, imports, bulk deactivation, hand-over, own data."""

import io
import json

import pytest
from django.contrib.auth import authenticate
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from openpyxl import Workbook

from uso.accounts.models import Role, User
from uso.network.models import JoinApplication

CSV_OK = """email,first_name,last_name,municipality,role,leadership,position,language
valtuusto@inari.example,Veli,Valtuutettu,148,participant,political,valtuutettu,fi
johtaja@narpes.example,Jonas,Direktör,Närpes,contact,professional,kommundirektör,sv
"""

CSV_BAD = """email,first_name,last_name,municipality,role
ok@inari.example,Ok,Person,148,participant
not-an-email,Bad,Email,148,participant
nobody@x.example,No,Where,Atlantis,participant
ok@inari.example,Twice,Same,148,chief
"""


def upload(client, name, data, send=True):
    payload = {"file": SimpleUploadedFile(name, data)}
    if send:
        payload["send_invitations"] = "on"
    return client.post(reverse("accounts:people_import"), payload)


def test_contact_person_invites_a_participant_of_own_municipality(client, world, run_on_commit):
    client.force_login(world.contact_a)
    with run_on_commit():
        response = client.post(
            reverse("accounts:invite", args=[world.municipality_a.code]),
            {"email": "Uusi@Kunta.example", "first_name": "Uusi", "last_name": "Osallistuja",
             "language": "fi", "role": "participant", "leadership": "political",
             "phone": "040 123 4567"},
        )  # fmt: skip
    assert response.status_code == 302
    person = User.objects.get(email="uusi@kunta.example")
    assert person.municipality == world.municipality_a and person.role == Role.PARTICIPANT
    assert mail.outbox[0].to == ["uusi@kunta.example"]
    assert person.phone == "040 123 4567"


@pytest.mark.parametrize("state", ["deactivated", "invited"])
def test_contact_person_cannot_take_over_another_municipalitys_person(client, world, state):
    """Not by inviting their address (in any case of letters) — not even when the person is
    deactivated or has not yet accepted an invitation."""
    person = world.participant_b
    if state == "deactivated":
        person.is_active = False
    else:
        person.set_unusable_password()
    person.save()
    client.force_login(world.contact_a)
    response = client.post(
        reverse("accounts:invite", args=[world.municipality_a.code]),
        {"email": person.email.upper(), "first_name": "Uusi", "last_name": "Nimi",
         "language": "fi", "role": "participant"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "kuuluu jo toiseen kuntaan" in response.context["form"].errors["email"][0]
    person.refresh_from_db()
    assert person.municipality == world.municipality_b
    assert person.first_name != "Uusi" and person.is_active == (state == "invited")


def test_coordinator_moves_a_deactivated_person_to_another_municipality(client, world):
    person = world.participant_b
    person.is_active = False
    person.save()
    client.force_login(world.coordinator)
    response = client.post(
        reverse("accounts:staff_invite"),
        {"email": person.email, "first_name": person.first_name, "last_name": person.last_name,
         "language": "sv", "role": "participant", "municipality": world.municipality_a.pk},
    )  # fmt: skip
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.municipality == world.municipality_a and person.is_active
    assert person.language == "sv"


def test_inviting_someone_who_already_has_an_account_changes_nothing(client, world):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("accounts:staff_invite"),
        {"email": world.contact_a.email.upper(), "first_name": "X", "last_name": "Y",
         "language": "fi", "role": "participant", "municipality": world.municipality_a.pk},
    )  # fmt: skip
    assert response.status_code == 200 and response.context["form"].errors["email"]
    world.contact_a.refresh_from_db()
    assert world.contact_a.role == Role.CONTACT and world.contact_a.first_name != "X"


def test_import_lists_what_only_saving_finds_by_line_and_writes_nothing(client, coordinator, world):
    csv_text = (
        "email,first_name,last_name,municipality,role,phone\n"
        "hyva@kunta.example,Hyvä,Rivi,091,participant,\n"
        "puhelin@kunta.example,Puhelin,Testi,091,participant,soita minulle\n"
        f"{world.participant_b.email},Siirto,Yritys,{world.municipality_a.code},participant,\n"
    )
    client.force_login(coordinator)
    response = upload(client, "people.csv", csv_text.encode())
    assert response.status_code == 200
    errors = response.context["errors"]
    assert errors[0].startswith("Rivi 3: phone:")
    assert errors[1].startswith("Rivi 4:") and "kuuluu jo toiseen kuntaan" in errors[1]
    assert len(errors) == 2
    assert not User.objects.filter(email__in=["hyva@kunta.example", "puhelin@kunta.example"])
    world.participant_b.refresh_from_db()
    assert world.participant_b.municipality == world.municipality_b


def test_contact_person_cannot_make_someone_a_contact(client, world):
    client.force_login(world.contact_a)
    client.post(
        reverse("accounts:invite", args=[world.municipality_a.code]),
        {"email": "x@kunta.example", "first_name": "X", "last_name": "Y", "language": "fi",
         "role": "contact"},
    )  # fmt: skip
    assert not User.objects.filter(email="x@kunta.example", role=Role.CONTACT).exists()


def test_contact_person_removes_a_participant_but_not_another_municipalitys(client, world):
    client.force_login(world.contact_a)
    client.post(reverse("accounts:person_remove", args=[world.participant_a.pk]))
    world.participant_a.refresh_from_db()
    assert not world.participant_a.is_active
    response = client.post(reverse("accounts:person_remove", args=[world.participant_b.pk]))
    assert response.status_code == 404
    world.participant_b.refresh_from_db()
    assert world.participant_b.is_active


def test_import_csv_creates_people_with_municipality_by_code_or_name(client, coordinator):
    client.force_login(coordinator)
    response = upload(client, "people.csv", CSV_OK.encode(), send=False)
    assert response.status_code == 302
    jonas = User.objects.get(email="johtaja@narpes.example")
    assert jonas.municipality.code == "545" and jonas.role == Role.CONTACT
    assert jonas.language == "sv" and not jonas.has_usable_password()
    assert not mail.outbox


def test_import_with_bad_rows_lists_each_by_line_and_writes_nothing(client, coordinator):
    client.force_login(coordinator)
    response = upload(client, "people.csv", CSV_BAD.encode())
    assert response.status_code == 200
    errors = " ".join(response.context["errors"])
    for line in (3, 4, 5):
        assert f"{line}" in errors
    assert "not-an-email" in errors and "Atlantis" in errors and "chief" in errors
    assert not User.objects.filter(email="ok@inari.example").exists()


def test_import_xlsx(client, coordinator):
    book = Workbook()
    sheet = book.active
    sheet.append(["email", "first_name", "last_name", "municipality", "role"])
    sheet.append(["excel@inari.example", "Excel", "Ihminen", "148", "participant"])
    data = io.BytesIO()
    book.save(data)
    client.force_login(coordinator)
    upload(client, "people.xlsx", data.getvalue(), send=False)
    assert User.objects.get(email="excel@inari.example").municipality.code == "148"


def test_a_broken_xlsx_is_refused_with_a_message(client, coordinator):
    client.force_login(coordinator)
    response = upload(client, "people.xlsx", b"this is not a workbook")
    assert response.status_code == 200 and response.context["form"].errors["file"]


def test_bulk_deactivation_after_elections(client, world):
    client.force_login(world.coordinator)
    client.post(
        reverse("accounts:people_deactivate"),
        {"people": [world.participant_a.pk, world.participant_b.pk, world.coordinator.pk]},
    )
    assert not User.objects.get(pk=world.participant_a.pk).is_active
    assert not User.objects.get(pk=world.participant_b.pk).is_active
    assert User.objects.get(pk=world.coordinator.pk).is_active  # never oneself


def test_hand_over_the_contact_role(client, world):
    client.force_login(world.coordinator)
    client.post(
        reverse("accounts:hand_over", args=[world.municipality_a.code]),
        {"person": world.participant_a.pk},
    )
    assert User.objects.get(pk=world.participant_a.pk).role == Role.CONTACT
    assert User.objects.get(pk=world.contact_a.pk).role == Role.PARTICIPANT


def test_hand_over_to_someone_of_another_municipality_is_refused(client, world):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("accounts:hand_over", args=[world.municipality_a.code]),
        {"person": world.participant_b.pk},
    )
    assert response.status_code == 200
    assert User.objects.get(pk=world.participant_b.pk).role == Role.PARTICIPANT


def test_person_downloads_everything_held_about_them(client, world):
    client.force_login(world.participant_a)
    response = client.get(reverse("accounts:my_data"))
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["person"]["email"] == world.participant_a.email
    assert data["person"]["municipality"] == world.municipality_a.code


def test_deleting_an_account_anonymises_the_person(client, world):
    JoinApplication.objects.create(
        membership=world.membership_a, contact_name="Testi Henkilö", contact_title="x",
        contact_email=world.contact_a.email,
    )  # fmt: skip
    email = world.contact_a.email
    client.force_login(world.contact_a)
    response = client.post(reverse("accounts:delete_account"), {"confirm": "on"})
    assert response.status_code == 302
    person = User.objects.get(pk=world.contact_a.pk)
    assert person.email != email and not person.is_active and person.anonymised_at
    assert not person.history.filter(email=email).exists()
    assert not JoinApplication.objects.filter(contact_email=email).exists()
    assert not authenticate(
        RequestFactory().post("/"), email=email, password="correct-horse-battery"
    )


def test_deleting_requires_confirmation(client, world):
    client.force_login(world.participant_a)
    client.post(reverse("accounts:delete_account"), {})
    assert User.objects.get(pk=world.participant_a.pk).is_active


@pytest.mark.parametrize("role", ["participant_a", "contact_a"])
def test_municipal_people_see_own_municipality_page_but_not_anothers(client, world, role):
    client.force_login(getattr(world, role))
    own = client.get(reverse("network:municipality", args=[world.municipality_a.code]))
    assert own.status_code == 200
    other = client.get(reverse("network:municipality", args=[world.municipality_b.code]))
    assert other.status_code == 404
    assert world.participant_b.email.encode() not in other.content


def test_own_details_keep_a_name_others_know_the_person_by(client, world):
    person = world.participant_a
    client.force_login(person)
    details = {"first_name": "", "last_name": "", "phone": "", "position": "", "language": "fi"}
    page = client.post(reverse("accounts:me"), details)
    assert page.status_code == 200
    assert set(page.context["form"].errors) == {"first_name", "last_name"}
    person.refresh_from_db()
    assert person.first_name and person.last_name
    details |= {"first_name": "Aino", "last_name": "Virtanen"}
    assert client.post(reverse("accounts:me"), details).status_code == 302
    person.refresh_from_db()
    assert (person.first_name, person.last_name) == ("Aino", "Virtanen")


def test_a_swedish_speaking_municipalitys_invitation_is_in_swedish_unless_chosen(client, world):
    from uso.network.models import Municipality

    narpes = Municipality.objects.get(code="545")
    client.force_login(world.coordinator)
    form = client.get(reverse("accounts:invite", args=[narpes.code])).context["form"]
    assert form["language"].value() == "sv"
    helsinki = client.get(reverse("accounts:invite", args=["091"])).context["form"]
    assert helsinki["language"].value() == "fi"


def test_inviting_a_staff_address_says_so(client, world):
    client.force_login(world.contact_a)
    response = client.post(
        reverse("accounts:invite", args=[world.municipality_a.code]),
        {"email": world.coordinator.email, "first_name": "X", "last_name": "Y",
         "language": "fi", "role": "participant"},
    )  # fmt: skip
    assert response.context["form"].errors["email"] == [
        f"{world.coordinator.email} kuuluu verkoston henkilöstöön."
    ]
