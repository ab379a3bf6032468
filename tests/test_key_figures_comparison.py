"""Comparable municipalities: the nearest by the period's standardised indicators."""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from uso.assessment.demo_figures import load_key_figures_demo
from uso.assessment.figures import comparable_municipalities, save_comparison
from uso.assessment.models import Comparison, Indicator, KeyFigure
from uso.network.models import Municipality

from .factories import MembershipFactory, MunicipalityFactory


@pytest.fixture
def indicators(db):
    return (
        Indicator.objects.create(code="population", name_fi="Väkiluku", decimals=0, order=1),
        Indicator.objects.create(code="rate", name_fi="Työttömyysaste", unit="%", order=2),
    )


def figures(municipality, year=2023, **values):
    for code, value in values.items():
        KeyFigure.objects.create(
            municipality=municipality,
            indicator=Indicator.objects.get(code=code),
            year=year,
            value=Decimal(str(value)),
        )
    return municipality


def place(name, **values):
    return figures(MunicipalityFactory(name_fi=name), **values)


@pytest.fixture
def spread(indicators):
    """A target and its neighbours: P is nearest in raw numbers (population), Q once each
    indicator is standardised, since the rates' spread is small beside the populations'."""
    target = place("Kohde", population=10000, rate=10)
    near_in_raw = place("P", population=10100, rate=20)
    near_standardised = place("Q", population=14000, rate="10.5")
    for n, (population, rate) in enumerate([(1000, 5), (50000, 15), (100000, 25), (3000, 8)]):
        place(f"Muu {n}", population=population, rate=rate)
    return target, near_in_raw, near_standardised


def set_comparison(period, indicators, count=1, members_only=False):
    return save_comparison(
        period=period, indicators=indicators, count=count, members_only=members_only, by=None
    )


def test_the_nearest_are_found_by_standardised_indicators(world, indicators, spread):
    target, near_in_raw, near_standardised = spread
    set_comparison(world.period, indicators, count=2)
    result = comparable_municipalities(municipality=target, period=world.period)
    assert not result.problem
    # Q first, then the small municipality whose rate is close; never P, whose population
    # is nearest in raw numbers but whose rate is two standard deviations away.
    assert [row.municipality.name_fi for row in result.rows] == ["Q", "Muu 3"]
    assert result.rows[0].distance < result.rows[1].distance
    assert [cell.value for cell in result.own] == [10000, 10]
    # The average is the comparables' own, not the target's.
    assert result.average[0].value == (14000 + 3000) / Decimal(2)
    # By population alone the raw nearest wins.
    set_comparison(world.period, indicators[:1], count=1)
    alone = comparable_municipalities(municipality=target, period=world.period)
    assert [row.municipality for row in alone.rows] == [near_in_raw]


def test_each_indicator_takes_its_latest_year_unless_a_year_is_chosen(world, indicators, spread):
    target, near_in_raw, near_standardised = spread
    figures(target, year=2024, population=10500)
    figures(near_in_raw, year=2024, population=10600)
    population, rate = indicators
    set_comparison(world.period, indicators, count=3)
    latest = comparable_municipalities(municipality=target, period=world.period)
    assert latest.years == {population.pk: 2024, rate.pk: 2023}
    # Only P has a 2024 population among the others: the rest are not compared.
    assert [row.municipality for row in latest.rows] == [near_in_raw]
    assert latest.excluded == 5
    chosen = comparable_municipalities(municipality=target, period=world.period, year=2023)
    assert chosen.years == {population.pk: 2023, rate.pk: 2023}
    assert len(chosen.rows) == 3


def test_an_indicator_the_municipality_lacks_is_left_out_and_named(world, indicators):
    population, rate = indicators
    target = place("Kohde", population=10000)
    other = place("Toinen", population=12000, rate=9)
    set_comparison(world.period, indicators, count=5)
    result = comparable_municipalities(municipality=target, period=world.period)
    assert result.unused == [rate]
    assert result.indicators == [population]
    assert [row.municipality for row in result.rows] == [other]


def test_members_only_compares_with_the_periods_members(world, indicators, spread):
    target, near_in_raw, near_standardised = spread
    MembershipFactory(municipality=near_in_raw, period=world.period)
    set_comparison(world.period, indicators, count=3, members_only=True)
    result = comparable_municipalities(municipality=target, period=world.period)
    assert [row.municipality for row in result.rows] == [near_in_raw]


@translation.override("en")
def test_without_a_setting_or_figures_the_reason_is_given(world, indicators):
    result = comparable_municipalities(municipality=world.municipality_a, period=world.period)
    assert result.rows == [] and "not yet chosen" in result.problem
    set_comparison(world.period, indicators)
    result = comparable_municipalities(municipality=world.municipality_a, period=world.period)
    assert "no key figures for this municipality" in result.problem
    figures(world.municipality_a, population=100, rate=1)
    result = comparable_municipalities(municipality=world.municipality_a, period=world.period)
    assert "No other municipality" in result.problem


