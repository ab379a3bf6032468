"""Event mail: sent once, in the recipient's language, with a calendar entry that calendars
accept and that later updates replace (same UID, growing SEQUENCE)."""

from datetime import datetime, timedelta

import icalendar
import pytest
import time_machine
from django.utils import timezone

from uso.core.errors import DomainError
from uso.events import calendar, services, tasks
from uso.events.models import Registration

from .events_factories import EventFactory
from .factories import UserFactory

pytestmark = pytest.mark.django_db

ONLINE = "https://meet.example.org/uso/seminaari"


def the_calendar(message) -> icalendar.Calendar:
    """The message's one .ics attachment, parsed."""
    (attachment,) = [a for a in message.attachments if a[0].endswith(".ics")]
    name, content, mimetype = attachment
    assert mimetype.startswith("text/calendar")
    return icalendar.Calendar.from_ical(content)


def the_entry(message) -> icalendar.Event:
    (entry,) = the_calendar(message).walk("VEVENT")
    return entry


def local(year, month, day, hour, minute=0):
    return timezone.make_aware(datetime(year, month, day, hour, minute))


def next_week_at_nine():
    day = timezone.localdate() + timedelta(days=7)
    return local(day.year, day.month, day.day, 9)


@pytest.fixture
def event(world):
    return EventFactory(
        period=world.period,
        title_fi="Teemaseminaari",
        start=next_week_at_nine(),
        online_url=ONLINE,
    )


def register(event, person, **kwargs):
    return services.register(event=event, by=person, person=person, **kwargs)


# --- Confirmation ------------------------------------------------------------------------------


def test_confirmation_is_sent_once_in_english_with_a_valid_calendar_entry(
    world, event, run_on_commit, mailoutbox
):
    person = UserFactory(municipality=world.municipality_a, language="en")
    with run_on_commit():
        register(event, person)
    with run_on_commit(), pytest.raises(DomainError):
        register(event, person)  # a second try is refused and sends nothing

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [person.email]
    assert "Registration confirmed" in message.subject
    assert "Teemaseminaari" in message.subject

    cal = the_calendar(message)
    (entry,) = cal.walk("VEVENT")
    assert str(entry["UID"]) == calendar.event_uid(event)
    assert entry["DTSTART"].params["TZID"] == "Europe/Helsinki"
    assert entry["DTSTART"].dt == timezone.localtime(event.start)
    assert entry["DTEND"].dt == timezone.localtime(event.end)
    assert str(entry["STATUS"]) == "CONFIRMED"
    assert ONLINE in str(entry["DESCRIPTION"])  # a confirmed place gets the link
    (zone,) = cal.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Helsinki"
    assert zone.walk("STANDARD") and zone.walk("DAYLIGHT")


def test_every_calendar_entry_of_the_event_has_the_same_uid(
    world, event, run_on_commit, mailoutbox
):
    with run_on_commit():
        register(event, world.participant_a)
        register(event, world.participant_b)
    uids = {str(the_entry(message)["UID"]) for message in mailoutbox}
    assert uids == {calendar.event_uid(event)}
    downloaded = icalendar.Calendar.from_ical(calendar.event_ics(event, include_link=False))
    assert str(downloaded.walk("VEVENT")[0]["UID"]) == calendar.event_uid(event)


def test_a_finnish_speaker_gets_the_confirmation_in_finnish(
    world, event, run_on_commit, mailoutbox
):
    person = UserFactory(municipality=world.municipality_a, language="fi")
    with run_on_commit():
        register(event, person)
    assert "Ilmoittautuminen vahvistettu" in mailoutbox[0].subject


def test_a_swedish_speaker_gets_the_confirmation_in_swedish(
    world, event, run_on_commit, mailoutbox
):
    person = UserFactory(municipality=world.municipality_a, language="sv")
    with run_on_commit():
        register(event, person)
    assert "Anmälan bekräftad" in mailoutbox[0].subject


def test_the_mail_follows_the_recipients_language_not_the_active_one(
    world, event, run_on_commit, mailoutbox
):
    """Whatever language the registering request runs in, the English speaker reads English."""
    from django.utils import translation

    person = UserFactory(municipality=world.municipality_a, language="en")
    with translation.override("fi"), run_on_commit():
        register(event, person)
        assert translation.get_language() == "fi"  # and the mail's language does not leak
    assert "Registration confirmed" in mailoutbox[0].subject


