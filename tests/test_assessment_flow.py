"""The self-assessment as its people use it: the coordinator prepares the questionnaire and the
rounds, the contact person invites, respondents answer through their link, reminders go once,
and the results page shows only what the thresholds allow."""

from datetime import date

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from uso.accounts.models import Role
from uso.assessment.models import Answer, Question, Questionnaire, Respondent, Round
from uso.network.models import Population, SubTheme, ThemeArea

from . import factories
from .assessment_factories import answered, closed_round, questionnaire_with_statements

DURING_THE_START_ROUND = "2017-02-01 10:00 +02:00"
AFTER_THE_PERIOD = "2019-01-10 12:00 +02:00"


@pytest.fixture
def period(db):
    return factories.PeriodFactory()


@pytest.fixture
def open_round(period):
    questionnaire = questionnaire_with_statements(period)
    return Round.objects.create(
        questionnaire=questionnaire,
        kind=Round.Kind.START,
        opens_on=date(2017, 1, 15),
        closes_on=date(2017, 2, 28),
    )


@pytest.fixture
def member(period):
    return factories.MembershipFactory(period=period).municipality


@pytest.fixture
def contact(member):
    return factories.UserFactory(municipality=member, role=Role.CONTACT, leadership="professional")


def test_coordinator_writes_the_questionnaire_in_three_languages(client, coordinator, period):
    area = ThemeArea.objects.create(period=period, name_fi="Johtaminen")
    sub_theme = SubTheme.objects.create(theme_area=area, name_fi="Strateginen johtaminen")
    client.force_login(coordinator)
    url = reverse("assessment:question_add", kwargs={"period": period.pk})
    response = client.post(url, {"kind": "statement", "text_fi": "Väite"})
    assert "Väittämälle tarvitaan alateema." in response.content.decode()
    response = client.post(
        url,
        {
            "kind": "statement",
            "sub_theme": sub_theme.pk,
            "text_fi": "Strategia ohjaa päätöksiä.",
            "text_sv": "Strategin styr besluten.",
            "text_en": "The strategy guides decisions.",
        },
    )
    assert response.status_code == 302
    client.post(url, {"kind": "open", "text_fi": "Mikä on tärkeintä?"})
    questions = list(Questionnaire.objects.get(period=period).questions.all())
    assert [q.kind for q in questions] == ["statement", "open"]
    assert questions[0].text_sv == "Strategin styr besluten."
    client.post(reverse("assessment:question_action", args=[questions[1].pk, "up"]))
    assert [q.kind for q in Questionnaire.objects.get(period=period).questions.all()] == [
        "open",
        "statement",
    ]
    page = client.get(reverse("assessment:questionnaire", kwargs={"period": period.pk}))
    assert "Strategia ohjaa päätöksiä." in page.content.decode()


def test_a_question_with_answers_cannot_be_removed(client, coordinator, open_round, member):
    question = open_round.questionnaire.questions.first()
    answered(open_round, member)
    client.force_login(coordinator)
    client.post(reverse("assessment:question_action", args=[question.pk, "delete"]))
    assert Question.objects.filter(pk=question.pk).exists()


def test_round_dates_must_lie_in_the_period_and_in_order(client, coordinator, period):
    questionnaire_with_statements(period)
    client.force_login(coordinator)
    url = reverse("assessment:round_edit", kwargs={"period": period.pk, "kind": "start"})
    response = client.post(url, {"opens_on": "2016-12-01", "closes_on": "2017-01-31"})
    assert "on oltava kauden sisällä" in response.content.decode()
    client.post(url, {"opens_on": "2017-01-10", "closes_on": "2017-02-28"})
    end_url = reverse("assessment:round_edit", kwargs={"period": period.pk, "kind": "end"})
    response = client.post(end_url, {"opens_on": "2017-02-01", "closes_on": "2018-11-30"})
    assert (
        "Loppukierros voi alkaa vasta, kun alkukierros on päättynyt." in response.content.decode()
    )
    assert Round.objects.count() == 1


