"""The coordinator's overview of the development plans: one row per active member with its
plan, goals, actions and workshops against the quota; those behind schedule marked; filters,
exports, and a query count that does not grow with the members."""

import io
from datetime import datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from uso.development.models import Action, DevelopmentPlan, Goal, Workshop
from uso.development.overview import overview_rows
from uso.events.models import Event
from uso.network.models import Membership

from .events_factories import EventFactory
from .factories import MembershipFactory, MunicipalityFactory, PeriodFactory

pytestmark = pytest.mark.django_db

URL = reverse("development:overview")


def at(year, month, day, hour=9):
    return timezone.make_aware(datetime(year, month, day, hour))


@pytest.fixture
def after_the_deadline():
    """2 November 2017: the default deadline (1 October) of 2017 has passed."""
    with time_machine.travel(at(2017, 11, 2, 12), tick=False):
        yield


@pytest.fixture
def before_the_deadline():
    with time_machine.travel(at(2017, 6, 15, 12), tick=False):
        yield


def workshop(plan, start, *, approval=Workshop.Approval.WITHIN_QUOTA, status=None):
    event = EventFactory(
        period=plan.period,
        kind="workshop",
        municipality=plan.municipality,
        start=start,
        end=start + timedelta(hours=3),
        status=status or Event.Status.PUBLISHED,
    )
    return Workshop.objects.create(event=event, plan=plan, approval=approval)


@pytest.fixture
def plan_a(world):
    """A's plan, agreed: two goals, actions in every status, and the workshops of 2017."""
    plan = DevelopmentPlan.objects.create(
        municipality=world.municipality_a, period=world.period, status="agreed"
    )
    first = Goal.objects.create(plan=plan, title="Hyvinvointi")
    second = Goal.objects.create(plan=plan, title="Osallisuus")
    for status, count in [("not_started", 1), ("in_progress", 2), ("done", 3), ("dropped", 1)]:
        for index in range(count):
            Action.objects.create(
                goal=first if index % 2 else second, description=f"{status} {index}", status=status
            )
    workshop(plan, at(2017, 3, 1))  # held before the deadline
    workshop(plan, at(2017, 9, 30))  # held before the deadline
    workshop(plan, at(2017, 12, 1))  # planned
    workshop(plan, at(2017, 12, 5), approval=Workshop.Approval.PENDING)  # an extra
    workshop(plan, at(2017, 12, 8), approval=Workshop.Approval.DECLINED)  # not counted
    workshop(plan, at(2017, 5, 8), status=Event.Status.CANCELLED)  # not counted
    workshop(plan, at(2018, 3, 1))  # another year
    return plan


def row_of(response, municipality):
    (row,) = [r for r in response.context["object_list"] if r.municipality == municipality]
    return row


def test_coordinator_sees_every_active_member_with_its_figures(
    client, world, plan_a, after_the_deadline
):
    MembershipFactory(period=world.period, status=Membership.Status.APPLIED)
    client.force_login(world.coordinator)
    response = client.get(URL, {"period": world.period.pk, "year": 2017})
    assert response.status_code == 200
    rows = list(response.context["object_list"])
    assert len(rows) == 3  # A, B and the third active member; not the applicant
    a = row_of(response, world.municipality_a)
    assert (a.plan_id, a.plan_status, a.goal_count) == (plan_a.pk, "agreed", 2)
    assert (a.actions_not_started, a.actions_in_progress) == (1, 2)
    assert (a.actions_done, a.actions_dropped) == (3, 1)
    assert (a.held, a.planned, a.quota, a.remaining, a.extras) == (2, 1, 3, 0, 1)
    assert a.behind is False
    b = row_of(response, world.municipality_b)
    assert b.plan_id is None and b.goal_count == 0 and b.held == 0
    assert b.behind is True
    html = response.content.decode()
    assert html.count('class="table-warning"') == 2  # B and the third member
    assert reverse("development:plan", kwargs={"pk": plan_a.pk}) in html


