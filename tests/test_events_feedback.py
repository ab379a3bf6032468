"""The feedback survey: coordinators change an event's questions until answers come in; the
link from the e-mail answers without an account, once; the results show counts, means and
the distribution with a chart, and nothing about who answered."""

from datetime import timedelta

import pytest
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from uso.accounts.models import User
from uso.events import services
from uso.events.models import (
    Event,
    FeedbackAnswer,
    FeedbackQuestion,
    FeedbackResponse,
    Registration,
)

from .events_factories import EventFactory
from .factories import UserFactory

pytestmark = pytest.mark.django_db


def past_event_with_tokens(world, people):
    """An event that ended yesterday, its people registered and asked for feedback."""
    event = EventFactory(period=world.period, title_fi="Palautteen teemaseminaari")
    for person in people:
        services.register(event=event, by=None, person=person)
    ended = timezone.now() - timedelta(days=1)
    Event.objects.filter(pk=event.pk).update(start=ended - timedelta(hours=6), end=ended)
    assert services.request_feedback() == len(people)
    event.refresh_from_db()
    tokens = dict(
        Registration.objects.filter(event=event).values_list("person_id", "feedback_token")
    )
    return event, [tokens[person.pk] for person in people]


def give_url(token):
    return reverse("events:give_feedback", kwargs={"token": token})


def questions_of(event):
    scale = list(event.feedback_questions.filter(kind="scale"))
    open_ = list(event.feedback_questions.filter(kind="open"))
    return scale, open_


# --- Answering ---------------------------------------------------------------------------------


def test_a_participant_answers_without_an_account_and_only_once(client, world):
    event, (token,) = past_event_with_tokens(world, [world.participant_a])
    scale, open_ = questions_of(event)

    page = client.get(give_url(token))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Palautteen teemaseminaari" in html
    for question in scale + open_:
        assert question.text in html
    # Scale questions are radio groups in a fieldset with the question as its legend.
    assert html.count("<fieldset") == len(scale)
    assert f'<legend class="fs-5">{scale[0].text}</legend>' in html
    assert f'name="q{scale[0].pk}" value="5"' in html
    assert "<textarea" in html
    # Nothing on the page says whose link this is.
    assert world.participant_a.last_name not in html
    assert world.participant_a.email not in html

    response = client.post(
        give_url(token),
        {
            f"q{scale[0].pk}": "4",
            f"q{scale[1].pk}": "",  # cannot say
            f"q{open_[0].pk}": "  Vertaisoppiminen  ",
        },
    )
    assert response.status_code == 200
    assert "events/feedback_thanks.html" in [t.name for t in response.templates]
    sheet = FeedbackResponse.objects.get(event=event)
    answers = {a.question_id: a for a in sheet.answers.all()}
    assert set(answers) == {scale[0].pk, open_[0].pk}
    assert answers[scale[0].pk].score == 4
    assert answers[open_[0].pk].text == "Vertaisoppiminen"
    assert Registration.objects.get(event=event).feedback_given

    # The same link again: a friendly page, and nothing more is stored.
    again = client.get(give_url(token))
    assert again.status_code == 200
    assert "events/feedback_problem.html" in [t.name for t in again.templates]
    assert 'name="q' not in again.content.decode()
    response = client.post(give_url(token), {f"q{scale[0].pk}": "1"})
    assert response.status_code == 200
    assert "events/feedback_problem.html" in [t.name for t in response.templates]
    assert FeedbackResponse.objects.count() == 1
    assert FeedbackAnswer.objects.count() == 2


def test_an_unknown_link_answers_404_with_an_explanation(client, world):
    response = client.get(give_url("no-such-token"))
    assert response.status_code == 404
    assert "events/feedback_problem.html" in [t.name for t in response.templates]
    response = client.post(give_url("no-such-token"), {})
    assert response.status_code == 404
    assert not FeedbackResponse.objects.exists()


