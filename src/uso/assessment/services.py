"""Writes of the self-assessment: the questionnaire, its rounds, invitations, reminders and
answers. Every write that sends mail queues it after the commit (`uso.core.mail`)."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from uso.accounts.models import Language, Leadership, User
from uso.core.errors import DomainError
from uso.core.mail import queue_email
from uso.network.models import Membership, Municipality, Period

from .models import (
    SCALE,
    Answer,
    Question,
    Questionnaire,
    Reminder,
    ReminderDelivery,
    Respondent,
    Round,
)

# --- The questionnaire (coordinators) ----------------------------------------------------------


def questionnaire_of(period: Period) -> Questionnaire:
    questionnaire, _created = Questionnaire.objects.get_or_create(period=period)
    return questionnaire


@transaction.atomic
def save_question(*, question: Question) -> Question:
    """Add a question at the end, or save an edited one. A statement needs a sub-theme of the
    questionnaire's own period."""
    period_id = question.questionnaire.period_id
    if question.kind == Question.Kind.STATEMENT:
        if question.sub_theme_id is None:
            raise DomainError(_("A statement needs a sub-theme."), field="sub_theme")
        if question.sub_theme.theme_area.period_id != period_id:
            raise DomainError(_("Choose a sub-theme of this period."), field="sub_theme")
    else:
        question.sub_theme = None
    if question.pk is None:
        last = question.questionnaire.questions.aggregate(last=Max("order"))["last"]
        question.order = 0 if last is None else last + 1
    elif _has_answers(question) and _kind_changed(question):
        raise DomainError(_("A question that has answers cannot change its kind."), field="kind")
    elif _has_answers(question) and _sub_theme_changed(question):
        # Its answers would move to another sub-theme's scores, also in closed rounds.
        raise DomainError(
            _("A statement that has answers cannot move to another sub-theme."), field="sub_theme"
        )
    question.save()
    return question


def _has_answers(question: Question) -> bool:
    return Answer.objects.filter(question=question).exists()


def _kind_changed(question: Question) -> bool:
    return Question.objects.filter(pk=question.pk).exclude(kind=question.kind).exists()


def _sub_theme_changed(question: Question) -> bool:
    saved = Question.objects.filter(pk=question.pk).values_list("sub_theme_id", flat=True).first()
    return saved != question.sub_theme_id


@transaction.atomic
def delete_question(*, question: Question) -> None:
    if _has_answers(question):
        raise DomainError(_("The question has answers; it can no longer be removed."))
    question.delete()


@transaction.atomic
def move_question(*, question: Question, step: int) -> None:
    """Swap the question with its neighbour above (step -1) or below (step 1)."""
    questions = list(question.questionnaire.questions.order_by("order", "id"))
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    other = index + step
    if 0 <= other < len(questions):
        questions[index], questions[other] = questions[other], questions[index]
    for order, item in enumerate(questions):
        if item.order != order:
            Question.objects.filter(pk=item.pk).update(order=order)


@transaction.atomic
def save_round(*, round: Round) -> Round:
    """A round's dates lie within its period; the end round opens after the start round closes."""
    period = round.questionnaire.period
    if round.closes_on < round.opens_on:
        raise DomainError(_("The round cannot close before it opens."), field="closes_on")
    if round.opens_on < period.start_date or round.closes_on > period.end_date:
        raise DomainError(
            _("The round's dates must be within the period (%(start)s–%(end)s).")
            % {
                "start": date_format(period.start_date, "SHORT_DATE_FORMAT"),
                "end": date_format(period.end_date, "SHORT_DATE_FORMAT"),
            },
            field="opens_on",
        )
    if round.pk is not None:
        saved = Round.objects.get(pk=round.pk)
        answered = saved.respondents.filter(answered_at__isnull=False).exists()
        if saved.is_closed and answered and not round.is_closed:
            # Its results have been shown; answers changed now could be told apart.
            raise DomainError(
                _("The round has closed and its results are shown; it cannot be reopened."),
                field="closes_on",
            )
    others = round.questionnaire.rounds.exclude(pk=round.pk)
    if round.kind == Round.Kind.END and others.filter(closes_on__gte=round.opens_on).exists():
        raise DomainError(
            _("The end round must open after the start round has closed."), field="opens_on"
        )
    if round.kind == Round.Kind.START and others.filter(opens_on__lte=round.closes_on).exists():
        raise DomainError(
            _("The start round must close before the end round opens."), field="closes_on"
        )
    try:
        with transaction.atomic():
            round.save()
    except IntegrityError:
        raise DomainError(_("The period already has this round."), field="kind") from None
    return round