@time_machine.travel(DURING_THE_START_ROUND)
def test_contact_person_invites_and_the_respondent_answers_without_an_account(
    client, open_round, member, contact, run_on_commit
):
    councillor = factories.UserFactory(municipality=member, leadership="political", language="sv")
    client.force_login(contact)
    url = reverse("assessment:invite", kwargs={"code": member.code, "pk": open_round.pk})
    prefix = f"round{open_round.pk}-"
    with run_on_commit():
        client.post(
            url,
            {
                f"{prefix}people": [councillor.pk],
                f"{prefix}name": "Kaisa Kunnanjohtaja",
                f"{prefix}email": "Kaisa@Example.org",
                f"{prefix}leadership": "professional",
                f"{prefix}language": "fi",
            },
        )
    assert Respondent.objects.count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([councillor.email, "kaisa@example.org"])
    swedish = next(m for m in mail.outbox if m.to[0] == councillor.email)
    assert "Självvärdering för" in swedish.subject
    respondent = Respondent.objects.get(email="kaisa@example.org")
    link = reverse("assessment:answer", kwargs={"token": respondent.token})
    assert link in next(m for m in mail.outbox if m.to[0] == "kaisa@example.org").body

    # Inviting the same person again sends nothing.
    mail.outbox.clear()
    with run_on_commit():
        client.post(url, {f"{prefix}people": [councillor.pk], f"{prefix}language": "fi"})
    assert Respondent.objects.count() == 2 and mail.outbox == []

    client.logout()
    page = client.get(link)
    assert page.status_code == 200
    statements = list(open_round.questionnaire.questions.filter(kind="statement"))
    open_question = open_round.questionnaire.questions.get(kind="open")
    incomplete = {f"q{statements[0].pk}": "4"}
    response = client.post(link, incomplete)
    assert "Valitse pistemäärä tai ”en osaa sanoa”." in response.content.decode()
    assert not Answer.objects.exists()
    answers = {f"q{q.pk}": "4" for q in statements}
    answers[f"q{statements[1].pk}"] = "x"
    answers[f"q{open_question.pk}"] = "Enemmän yhteistyötä"
    response = client.post(link, answers)
    assert "Kiitos! Vastauksesi tallennettiin." in response.content.decode()
    respondent.refresh_from_db()
    assert respondent.answered_at is not None
    assert Answer.objects.get(respondent=respondent, question=statements[1]).score is None
    # Coming back shows the answers given, to change them.
    again = client.get(link).content.decode()
    assert "Enemmän yhteistyötä" in again


@time_machine.travel(DURING_THE_START_ROUND)
def test_a_forged_score_changes_nothing(client, open_round, member):
    respondent = Respondent.objects.create(
        round=open_round,
        municipality=member,
        name="A",
        email="a@example.org",
        leadership="political",
    )
    link = reverse("assessment:answer", kwargs={"token": respondent.token})
    answers = {f"q{q.pk}": "9" for q in open_round.questionnaire.questions.filter(kind="statement")}
    response = client.post(link, answers)
    assert response.status_code == 200
    assert not Answer.objects.exists()


@time_machine.travel(AFTER_THE_PERIOD)
def test_the_link_expires_with_the_round(client, period, member):
    round = closed_round(questionnaire_with_statements(period))
    respondent = Respondent.objects.create(
        round=round, municipality=member, name="A", email="a@example.org", leadership="political"
    )
    link = reverse("assessment:answer", kwargs={"token": respondent.token})
    page = client.get(link).content.decode()
    assert "Kierros on päättynyt" in page
    assert 'type="radio"' not in page
    statements = round.questionnaire.questions.filter(kind="statement")
    client.post(link, {f"q{q.pk}": "3" for q in statements})
    assert not Answer.objects.exists()
    assert client.get(reverse("assessment:answer", kwargs={"token": "nonsense"})).status_code == 404


@time_machine.travel(DURING_THE_START_ROUND)
def test_each_reminder_reaches_those_who_have_not_answered_once(
    client, open_round, member, contact, run_on_commit
):
    waiting = Respondent.objects.create(
        round=open_round,
        municipality=member,
        name="A",
        email="a@example.org",
        leadership="political",
    )
    answered(open_round, member)
    client.force_login(contact)
    url = reverse("assessment:remind", kwargs={"pk": open_round.pk})
    with run_on_commit():
        client.post(url, {"municipality": member.code})
    assert [m.to for m in mail.outbox] == [[waiting.email]]
    assert waiting.reminder_deliveries.count() == 1
    # A second click soon after sends nothing more.
    with run_on_commit():
        client.post(url, {"municipality": member.code})
    assert len(mail.outbox) == 1 and waiting.reminder_deliveries.count() == 1
    page = client.get(reverse("assessment:municipality", kwargs={"code": member.code}))
    assert page.status_code == 200
    # A contact person cannot remind every municipality; the coordinator can.
    assert client.post(url).status_code == 403


