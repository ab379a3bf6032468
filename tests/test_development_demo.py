"""The demo's development plans: the demo municipalities with people have plans in every
status, with goals, actions, comments, workshops held and planned, records, one extra waiting
for approval and the consultants' hours; loaded once."""

import io
from datetime import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db.models import Count
from django.test import override_settings
from django.utils import timezone

from uso.development.models import (
    Action,
    Comment,
    DevelopmentPlan,
    Goal,
    HourEntry,
    Workshop,
    WorkshopRecord,
)
from uso.development.quota import workshop_quota
from uso.events.models import Event, EventKind
from uso.network.demo import PEOPLE_FOR
from uso.network.models import Period

pytestmark = pytest.mark.django_db

TODAY = timezone.make_aware(datetime(2026, 11, 28, 12))
MODELS = (DevelopmentPlan, Goal, Action, Comment, Workshop, WorkshopRecord, HourEntry, Event)


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def demo():
    """`uso demo` run twice, as a developer would."""
    with time_machine.travel(TODAY), override_settings(DEBUG=True):
        call_command("demo", stdout=io.StringIO())
        first = counts()
        call_command("demo", stdout=io.StringIO())
        yield first


def test_the_demo_creates_the_plans_once(demo):
    assert counts() == demo
    period = Period.objects.current()
    plans = DevelopmentPlan.objects.filter(period=period)
    assert sorted(plans.values_list("municipality__code", flat=True)) == sorted(PEOPLE_FOR)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_nothing_is_mailed():
    """With real commits, as `uso demo` runs: the mail queued on commit goes nowhere."""
    with time_machine.travel(TODAY), override_settings(DEBUG=True):
        call_command("demo", stdout=io.StringIO())
    assert Workshop.objects.filter(approval=Workshop.Approval.PENDING).exists()
    assert mail.outbox == []


def test_every_status_is_present_with_what_it_needs(demo):
    plans = DevelopmentPlan.objects.select_related("municipality")
    assert set(plans.values_list("status", flat=True)) == set(DevelopmentPlan.Status.values)
    for plan in plans:
        if plan.status == DevelopmentPlan.Status.DRAFT:
            assert plan.agreed_on is None
        else:
            assert plan.agreed_on and plan.agreed_by, plan
            assert plan.agreed_on <= timezone.localdate()
            assert plan.agreed_on >= plan.period.start_date
        if plan.status == DevelopmentPlan.Status.CLOSED:
            assert plan.final_evaluation and plan.closed_on
        assert plan.starting_situation
        assert plan.priorities.exists()
        assert plan.history.count() >= 2
    assert plans.filter(shared=True).exists()


def test_goals_have_sub_themes_indicators_and_actions_owned_by_the_municipalitys_people(demo):
    for plan in DevelopmentPlan.objects.all():
        goals = list(plan.goals.select_related("sub_theme__theme_area"))
        assert 2 <= len(goals) <= 4, plan
        for goal in goals:
            assert goal.sub_theme.theme_area.period_id == plan.period_id
            assert goal.indicator and goal.baseline and goal.target_value and goal.target_date
            assert goal.actions.exists()
    actions = Action.objects.select_related("owner", "goal__plan")
    assert all(a.owner.municipality_id == a.goal.plan.municipality_id for a in actions)
    assert set(actions.values_list("status", flat=True)) == set(Action.Status.values)
    assert actions.exclude(progress_notes="").exists()
    assert Goal.objects.filter(shared=True).count() >= 3


def test_contact_persons_and_consultants_comment(demo):
    for plan in DevelopmentPlan.objects.all():
        roles = set(plan.comments.values_list("author__role", flat=True))
        assert roles == {"contact", "consultant"}, plan


def test_workshops_are_held_and_planned_with_records_and_their_actions(demo):
    now = timezone.now()
    demo_events = Event.objects.filter(kind=EventKind.WORKSHOP)
    assert not demo_events.filter(development_workshop__isnull=True).exists()
    for plan in DevelopmentPlan.objects.all():
        workshops = list(plan.workshops.select_related("event"))
        held = [w for w in workshops if w.event.end < now]
        planned = [w for w in workshops if w.event.end >= now]
        assert held, plan
        if plan.status != DevelopmentPlan.Status.CLOSED:
            assert planned, plan
        summary = workshop_quota(plan)
        assert summary.held + summary.planned <= summary.quota
        for workshop in workshops:
            assert workshop.sub_theme and workshop.facilitators.exists()
            assert workshop.event.period_id == plan.period_id
            assert workshop.event.municipality_id == plan.municipality_id
    records = WorkshopRecord.objects.all()
    assert records.count() >= 8
    assert all(record.workshop.event.end < now for record in records)
    assert Action.objects.filter(from_record__isnull=False).count() >= 6


def test_one_extra_workshop_waits_for_the_coordinator(demo):
    (pending,) = Workshop.objects.filter(approval=Workshop.Approval.PENDING)
    assert pending.event.status == Event.Status.DRAFT
    assert pending.event.start > timezone.now()
    assert workshop_quota(pending.plan, year=pending.event.start.year).is_full
    assert not Workshop.objects.exclude(
        approval__in=[Workshop.Approval.WITHIN_QUOTA, Workshop.Approval.PENDING]
    ).exists()


def test_both_consultants_have_hours_over_several_months(demo):
    entries = HourEntry.objects.select_related("consultant")
    emails = set(entries.values_list("consultant__email", flat=True))
    assert emails == {"konsultti1@uso.example", "konsultti2@uso.example"}
    months = {(entry.date.year, entry.date.month) for entry in entries}
    assert len(months) >= 4
    assert set(entries.values_list("kind", flat=True)) == set(HourEntry.Kind.values)
    assert all(entry.date <= timezone.localdate() for entry in entries)
    per_day = entries.values("consultant", "date").annotate(n=Count("id"))
    assert per_day.exists()
    assert entries.filter(workshop__isnull=False).exists()
    assert entries.filter(workshop__isnull=True).exists()
