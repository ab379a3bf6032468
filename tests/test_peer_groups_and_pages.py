from datetime import date
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from uso.core.models import SitePage
from uso.network.models import Municipality, PeerGroup

from .factories import MembershipFactory, PopulationFactory


def test_peer_group_from_a_rule_takes_matching_active_members(client, world):
    small = Municipality.objects.get(code="016")
    big = Municipality.objects.get(code="837")
    for municipality, inhabitants in ((small, 8200), (big, 255000)):
        PopulationFactory(municipality=municipality, inhabitants=inhabitants)
        MembershipFactory(municipality=municipality, period=world.period)
    client.force_login(world.coordinator)
    response = client.post(
        reverse("network:peer_group_add", args=[world.period.pk]),
        {"name_fi": "5 000–9 999 asukasta", "rule_size_class": "5k"},
    )
    assert response.status_code == 302
    group = PeerGroup.objects.get()
    assert list(group.members.all()) == [small]


def test_peer_group_by_hand_keeps_chosen_members(client, world):
    client.force_login(world.coordinator)
    client.post(
        reverse("network:peer_group_add", args=[world.period.pk]),
        {"name_fi": "Käsin", "members": [world.municipality_a.pk, world.municipality_b.pk]},
    )
    assert set(PeerGroup.objects.get().members.all()) == {
        world.municipality_a,
        world.municipality_b,
    }


def test_municipality_list_filters_by_size_class_and_membership(client, world):
    helsinki = Municipality.objects.get(code="091")
    PopulationFactory(municipality=helsinki, inhabitants=674500)
    MembershipFactory(municipality=helsinki, period=world.period)
    client.force_login(world.coordinator)
    page = client.get(reverse("network:municipalities") + "?size=100k&member=yes")
    assert [m.code for m in page.context["object_list"]] == ["091"]
    fragment = client.get(reverse("network:municipalities") + "?q=Helsin", HTTP_HX_REQUEST="true")
    assert b"<html" not in fragment.content and b"Helsinki" in fragment.content


def test_site_page_html_is_sanitised(client, world):
    client.force_login(world.coordinator)
    client.post(
        reverse("core:page_edit", args=["privacy"]),
        {"title_fi": "Tietosuoja", "body_fi": "<p>Hei</p><script>alert(1)</script>"},
    )
    page = SitePage.objects.get(slug="privacy")
    assert page.body_fi == "<p>Hei</p>"
    assert b"<script>alert" not in client.get(reverse("core:privacy")).content


def test_money_is_finnish_and_refuses_floats():
    template = Template("{% load uso %}{{ amount|money }}")
    with translation.override("fi"):
        assert template.render(Context({"amount": Decimal("1234.5")})) == "1\xa0234,50\xa0€"
    with pytest.raises(TypeError):
        template.render(Context({"amount": 1234.5}))


def test_dates_are_finnish():
    from datetime import date

    with translation.override("fi"):
        assert Template("{{ d|date }}").render(Context({"d": date(2026, 11, 28)})) == "28.11.2026"


def test_html_lang_follows_the_language_switch(client, db):
    assert b'<html lang="fi">' in client.get("/").content
    client.post(reverse("set_language"), {"language": "sv", "next": "/"})
    assert b'<html lang="sv">' in client.get("/").content


def test_signed_in_person_sees_the_language_of_their_profile(client, world):
    world.participant_a.language = "sv"
    world.participant_a.save()
    client.force_login(world.participant_a)
    assert b'<html lang="sv">' in client.get(reverse("core:dashboard")).content
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert b'<html lang="en">' in client.get(reverse("core:dashboard")).content


def test_a_contact_person_reads_the_membership_in_finnish_formats(client, world):
    from datetime import date

    world.membership_a.joined_on = date(2017, 3, 1)
    world.membership_a.population_basis = 12345
    world.membership_a.save()
    client.force_login(world.contact_a)
    page = client.get(f"/memberships/{world.membership_a.pk}/").content.decode()
    assert "1.3.2017" in page and "2017-03-01" not in page
    assert "12\xa0345" in page


def test_the_coordinators_dashboard_counts_applications_of_every_period(client, world):
    from uso.network.models import Membership

    from .factories import MembershipFactory, PeriodFactory

    older = PeriodFactory(start_date=date(2015, 1, 1), end_date=date(2016, 12, 31))
    MembershipFactory(period=older, status=Membership.Status.APPLIED)
    client.force_login(world.coordinator)
    response = client.get("/dashboard/")
    assert response.context["stats"]["applied"] == 1


def test_a_membership_cannot_end_before_it_began(client, world):
    world.membership_a.joined_on = date(2017, 3, 1)
    world.membership_a.save()
    client.force_login(world.coordinator)
    response = client.get(f"/memberships/{world.membership_a.pk}/")
    form = response.context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(joined_on="2017-03-01", ended_on="2017-01-01")
    response = client.post(f"/memberships/{world.membership_a.pk}/", data)
    assert response.status_code == 200
    assert response.context["form"].errors["ended_on"]
    world.membership_a.refresh_from_db()
    assert world.membership_a.ended_on is None


def test_the_membership_history_says_what_changed_and_the_fee_set_by_hand(client, world):
    from decimal import Decimal

    from uso.billing import services as billing

    client.force_login(world.coordinator)
    world.membership_a.notes = "Uusi muistiinpano"
    world.membership_a.billing_contact_name = "Laura Laskuttaja"
    world.membership_a.save()
    billing.set_fee_override(
        membership=world.membership_a,
        annual_fee=Decimal("12345.67"),
        reason="Sovittu hallituksessa",
        by=world.coordinator,
    )
    page = client.get(f"/memberships/{world.membership_a.pk}/").content.decode()
    assert "Muutettu: laskutuksen yhteyshenkilö, muistiinpanot" in page
    assert "Käsin asetettu vuosimaksu: 12\xa0345,67\xa0€ (Sovittu hallituksessa)" in page
    assert "Changed" not in page


def test_the_dashboard_names_a_position_that_only_repeats_the_role_once(client, world):
    world.coordinator.position = "verkostokoordinaattori"
    world.coordinator.save()
    client.force_login(world.coordinator)
    page = client.get("/dashboard/").content.decode()
    lead = page.split('<p class="lead">')[1].split("</p>")[0]
    assert lead.lower().count("verkostokoordinaattori") == 1, lead


def test_the_municipality_does_not_read_the_coordinators_notes(client, world):
    world.membership_a.notes = "Sisäinen: maksumuistutus soitettu"
    world.membership_a.save()
    client.force_login(world.contact_a)
    page = client.get(f"/memberships/{world.membership_a.pk}/").content.decode()
    assert "maksumuistutus soitettu" not in page
    client.force_login(world.coordinator)
    assert "maksumuistutus soitettu" in client.get(f"/memberships/{world.membership_a.pk}/").text
