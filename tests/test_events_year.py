"""The coordinator's year: events held and planned per kind, seminars open to each member
against the yearly target (parallel peer seminars count once), attendance per municipality by
leadership, the CSV and XLSX exports, and a query count that does not grow with the network."""

import csv
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from uso.accounts.models import Leadership
from uso.events.models import EventKind, Registration
from uso.network.models import PeerGroup

from .events_factories import EventFactory
from .factories import MembershipFactory, PeriodFactory, UserFactory

pytestmark = pytest.mark.django_db

HELSINKI = ZoneInfo("Europe/Helsinki")
MIDSUMMER_2017 = datetime(2017, 6, 15, 12, 0, tzinfo=HELSINKI)


@pytest.fixture
def in_2017():
    """Mid-June 2017, inside the world's period 2017–2018: spring events are held, autumn's
    planned."""
    with time_machine.travel(MIDSUMMER_2017, tick=False):
        yield


def at(month, day, hour=9):
    return datetime(2017, month, day, hour, 0, tzinfo=HELSINKI)


def event(world, kind, when, **kwargs):
    return EventFactory(
        period=world.period, kind=kind, start=when, end=when + timedelta(hours=6), **kwargs
    )


def register(event, person, status="confirmed", attendance=""):
    return Registration.objects.create(
        event=event,
        person=person,
        municipality_id=person.municipality_id if person else None,
        status=status,
        attendance=attendance,
        consent_to_list=False,
    )


@pytest.fixture
def year(world, in_2017):
    """A (member of group A), B (group B) and C, the third member (no group).

    Seminars of 2017: theme seminar in March (held); parallel peer seminars round 2 — A's in
    May (held), B's in September (planned); two peer seminars of A's group with round 3 in
    October (planned, count once); theme seminar round 4 in November (planned). Not counted:
    a cancelled and a draft seminar, and one in 2018.
    """
    group_a = PeerGroup.objects.create(period=world.period, name_fi="Ryhmä A")
    group_a.members.add(world.municipality_a)
    group_b = PeerGroup.objects.create(period=world.period, name_fi="Ryhmä B")
    group_b.members.add(world.municipality_b)
    peer = EventKind.PEER_SEMINAR
    events = {
        "theme_march": event(world, EventKind.THEME_SEMINAR, at(3, 10)),
        "peer_a_may": event(world, peer, at(5, 5), seminar_round=2, peer_groups=[group_a]),
        "peer_b_sept": event(world, peer, at(9, 5), seminar_round=2, peer_groups=[group_b]),
        "peer_a_oct1": event(world, peer, at(10, 2), seminar_round=3, peer_groups=[group_a]),
        "peer_a_oct2": event(world, peer, at(10, 9), seminar_round=3, peer_groups=[group_a]),
        "theme_nov": event(world, EventKind.THEME_SEMINAR, at(11, 20), seminar_round=4),
        "clinic_april": event(world, EventKind.CHANGE_CLINIC, at(4, 4)),
        "meeting_dec": event(world, EventKind.CONTACT_MEETING, at(12, 1)),
        "workshop_a": event(world, EventKind.WORKSHOP, at(2, 2), municipality=world.municipality_a),
        "cancelled": event(world, EventKind.THEME_SEMINAR, at(8, 8), status="cancelled"),
        "draft": event(world, EventKind.THEME_SEMINAR, at(8, 9), status="draft"),
        "next_year": event(
            world, EventKind.THEME_SEMINAR, datetime(2018, 2, 1, 9, tzinfo=HELSINKI)
        ),
        # Starts on New Year's Eve in Helsinki, which is still 2016 in UTC: a 2017 event.
        "new_year": event(
            world, EventKind.CONTACT_MEETING, datetime(2017, 1, 1, 0, 30, tzinfo=HELSINKI)
        ),
    }
    a = world.municipality_a
    political = UserFactory(municipality=a, leadership=Leadership.POLITICAL, last_name="Poliitikko")
    professional = UserFactory(municipality=a, leadership=Leadership.PROFESSIONAL)
    unknown = UserFactory(municipality=a, leadership="")
    b_political = UserFactory(municipality=world.municipality_b, leadership=Leadership.POLITICAL)
    register(events["theme_march"], political, attendance="attended")
    register(events["theme_march"], professional, attendance="no_show")
    register(events["theme_march"], b_political, attendance="attended")
    register(events["theme_march"], unknown, status="cancelled")
    register(events["theme_nov"], unknown)
    register(events["theme_nov"], political, status="waitlisted")
    register(events["cancelled"], professional)
    register(events["next_year"], political)
    Registration.objects.create(
        event=events["theme_march"],
        guest_name="Vieras",
        guest_email="vieras@example.org",
        status="confirmed",
        attendance="attended",
        consent_to_list=False,
    )
    return events


