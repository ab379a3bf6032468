"""Every write to events: registration and its waitlist, clinic bookings, notifications.

Registration and cancellation lock the event's row, so capacity and per-municipality limits
hold however many people register at the same moment (tested with threads on PostgreSQL).
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override

from uso.core.errors import DomainError
from uso.core.mail import queue_email
from uso.network.models import Membership

from . import calendar
from .models import (
    ClinicSlot,
    Event,
    EventFormat,
    EventKind,
    EventMaterial,
    FeedbackAnswer,
    FeedbackQuestion,
    FeedbackResponse,
    ParticipationMode,
    Registration,
)

REMINDER_BEFORE = timedelta(days=2)
DIETARY_KEPT_FOR = timedelta(days=30)

# Changing these tells everyone registered and updates their calendars.
NOTIFIED_FIELDS = {"start", "end", "venue", "address", "online_url", "format"}


@dataclass(frozen=True)
class Guest:
    name: str
    organisation: str
    email: str
    language: str = "fi"


# --- Events ------------------------------------------------------------------------------------


def default_feedback_questions() -> list[tuple[str, dict[str, str]]]:
    """The questions every new event starts with, in each language."""
    texts = [
        (FeedbackQuestion.Kind.SCALE, gettext_noop("How useful was the event for your work?")),
        (FeedbackQuestion.Kind.SCALE, gettext_noop("How well did the programme meet its goals?")),
        (FeedbackQuestion.Kind.SCALE, gettext_noop("How well was the event organised?")),
        (FeedbackQuestion.Kind.OPEN, gettext_noop("What will you take back to your municipality?")),
        (FeedbackQuestion.Kind.OPEN, gettext_noop("What should we do differently next time?")),
    ]
    questions = []
    for kind, text in texts:
        translated = {}
        for language in ("fi", "sv", "en"):
            with override(language):
                translated[language] = _(text)
        questions.append((kind, translated))
    return questions


def schedule_problems(*, start, end, opens=None, closes=None) -> dict[str, str]:
    """What is wrong with an event's times, by field: the event form and the API both ask."""
    problems = {}
    if start and end and end <= start:
        problems["end"] = _("The event must end after it starts.")
    if opens and end and opens >= end:
        problems["registration_opens"] = _("Registration must open before the event ends.")
    if opens and closes and closes <= opens:
        problems["registration_closes"] = _("Registration must close after it opens.")
    elif closes and end and closes > end:
        problems["registration_closes"] = _("Registration must close by the event's end.")
    return problems


def save_event(*, event: Event, changed: set[str], by=None) -> Event:
    """Save a created or edited event: a new one gets the default feedback questions; a change
    of time or place reaches every registered person and their calendars."""
    is_new = event.pk is None
    with transaction.atomic():
        if is_new:
            event.created_by = by
        elif changed & NOTIFIED_FIELDS:
            event.sequence = F("sequence") + 1
        event.full_clean(exclude=["sequence"])
        event.save()
        event.refresh_from_db()
        if is_new:
            for order, (kind, texts) in enumerate(default_feedback_questions()):
                FeedbackQuestion.objects.create(
                    event=event,
                    order=order,
                    kind=kind,
                    **{f"text_{lang}": text for lang, text in texts.items()},
                )
        elif changed & NOTIFIED_FIELDS and event.status == Event.Status.PUBLISHED:
            _notify_registered(event, "events/email/event_changed")
        if not is_new and changed & {"capacity", "per_municipality_limit"}:
            locked = Event.objects.select_for_update().get(pk=event.pk)
            fill_from_waitlist(locked)
    return event


def publish_event(*, event: Event, by=None) -> Event:
    if event.status != Event.Status.DRAFT:
        raise DomainError(_("Only a draft can be published."))
    event.status = Event.Status.PUBLISHED
    event.save(update_fields=["status", "updated_at"])
    return event


