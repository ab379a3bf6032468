"""Consultants' hours: who may log them on which plan, the limits of an entry, and the
monthly summary a consultant (and the coordinator, for everyone) reads."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from uso.core.errors import DomainError
from uso.development.models import DevelopmentPlan, HourEntry
from uso.development.workshops import (
    WorkshopDetails,
    log_hours,
    monthly_summary,
    monthly_totals_by_consultant,
    plan_workshop,
)

from .factories import AssignmentFactory, ConsultantFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(world):
    return DevelopmentPlan.objects.create(municipality=world.municipality_a, period=world.period)


@pytest.fixture
def other_plan(world):
    """A second municipality consultant A also works for."""
    membership = MembershipFactory(period=world.period)
    AssignmentFactory(consultant=world.consultant_a, membership=membership)
    return DevelopmentPlan.objects.create(municipality=membership.municipality, period=world.period)


def workshop_of(plan, day=date(2017, 5, 4)):
    start = timezone.make_aware(datetime(day.year, day.month, day.day, 9))
    details = WorkshopDetails(
        title="Työpaja", start=start, end=start + timedelta(hours=3), venue="Kunnantalo"
    )
    return plan_workshop(plan=plan, details=details, by=None)


def log(consultant, plan, day, hours, kind="preparation", workshop=None):
    return log_hours(
        consultant=consultant,
        plan=plan,
        workshop=workshop,
        date=day,
        kind=kind,
        hours=Decimal(hours),
        note="",
    )


# --- Logging -----------------------------------------------------------------------------------


def test_only_the_plans_own_consultants_and_coordinators_log_hours_on_it(world, plan):
    assert log(world.consultant_a, plan, date(2017, 5, 2), "2").hours == Decimal("2")
    assert log(world.coordinator, plan, date(2017, 5, 2), "1").hours == Decimal("1")
    with pytest.raises(DomainError):
        log(world.consultant_other, plan, date(2017, 5, 2), "2")
    with pytest.raises(DomainError):
        log(world.contact_a, plan, date(2017, 5, 2), "2")


@pytest.mark.parametrize("hours", ["0", "0.24", "24.25", "-1"])
def test_an_entry_is_a_quarter_of_an_hour_to_a_day(world, plan, hours):
    with pytest.raises(DomainError) as error:
        log(world.consultant_a, plan, date(2017, 5, 2), hours)
    assert error.value.field == "hours"


def test_a_day_holds_at_most_24_hours_and_work_already_done(world, plan, other_plan):
    log(world.consultant_a, plan, date(2017, 5, 2), "16")
    log(world.consultant_a, other_plan, date(2017, 5, 2), "8")
    with pytest.raises(DomainError):
        log(world.consultant_a, plan, date(2017, 5, 2), "0.25")
    with pytest.raises(DomainError):
        log(world.consultant_a, plan, timezone.localdate() + timedelta(days=1), "1")


def test_the_workshop_must_belong_to_the_plan(world, plan, other_plan):
    foreign = workshop_of(other_plan)
    with pytest.raises(DomainError) as error:
        log(world.consultant_a, plan, date(2017, 5, 4), "3", "facilitation", workshop=foreign)
    assert error.value.field == "workshop"
    own = workshop_of(plan)
    entry = log(world.consultant_a, plan, date(2017, 5, 4), "3", "facilitation", workshop=own)
    assert entry.workshop == own


def test_hours_are_typed_with_a_decimal_comma(client, world, plan):
    workshop = workshop_of(plan)
    client.force_login(world.consultant_a)
    url = reverse("development:hours_add", kwargs={"pk": plan.pk})
    response = client.post(
        url,
        {
            "date": "2017-05-04",
            "kind": "facilitation",
            "hours": "2,75",
            "workshop": workshop.pk,
            "note": "Fasilitointi",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('development:hours')}?month=2017-05"
    entry = HourEntry.objects.get()
    assert (entry.hours, entry.consultant, entry.workshop) == (
        Decimal("2.75"),
        world.consultant_a,
        workshop,
    )
    response = client.post(url, {"date": "2017-05-05", "kind": "reporting", "hours": "25"})
    assert response.status_code == 200
    assert HourEntry.objects.count() == 1


def test_who_may_open_the_hours_pages(client, world, plan):
    url = reverse("development:hours_add", kwargs={"pk": plan.pk})
    client.force_login(world.consultant_other)
    assert client.get(url).status_code == 404  # not their municipality's plan
    client.force_login(world.contact_a)
    assert client.get(url).status_code == 403
    assert client.get(reverse("development:hours")).status_code == 403
    client.force_login(world.consultant_a)
    assert client.get(url).status_code == 200
    assert client.get(reverse("development:hours")).status_code == 200


# --- The month ---------------------------------------------------------------------------------


def test_the_monthly_summary_totals_by_municipality_and_kind(world, plan, other_plan):
    consultant = world.consultant_a
    log(consultant, plan, date(2017, 5, 2), "2", "preparation")
    log(consultant, plan, date(2017, 5, 4), "3.5", "facilitation")
    log(consultant, plan, date(2017, 5, 31), "1.25", "reporting")
    log(consultant, other_plan, date(2017, 5, 10), "4", "preparation")
    log(consultant, plan, date(2017, 6, 1), "6", "preparation")  # another month
    log(world.coordinator, plan, date(2017, 5, 2), "5", "facilitation")  # another person

    summary = monthly_summary(consultant, 2017, 5)
    assert summary.total == Decimal("10.75")
    assert summary.by_kind == {
        "preparation": Decimal("6"),
        "facilitation": Decimal("3.5"),
        "reporting": Decimal("1.25"),
    }
    by_plan = {row.plan: row for row in summary.plans}
    assert by_plan[plan].total == Decimal("6.75")
    assert by_plan[plan].by_kind["facilitation"] == Decimal("3.5")
    assert by_plan[other_plan].total == Decimal("4")
    assert by_plan[other_plan].by_kind["reporting"] == Decimal("0")

    everyone = {row.person: row.total for row in monthly_totals_by_consultant(2017, 5)}
    assert everyone == {consultant: Decimal("10.75"), world.coordinator: Decimal("5")}


def test_the_hours_page_shows_the_chosen_month_to_its_consultant_only(client, world, plan):
    log(world.consultant_a, plan, date(2017, 5, 4), "3.5", "facilitation")
    client.force_login(world.consultant_a)
    page = client.get(reverse("development:hours"), {"month": "2017-05"}).content.decode()
    assert "3,5" in page and world.municipality_a.name_fi in page
    page = client.get(reverse("development:hours"), {"month": "2017-06"}).content.decode()
    assert "3,5" not in page

    client.force_login(world.consultant_other)
    page = client.get(
        reverse("development:hours"), {"month": "2017-05", "person": world.consultant_a.pk}
    ).content.decode()
    assert "3,5" not in page  # only coordinators choose whose month to read

    client.force_login(world.coordinator)
    page = client.get(reverse("development:hours"), {"month": "2017-05"}).content.decode()
    assert world.consultant_a.last_name in page and "3,5" in page
    page = client.get(
        reverse("development:hours"), {"month": "2017-05", "person": world.consultant_a.pk}
    ).content.decode()
    assert "4.5.2017" in page  # the entry itself, in Finnish date format


def test_a_bad_month_shows_this_month(client, world):
    client.force_login(world.consultant_a)
    response = client.get(reverse("development:hours"), {"month": "toukokuu"})
    assert response.status_code == 200
    assert response.context["month"] == timezone.localdate().replace(day=1)


def queries_for(client, url, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


def make_entries(count, consultants, plans):
    for index in range(count):
        HourEntry.objects.create(
            consultant=consultants[index % len(consultants)],
            plan=plans[index % len(plans)],
            date=date(2017, 5, 1 + index % 28),
            kind=HourEntry.Kind.values[index % 3],
            hours=Decimal("0.5"),
        )


@pytest.mark.parametrize("role", ["consultant_a", "coordinator"])
def test_the_hours_summary_costs_the_same_for_few_and_many_entries(
    client, world, plan, other_plan, role
):
    people = [world.consultant_a]
    for _index in range(5):
        person = ConsultantFactory()
        AssignmentFactory(consultant=person, membership=world.membership_a)
        people.append(person)
    client.force_login(world.user(role))
    url = reverse("development:hours")
    make_entries(3, people[:1], [plan])
    few = queries_for(client, url, {"month": "2017-05"})
    make_entries(120, people, [plan, other_plan])
    many = queries_for(client, url, {"month": "2017-05"})
    assert few == many, f"{few} queries for 3 entries, {many} for 123"