def test_contact_person_of_another_municipality_can_neither_see_nor_invite(
    client, open_round, member, period
):
    other_contact = factories.UserFactory(
        municipality=factories.MembershipFactory(period=period).municipality, role=Role.CONTACT
    )
    client.force_login(other_contact)
    assert (
        client.get(reverse("assessment:municipality", kwargs={"code": member.code})).status_code
        == 404
    )
    url = reverse("assessment:invite", kwargs={"code": member.code, "pk": open_round.pk})
    response = client.post(url, {f"round{open_round.pk}-name": "X"})
    assert response.status_code == 404
    assert not Respondent.objects.exists()
    assert (
        client.get(reverse("assessment:results", kwargs={"code": member.code})).status_code == 404
    )


@time_machine.travel(AFTER_THE_PERIOD)
def test_results_page_shows_scores_beside_comparison_groups_and_says_what_is_hidden(client, period):
    municipalities = []
    for _ in range(3):
        municipality = factories.MembershipFactory(period=period).municipality
        Population.objects.create(
            municipality=municipality, year=2016, inhabitants=8000, source="manual"
        )
        municipalities.append(municipality)
    own = municipalities[0]
    round = closed_round(questionnaire_with_statements(period))
    for municipality in municipalities:
        for _ in range(3):
            answered(round, municipality, score=4)
    answered(round, own, leadership="professional", score=1)
    person = factories.UserFactory(municipality=own)
    client.force_login(person)
    page = client.get(
        reverse("assessment:results", kwargs={"code": own.code}) + f"?period={period.pk}"
    ).content.decode()
    assert "3,25" in page  # the municipality's own: (4 × 3 + 1) / 4
    assert "version=end" not in page  # no end-of-period report before the end round's results
    assert "3,70" in page  # the network: (4 × 9 + 1) / 10
    assert "jommastakummasta johdosta alle kolme" in page
    assert "Scores by theme area and sub-theme (scale 1–5)" in page or "<caption>" in page


def test_results_page_query_count_does_not_grow_with_the_network(
    client, period, django_assert_max_num_queries
):
    """Counted twice: with 3 and with 30 member municipalities answering."""

    def build(count):
        round = Round.objects.filter(questionnaire__period=period).first()
        for _ in range(count):
            municipality = factories.MembershipFactory(period=period).municipality
            for _ in range(3):
                answered(round, municipality)
        return municipality

    with time_machine.travel(AFTER_THE_PERIOD):
        closed_round(questionnaire_with_statements(period))
        own = build(3)
        client.force_login(factories.UserFactory(municipality=own))
        url = reverse("assessment:results", kwargs={"code": own.code}) + f"?period={period.pk}"
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as small:
            assert client.get(url).status_code == 200
        build(27)
        with CaptureQueriesContext(connection) as large:
            assert client.get(url).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_index_leads_each_role_to_its_pages(client, coordinator, period, member, contact):
    questionnaire_with_statements(period)
    later = factories.PeriodFactory(start_date=date(2019, 1, 1), end_date=date(2020, 12, 31))
    client.force_login(coordinator)
    page = client.get(reverse("assessment:index")).content.decode()
    assert reverse("assessment:questionnaire", kwargs={"period": period.pk}) in page
    assert reverse("assessment:questionnaire", kwargs={"period": later.pk}) in page
    client.force_login(contact)
    page = client.get(reverse("assessment:index")).content.decode()
    assert reverse("assessment:municipality", kwargs={"code": member.code}) in page
    assert reverse("assessment:questionnaire", kwargs={"period": later.pk}) not in page
    consultant = factories.ConsultantFactory()
    factories.AssignmentFactory(
        consultant=consultant, membership=member.memberships.get(period=period)
    )
    client.force_login(consultant)
    page = client.get(reverse("assessment:index")).content.decode()
    assert reverse("assessment:results", kwargs={"code": member.code}) in page


def test_an_answered_statement_keeps_its_sub_theme(client, coordinator, open_round, member):
    question = open_round.questionnaire.questions.filter(kind="statement").first()
    other = open_round.questionnaire.questions.exclude(sub_theme=question.sub_theme).exclude(
        sub_theme=None
    )[0]
    answered(open_round, member)
    client.force_login(coordinator)
    response = client.post(
        reverse("assessment:question_edit", kwargs={"pk": question.pk}),
        {"kind": "statement", "sub_theme": other.sub_theme_id, "text_fi": "Uusi teksti"},
    )
    assert "ei voi siirtää toiseen alateemaan" in response.content.decode()
    question.refresh_from_db()
    assert question.text_fi != "Uusi teksti"