def test_the_figures_agree_with_the_plans_quota(client, world, plan_a, after_the_deadline):
    from uso.development.quota import workshop_quota

    for year in (2017, 2018):
        summary = workshop_quota(plan_a, year=year)
        row = next(
            r
            for r in overview_rows(world.period, year=year)
            if r.municipality_id == world.municipality_a.pk
        )
        assert (row.held, row.planned, row.extras, row.remaining) == (
            summary.held,
            summary.planned,
            summary.extras,
            summary.remaining,
        )


def test_one_workshop_held_by_the_deadline_is_behind(client, world, after_the_deadline):
    plan = DevelopmentPlan.objects.create(municipality=world.municipality_b, period=world.period)
    workshop(plan, at(2017, 4, 1))
    workshop(plan, at(2017, 10, 20))  # held, but after the deadline
    client.force_login(world.coordinator)
    response = client.get(URL, {"period": world.period.pk, "year": 2017})
    b = row_of(response, world.municipality_b)
    assert b.held == 2
    assert b.behind is True


def test_a_workshop_on_the_deadline_day_counts(client, world, after_the_deadline):
    plan = DevelopmentPlan.objects.create(municipality=world.municipality_b, period=world.period)
    workshop(plan, at(2017, 4, 1))
    workshop(plan, at(2017, 10, 1, 13))
    rows = overview_rows(world.period, year=2017)
    assert not next(r for r in rows if r.municipality_id == world.municipality_b.pk).behind


def test_nobody_is_behind_before_the_deadline_has_passed(
    client, world, plan_a, before_the_deadline
):
    client.force_login(world.coordinator)
    response = client.get(URL, {"period": world.period.pk, "year": 2017})
    assert not any(row.behind for row in response.context["object_list"])
    assert response.context["rule"].applies is False
    assert not overview_rows(world.period, year=2017, behind_only=True).exists()
    assert "1.10.2017" in response.content.decode()


def test_a_past_years_deadline_has_passed(client, world, before_the_deadline):
    """Looking at 2018 in June 2017: its deadline is still ahead."""
    assert not any(row.behind for row in overview_rows(world.period, year=2018))


def test_the_rule_follows_the_settings(client, world, plan_a, after_the_deadline, settings):
    settings.DEVELOPMENT_BEHIND_MIN_HELD = 3
    settings.DEVELOPMENT_BEHIND_BY = "12-31"
    rows = {r.municipality_id: r for r in overview_rows(world.period, year=2017)}
    assert not rows[world.municipality_a.pk].behind  # the deadline has not passed
    settings.DEVELOPMENT_BEHIND_BY = "10-15"
    rows = {r.municipality_id: r for r in overview_rows(world.period, year=2017)}
    assert rows[world.municipality_a.pk].behind  # two held, three wanted


def test_a_period_quota_counts_the_whole_period(client, world, plan_a, after_the_deadline):
    world.period.workshop_quota_unit = "period"
    world.period.workshop_quota = 6
    world.period.save()
    client.force_login(world.coordinator)
    response = client.get(URL, {"period": world.period.pk, "year": 2017})
    a = row_of(response, world.municipality_a)
    assert (a.held, a.planned, a.quota, a.remaining, a.extras) == (2, 2, 6, 2, 1)
    assert response.context["per_year"] is False


def test_filters_by_plan_status_and_behind(client, world, plan_a, after_the_deadline):
    DevelopmentPlan.objects.create(municipality=world.municipality_b, period=world.period)
    client.force_login(world.coordinator)

    def names(**params):
        response = client.get(URL, {"period": world.period.pk, "year": 2017, **params})
        return {row.municipality for row in response.context["object_list"]}

    assert names(status="agreed") == {world.municipality_a}
    assert names(status="draft") == {world.municipality_b}
    third = names(status="none")
    assert len(third) == 1 and not third & {world.municipality_a, world.municipality_b}
    assert names(behind="on") == {world.municipality_b} | third
    assert names(behind="on", status="draft") == {world.municipality_b}
    assert len(names(status="nonsense")) == 3  # a bad value drops only that filter


