"""Aggregation and the privacy thresholds of the self-assessment's results."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from uso.assessment.models import Answer, Round
from uso.assessment.results import ALL, changes, round_results
from uso.network.models import PeerGroup, Population

from . import factories
from .assessment_factories import answered, closed_round, questionnaire_with_statements

AFTER_THE_PERIOD = "2019-01-10 12:00 +02:00"


@pytest.fixture
def period(db):
    return factories.PeriodFactory()


def members(period, count, population=12000):
    municipalities = []
    for _ in range(count):
        membership = factories.MembershipFactory(period=period)
        Population.objects.create(
            municipality=membership.municipality, year=2016, inhabitants=population, source="manual"
        )
        municipalities.append(membership.municipality)
    return municipalities


def line(results, label):
    return next(item for item in results.lines if item.label == label)


@time_machine.travel(AFTER_THE_PERIOD)
def test_scores_are_means_of_the_given_scores_and_cannot_say_is_not_counted(period):
    (own,) = members(period, 1)
    round = closed_round(questionnaire_with_statements(period))
    answered(round, own, score=2)
    answered(round, own, score=4)
    third = answered(round, own, score=5)
    fourth = answered(round, own, score=1)
    # The fourth cannot say about sub-theme 1.1: the mean there is (2 + 4 + 5) / 3.
    Answer.objects.filter(respondent=fourth, question__sub_theme__name_fi="Alateema 1.1").update(
        score=None
    )
    results = round_results(own, round)
    assert line(results, "Alateema 1.1").scores["own"][ALL] == Decimal("3.67")
    assert line(results, "Alateema 1.2").scores["own"][ALL] == Decimal("3.00")
    # The theme area is the mean of its sub-themes' scores.
    assert line(results, "Teema 1").scores["own"][ALL] == Decimal("3.34")  # (3.67 + 3.00) / 2
    assert results.answered == 4
    assert third.answered_at is not None


@time_machine.travel(AFTER_THE_PERIOD)
def test_nothing_is_shown_before_the_round_closes(period):
    (own,) = members(period, 1)
    questionnaire = questionnaire_with_statements(period)
    round = Round.objects.create(
        questionnaire=questionnaire,
        kind="start",
        opens_on=date(2018, 12, 1),
        closes_on=date(2019, 1, 10),
    )
    for _ in range(5):
        answered(round, own)
    assert round_results(own, round) is None


@time_machine.travel(AFTER_THE_PERIOD)
def test_a_municipality_with_two_respondents_sees_no_scores(period):
    (own,) = members(period, 1)
    round = closed_round(questionnaire_with_statements(period))
    answered(round, own, score=5)
    answered(round, own, score=1)
    results = round_results(own, round)
    assert not results.own.shown
    assert "Alle 3 henkilöä vastasi" in results.own.hidden_reason
    assert all(value is None for item in results.lines for value in item.scores["own"].values())


@time_machine.travel(AFTER_THE_PERIOD)
def test_a_sub_theme_where_only_two_gave_a_score_is_hidden_and_the_area_ignores_it(period):
    (own,) = members(period, 1)
    round = closed_round(questionnaire_with_statements(period))
    people = [answered(round, own, score=s) for s in (1, 3, 5)]
    Answer.objects.filter(respondent=people[0], question__sub_theme__name_fi="Alateema 1.1").update(
        score=None
    )
    results = round_results(own, round)
    assert line(results, "Alateema 1.1").scores["own"][ALL] is None
    # The area shows only what its shown sub-theme says, so 1.1 cannot be worked out from it.
    assert (
        line(results, "Teema 1").scores["own"][ALL]
        == line(results, "Alateema 1.2").scores["own"][ALL]
    )


@time_machine.travel(AFTER_THE_PERIOD)
def test_one_professional_among_political_leaders_cannot_be_learnt_by_subtraction(period):
    """The attempt: total of four minus the three politicians would give the one professional's
    answers. Neither split is shown, so the two queries tell nothing more than the total."""
    (own,) = members(period, 1)
    round = closed_round(questionnaire_with_statements(period))
    for _ in range(3):
        answered(round, own, leadership="political", score=3)
    answered(round, own, leadership="professional", score=5)
    results = round_results(own, round)
    for item in results.lines:
        assert item.scores["own"]["political"] is None
        assert item.scores["own"]["professional"] is None
    assert not results.shows_splits
    assert line(results, "Alateema 1.1").scores["own"][ALL] == Decimal("3.50")


@time_machine.travel(AFTER_THE_PERIOD)
def test_splits_are_shown_when_both_leaderships_have_three(period):
    (own,) = members(period, 1)
    round = closed_round(questionnaire_with_statements(period))
    for _ in range(3):
        answered(round, own, leadership="political", score=2)
        answered(round, own, leadership="professional", score=4)
    results = round_results(own, round)
    scores = line(results, "Alateema 2.1").scores["own"]
    assert (scores["political"], scores["professional"], scores[ALL]) == (
        Decimal("2.00"),
        Decimal("4.00"),
        Decimal("3.00"),
    )


@time_machine.travel(AFTER_THE_PERIOD)
def test_a_comparison_group_needs_three_municipalities_with_enough_answers(period):
    own, second, third = members(period, 3)
    round = closed_round(questionnaire_with_statements(period))
    for municipality in (own, second):
        for _ in range(3):
            answered(round, municipality, score=4)
    # The third has two respondents: it adds nothing, and the network has only two.
    answered(round, third, score=1)
    answered(round, third, score=1)
    results = round_results(own, round)
    network = next(g for g in results.groups if g.key == "network")
    assert not network.shown
    assert network.municipalities == 2
    assert "Alle 3 kuntaa" in network.hidden_reason
    assert network.score(ALL, line(results, "Alateema 1.1").sub_theme_id) is None

    answered(round, third, score=1)
    results = round_results(own, round)
    network = next(g for g in results.groups if g.key == "network")
    assert network.shown
    assert (network.municipalities, network.respondents) == (3, 9)
    # (4 × 6 + 1 × 3) / 9
    assert line(results, "Alateema 1.1").scores["network"][ALL] == Decimal("3.00")


@time_machine.travel(AFTER_THE_PERIOD)
def test_two_groups_differing_by_one_small_municipality_do_not_reveal_its_respondents(period):
    """The attempt: peer group {A, B, C} and size class {A, B, C, D}, where D has two
    respondents. D adds to neither, so both groups show the same scores."""
    a, b, c = members(period, 3)
    (d,) = members(period, 1)
    group = PeerGroup.objects.create(period=period, name_fi="Vertailu")
    group.members.add(a, b, c)
    round = closed_round(questionnaire_with_statements(period))
    for municipality in (a, b, c):
        for _ in range(3):
            answered(round, municipality, score=3)
    answered(round, d, score=5)
    answered(round, d, score=5)
    results = round_results(a, round, peer_group=group)
    peer = next(g for g in results.groups if g.key == "peer_group")
    size = next(g for g in results.groups if g.key == "size_class")
    assert peer.scores == size.scores
    assert size.municipalities == 3


@time_machine.travel(AFTER_THE_PERIOD)
def test_the_size_class_group_holds_members_of_the_same_size_only(period):
    small = members(period, 3, population=3000)
    large = members(period, 3, population=60000)
    round = closed_round(questionnaire_with_statements(period))
    for municipality in small:
        for _ in range(3):
            answered(round, municipality, score=2)
    for municipality in large:
        for _ in range(3):
            answered(round, municipality, score=5)
    results = round_results(small[0], round)
    sub_theme = line(results, "Alateema 1.1")
    assert sub_theme.scores["size_class"][ALL] == Decimal("2.00")
    assert sub_theme.scores["network"][ALL] == Decimal("3.50")


@time_machine.travel(AFTER_THE_PERIOD)
def test_open_answers_are_listed_without_names_only_from_three(period):
    (own,) = members(period, 1)
    round = closed_round(questionnaire_with_statements(period))
    answered(round, own, text="Yhteistyö")
    answered(round, own, text="aikataulu")
    results = round_results(own, round)
    assert results.open_answers[0].hidden and results.open_answers[0].texts == []
    answered(round, own, text="Budjetti")
    results = round_results(own, round)
    assert results.open_answers[0].texts == ["aikataulu", "Budjetti", "Yhteistyö"]


@time_machine.travel(AFTER_THE_PERIOD)
def test_change_from_start_to_end(period):
    (own,) = members(period, 1)
    questionnaire = questionnaire_with_statements(period)
    start = closed_round(questionnaire, Round.Kind.START)
    end = closed_round(questionnaire, Round.Kind.END)
    for _ in range(3):
        answered(start, own, score=2)
        answered(end, own, scores={"Alateema 1.1": 4}, score=2)
    rows = changes(round_results(own, start), round_results(own, end))
    by_label = {row.label: row for row in rows}
    assert by_label["Alateema 1.1"].difference == Decimal("2.00")
    assert by_label["Alateema 1.2"].difference == Decimal("0.00")
    assert by_label["Teema 1"].difference == Decimal("1.00")


@time_machine.travel(AFTER_THE_PERIOD)
def test_a_groups_split_from_one_municipality_is_not_shown(period):
    """Three municipalities answer, but only one has three people of each leadership: the
    group's political column would be that municipality's own, so it stays empty."""
    own, second, third = members(period, 3)
    round = closed_round(questionnaire_with_statements(period))
    for _ in range(3):
        answered(round, own, leadership="political", score=5)
        answered(round, own, leadership="professional", score=1)
    for municipality in (second, third):
        for _ in range(3):
            answered(round, municipality, leadership="political", score=3)
    results = round_results(second, round)
    network = line(results, "Alateema 1.1").scores["network"]
    assert network["political"] is None and network["professional"] is None
    assert network[ALL] == Decimal("3.00")  # (5 × 3 + 1 × 3 + 3 × 6) / 12