@time_machine.travel("2017-06-01 12:00 +03:00")
def test_a_closed_round_with_answers_cannot_be_reopened(client, coordinator, period, member):
    round = closed_round(questionnaire_with_statements(period))
    answered(round, member)
    client.force_login(coordinator)
    url = reverse("assessment:round_edit", kwargs={"period": period.pk, "kind": "start"})
    response = client.post(url, {"opens_on": "2017-01-15", "closes_on": "2017-12-31"})
    assert "sitä ei voi avata uudelleen" in response.content.decode()
    round.refresh_from_db()
    assert round.closes_on == date(2017, 2, 28)


@time_machine.travel(DURING_THE_START_ROUND)
def test_a_reminder_to_everybody_counts_for_each_municipality(
    client, coordinator, open_round, member, run_on_commit
):
    Respondent.objects.create(
        round=open_round,
        municipality=member,
        name="A",
        email="a@example.org",
        leadership="political",
    )
    client.force_login(coordinator)
    url = reverse("assessment:remind", kwargs={"pk": open_round.pk})
    with run_on_commit():
        client.post(url)
        response = client.post(url, {"municipality": member.code, "next": "progress"})
    assert len(mail.outbox) == 1
    assert response["Location"] == reverse("assessment:progress", kwargs={"pk": open_round.pk})


def test_a_deleted_account_leaves_anonymous_answers_and_the_export_has_them(open_round, member):
    from uso.accounts import services as account_services

    person = factories.UserFactory(municipality=member, leadership="political")
    given = answered(open_round, member)
    Respondent.objects.filter(pk=given.pk).update(person=person, email=person.email)
    Respondent.objects.create(
        round=closed_round(questionnaire_with_statements(factories.PeriodFactory()), "end"),
        municipality=member,
        name="Sama",
        email=person.email.upper(),
        leadership="political",
    )
    exported = account_services.export_personal_data(user=person)["self_assessments"]
    assert len(exported) == 2
    assert [a["score"] for a in exported[0]["answers"] if a["score"]] == [3, 3, 3, 3]

    account_services.delete_account(user=person)
    (kept,) = Respondent.objects.filter(answers__isnull=False).distinct()
    assert kept.person is None and person.email not in kept.email and kept.name != given.name
    assert kept.answers.count() == 4
    assert not Respondent.objects.filter(email__iexact=person.email).exists()


@time_machine.travel(DURING_THE_START_ROUND)
def test_a_bad_address_is_shown_beside_the_field_with_what_was_typed(
    client, open_round, member, contact
):
    client.force_login(contact)
    url = reverse("assessment:invite", kwargs={"code": member.code, "pk": open_round.pk})
    prefix = f"round{open_round.pk}-"
    response = client.post(
        url,
        {
            f"{prefix}name": "Kaisa Kunnanjohtaja",
            f"{prefix}email": "kaisa@",
            f"{prefix}leadership": "professional",
            f"{prefix}language": "fi",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="Kaisa Kunnanjohtaja"' in page
    assert f'id="id_{prefix}email_error"' in page
    assert not Respondent.objects.exists()


@time_machine.travel(AFTER_THE_PERIOD)
def test_the_leadership_table_sets_the_municipality_beside_the_groups(client, period):
    municipalities = [factories.MembershipFactory(period=period).municipality for _ in range(3)]
    round = closed_round(questionnaire_with_statements(period))
    for number, municipality in enumerate(municipalities):
        for _ in range(3):
            answered(round, municipality, leadership="political", score=2 + number)
            answered(round, municipality, leadership="professional", score=1)
    own = municipalities[0]
    client.force_login(factories.UserFactory(municipality=own))
    page = client.get(
        reverse("assessment:results", kwargs={"code": own.code}) + f"?period={period.pk}"
    ).content.decode()
    table = page[page.index('id="split-title"') :]
    # Own: political 2,00, professional 1,00; the network: political (2 + 3 + 4) / 3 = 3,00.
    assert "2,00" in table and "1,00" in table and "3,00" in table
    assert 'scope="colgroup"' in table