def test_a_guest_gets_mail_in_the_language_given_at_registration(world, run_on_commit, mailoutbox):
    event = EventFactory(period=world.period, guests_allowed=True)
    guest = services.Guest(
        name="Maria Virtanen", organisation="VM", email="Maria@VM.example", language="en"
    )
    with run_on_commit():
        services.register(event=event, by=world.coordinator, guest=guest)
    (message,) = mailoutbox
    assert message.to == ["maria@vm.example"]
    assert "Registration confirmed" in message.subject


# --- Waitlist ----------------------------------------------------------------------------------


def test_the_waitlisted_get_a_tentative_entry_without_the_link_and_mail_when_promoted(
    world, run_on_commit, mailoutbox
):
    event = EventFactory(period=world.period, capacity=1, online_url=ONLINE)
    waiting_person = UserFactory(municipality=world.municipality_b, language="en")
    with run_on_commit():
        first = register(event, world.participant_a)
        waiting = register(event, waiting_person)
    assert waiting.status == Registration.Status.WAITLISTED
    waitlisted_mail = mailoutbox[1]
    assert waitlisted_mail.to == [waiting_person.email]
    assert "On the waitlist" in waitlisted_mail.subject
    entry = the_entry(waitlisted_mail)
    assert str(entry["STATUS"]) == "TENTATIVE"
    assert ONLINE not in entry.to_ical().decode()  # the link is for confirmed places only
    assert ONLINE not in waitlisted_mail.body

    mailoutbox.clear()
    with run_on_commit():
        services.cancel_registration(registration=first, by=world.participant_a)
    (promoted,) = mailoutbox
    assert promoted.to == [waiting_person.email]
    assert "A place became free for you" in promoted.subject
    entry = the_entry(promoted)
    assert str(entry["STATUS"]) == "CONFIRMED"
    assert str(entry["UID"]) == calendar.event_uid(event)
    assert ONLINE in str(entry["DESCRIPTION"]) and ONLINE in promoted.body
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED


# --- Reminder ----------------------------------------------------------------------------------


def test_the_reminder_goes_two_days_before_and_only_once(world, run_on_commit, mailoutbox):
    start = local(2031, 5, 14, 9)
    person = UserFactory(municipality=world.municipality_a, language="en")
    with time_machine.travel(start - timedelta(days=10), tick=False):
        event = EventFactory(period=world.period, start=start, capacity=1)
        with run_on_commit():
            register(event, person)
            register(event, world.participant_b)  # waitlisted: no reminder
    mailoutbox.clear()

    with time_machine.travel(start - timedelta(days=2, hours=1), tick=False), run_on_commit():
        assert tasks.send_event_reminders() == 0
    assert mailoutbox == []

    with time_machine.travel(start - timedelta(days=2) + timedelta(minutes=5), tick=False):
        with run_on_commit():
            assert tasks.send_event_reminders() == 1
        with run_on_commit():
            assert tasks.send_event_reminders() == 0
    with time_machine.travel(start - timedelta(hours=3), tick=False), run_on_commit():
        assert services.send_due_reminders() == 0

    (message,) = mailoutbox
    assert message.to == [person.email]
    assert "Reminder" in message.subject
    assert str(the_entry(message)["UID"]) == calendar.event_uid(event)
    assert Registration.objects.get(person=person).reminder_sent_at is not None


def test_no_reminder_for_a_cancelled_event_or_a_cancelled_registration(
    world, run_on_commit, mailoutbox
):
    start = local(2031, 5, 14, 9)
    with time_machine.travel(start - timedelta(days=10), tick=False):
        cancelled_event = EventFactory(period=world.period, start=start)
        event = EventFactory(period=world.period, start=start)
        register(cancelled_event, world.participant_a)
        services.cancel_event(event=cancelled_event)
        registration = register(event, world.participant_b)
        services.cancel_registration(registration=registration, by=world.participant_b)
    mailoutbox.clear()
    with time_machine.travel(start - timedelta(days=1), tick=False), run_on_commit():
        assert services.send_due_reminders() == 0
    assert mailoutbox == []


# --- Changes and cancellation ------------------------------------------------------------------


