"""The starting-situation and end-of-period reports: PDFs that contain the figures."""

import io
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from uso.assessment.models import Comparison, Indicator, KeyFigure, Round
from uso.development.models import DevelopmentPlan

from . import factories
from .assessment_factories import answered, closed_round, questionnaire_with_statements

AFTER_THE_PERIOD = "2019-01-10 12:00 +02:00"


def text_of(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def setting(db):
    period = factories.PeriodFactory()
    municipalities = [factories.MembershipFactory(period=period).municipality for _ in range(4)]
    own = municipalities[0]
    questionnaire = questionnaire_with_statements(period)
    start = closed_round(questionnaire, Round.Kind.START)
    end = closed_round(questionnaire, Round.Kind.END)
    for municipality in municipalities:
        for _ in range(3):
            answered(start, municipality, score=2)
            answered(end, municipality, score=4 if municipality == own else 3)
    unemployment = Indicator.objects.create(code="unemployment", name_fi="Työttömyysaste", unit="%")
    for number, municipality in enumerate(municipalities):
        KeyFigure.objects.create(
            municipality=municipality,
            indicator=unemployment,
            year=2016,
            value=Decimal("8.4") + number,
        )
    comparison = Comparison.objects.create(period=period, count=2)
    comparison.indicators.add(unemployment)
    plan = DevelopmentPlan.objects.create(municipality=own, period=period)
    plan.priorities.add(questionnaire.questions.first().sub_theme)
    return period, own, municipalities


@time_machine.travel(AFTER_THE_PERIOD)
def test_starting_situation_report_has_key_figures_results_and_priorities(client, setting):
    period, own, municipalities = setting
    client.force_login(factories.UserFactory(municipality=own))
    url = reverse("assessment:report", kwargs={"code": own.code}) + f"?period={period.pk}"
    text = text_of(client.get(url))
    assert "Lähtötilanneraportti" in text or "Starting-situation report" in text
    assert own.name_fi in text
    # Its own figure, its two nearest (9,4 and 10,4) and their average 9,9.
    assert "8,4" in text and "9,4" in text and "10,4" in text and "9,9" in text
    assert municipalities[3].name_fi not in text.split("Itsearvio")[0].split("Self-assess")[0]
    assert "2,00" in text  # every start score
    assert "Alateema 1.1" in text  # the plan's priority
    assert "+2,00" not in text  # no change in the start version


@time_machine.travel(AFTER_THE_PERIOD)
def test_end_of_period_report_shows_the_change(client, setting):
    period, own, _municipalities = setting
    client.force_login(factories.UserFactory(municipality=own))
    url = reverse("assessment:report", kwargs={"code": own.code})
    text = text_of(client.get(url + f"?period={period.pk}&version=end"))
    assert "4,00" in text and "3,25" in text  # own end score; the network's (4 × 3 + 3 × 9) / 12
    assert "+2,00" in text


def test_another_municipalitys_report_is_refused(client, setting):
    period, own, municipalities = setting
    client.force_login(factories.UserFactory(municipality=municipalities[1]))
    url = reverse("assessment:report", kwargs={"code": own.code}) + f"?period={period.pk}"
    assert client.get(url).status_code == 404
    assert (
        client.get(url.replace(own.code, municipalities[1].code) + "&version=x").status_code == 404
    )
