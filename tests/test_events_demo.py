"""The demo: a current period beside 2017–2018, and a year of its events of every kind with
registrations, a waitlist, clinic bookings, attendance and feedback, loaded once."""

import io
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Count
from django.test import override_settings
from django.utils import timezone

from uso.events.models import (
    AgendaItem,
    ClinicSlot,
    Event,
    EventKind,
    FeedbackAnswer,
    FeedbackResponse,
    Registration,
)
from uso.network.models import Membership, Network, Period

pytestmark = pytest.mark.django_db

TODAY = timezone.make_aware(datetime(2026, 11, 28, 12))


def load_demo_twice():
    with override_settings(DEBUG=True):
        call_command("demo", stdout=io.StringIO())
        first = counts()
        call_command("demo", stdout=io.StringIO())
    return first


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Period,
            Membership,
            Event,
            AgendaItem,
            Registration,
            ClinicSlot,
            FeedbackResponse,
            FeedbackAnswer,
        )
    }


@time_machine.travel(TODAY)
def test_the_demo_has_a_current_period_following_2017_with_its_themes_members_and_groups():
    load_demo_twice()
    network = Network.objects.get(slug="uso")
    old = network.periods.get(start_date=date(2017, 1, 1))
    period = network.periods.get(follows=old)
    assert Period.objects.current() == period
    assert (period.start_date, period.end_date) == (date(2026, 1, 1), date(2027, 12, 31))
    assert period.name_fi == "USO-verkosto 2026–2027"
    assert period.name_sv and period.name_en

    def themes(of):
        return [
            (
                area.name_fi,
                area.name_sv,
                area.name_en,
                [(sub.name_fi, sub.name_sv, sub.name_en) for sub in area.sub_themes.all()],
            )
            for area in of.theme_areas.order_by("order")
        ]

    assert themes(period) == themes(old)
    assert len(themes(period)) == 3

    old_members = {m.municipality_id: m for m in old.memberships.active()}
    members = {m.municipality_id: m for m in period.memberships.active()}
    assert members.keys() == old_members.keys()
    helsinki = next(m for m in members.values() if m.municipality.code == "091")
    assert (
        helsinki.billing_contact_name == old_members[helsinki.municipality_id].billing_contact_name
    )
    assert helsinki.population_basis == old_members[helsinki.municipality_id].population_basis

    groups = {group.name_fi: group.members.count() for group in period.peer_groups.all()}
    assert groups == {group.name_fi: group.members.count() for group in old.peer_groups.all()}
    assert all(groups.values())
    # The billing demo stays in 2017; the new period has the same fee bands to bill with.
    assert period.fee_schedule.bands.count() == old.fee_schedule.bands.count() == 5
    assert not period.memberships.filter(invoices__isnull=False).exists()


@time_machine.travel(TODAY)
def test_the_demo_loads_a_year_of_events_of_every_kind_once():
    first = load_demo_twice()
    assert counts() == first  # the second run created nothing

    period = Period.objects.current()
    events = Event.objects.filter(period=period)
    now = timezone.now()
    assert 15 <= events.count() <= 40
    assert set(events.values_list("kind", flat=True)) == set(EventKind.values)
    assert set(events.values_list("status", flat=True)) == set(Event.Status.values)
    assert events.filter(start__lt=now - timedelta(days=150)).exists()
    assert events.filter(start__gt=now + timedelta(days=120)).exists()
    assert not events.filter(start__lt=now - timedelta(days=200)).exists()
    assert not events.filter(start__gt=now + timedelta(days=200)).exists()
    for event in events:
        assert event.title_fi and event.title_sv and event.title_en
        assert event.agenda.exists()
        assert event.feedback_questions.count() == 5
        assert timezone.localtime(event.start).weekday() < 5

    themes = events.filter(kind=EventKind.THEME_SEMINAR)
    assert themes.count() == 4
    for seminar in themes:
        assert seminar.sub_themes.filter(theme_area__period=period).exists()
    peer_rounds = (
        events.filter(kind=EventKind.PEER_SEMINAR)
        .order_by()
        .values("seminar_round", "start")
        .annotate(parallel=Count("id"))
    )
    assert peer_rounds and all(r["parallel"] == 3 and r["seminar_round"] for r in peer_rounds)
    assert all(
        seminar.peer_groups.get().period == period
        for seminar in events.filter(kind=EventKind.PEER_SEMINAR)
    )
    clinics = events.filter(kind=EventKind.CHANGE_CLINIC)
    assert clinics.filter(regions__isnull=True).exists()  # national
    assert clinics.filter(regions__isnull=False).exists()  # regional
    for workshop in events.filter(kind=EventKind.WORKSHOP):
        assert workshop.municipality.memberships.filter(period=period).exists()
    assert events.filter(kind=EventKind.CONTACT_MEETING, online_url__gt="").exists()

    # Registrations of the member municipalities' people, and an upcoming full event.
    registrations = Registration.objects.filter(event__period=period)
    assert registrations.filter(status=Registration.Status.CONFIRMED).count() > 100
    (full,) = events.filter(registrations__status=Registration.Status.WAITLISTED).distinct()
    assert full.start > now
    assert full.registrations.confirmed().count() == full.capacity
    assert full.registrations.filter(status=Registration.Status.CANCELLED).exists()
    waiting = full.registrations.waitlisted()
    assert waiting.count() >= 2
    assert all(r.person is None or r.person.municipality for r in waiting)

    # Clinic bookings: 45 minutes, some booked with the challenge brought.
    slots = ClinicSlot.objects.filter(event__period=period)
    assert all(slot.ends - slot.starts == timedelta(minutes=45) for slot in slots)
    booked = slots.exclude(municipality=None)
    assert booked.count() >= 5 and slots.filter(municipality=None).exists()
    assert all(slot.challenge for slot in booked)

    # After the event: attendance and anonymous feedback, nothing before it.
    past = registrations.filter(event__end__lt=now, event__status=Event.Status.PUBLISHED)
    assert past.filter(attendance=Registration.Attendance.ATTENDED).exists()
    assert past.filter(attendance=Registration.Attendance.NO_SHOW).exists()
    assert not registrations.filter(event__start__gt=now).exclude(attendance="").exists()
    responses = FeedbackResponse.objects.filter(event__period=period)
    assert responses.count() >= 20
    assert not responses.filter(event__start__gt=now).exists()
    assert FeedbackAnswer.objects.filter(response__in=responses, score__isnull=False).exists()
    assert FeedbackAnswer.objects.filter(response__in=responses).exclude(text="").exists()
    given = registrations.filter(feedback_given=True).count()
    assert given == responses.count()
    # Dietary requirements are kept only for 30 days after an event.
    assert (
        not registrations.filter(event__end__lt=now - timedelta(days=30))
        .exclude(dietary="")
        .exists()
    )
    assert registrations.filter(event__start__gt=now).exclude(dietary="").exists()

    cancelled = events.get(status=Event.Status.CANCELLED)
    assert cancelled.registrations.exists()
    drafts = events.filter(status=Event.Status.DRAFT)  # a contact meeting; a plan's extra workshop
    assert drafts.exists() and not Registration.objects.filter(event__in=drafts).exists()