def test_an_empty_sheet_and_a_score_outside_the_scale_are_refused(client, world):
    event, (token,) = past_event_with_tokens(world, [world.participant_a])
    scale, _open = questions_of(event)
    response = client.post(give_url(token), {})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    response = client.post(give_url(token), {f"q{scale[0].pk}": "6"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not FeedbackResponse.objects.exists()
    assert not Registration.objects.get(event=event).feedback_given


def test_signed_in_people_answer_with_the_link_too(client, world):
    event, (token,) = past_event_with_tokens(world, [world.participant_a])
    scale, _open = questions_of(event)
    client.force_login(world.participant_b)  # someone else's browser: the link decides
    response = client.post(give_url(token), {f"q{scale[0].pk}": "5"})
    assert response.status_code == 200
    assert FeedbackResponse.objects.filter(event=event).count() == 1


# --- Anonymity ---------------------------------------------------------------------------------


def test_answers_carry_nothing_that_links_them_to_a_person_or_a_registration():
    for model in (FeedbackResponse, FeedbackAnswer):
        for model_field in model._meta.get_fields():
            related = getattr(model_field, "related_model", None)
            assert related not in (Registration, User), f"{model.__name__}.{model_field.name}"
            assert "token" not in model_field.name
            assert "person" not in model_field.name and "registration" not in model_field.name
        # No timestamp finer than the day: the time of sending could match a person's click.
        assert not any(isinstance(f, models.DateTimeField) for f in model._meta.get_fields())


def test_results_show_counts_means_and_open_answers_but_not_who_answered(client, world):
    extra = UserFactory(municipality=world.municipality_a, last_name="Kolmas")
    people = [world.participant_a, world.participant_b, world.contact_a, extra]
    event, tokens = past_event_with_tokens(world, people)
    scale, open_ = questions_of(event)
    sheets = [
        {f"q{scale[0].pk}": "4", f"q{open_[0].pk}": "öljyä koneeseen"},
        {f"q{scale[0].pk}": "5", f"q{open_[0].pk}": "Aikataulu"},
        {f"q{scale[0].pk}": "4", f"q{scale[1].pk}": "2", f"q{open_[0].pk}": "aamukahvi"},
    ]
    for token, sheet in zip(tokens, sheets, strict=False):
        assert client.post(give_url(token), sheet).status_code == 200

    client.force_login(world.coordinator)
    response = client.get(reverse("events:feedback", kwargs={"pk": event.pk}))
    assert response.status_code == 200
    results = response.context["results"]
    assert (results.responses, results.invited, results.response_rate) == (3, 4, 75)
    first = results.questions[0]
    assert first.question == scale[0]
    assert first.count == 3
    assert str(first.mean) == "4.3"
    assert [bar.count for bar in first.bars] == [0, 0, 0, 2, 1]
    assert [bar.share for bar in first.bars] == [0, 0, 0, 67, 33]
    assert [bar.width for bar in first.bars] == [0, 0, 0, 100, 50]
    second = results.questions[1]
    assert (second.count, str(second.mean)) == (1, "2.0")
    by_question = {r.question.pk: r for r in results.questions}
    # Alphabetical, whatever order they came in.
    assert by_question[open_[0].pk].texts == ["aamukahvi", "Aikataulu", "öljyä koneeseen"]

    html = response.content.decode()
    assert "4,3" in html  # Finnish decimal comma
    assert "<svg" in html and "<caption>" in html and 'scope="row"' in html
    assert "öljyä koneeseen" in html
    for person in people:
        assert person.last_name not in html
        assert person.email not in html


def test_results_are_for_the_networks_staff_only(client, world):
    event = EventFactory(period=world.period)
    url = reverse("events:feedback", kwargs={"pk": event.pk})
    client.force_login(world.participant_a)
    assert client.get(url).status_code == 403
    client.force_login(world.consultant_other)
    assert client.get(url).status_code == 200
    page = client.get(url).content.decode()
    assert reverse("events:feedback_questions", kwargs={"pk": event.pk}) not in page


# --- The questions -----------------------------------------------------------------------------


def formset_data(event, changes=None, new=None, delete=()):
    """The questions form as the browser posts it, with the given edits."""
    questions = list(event.feedback_questions.all())
    data = {
        "questions-TOTAL_FORMS": str(len(questions) + 2),
        "questions-INITIAL_FORMS": str(len(questions)),
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
    }
    for index, question in enumerate(questions):
        prefix = f"questions-{index}-"
        data |= {
            prefix + "id": str(question.pk),
            prefix + "event": str(event.pk),
            prefix + "order": str(question.order),
            prefix + "kind": question.kind,
            prefix + "text_fi": question.text_fi,
            prefix + "text_sv": question.text_sv or "",
            prefix + "text_en": question.text_en or "",
        }
        for field, value in (changes or {}).get(question.pk, {}).items():
            data[prefix + field] = value
        if question.pk in delete:
            data[prefix + "DELETE"] = "on"
    for index in range(len(questions), len(questions) + 2):
        prefix = f"questions-{index}-"
        data |= {prefix + "event": str(event.pk), prefix + "order": "", prefix + "kind": "scale"}
        data |= {prefix + "text_fi": "", prefix + "text_sv": "", prefix + "text_en": ""}
    if new:
        prefix = f"questions-{len(questions)}-"
        data |= {prefix + key: value for key, value in new.items()}
    return data


def test_a_new_event_has_the_default_questions_in_three_languages(world):
    event = EventFactory(period=world.period)
    questions = list(event.feedback_questions.all())
    assert len(questions) == len(services.default_feedback_questions())
    assert {q.kind for q in questions} == {"scale", "open"}
    assert all(q.text_fi and q.text_sv and q.text_en for q in questions)


def test_coordinator_edits_adds_and_removes_questions(client, world):
    event = EventFactory(period=world.period)
    first, second, *_rest = event.feedback_questions.all()
    client.force_login(world.coordinator)
    url = reverse("events:feedback_questions", kwargs={"pk": event.pk})
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="questions-0-text_sv"' in page.content.decode()

    data = formset_data(
        event,
        changes={first.pk: {"text_fi": "Kuinka hyödyllinen?", "text_sv": "Hur nyttig?"}},
        delete={second.pk},
        new={"order": "9", "kind": "open", "text_fi": "Mitä muuta?", "text_en": "What else?"},
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["formset"].errors
    first.refresh_from_db()
    assert (first.text_fi, first.text_sv) == ("Kuinka hyödyllinen?", "Hur nyttig?")
    assert not FeedbackQuestion.objects.filter(pk=second.pk).exists()
    added = FeedbackQuestion.objects.get(event=event, text_fi="Mitä muuta?")
    assert (added.kind, added.order, added.text_en) == ("open", 9, "What else?")
    assert event.feedback_questions.count() == len(services.default_feedback_questions())


def test_a_question_needs_its_finnish_text_and_one_question_must_remain(client, world):
    event = EventFactory(period=world.period)
    client.force_login(world.coordinator)
    url = reverse("events:feedback_questions", kwargs={"pk": event.pk})
    response = client.post(url, formset_data(event, new={"kind": "open", "text_en": "Only EN"}))
    assert response.status_code == 200
    assert response.context["formset"].errors
    ids = set(event.feedback_questions.values_list("pk", flat=True))
    response = client.post(url, formset_data(event, delete=ids))
    assert response.status_code == 200
    assert response.context["formset"].non_form_errors()
    assert event.feedback_questions.count() == len(ids)


def test_questions_cannot_change_once_answers_have_come_in(client, world):
    event, (token,) = past_event_with_tokens(world, [world.participant_a])
    scale, _open = questions_of(event)
    data = formset_data(event, changes={scale[0].pk: {"text_fi": "Muutettu"}})
    client.post(give_url(token), {f"q{scale[0].pk}": "3"})

    client.force_login(world.coordinator)
    url = reverse("events:feedback_questions", kwargs={"pk": event.pk})
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["answered"] and "formset" not in page.context
    response = client.post(url, data, follow=True)
    assert response.redirect_chain[-1][0] == url
    assert any(m.level_tag == "error" for m in response.context["messages"])
    scale[0].refresh_from_db()
    assert scale[0].text_fi != "Muutettu"


def test_only_coordinators_edit_questions(client, world):
    event = EventFactory(period=world.period)
    url = reverse("events:feedback_questions", kwargs={"pk": event.pk})
    client.force_login(world.consultant_a)
    assert client.get(url).status_code == 403
    assert client.post(url, formset_data(event)).status_code == 403


def test_the_page_speaks_the_language_of_the_email(client, world):
    world.participant_a.language = "sv"
    world.participant_a.save()
    event, (token,) = past_event_with_tokens(world, [world.participant_a])
    question = event.feedback_questions.first()
    question.text_fi, question.text_sv = "Kuinka hyödyllinen?", "Hur nyttig?"
    question.save()
    html = client.get(give_url(token)).content.decode()
    assert 'lang="sv"' in html and "Hur nyttig?" in html
    client.cookies["django_language"] = "fi"  # the switcher's choice wins
    html = client.get(give_url(token)).content.decode()
    assert 'lang="fi"' in html and "Kuinka hyödyllinen?" in html


def test_results_cost_the_same_number_of_queries_for_one_and_many_answers(client, world):
    people = [UserFactory(municipality=world.municipality_a) for _index in range(8)]
    event, tokens = past_event_with_tokens(world, people)
    scale, open_ = questions_of(event)
    client.force_login(world.coordinator)
    url = reverse("events:feedback", kwargs={"pk": event.pk})

    def answer(token, index):
        sheet = {f"q{q.pk}": str(1 + index % 5) for q in scale}
        sheet |= {f"q{q.pk}": f"Vastaus {index}" for q in open_}
        assert client.post(give_url(token), sheet).status_code == 200

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    answer(tokens[0], 0)
    few = queries()
    for index, token in enumerate(tokens[1:], start=1):
        answer(token, index)
    assert queries() == few