def cancel_event(*, event: Event, by=None) -> Event:
    """Cancel the event and tell everyone registered; their calendars mark it cancelled."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if event.status == Event.Status.CANCELLED:
            raise DomainError(_("The event has already been cancelled."))
        event.status = Event.Status.CANCELLED
        event.sequence += 1
        event.save(update_fields=["status", "sequence", "updated_at"])
        _notify_registered(event, "events/email/event_cancelled")
    return event


def _notify_registered(event: Event, template: str) -> None:
    registrations = event.registrations.active().select_related("person")
    for registration in registrations:
        _mail(registration, template, attach_calendar=True)


# --- Registration ------------------------------------------------------------------------------


def register(
    *,
    event: Event,
    by,
    person=None,
    guest: Guest | None = None,
    mode: str = "",
    dietary: str = "",
    consent_to_list: bool = False,
) -> Registration:
    """Register a person (or, by a coordinator, a guest): confirmed while seats are left,
    else on the waitlist in the order of arrival."""
    if (person is None) == (guest is None):
        raise ValueError("Register either a person or a guest.")
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        _check_may_register(event, by=by, person=person, guest=guest)
        municipality_id = person.municipality_id if person else None
        registration = Registration(
            event=event,
            person=person,
            municipality_id=municipality_id,
            registered_by=by if by and by.is_authenticated else None,
            mode=_participation_mode(event, mode),
            dietary=dietary.strip(),
            consent_to_list=consent_to_list,
            status=Registration.Status.WAITLISTED,
        )
        if guest:
            registration.guest_name = guest.name
            registration.guest_organisation = guest.organisation
            registration.guest_email = guest.email.lower()
            registration.language = guest.language
        if _has_seat_for(event, municipality_id):
            registration.status = Registration.Status.CONFIRMED
            registration.confirmed_at = timezone.now()
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError:
            raise DomainError(_("This person is already registered for the event.")) from None
        template = (
            "events/email/registration_confirmed"
            if registration.status == Registration.Status.CONFIRMED
            else "events/email/registration_waitlisted"
        )
        _mail(registration, template, attach_calendar=True)
    return registration


def _participation_mode(event: Event, mode: str) -> str:
    if event.format == EventFormat.HYBRID:
        return mode or ParticipationMode.ON_SITE
    if event.format == EventFormat.ONLINE:
        return ParticipationMode.ONLINE
    return ParticipationMode.ON_SITE


def _check_may_register(event: Event, *, by, person, guest) -> None:
    is_coordinator = bool(by and by.is_authenticated and by.is_coordinator)
    problem = event.registration_problem()
    if problem and not (is_coordinator and event.status == Event.Status.PUBLISHED):
        raise DomainError(problem)
    if guest is not None:
        if not is_coordinator:
            raise DomainError(_("Only a coordinator can register guests."))
        if not event.guests_allowed:
            raise DomainError(_("This event does not take guests."))
        if event.registrations.active().filter(guest_email=guest.email.lower()).exists():
            raise DomainError(_("This guest is already registered for the event."))
        return
    if not person.is_active:
        raise DomainError(_("The person's account is not in use."))
    if event.registrations.active().filter(person=person).exists():
        raise DomainError(_("This person is already registered for the event."))
    problem = who_may_not_attend(event, person)
    if problem:
        raise DomainError(problem)


def who_may_not_attend(event: Event, person) -> str | None:
    """Why the event is not open to this person, or None. The network's staff may attend all."""
    if person.municipality_id is None:
        return None
    if event.kind == EventKind.CONTACT_MEETING and not person.is_contact:
        return _("This meeting is for the municipalities' contact persons.")
    if (
        not Membership.objects.active()
        .filter(period_id=event.period_id, municipality_id=person.municipality_id)
        .exists()
    ):
        return _("The event is for the people of the network's member municipalities.")
    if (
        event.kind == EventKind.PEER_SEMINAR
        and not event.peer_groups.filter(members=person.municipality_id).exists()
    ):
        return _("This peer seminar is for the municipalities of its peer groups only.")
    if event.kind == EventKind.WORKSHOP and event.municipality_id != person.municipality_id:
        return _("This workshop belongs to another municipality.")
    if event.kind == EventKind.CHANGE_CLINIC and not clinic_is_open_to(event, person.municipality):
        return _(
            "This regional clinic is for the municipalities of its regions; the coordinator "
            "can admit others."
        )
    return None


def clinic_is_open_to(event: Event, municipality) -> bool:
    regions = {region.pk for region in event.regions.all()}
    if not regions or municipality.region_id in regions:
        return True
    return event.admitted_municipalities.filter(pk=municipality.pk).exists()


