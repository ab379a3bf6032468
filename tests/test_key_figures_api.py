"""GET /api/v1/key-figures/: filters by municipality, indicator and year; 400 for bad ones."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from uso.assessment.models import Indicator, KeyFigure
from uso.network.models import Municipality

URL = "/api/v1/key-figures/"


@pytest.fixture
def data(db):
    population = Indicator.objects.create(code="population", name_fi="Väkiluku", decimals=0)
    rate = Indicator.objects.create(code="rate", name_fi="Työttömyysaste", unit="%")
    helsinki, espoo = Municipality.objects.get(code="091"), Municipality.objects.get(code="049")
    for municipality, year, value in [(helsinki, 2023, 674500), (helsinki, 2022, 664028)]:
        KeyFigure.objects.create(
            municipality=municipality, indicator=population, year=year, value=value
        )
    KeyFigure.objects.create(
        municipality=espoo, indicator=rate, year=2023, value=Decimal("8.2"), source="demo"
    )
    return population, rate


@pytest.fixture
def api(client, world):
    client.force_login(world.participant_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_url_is_where_the_issue_says():
    assert reverse("key-figure-list") == URL


def test_every_figure_is_listed_with_its_indicator_and_source(api, data):
    body = api.get(URL).json()
    assert body["count"] == 3
    first = body["results"][0]
    assert first == {
        "municipality": "091",
        "municipality_name": "Helsinki",
        "indicator": "population",
        "indicator_name": "Väkiluku",
        "unit": "",
        "year": 2023,
        "value": "674500.0000",
        "source": "statfin",
        "is_demo": False,
    }
    demo = next(row for row in body["results"] if row["indicator"] == "rate")
    assert demo["is_demo"] is True and demo["value"] == "8.2000"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("municipality=091", [("091", "population", 2023), ("091", "population", 2022)]),
        ("municipality=91", [("091", "population", 2023), ("091", "population", 2022)]),
        ("indicator=rate", [("049", "rate", 2023)]),
        ("year=2022", [("091", "population", 2022)]),
        ("municipality=091&indicator=population&year=2023", [("091", "population", 2023)]),
        ("municipality=049&indicator=population", []),
    ],
)
def test_filters(api, data, query, expected):
    body = api.get(f"{URL}?{query}").json()
    assert [(r["municipality"], r["indicator"], r["year"]) for r in body["results"]] == expected


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("municipality=999", "municipality", "No municipality has the code “999”."),
        ("municipality=" + "x" * 30, "municipality", None),
        ("indicator=nope", "indicator", "No indicator has the code “nope”."),
        ("year=abc", "year", None),
        ("year=99999", "year", None),
    ],
)
def test_a_bad_filter_answers_400_under_its_name(api, data, query, field, message):
    response = api.get(f"{URL}?{query}")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == [field]
    if message:
        assert errors[field] == [message]


def test_pages(api, data):
    body = api.get(f"{URL}?page_size=2").json()
    assert body["count"] == 3 and len(body["results"]) == 2 and body["next"]
    assert api.get(f"{URL}?page=9").status_code == 404


def test_only_the_signed_in_read_and_nobody_writes(client, world, data):
    assert client.get(URL).status_code in (401, 403)
    client.force_login(world.coordinator)
    assert client.post(URL, {}).status_code == 405


def test_a_swedish_caller_reads_the_municipalitys_swedish_name(api, data):
    api.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    body = api.get(URL, {"municipality": "091"}).json()
    assert {row["municipality_name"] for row in body["results"]} == {"Helsingfors"}