def get_year(client, world, **params):
    client.force_login(world.coordinator)
    response = client.get(reverse("events:year"), params)
    assert response.status_code == 200
    return response


def test_events_per_kind_count_published_ones_starting_in_the_year(client, world, year):
    summary = get_year(client, world).context["summary"]
    assert summary.year == 2017 and summary.period == world.period
    kinds = {row.kind: (row.held, row.planned) for row in summary.kinds}
    assert kinds == {
        "theme_seminar": (1, 1),
        "peer_seminar": (1, 3),
        "change_clinic": (1, 0),
        "contact_meeting": (1, 1),
        "workshop": (1, 0),
    }


def test_seminars_count_parallel_peer_seminars_once_per_member(client, world, year):
    response = get_year(client, world)
    summary = response.context["summary"]
    # The network: the March theme seminar and round 2 held; rounds 3 and 4 planned.
    assert (summary.seminars_held, summary.seminars_planned, summary.target) == (2, 2, 4)
    rows = {row.municipality: row for row in summary.municipalities}
    assert len(rows) == 3
    a = rows[world.municipality_a]
    assert (a.seminars_held, a.seminars_planned, a.target, a.below_target) == (2, 2, 4, False)
    b = rows[world.municipality_b]
    assert (b.seminars_held, b.seminars_planned, b.below_target) == (1, 2, True)
    (c,) = [row for m, row in rows.items() if m not in (world.municipality_a, world.municipality_b)]
    assert (c.seminars_held, c.seminars_planned, c.below_target) == (1, 1, True)
    assert len(summary.below_target) == 2
    html = response.content.decode()
    assert world.municipality_a.name in html
    assert "<caption>" in html and 'scope="row"' in html and 'scope="colgroup"' in html


def test_attendance_per_municipality_is_split_by_leadership(client, world, year):
    summary = get_year(client, world).context["summary"]
    rows = {row.municipality: row for row in summary.municipalities}
    a = rows[world.municipality_a]
    assert a.confirmed == {"political": 1, "professional": 1, "unknown": 1}
    assert a.attended == {"political": 1, "professional": 0, "unknown": 0}
    assert (a.confirmed_total, a.attended_total) == (3, 1)
    b = rows[world.municipality_b]
    assert b.confirmed == {"political": 1, "professional": 0, "unknown": 0}
    assert b.attended_total == 1
    totals = summary.totals
    assert (totals["confirmed_total"], totals["attended_total"]) == (4, 2)  # no guests


def test_another_year_of_the_period_can_be_chosen(client, world, year):
    summary = get_year(client, world, period=world.period.pk, year=2018).context["summary"]
    assert summary.year == 2018
    assert {row.kind: row.total for row in summary.kinds}["theme_seminar"] == 1
    a = {row.municipality: row for row in summary.municipalities}[world.municipality_a]
    assert a.confirmed["political"] == 1
    assert (a.seminars_held, a.seminars_planned) == (0, 1)  # in June 2017, 2018's is ahead


def test_defaults_are_the_current_period_and_this_year_or_its_first(client, world):
    other = PeriodFactory(
        name_fi="USO 2019–2020",
        start_date=datetime(2019, 1, 1).date(),
        end_date=datetime(2020, 12, 31).date(),
    )
    with time_machine.travel(datetime(2018, 3, 1, tzinfo=HELSINKI), tick=False):
        response = get_year(client, world)
        assert (response.context["period"], response.context["year"]) == (world.period, 2018)
        # A year outside the chosen period falls back to the period's first year.
        response = get_year(client, world, period=other.pk, year=2017)
        assert (response.context["period"], response.context["year"]) == (other, 2019)
        response = get_year(client, world, period="nonsense", year="x")
        assert (response.context["period"], response.context["year"]) == (world.period, 2018)
    with time_machine.travel(datetime(2021, 3, 1, tzinfo=HELSINKI), tick=False):
        response = get_year(client, world)
        assert (response.context["period"], response.context["year"]) == (other, 2019)