def test_a_new_time_reaches_everyone_registered_and_replaces_their_calendar_entry(
    world, run_on_commit, mailoutbox
):
    event = EventFactory(period=world.period, capacity=1)
    with run_on_commit():
        register(event, world.participant_a)
        register(event, world.participant_b)  # waitlisted, still registered
        cancelled = register(event, world.contact_b)
        services.cancel_registration(registration=cancelled, by=world.contact_b)
    original = the_entry(mailoutbox[0])
    mailoutbox.clear()

    event.refresh_from_db()
    event.start += timedelta(hours=2)
    event.end += timedelta(hours=2)
    with run_on_commit():
        services.save_event(event=event, changed={"start", "end"}, by=world.coordinator)

    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        [world.participant_a.email, world.participant_b.email]
    )
    for message in mailoutbox:
        assert event.title in message.subject
        entry = the_entry(message)
        assert str(entry["UID"]) == str(original["UID"])
        assert entry["SEQUENCE"] == original["SEQUENCE"] + 1
        assert entry["DTSTART"].dt == original["DTSTART"].dt + timedelta(hours=2)
        assert entry["DTSTART"].params["TZID"] == "Europe/Helsinki"


def test_a_change_of_title_tells_nobody_and_keeps_the_sequence(world, run_on_commit, mailoutbox):
    event = EventFactory(period=world.period)
    register(event, world.participant_a)
    sequence = event.sequence
    mailoutbox.clear()
    event.title_fi = "Uusi otsikko"
    with run_on_commit():
        services.save_event(event=event, changed={"title_fi"}, by=world.coordinator)
    assert mailoutbox == []
    event.refresh_from_db()
    assert event.sequence == sequence


def test_cancelling_the_event_tells_everyone_registered_and_cancels_their_entries(
    world, run_on_commit, mailoutbox
):
    event = EventFactory(period=world.period, capacity=1)
    with run_on_commit():
        register(event, world.participant_a)
        register(event, world.participant_b)
    original = the_entry(mailoutbox[0])
    mailoutbox.clear()

    with run_on_commit():
        services.cancel_event(event=event, by=world.coordinator)

    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        [world.participant_a.email, world.participant_b.email]
    )
    for message in mailoutbox:
        assert event.title in message.subject
        entry = the_entry(message)
        assert str(entry["STATUS"]) == "CANCELLED"
        assert str(entry["UID"]) == str(original["UID"])
        assert entry["SEQUENCE"] > original["SEQUENCE"]


# --- After the event ---------------------------------------------------------------------------


def test_dietary_requirements_are_erased_thirty_days_after_the_event_and_not_before(world):
    start = local(2031, 5, 14, 9)
    with time_machine.travel(start - timedelta(days=10), tick=False):
        event = EventFactory(period=world.period, start=start)
        registration = register(event, world.participant_a, dietary="Gluteeniton")
    end = event.end

    with time_machine.travel(end + timedelta(days=29, hours=23), tick=False):
        assert tasks.erase_dietary_requirements() == 0
    registration.refresh_from_db()
    assert registration.dietary == "Gluteeniton"

    with time_machine.travel(end + timedelta(days=30, minutes=1), tick=False):
        assert tasks.erase_dietary_requirements() == 1
    registration.refresh_from_db()
    assert registration.dietary == ""
    assert registration.status == Registration.Status.CONFIRMED  # only the diet goes


def test_feedback_is_asked_once_of_those_who_attended(world, run_on_commit, mailoutbox):
    start = local(2031, 5, 14, 9)
    with time_machine.travel(start - timedelta(days=10), tick=False):
        event = EventFactory(period=world.period, start=start)
        came = register(event, world.participant_a)
        also_came = register(event, world.contact_a)
        stayed_away = register(event, world.participant_b)
    for registration, attendance in [
        (came, Registration.Attendance.ATTENDED),
        (also_came, Registration.Attendance.ATTENDED),
        (stayed_away, Registration.Attendance.NO_SHOW),
    ]:
        services.set_attendance(registration=registration, attendance=attendance)
    mailoutbox.clear()

    with time_machine.travel(start + timedelta(hours=1), tick=False), run_on_commit():
        assert tasks.request_event_feedback() == 0  # not over yet
    with time_machine.travel(event.end + timedelta(hours=1), tick=False):
        with run_on_commit():
            assert tasks.request_event_feedback() == 2
        with run_on_commit():
            assert tasks.request_event_feedback() == 0
    with time_machine.travel(event.end + timedelta(days=3), tick=False), run_on_commit():
        assert services.request_feedback() == 0

    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        [world.participant_a.email, world.contact_a.email]
    )
    for registration in (came, also_came):
        registration.refresh_from_db()
        assert registration.feedback_token
        (message,) = [m for m in mailoutbox if m.to == [registration.person.email]]
        assert registration.feedback_token in message.body
        assert message.attachments == []
    stayed_away.refresh_from_db()
    assert stayed_away.feedback_token is None
