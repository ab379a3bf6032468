"""The demo self-assessments: both periods, answered in most member municipalities, with
results to show once; nobody invited to a round that is not near."""

import io
from datetime import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from uso.assessment.models import Questionnaire, Respondent, Round
from uso.assessment.results import round_results
from uso.network.models import Municipality

pytestmark = pytest.mark.django_db

TODAY = timezone.make_aware(datetime(2026, 11, 28, 12))


def test_the_demo_has_answered_self_assessments_in_both_periods_once():
    with time_machine.travel(TODAY), override_settings(DEBUG=True):
        call_command("demo", stdout=io.StringIO())
        first = Respondent.objects.count()
        call_command("demo", stdout=io.StringIO())
        assert Respondent.objects.count() == first
        assert Questionnaire.objects.count() == 2
        start_2017 = Round.objects.get(kind="start", opens_on__year=2017)
        answering = start_2017.respondents.values("municipality").distinct().count()
        assert answering >= 20
        results = round_results(Municipality.objects.get(code="091"), start_2017)
        assert results.own.shown and any(g.key == "network" and g.shown for g in results.groups)
        # The current period's end round is next year: nobody has been invited to it yet.
        assert not Respondent.objects.filter(round__opens_on__gt=TODAY.date()).exists()
        assert not Respondent.objects.filter(invited_at__gt=TODAY).exists()
