"""List pages cost the same number of queries for 10 rows as for 300."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .factories import MembershipFactory, MunicipalityFactory, PopulationFactory, RegionFactory


def make_municipalities(count, region, period):
    for index in range(count):
        municipality = MunicipalityFactory(region=region)
        PopulationFactory(municipality=municipality, inhabitants=1000 + index)
        if index % 2:
            MembershipFactory(municipality=municipality, period=period)


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url_name", ["network:municipalities", "municipality-list"])
def test_list_query_count_does_not_grow_with_rows(client, world, url_name):
    client.force_login(world.coordinator)
    small, large = RegionFactory(code="Q1"), RegionFactory(code="Q2")
    make_municipalities(10, small, world.period)
    make_municipalities(300, large, world.period)
    url = reverse(url_name)
    few = queries_for(client, f"{url}?region={small.pk if 'network' in url_name else 'Q1'}")
    many = queries_for(client, f"{url}?region={large.pk if 'network' in url_name else 'Q2'}")
    assert few == many, f"{few} queries for 10 rows, {many} for 300"


def test_people_list_query_count_does_not_grow(client, world):
    from .factories import UserFactory

    client.force_login(world.coordinator)
    UserFactory.create_batch(10, municipality=world.municipality_a, position="valtuutettu")
    few = queries_for(client, reverse("accounts:people"))
    UserFactory.create_batch(290, municipality=world.municipality_b, position="valtuutettu")
    many = queries_for(client, reverse("accounts:people"))
    assert few == many


@pytest.mark.parametrize("url_name", ["billing:invoices", "invoice-list"])
def test_invoice_lists_cost_the_same_for_10_and_300_invoices(client, world, url_name):
    from uso.billing import services

    from .billing_factories import billed_period

    client.force_login(world.coordinator)
    small, _ = billed_period(10)
    large, _ = billed_period(300)
    services.run_invoices(period=small, year=2017, pro_rata=False, by=None)
    services.run_invoices(period=large, year=2017, pro_rata=False, by=None)
    url = reverse(url_name)
    param = "period" if url_name.startswith("billing") else "page_size"
    few = queries_for(client, f"{url}?{param}={small.pk if param == 'period' else 10}")
    many = queries_for(client, f"{url}?{param}={large.pk if param == 'period' else 300}")
    assert few == many, f"{few} queries for 10 rows, {many} for 300"


def make_events(period, count, *, start):
    from datetime import timedelta

    from uso.events.models import Event

    Event.objects.bulk_create(
        Event(
            period=period,
            kind="theme_seminar",
            title_fi=f"Seminaari {index}",
            start=start + timedelta(hours=index),
            end=start + timedelta(hours=index + 2),
            status="published",
            capacity=20,
        )
        for index in range(count)
    )


@pytest.mark.parametrize("role", ["coordinator", "participant_a", "anonymous"])
def test_programme_costs_the_same_for_10_and_300_events(client, world, role):
    from datetime import timedelta

    from django.utils import timezone

    from uso.events.models import Event

    if role != "anonymous":
        client.force_login(world.user(role))
    soon = timezone.now() + timedelta(days=3)
    make_events(world.period, 10, start=soon)
    few = queries_for(client, reverse("events:programme"))
    few_month = queries_for(client, reverse("events:month") + f"?month={soon:%Y-%m}")
    make_events(world.period, 290, start=soon)
    assert Event.objects.count() == 300
    many = queries_for(client, reverse("events:programme"))
    many_month = queries_for(client, reverse("events:month") + f"?month={soon:%Y-%m}")
    assert few == many, f"{few} queries for 10 events, {many} for 300"
    assert few_month == many_month


def test_registration_and_participant_lists_cost_the_same_for_10_and_300(client, world):
    from uso.events.models import Registration

    from .events_factories import EventFactory
    from .factories import UserFactory

    event = EventFactory(period=world.period, capacity=None)
    client.force_login(world.coordinator)

    def register(count):
        people = UserFactory.create_batch(count, municipality=world.municipality_a)
        Registration.objects.bulk_create(
            Registration(
                event=event,
                person=person,
                municipality=world.municipality_a,
                status="confirmed",
                consent_to_list=True,
            )
            for person in people
        )

    register(10)
    urls = [
        reverse("events:registrations", kwargs={"pk": event.pk}),
        reverse("events:participants", kwargs={"pk": event.pk}),
        reverse("events:participants_export", kwargs={"pk": event.pk, "fmt": "csv"}),
    ]
    few = [queries_for(client, url) for url in urls]
    register(290)
    many = [queries_for(client, url) for url in urls]
    assert few == many, f"{few} queries for 10 registrations, {many} for 300"


def test_one_bad_filter_value_keeps_the_other_filters(client, world):
    client.force_login(world.coordinator)
    small = RegionFactory(code="Q3")
    make_municipalities(3, small, world.period)
    response = client.get(reverse("network:municipalities"), {"region": small.pk, "size": "huge"})
    assert response.status_code == 200
    assert response.context["paginator"].count == 3
    assert response.context["filter_form"].errors["size"]


def test_the_dashboard_names_the_periods_themes_in_the_same_queries_for_3_and_30(client, world):
    from uso.network.models import SubTheme, ThemeArea

    def add_themes(count, start):
        for order in range(start, start + count):
            area = ThemeArea.objects.create(
                period=world.period, order=order, name_fi=f"Alue {order}"
            )
            SubTheme.objects.create(theme_area=area, name_fi=f"Ala {order}")

    client.force_login(world.participant_a)
    add_themes(3, 0)
    few = queries_for(client, reverse("core:dashboard"))
    add_themes(27, 3)
    many = queries_for(client, reverse("core:dashboard"))
    page = client.get(reverse("core:dashboard")).content.decode()
    assert "<li>Alue 0</li>" in page and "<li>Alue 29</li>" in page
    assert few == many
