"""Join the network: public application → coordinator's approval → invitation → first login."""

import re

import pytest
from django.contrib.auth import authenticate
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

from uso.accounts.models import Role, User
from uso.network.models import Membership, Municipality

from .factories import PeriodFactory


@pytest.fixture
def period(db):
    """A period that is running (an application to one that has ended is not approved)."""
    from datetime import date

    year = date.today().year
    return PeriodFactory(start_date=date(year, 1, 1), end_date=date(year + 1, 12, 31))


def apply(client, municipality, email="kirsi.kunnanjohtaja@kunta.example", phone="040 123 4567"):
    return client.post(
        reverse("network:join"),
        {
            "municipality": municipality.pk,
            "contact_name": "Kirsi Kunnanjohtaja",
            "contact_title": "kunnanjohtaja",
            "contact_email": email,
            "contact_phone": phone,
            "message": "Haluamme mukaan.",
        },
    )


def test_full_journey_from_application_to_first_login(client, period, coordinator, run_on_commit):
    inari = Municipality.objects.get(code="148")
    response = apply(client, inari)
    assert response.status_code == 302
    membership = Membership.objects.get(municipality=inari, period=period)
    assert membership.status == Membership.Status.APPLIED

    client.force_login(coordinator)
    assert "Kirsi Kunnanjohtaja" in client.get(reverse("network:applications")).content.decode()
    with run_on_commit():
        client.post(reverse("network:application_approve", args=[membership.pk]))
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    person = User.objects.get(email="kirsi.kunnanjohtaja@kunta.example")
    assert person.role == Role.CONTACT and person.municipality == inari
    assert not person.has_usable_password()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["kirsi.kunnanjohtaja@kunta.example"]
    assert "Kutsu" in message.subject  # Inari is Finnish-speaking: the mail is in Finnish
    link = re.search(r"http://testserver(/accounts/invitation/\S+/)", message.body).group(1)

    client.logout()
    page = client.get(link)
    assert page.status_code == 200 and "Kirsi" in page.content.decode()
    response = client.post(
        link, {"password": "Kunta-2017-uudistus", "password_again": "Kunta-2017-uudistus"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("core:dashboard")
    dashboard = client.get(reverse("core:dashboard")).content.decode()
    assert "Inari" in dashboard

    # The link works once.
    client.logout()
    again = client.get(link).content.decode()
    assert 'name="password"' not in again
    assert authenticate(
        RequestFactory().post("/"),
        email="kirsi.kunnanjohtaja@kunta.example",
        password="Kunta-2017-uudistus",
    )


def test_swedish_speaking_municipality_gets_its_invitation_in_swedish(
    client, period, coordinator, run_on_commit
):
    narpes = Municipality.objects.get(code="545")
    apply(client, narpes, email="kontakt@narpes.example")
    client.force_login(coordinator)
    with run_on_commit():
        client.post(reverse("network:application_approve", args=[narpes.memberships.get().pk]))
    assert "Inbjudan" in mail.outbox[0].subject


def test_second_application_for_the_same_municipality_gets_a_clear_message(client, period):
    inari = Municipality.objects.get(code="148")
    apply(client, inari)
    response = apply(client, inari, email="other@kunta.example")
    assert response.status_code == 200
    assert response.context["form"].errors["municipality"]
    assert Membership.objects.filter(municipality=inari).count() == 1


def test_application_with_bad_email_changes_nothing(client, period):
    response = apply(client, Municipality.objects.get(code="148"), email="not-an-address")
    assert response.status_code == 200
    assert "contact_email" in response.context["form"].errors
    assert not Membership.objects.exists()


def test_application_with_a_bad_phone_number_changes_nothing(client, period):
    response = apply(client, Municipality.objects.get(code="148"), phone="soita minulle")
    assert response.status_code == 200
    assert "contact_phone" in response.context["form"].errors
    assert not Membership.objects.exists()


def test_declined_application_invites_nobody(client, period, coordinator, run_on_commit):
    inari = Municipality.objects.get(code="148")
    apply(client, inari)
    client.force_login(coordinator)
    with run_on_commit():
        client.post(reverse("network:application_decline", args=[inari.memberships.get().pk]))
    assert inari.memberships.get().status == Membership.Status.DECLINED
    assert not mail.outbox
    assert not User.objects.filter(email="kirsi.kunnanjohtaja@kunta.example").exists()


def test_deciding_twice_is_refused(client, period, coordinator, run_on_commit):
    inari = Municipality.objects.get(code="148")
    apply(client, inari)
    membership = inari.memberships.get()
    client.force_login(coordinator)
    with run_on_commit():
        client.post(reverse("network:application_approve", args=[membership.pk]))
        client.post(reverse("network:application_decline", args=[membership.pk]))
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_swedish_join_form_lists_municipalities_by_their_swedish_names(client, period):
    client.cookies["django_language"] = "sv"
    page = client.get("/join/").content.decode()
    assert page.index("Korsholm") < page.index("Kronoby")  # Mustasaari comes after Kruunupyy
    client.cookies["django_language"] = "fi"
    page = client.get("/join/").content.decode()
    assert page.index("Kruunupyy") < page.index("Mustasaari")


def test_an_application_to_a_period_that_has_ended_is_not_approved(client, period, coordinator):
    from datetime import date

    inari = Municipality.objects.get(code="148")
    apply(client, inari)
    membership = inari.memberships.get()
    period.start_date, period.end_date = date(2017, 1, 1), date(2018, 12, 31)
    period.save()
    client.force_login(coordinator)
    response = client.post(
        reverse("network:application_approve", args=[membership.pk]), follow=True
    )
    assert "on päättynyt" in response.content.decode()
    membership.refresh_from_db()
    assert membership.status == Membership.Status.APPLIED and membership.joined_on is None
    assert not User.objects.filter(email="kirsi.kunnanjohtaja@kunta.example").exists()