def test_defaults_to_the_current_period_and_its_nearest_year(client, world, after_the_deadline):
    client.force_login(world.coordinator)
    response = client.get(URL)
    assert response.context["period"] == world.period
    assert response.context["year"] == 2017
    response = client.get(URL, {"period": world.period.pk, "year": 1999})
    assert response.context["year"] == 2017


def test_without_periods_the_page_says_so(client, coordinator):
    client.force_login(coordinator)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["period"] is None


@pytest.mark.parametrize("role", ["participant_a", "contact_a", "consultant_a"])
def test_only_coordinators_see_the_overview(client, world, role):
    client.force_login(world.user(role))
    assert client.get(URL).status_code == 403
    assert client.get(URL, {"export": "csv"}).status_code == 403


def test_anonymous_is_sent_to_log_in(client, world):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_exports_csv_and_xlsx(client, world, plan_a, after_the_deadline):
    from openpyxl import load_workbook

    client.force_login(world.coordinator)
    params = {"period": world.period.pk, "year": 2017}
    response = client.get(URL, {**params, "export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert world.municipality_a.name_fi in text and world.municipality_b.name_fi in text
    line_a = next(line for line in text.splitlines() if world.municipality_a.name_fi in line)
    assert line_a.split(";")[3:13] == ["2", "1", "2", "3", "1", "2", "1", "3", "0", "1"]
    response = client.get(URL, {**params, "export": "xlsx", "behind": "on"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[1].value for row in sheet.iter_rows(min_row=2)]
    assert world.municipality_b.name_fi in names and world.municipality_a.name_fi not in names


# --- Query counts -----------------------------------------------------------------------------


def populate(count):
    """A period with `count` active members, each with a plan, goals, actions and workshops."""
    period = PeriodFactory()
    municipalities = MunicipalityFactory.create_batch(count)
    Membership.objects.bulk_create(
        Membership(municipality=m, period=period, status=Membership.Status.ACTIVE)
        for m in municipalities
    )
    statuses = [s.value for s in DevelopmentPlan.Status]
    plans = DevelopmentPlan.objects.bulk_create(
        DevelopmentPlan(municipality=m, period=period, status=statuses[i % 4])
        for i, m in enumerate(municipalities)
    )
    goals = Goal.objects.bulk_create(
        Goal(plan=plan, title=f"Tavoite {n}") for plan in plans for n in range(2)
    )
    Action.objects.bulk_create(
        Action(goal=goal, description="Toimenpide", status=[s.value for s in Action.Status][n])
        for goal in goals
        for n in range(4)
    )
    events = Event.objects.bulk_create(
        Event(
            period=period,
            kind="workshop",
            municipality=plan.municipality,
            title_fi="Työpaja",
            start=at(2017, 3 + n * 4, 1),
            end=at(2017, 3 + n * 4, 1, 12),
            status=Event.Status.PUBLISHED,
        )
        for plan in plans
        for n in range(3)
    )
    Workshop.objects.bulk_create(
        Workshop(event=event, plan=plans[index // 3]) for index, event in enumerate(events)
    )
    return period


def queries_for(client, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(queries)


def test_the_overview_costs_the_same_for_5_and_300_members(client, world, after_the_deadline):
    client.force_login(world.coordinator)
    small, large = populate(5), populate(300)
    few = queries_for(client, {"period": small.pk, "year": 2017})
    many = queries_for(client, {"period": large.pk, "year": 2017})
    assert few == many, f"{few} queries for 5 members, {many} for 300"
    assert few_rows(client, large) == 100  # one page


def few_rows(client, period):
    response = client.get(URL, {"period": period.pk, "year": 2017})
    return len(response.context["object_list"])
