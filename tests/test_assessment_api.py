"""`/api/v1/assessments/`: aggregates only, with the same thresholds as the results page."""

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from uso.network.models import PeerGroup

from . import factories
from .assessment_factories import answered, closed_round, questionnaire_with_statements

AFTER_THE_PERIOD = "2019-01-10 12:00 +02:00"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def setting(db):
    period = factories.PeriodFactory()
    municipalities = [factories.MembershipFactory(period=period).municipality for _ in range(3)]
    questionnaire = questionnaire_with_statements(period)
    round = closed_round(questionnaire)
    for municipality in municipalities:
        for _ in range(3):
            answered(round, municipality, score=4, text="Sanottavaa")
    # One professional among political leaders: the splits must stay hidden.
    answered(round, municipalities[0], leadership="professional", score=1)
    return questionnaire, municipalities


def results_url(questionnaire, **query):
    url = reverse("assessment-results", kwargs={"pk": questionnaire.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_list_shows_the_questionnaires_and_their_rounds(api, setting):
    questionnaire, (own, *_rest) = setting
    api.force_authenticate(factories.UserFactory(municipality=own))
    body = api.get(reverse("assessment-list")).json()
    (item,) = body["results"]
    assert item["statements"] == 4 and item["open_questions"] == 1
    assert item["rounds"][0]["kind"] == "start"


def test_anonymous_gets_nothing(api, setting):
    questionnaire, _municipalities = setting
    assert api.get(reverse("assessment-list")).status_code in (401, 403)


@time_machine.travel(AFTER_THE_PERIOD)
def test_results_are_aggregates_with_counts_and_hidden_splits(api, setting):
    questionnaire, (own, *_rest) = setting
    api.force_authenticate(factories.UserFactory(municipality=own))
    body = api.get(results_url(questionnaire, municipality=own.code)).json()
    assert body["min_respondents"] == 3 and body["min_municipalities"] == 3
    (round,) = body["rounds"]
    groups = {g["key"]: g for g in round["groups"]}
    assert groups["own"]["respondents"] == 4
    assert groups["network"]["municipalities"] == 3
    assert groups["network"]["respondents"] == 10
    sub_theme = next(line for line in round["lines"] if not line["is_theme_area"])
    assert sub_theme["scores"]["own"] == {"all": "3.25", "political": None, "professional": None}
    assert sub_theme["scores"]["network"]["all"] == "3.70"
    # No respondent's name, address or open answer is in the response.
    text = str(body)
    assert "Vastaaja" not in text and "@example.org" not in text and "Sanottavaa" not in text


@time_machine.travel(AFTER_THE_PERIOD)
def test_a_small_group_is_returned_without_scores(api, setting):
    questionnaire, (own, second, _third) = setting
    group = PeerGroup.objects.create(period=questionnaire.period, name_fi="Pieni")
    group.members.add(own, second)
    api.force_authenticate(factories.UserFactory(municipality=own))
    body = api.get(results_url(questionnaire, municipality=own.code, peer_group=group.pk)).json()
    (round,) = body["rounds"]
    peer = next(g for g in round["groups"] if g["key"] == "peer_group")
    assert peer["shown"] is False and peer["municipalities"] == 2
    assert all(line["scores"]["peer_group"]["all"] is None for line in round["lines"])


@time_machine.travel(AFTER_THE_PERIOD)
def test_another_municipalitys_results_answer_404(api, setting):
    questionnaire, (own, other, _third) = setting
    api.force_authenticate(factories.UserFactory(municipality=own))
    assert api.get(results_url(questionnaire, municipality=other.code)).status_code == 404
    assert api.get(results_url(questionnaire, municipality="999")).status_code == 404


@time_machine.travel(AFTER_THE_PERIOD)
def test_bad_parameters_answer_400(api, setting):
    questionnaire, (own, *_rest) = setting
    api.force_authenticate(factories.UserFactory(municipality=own))
    assert api.get(results_url(questionnaire)).status_code == 400
    response = api.get(results_url(questionnaire, municipality=own.code, peer_group="x"))
    assert response.status_code == 400
    response = api.get(results_url(questionnaire, municipality=own.code, peer_group=999999))
    assert response.status_code == 400 and "peer_group" in response.json()["errors"]