# --- Invitations and reminders (contact persons) ----------------------------------------------

REMINDER_SPACING = timedelta(hours=1)


@dataclass
class Invitee:
    name: str
    email: str
    leadership: str
    language: str = Language.FI
    person: User | None = None


def people_to_invite(municipality: Municipality):
    """The municipality's active people whose leadership type is known: they can be invited
    with one tick."""
    return (
        User.objects.active()
        .filter(municipality=municipality, leadership__in=Leadership.values)
        .order_by("last_name", "first_name")
    )


def _check_can_invite(round: Round, municipality: Municipality) -> None:
    if round.is_closed:
        raise DomainError(_("The round has closed; nobody can be invited to it any more."))
    is_member = Membership.objects.filter(
        municipality=municipality,
        period_id=round.questionnaire.period_id,
        status=Membership.Status.ACTIVE,
    ).exists()
    if not is_member:
        raise DomainError(_("Only member municipalities of the period answer its self-assessment."))


@transaction.atomic
def invite_respondents(
    *, round: Round, municipality: Municipality, invitees: list[Invitee], by
) -> list[Respondent]:
    """Invite people to answer for their municipality; each gets a personal link by e-mail.
    Someone already invited to the round is skipped (not invited twice)."""
    _check_can_invite(round, municipality)
    # One invitation at a time per round, so that two submissions cannot both add a person.
    Round.objects.select_for_update().filter(pk=round.pk).first()
    already = set(
        Respondent.objects.filter(round=round, municipality=municipality).values_list(
            "email", flat=True
        )
    )
    created = []
    for invitee in invitees:
        email = invitee.email.strip().lower()
        if email in already:
            continue
        if invitee.leadership not in Leadership.values:
            raise DomainError(
                _("Choose political or professional leadership for %(name)s.")
                % {"name": invitee.name}
            )
        already.add(email)
        respondent = Respondent.objects.create(
            round=round,
            municipality=municipality,
            person=invitee.person,
            name=invitee.name.strip(),
            email=email,
            leadership=invitee.leadership,
            language=invitee.language if invitee.language in Language.values else Language.FI,
            invited_by=by,
        )
        _send_link(respondent, template="assessment/email/invitation")
        created.append(respondent)
    return created


def _send_link(respondent: Respondent, *, template: str) -> None:
    round = respondent.round
    queue_email(
        to=respondent.email,
        template=template,
        language=respondent.language,
        context={
            "respondent": respondent,
            "round": round,
            "period": round.questionnaire.period,
            "municipality": respondent.municipality,
            "answer_path": reverse("assessment:answer", kwargs={"token": respondent.token}),
        },
    )


@transaction.atomic
def remove_respondent(*, respondent: Respondent) -> None:
    """Withdraw an invitation that has not been answered (a wrong address, a person who left)."""
    if respondent.answered_at is not None:
        raise DomainError(_("The person has answered; the answers stay in the results."))
    respondent.delete()


@transaction.atomic
def send_reminder(*, round: Round, municipality: Municipality | None, by) -> int:
    """Remind everybody invited who has not answered — of one municipality, or of all when
    `municipality` is None. Each reminder reaches each person once; returns how many."""
    if not round.is_open:
        raise DomainError(_("Reminders can be sent only while the round is open."))
    # One reminder at a time per round; a second click soon after sends nothing.
    Round.objects.select_for_update().filter(pk=round.pk).first()
    recent = Reminder.objects.filter(round=round, created_at__gte=timezone.now() - REMINDER_SPACING)
    if municipality is not None:
        # A reminder to everybody reached this municipality's people too.
        recent = recent.filter(Q(municipality=municipality) | Q(municipality=None))
    else:
        recent = recent.filter(municipality=None)
    if recent.exists():
        raise DomainError(
            _("A reminder was sent less than an hour ago; wait before sending another.")
        )
    waiting = Respondent.objects.filter(round=round, answered_at__isnull=True).select_related(
        "round__questionnaire__period", "municipality"
    )
    if municipality is not None:
        waiting = waiting.filter(municipality=municipality)
    waiting = list(waiting)
    if not waiting:
        return 0
    reminder = Reminder.objects.create(round=round, municipality=municipality, sent_by=by)
    ReminderDelivery.objects.bulk_create(
        [ReminderDelivery(reminder=reminder, respondent=respondent) for respondent in waiting]
    )
    for respondent in waiting:
        _send_link(respondent, template="assessment/email/reminder")
    return len(waiting)