def test_the_page_links_the_exports_of_the_chosen_year(client, world, year):
    html = get_year(client, world, period=world.period.pk, year=2017).content.decode()
    url = reverse("events:year_export", kwargs={"fmt": "csv"})
    assert f"{url}?period={world.period.pk}&amp;year=2017" in html
    assert reverse("events:year_export", kwargs={"fmt": "xlsx"}) in html


def test_csv_export_is_semicolon_separated_utf8_with_bom(client, world, year):
    client.force_login(world.coordinator)
    url = reverse("events:year_export", kwargs={"fmt": "csv"})
    response = client.get(url, {"period": world.period.pk, "year": 2017})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 1 + 3
    assert len(rows[0]) == 13
    (row_a,) = [row for row in rows if row[0] == world.municipality_a.name]
    assert row_a[1:] == [world.municipality_a.code, "2", "2", "4", "1", "1", "1", "3"] + [
        "1",
        "0",
        "0",
        "1",
    ]


def test_xlsx_export_has_the_same_table(client, world, year):
    client.force_login(world.coordinator)
    url = reverse("events:year_export", kwargs={"fmt": "xlsx"})
    response = client.get(url, {"period": world.period.pk, "year": 2017})
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert len(rows) == 1 + 3
    (row_b,) = [row for row in rows if row[0] == world.municipality_b.name]
    assert row_b[2:5] == (1, 2, 4)
    assert row_b[-4:] == (1, 0, 0, 1)


def test_exports_answer_404_for_another_format_and_only_coordinators_get_them(client, world):
    url = reverse("events:year_export", kwargs={"fmt": "csv"})
    response = client.get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(world.contact_a)
    assert client.get(url).status_code == 403
    assert client.get(reverse("events:year")).status_code == 403
    client.force_login(world.consultant_a)
    assert client.get(url).status_code == 403
    client.force_login(world.coordinator)
    assert client.get(reverse("events:year_export", kwargs={"fmt": "pdf"})).status_code == 404
    assert client.get(url).status_code == 200


def grow_network(world, theme, count):
    """`count` more members, each in a peer group of its own with a parallel seminar of round
    5, and each with a person who attended the theme seminar."""
    for index in range(count):
        membership = MembershipFactory(period=world.period)
        group = PeerGroup.objects.create(period=world.period, name_fi=f"Ryhmä {index}")
        group.members.add(membership.municipality)
        event(
            world,
            EventKind.PEER_SEMINAR,
            at(9, 1 + index % 28),
            seminar_round=5,
            peer_groups=[group],
        )
        person = UserFactory(municipality=membership.municipality, leadership="political")
        register(theme, person, attendance="attended")


def queries_for(client, url, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url_name", ["events:year", "events:year_export"])
def test_query_count_does_not_grow_with_the_number_of_members(client, world, in_2017, url_name):
    client.force_login(world.coordinator)
    theme = event(world, EventKind.THEME_SEMINAR, at(3, 3))
    register(theme, world.participant_a, attendance="attended")
    kwargs = {"fmt": "xlsx"} if url_name == "events:year_export" else {}
    url = reverse(url_name, kwargs=kwargs)
    params = {"period": world.period.pk, "year": 2017}
    few = queries_for(client, url, params)  # the world's 3 members
    grow_network(world, theme, 27)
    many = queries_for(client, url, params)  # 30 members, 27 more events and registrations
    assert few == many, f"{few} queries for 3 members, {many} for 30"

    summary = client.get(reverse("events:year"), params).context["summary"]
    assert len(summary.municipalities) == 30
    assert (summary.seminars_held, summary.seminars_planned) == (1, 1)  # round 5 counts once
    assert sum(row.attended_total for row in summary.municipalities) == 28
    planned = sorted(row.seminars_planned for row in summary.municipalities)
    assert planned == [0] * 3 + [1] * 27
    assert all(row.seminars_held == 1 for row in summary.municipalities)