def seats_taken_by_municipality(registration: Registration) -> bool:
    """Whether a waitlisted person waits for their municipality's seats (the event's limit a
    municipality) rather than for the event's: seats are left, but not for them."""
    event = registration.event
    return (
        registration.status == Registration.Status.WAITLISTED
        and registration.municipality_id is not None
        and event.per_municipality_limit is not None
        and has_free_seat(event)
    )


def has_free_seat(event: Event) -> bool:
    """Whether the event has a seat left (a municipality's own limit aside)."""
    return _has_seat_for(event, None)


def _has_seat_for(event: Event, municipality_id: int | None) -> bool:
    confirmed = event.registrations.confirmed()
    if event.capacity is not None and confirmed.count() >= event.capacity:
        return False
    if municipality_id is None or event.per_municipality_limit is None:
        return True
    return confirmed.filter(municipality_id=municipality_id).count() < (
        event.per_municipality_limit
    )


def cancel_registration(*, registration: Registration, by=None) -> Registration:
    """Cancel a place; a freed seat goes to the first on the waitlist who fits the limits."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == Registration.Status.CANCELLED:
            raise DomainError(_("The registration has already been cancelled."))
        if event.has_ended and not (by and by.is_coordinator):
            raise DomainError(_("A registration cannot be cancelled after the event."))
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        fill_from_waitlist(event)
    return registration


def fill_from_waitlist(event: Event) -> list[Registration]:
    """Confirm waiting people in order while seats are left. The caller holds the event lock."""
    promoted = []
    if event.has_ended or event.status == Event.Status.CANCELLED:
        return promoted
    for waiting in event.registrations.waitlisted().select_related("person"):
        if event.capacity is not None and event.registrations.confirmed().count() >= (
            event.capacity
        ):
            break
        if not _has_seat_for(event, waiting.municipality_id):
            continue  # their municipality is at its limit; the next in line may fit
        waiting.status = Registration.Status.CONFIRMED
        waiting.confirmed_at = timezone.now()
        waiting.save(update_fields=["status", "confirmed_at"])
        _mail(waiting, "events/email/registration_promoted", attach_calendar=True)
        promoted.append(waiting)
    return promoted


def set_attendance(*, registration: Registration, attendance: str) -> Registration:
    if registration.status != Registration.Status.CONFIRMED:
        raise DomainError(_("Attendance is marked for confirmed registrations only."))
    registration.attendance = attendance
    registration.save(update_fields=["attendance"])
    return registration


# --- Change clinics ----------------------------------------------------------------------------


def book_slot(*, slot: ClinicSlot, municipality, challenge: str, by) -> ClinicSlot:
    """Book a consultation for a municipality: one slot each, never two on one slot."""
    event = slot.event
    problem = event.registration_problem()
    # A coordinator may still book after the window has closed, never on a draft or cancelled.
    if problem and not (by.is_coordinator and event.status == Event.Status.PUBLISHED):
        raise DomainError(problem)
    if (
        not Membership.objects.active()
        .filter(period_id=event.period_id, municipality_id=municipality.pk)
        .exists()
    ):
        raise DomainError(_("The event is for the people of the network's member municipalities."))
    if not clinic_is_open_to(event, municipality):
        raise DomainError(
            _(
                "This regional clinic is for the municipalities of its regions; the coordinator "
                "can admit others."
            )
        )
    if not challenge.strip():
        raise DomainError(_("Describe the change challenge you bring."), field="challenge")
    try:
        with transaction.atomic():
            # The update takes the slot only if it is still free: two bookings at the same
            # moment cannot both succeed.
            taken = ClinicSlot.objects.filter(pk=slot.pk, municipality__isnull=True).update(
                municipality=municipality,
                challenge=challenge.strip(),
                booked_by=by,
                booked_at=timezone.now(),
            )
    except IntegrityError:
        raise DomainError(
            _("Your municipality has already booked a slot at this clinic.")
        ) from None
    if not taken:
        raise DomainError(_("Someone booked this slot a moment ago. Please choose another."))
    slot.refresh_from_db()
    return slot


def release_slot(*, slot: ClinicSlot, by=None) -> ClinicSlot:
    slot.municipality = None
    slot.challenge = ""
    slot.booked_by = None
    slot.booked_at = None
    slot.save()
    return slot


# --- Materials ---------------------------------------------------------------------------------


def add_material(*, event: Event, title: str, file, by) -> EventMaterial:
    return EventMaterial.objects.create(
        event=event, title=title, file=file, size=file.size, uploaded_by=by
    )


# --- Scheduled work ----------------------------------------------------------------------------


def send_due_reminders(now=None) -> int:
    """Remind confirmed people two days before; each registration is claimed once."""
    now = now or timezone.now()
    due = Registration.objects.filter(
        status=Registration.Status.CONFIRMED,
        reminder_sent_at__isnull=True,
        event__status=Event.Status.PUBLISHED,
        event__start__gt=now,
        event__start__lte=now + REMINDER_BEFORE,
    )
    sent = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            claimed = Registration.objects.filter(pk=pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            )
            if claimed:
                registration = Registration.objects.select_related("event", "person").get(pk=pk)
                _mail(registration, "events/email/reminder", attach_calendar=True)
                sent += 1
    return sent


def erase_dietary_requirements(now=None) -> int:
    now = now or timezone.now()
    return (
        Registration.objects.filter(event__end__lt=now - DIETARY_KEPT_FOR)
        .exclude(dietary="")
        .update(dietary="")
    )


def request_feedback(now=None) -> int:
    """After an event, ask those who attended (or, if nobody was marked, everyone confirmed)."""
    now = now or timezone.now()
    events = Event.objects.filter(
        status=Event.Status.PUBLISHED,
        end__lt=now,
        end__gte=now - timedelta(days=14),
        feedback_requested_at__isnull=True,
    )
    sent = 0
    for event_pk in events.values_list("pk", flat=True):
        with transaction.atomic():
            claimed = Event.objects.filter(pk=event_pk, feedback_requested_at__isnull=True).update(
                feedback_requested_at=now
            )
            if not claimed:
                continue
            confirmed = Registration.objects.filter(
                event_id=event_pk, status=Registration.Status.CONFIRMED
            )
            attended = confirmed.filter(attendance=Registration.Attendance.ATTENDED)
            recipients = (
                attended
                if attended.exists()
                else confirmed.exclude(attendance=Registration.Attendance.NO_SHOW)
            )
            for registration in recipients.select_related("event", "person"):
                registration.feedback_token = secrets.token_urlsafe(32)
                registration.save(update_fields=["feedback_token"])
                _mail(registration, "events/email/feedback_request")
                sent += 1
    return sent


# --- Feedback ----------------------------------------------------------------------------------


def submit_feedback(*, token: str, answers: dict[int, dict]) -> FeedbackResponse:
    """Store one anonymous answer sheet. `answers` maps question ids to {"score", "text"}."""
    with transaction.atomic():
        registration = Registration.objects.select_for_update().filter(feedback_token=token).first()
        if registration is None:
            raise DomainError(_("This feedback link is not valid."))
        if registration.feedback_given:
            raise DomainError(_("Feedback has already been given with this link. Thank you!"))
        registration.feedback_given = True
        registration.save(update_fields=["feedback_given"])
        response = FeedbackResponse.objects.create(
            event_id=registration.event_id, submitted_on=timezone.localdate()
        )
        questions = {q.pk: q for q in registration.event.feedback_questions.all()}
        FeedbackAnswer.objects.bulk_create(
            FeedbackAnswer(
                response=response,
                question=questions[question_id],
                score=answer.get("score"),
                text=(answer.get("text") or "").strip(),
            )
            for question_id, answer in answers.items()
            if question_id in questions and (answer.get("score") or answer.get("text"))
        )
    return response


# --- Mail --------------------------------------------------------------------------------------


def _mail(registration: Registration, template: str, *, attach_calendar: bool = False) -> None:
    event = registration.event
    language = registration.recipient_language
    attachments = []
    if attach_calendar:
        # As in the feed: the online link only for a confirmed place, the waitlist tentative.
        with override(language):
            ics = calendar.event_ics(
                event,
                include_link=registration.status == Registration.Status.CONFIRMED,
                tentative=registration.status == Registration.Status.WAITLISTED,
            )
        attachments.append(("event.ics", ics.decode(), "text/calendar"))
    queue_email(
        to=registration.email,
        template=template,
        context={
            "registration": registration,
            "event": event,
            "show_link": registration.status == Registration.Status.CONFIRMED,
        },
        language=language,
        attachments=attachments,
    )
