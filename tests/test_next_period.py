"""The next period: copied from the last, members asked to renew, fee estimates sent."""

import re
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from uso.accounts.models import Role
from uso.billing.models import FeeEstimate, FeeSchedule
from uso.network.models import Membership, PeerGroup, Period, SubTheme, ThemeArea

from .billing_factories import billed_period
from .factories import PopulationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def previous():
    period, memberships = billed_period(2)
    area = ThemeArea.objects.create(period=period, name_fi="Strategia", order=1)
    SubTheme.objects.create(theme_area=area, name_fi="Omistajaohjaus", order=1)
    PeerGroup.objects.create(period=period, name_fi="Pienet", rule_size_class="lt5k")
    for membership in memberships:
        UserFactory(municipality=membership.municipality, role=Role.CONTACT)
    return period


def start_next(client, previous):
    return client.post(
        reverse("network:next_period", args=[previous.pk]),
        {"name_fi": "USO 2019–2020", "start_date": "2019-01-01", "end_date": "2020-12-31"},
    )


def test_next_period_copies_themes_bands_and_peer_groups(client, world, previous):
    client.force_login(world.coordinator)
    assert start_next(client, previous).status_code == 302
    new = Period.objects.get(name_fi="USO 2019–2020")
    assert [a.name_fi for a in new.theme_areas.all()] == ["Strategia"]
    assert new.theme_areas.get().sub_themes.get().name_fi == "Omistajaohjaus"
    assert new.peer_groups.get().rule_size_class == "lt5k"
    assert FeeSchedule.objects.get(period=new).bands.count() == 5
    previous.refresh_from_db()
    assert not previous.is_open_for_applications and new.is_open_for_applications


def test_overlapping_next_period_is_refused(client, world, previous):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("network:next_period", args=[previous.pk]),
        {"name_fi": "X", "start_date": "2018-06-01", "end_date": "2020-12-31"},
    )
    assert response.status_code == 200 and response.context["form"].errors["start_date"]


def test_members_are_asked_once_and_the_link_renews(client, world, previous, run_on_commit):
    client.force_login(world.coordinator)
    start_next(client, previous)
    new = Period.objects.get(name_fi="USO 2019–2020")
    with run_on_commit():
        client.post(reverse("network:renewals", args=[new.pk]))
        client.post(reverse("network:renewals", args=[new.pk]))  # asks nobody twice
    assert len(mail.outbox) == 2
    link = re.search(r"http://testserver(/renew/\S+/)", mail.outbox[0].body).group(1)
    client.logout()
    assert client.get(link).status_code == 200
    client.post(link, {"answer": "renew"})
    renewed = Membership.objects.get(period=new)
    assert renewed.status == Membership.Status.ACTIVE and renewed.population_basis is not None
    client.post(link, {"answer": "decline"})  # answered already: nothing changes
    assert Membership.objects.get(period=new).status == Membership.Status.ACTIVE


def test_fee_estimates_go_once_with_a_pdf(client, world, previous, run_on_commit):
    client.force_login(world.coordinator)
    start_next(client, previous)
    new = Period.objects.get(name_fi="USO 2019–2020")
    member = previous.memberships.order_by("population_basis").first()
    PopulationFactory(municipality=member.municipality, year=2018, inhabitants=60000)
    with run_on_commit():
        client.post(reverse("billing:fee_estimates", args=[new.pk]))
        client.post(reverse("billing:fee_estimates", args=[new.pk]))
    assert FeeEstimate.objects.count() == 2 and len(mail.outbox) == 2
    estimate = FeeEstimate.objects.get(membership=member)
    assert estimate.year == 2019 and estimate.inhabitants == 60000  # the newest figure
    assert estimate.net == Decimal("14000.00") and estimate.gross == Decimal("17360.00")
    message = next(m for m in mail.outbox if m.to == [estimate.sent_to])
    name, data, mimetype = message.attachments[0]
    import io

    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "2019" in text and ("17 360,00" in text or "17\xa0360,00" in text)
    assert estimate.sent_at is not None


def test_mass_e_mails_from_the_period_page_ask_before_sending(client, world):
    client.force_login(world.coordinator)
    page = client.get(reverse("network:period", args=[world.period.pk])).text
    for name in ("network:renewals", "billing:fee_estimates"):
        action = reverse(name, args=[world.period.pk])
        form = page[page.index(f'action="{action}"') :].split(">", 1)[0]
        assert "data-confirm=" in form, name
