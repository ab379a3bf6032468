"""Invitations, reminders and answers at the same moment: real threads on PostgreSQL."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from uso.assessment import services
from uso.assessment.models import Reminder, ReminderDelivery, Respondent, Round

from .assessment_factories import questionnaire_with_statements
from .factories import MembershipFactory, PeriodFactory, UserFactory
from .test_events_concurrency import run_at_once

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL"
    ),
]


@pytest.fixture
def open_round():
    today = timezone.localdate()
    period = PeriodFactory(
        start_date=today - timedelta(days=30), end_date=today + timedelta(days=400)
    )
    round = Round.objects.create(
        questionnaire=questionnaire_with_statements(period),
        kind=Round.Kind.START,
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=10),
    )
    municipality = MembershipFactory(period=period).municipality
    return round, municipality


def test_the_same_person_invited_twice_at_once_is_invited_once(open_round):
    round, municipality = open_round
    contact = UserFactory(municipality=municipality)
    invitee = services.Invitee(name="Ville", email="ville@example.org", leadership="political")

    def invite():
        return len(
            services.invite_respondents(
                round=round, municipality=municipality, invitees=[invitee], by=contact
            )
        )

    outcomes = run_at_once([invite for _ in range(6)])
    assert sorted(outcomes) == [0, 0, 0, 0, 0, 1]
    assert Respondent.objects.count() == 1


def test_a_reminder_clicked_at_once_goes_out_once(open_round):
    round, municipality = open_round
    for number in range(3):
        Respondent.objects.create(
            round=round,
            municipality=municipality,
            name=f"V{number}",
            email=f"v{number}@example.org",
            leadership="political",
        )

    def remind():
        return services.send_reminder(round=round, municipality=municipality, by=None)

    outcomes = run_at_once([remind for _ in range(5)])
    assert sorted(o for o in outcomes if isinstance(o, int)) == [3]
    assert Reminder.objects.count() == 1 and ReminderDelivery.objects.count() == 3