@pytest.fixture
def reader(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_page_shows_the_comparables_their_average_and_how_they_were_found(
    reader, world, indicators, spread
):
    target, near_in_raw, near_standardised = spread
    set_comparison(world.period, indicators, count=2)
    reader.force_login(world.participant_b)  # key figures are public statistics
    page = reader.get(reverse("figures:municipality", args=[target.code])).content.decode()
    assert "Comparables&#x27; average" in page or "Comparables' average" in page
    assert "by Väkiluku (2023), Työttömyysaste (2023)" in page
    assert f">{near_standardised.name_fi}</a>" in page and ">Muu 3</a>" in page
    # The average population and rate in the project's number format, rounded half up.
    assert re.search(r"average</th><td[^>]*>8\s500</td><td[^>]*>9,3</td>", page)
    assert ">10,5</td>" in page
    assert "Demo figures" not in page


def test_the_page_explains_when_nothing_is_chosen(reader, world, indicators):
    reader.force_login(world.coordinator)
    page = reader.get(
        reverse("figures:municipality", args=[world.municipality_a.code])
    ).content.decode()
    assert "has not yet chosen" in page
    assert reverse("figures:comparison", args=[world.period.pk]) in page


def test_the_coordinator_chooses_the_periods_indicators(reader, world, indicators):
    reader.force_login(world.coordinator)
    url = reverse("figures:comparison", args=[world.period.pk])
    response = reader.post(
        url, {"indicators": [i.pk for i in indicators], "count": 7, "members_only": "on"}
    )
    assert response.status_code == 302
    setting = Comparison.objects.get(period=world.period)
    assert setting.count == 7 and setting.members_only
    assert set(setting.indicators.all()) == set(indicators)
    assert setting.updated_by == world.coordinator
    response = reader.post(url, {"indicators": [], "count": 0})
    assert response.status_code == 200
    assert Comparison.objects.get(period=world.period).count == 7


def test_a_contact_person_cannot_change_the_comparison(client, world, indicators):
    client.force_login(world.contact_a)
    url = reverse("figures:comparison", args=[world.period.pk])
    assert client.post(url, {"indicators": [indicators[0].pk], "count": 3}).status_code == 403
    assert not Comparison.objects.exists()


def test_demo_figures_are_deterministic_and_say_so(reader, world):
    created = load_key_figures_demo(world.period)
    registry = Municipality.objects.filter(code__regex=r"^[0-9]{3}$").count()
    assert registry == 309
    assert created == registry * 6 * 3
    assert load_key_figures_demo(world.period) == 0
    helsinki = KeyFigure.objects.get(
        municipality__code="091", indicator__code="unemployment_rate", year=2024
    )
    assert helsinki.source == KeyFigure.Source.DEMO
    assert Decimal("2.5") <= helsinki.value <= Decimal("20")
    KeyFigure.objects.all().delete()
    load_key_figures_demo(world.period)
    again = KeyFigure.objects.get(
        municipality__code="091", indicator__code="unemployment_rate", year=2024
    )
    assert again.value == helsinki.value
    reader.force_login(world.participant_a)
    page = reader.get(reverse("figures:municipality", args=["091"])).content.decode()
    assert "Demo figures, not real statistics." in page
    assert page.count("<tr>") >= 5  # five comparables
    reader.force_login(world.coordinator)
    assert (
        "Demo figures, not real statistics."
        in reader.get(reverse("figures:index")).content.decode()
    )


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def spread_figures(indicators, count):
    municipalities = Municipality.objects.filter(code__regex=r"^[0-9]{3}$").order_by("code")
    KeyFigure.objects.bulk_create(
        KeyFigure(municipality=m, indicator=i, year=year, value=n * (i.pk + 1) + year)
        for n, m in enumerate(municipalities[:count])
        for i in indicators
        for year in (2022, 2023)
    )


@pytest.mark.parametrize(
    "url",
    [
        lambda w: reverse("figures:municipality", args=["005"]),  # first of the registry
        lambda w: reverse("figures:index"),
        lambda w: reverse("key-figure-list") + "?year=2023",
    ],
    ids=["municipality", "index", "api"],
)
def test_pages_cost_the_same_for_10_and_300_municipalities(client, world, indicators, url):
    client.force_login(world.coordinator)
    set_comparison(world.period, indicators, count=5)
    spread_figures(indicators, 10)
    few = queries_for(client, url(world))
    KeyFigure.objects.all().delete()
    spread_figures(indicators, 300)
    many = queries_for(client, url(world))
    assert few == many, f"{few} queries for 10 municipalities, {many} for 300"