# --- Answering (respondents, through their link) ----------------------------------------------


def respondent_by_token(token: str) -> Respondent | None:
    return (
        Respondent.objects.select_related("round__questionnaire__period", "municipality")
        .filter(token=token)
        .first()
    )


@transaction.atomic
def save_answers(*, respondent: Respondent, scores: dict[int, int | None], texts: dict[int, str]):
    """Store a respondent's answers (replacing earlier ones) while the round is open.

    `scores` maps every statement's id to 1–5 or None ("cannot say"); `texts` maps open
    questions' ids to their answers (empty is allowed)."""
    respondent = Respondent.objects.select_for_update().get(pk=respondent.pk)
    if not respondent.round.is_open:
        raise DomainError(_("The round has closed; answers can no longer be given or changed."))
    questions = {q.pk: q for q in respondent.round.questionnaire.questions.all()}
    statements = {pk for pk, q in questions.items() if q.is_statement}
    if set(scores) != statements:
        raise DomainError(_("Answer every statement, or choose “cannot say”."))
    if any(score is not None and score not in SCALE for score in scores.values()):
        raise DomainError(_("A score must be between 1 and 5."))
    if set(texts) - (set(questions) - statements):
        raise DomainError(_("An answer was given to a question that is not in the questionnaire."))
    Answer.objects.filter(respondent=respondent).delete()
    Answer.objects.bulk_create(
        [Answer(respondent=respondent, question_id=pk, score=score) for pk, score in scores.items()]
        + [
            Answer(respondent=respondent, question_id=pk, text=text.strip())
            for pk, text in texts.items()
            if text.strip()
        ]
    )
    respondent.answered_at = timezone.now()
    respondent.save(update_fields=["answered_at"])
    return respondent


# --- Personal data (GDPR) -----------------------------------------------------------------------


def _invitations_of(user):
    return Respondent.objects.filter(Q(person=user) | Q(email__iexact=user.email))


def personal_data(*, user) -> list[dict]:
    """The person's self-assessment invitations and their own answers, for their download."""
    respondents = _invitations_of(user).select_related(
        "round__questionnaire__period", "municipality"
    )
    answers = Answer.objects.filter(respondent__in=respondents).select_related("question")
    by_respondent: dict[int, list] = {}
    for answer in answers.order_by("question__order", "question_id"):
        by_respondent.setdefault(answer.respondent_id, []).append(
            {"question": answer.question.text, "score": answer.score, "text": answer.text}
        )
    return [
        {
            "period": str(r.round.questionnaire.period),
            "round": r.round.kind,
            "municipality": r.municipality.code,
            "name": r.name,
            "email": r.email,
            "leadership": r.leadership,
            "invited_at": r.invited_at.isoformat(),
            "answered_at": r.answered_at.isoformat() if r.answered_at else None,
            "answers": by_respondent.get(r.pk, []),
        }
        for r in respondents.order_by("invited_at", "id")
    ]


def forget_person(*, user) -> None:
    """On deleting an account: unanswered invitations go; answered ones keep their anonymous
    answers (they are part of published aggregates) without the name or address."""
    invitations = _invitations_of(user)
    invitations.filter(answered_at__isnull=True).delete()
    for respondent in invitations.filter(answered_at__isnull=False):
        respondent.person = None
        respondent.name = _("Removed person")
        respondent.email = f"removed-{respondent.pk}@invalid"
        respondent.save(update_fields=["person", "name", "email"])
