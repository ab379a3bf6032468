"""Calendar files: local Helsinki time with its VTIMEZONE on both sides of a daylight-saving
change; the personal feed shows the waitlist as tentative, the online link only with a
confirmed place, and no cancelled registrations."""

from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from django.utils import timezone

from uso.events import calendar, services
from uso.events.models import EventFormat

from .events_factories import EventFactory
from .factories import UserFactory

pytestmark = pytest.mark.django_db

ONLINE = "https://meet.example.org/uso/klinikka"


def local(year, month, day, hour, minute=0):
    return timezone.make_aware(datetime(year, month, day, hour, minute))


def entries_by_title(ics: bytes) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(ics)
    return {str(entry["SUMMARY"]): entry for entry in cal.walk("VEVENT")}


def register(event, person):
    return services.register(event=event, by=person, person=person)


def test_the_feed_keeps_ten_oclock_local_across_the_spring_change(world):
    # Summer time in Finland begins on Sunday 28 March 2027: +02 before, +03 after.
    before = EventFactory(
        period=world.period, title_fi="Ennen kesäaikaa", start=local(2027, 3, 27, 10)
    )
    after = EventFactory(period=world.period, title_fi="Kesäajassa", start=local(2027, 3, 29, 10))
    register(before, world.participant_a)
    register(after, world.participant_a)

    ics = calendar.feed_ics(world.participant_a)
    text = ics.decode()
    assert "DTSTART;TZID=Europe/Helsinki:20270327T100000" in text
    assert "DTSTART;TZID=Europe/Helsinki:20270329T100000" in text

    entries = entries_by_title(ics)
    first, second = entries["Ennen kesäaikaa"]["DTSTART"], entries["Kesäajassa"]["DTSTART"]
    for start in (first, second):
        assert start.params["TZID"] == "Europe/Helsinki"
        assert (start.dt.hour, start.dt.minute) == (10, 0)
    assert first.dt.utcoffset() == timedelta(hours=2)
    assert second.dt.utcoffset() == timedelta(hours=3)
    assert first.dt.astimezone(UTC) == datetime(2027, 3, 27, 8, tzinfo=UTC)
    assert second.dt.astimezone(UTC) == datetime(2027, 3, 29, 7, tzinfo=UTC)
    # Two days and one hour less between the instants: the clocks went forward.
    assert second.dt.astimezone(UTC) - first.dt.astimezone(UTC) == timedelta(hours=47)


def test_the_feeds_vtimezone_itself_gives_the_right_offsets(world):
    """A calendar that does not know the zone by name reads the VTIMEZONE: it must say +02 in
    winter and +03 in summer, so the same entries come out at the same instants."""
    event = EventFactory(period=world.period, start=local(2027, 3, 29, 10))
    register(event, world.participant_a)
    cal = icalendar.Calendar.from_ical(calendar.feed_ics(world.participant_a))
    (zone,) = cal.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Helsinki"
    tz = zone.to_tz()
    winter = datetime(2027, 3, 27, 10).replace(tzinfo=tz)
    summer = datetime(2027, 3, 29, 10).replace(tzinfo=tz)
    assert winter.utcoffset() == timedelta(hours=2)
    assert summer.utcoffset() == timedelta(hours=3)
    autumn = datetime(2027, 11, 1, 10).replace(tzinfo=tz)  # back to winter time 31.10.2027
    assert autumn.utcoffset() == timedelta(hours=2)


def test_one_events_ics_is_in_local_time_with_its_vtimezone_in_summer_and_winter():
    for start, utc_hour in [(local(2027, 3, 27, 10), 8), (local(2027, 3, 29, 10), 7)]:
        event = EventFactory(start=start)
        cal = icalendar.Calendar.from_ical(calendar.event_ics(event, include_link=False))
        (entry,) = cal.walk("VEVENT")
        assert entry["DTSTART"].params["TZID"] == "Europe/Helsinki"
        assert entry["DTSTART"].dt.hour == 10
        assert entry["DTSTART"].dt.astimezone(UTC).hour == utc_hour
        assert str(entry["UID"]) == calendar.event_uid(event)
        assert [str(zone["TZID"]) for zone in cal.walk("VTIMEZONE")] == ["Europe/Helsinki"]


def test_the_feed_shows_the_waitlist_tentative_and_the_link_only_to_the_confirmed(world):
    full = EventFactory(
        period=world.period,
        title_fi="Täysi klinikka",
        capacity=1,
        format=EventFormat.ONLINE,
        venue="",
        address="",
        online_url=ONLINE,
    )
    register(full, world.participant_b)  # takes the only seat
    register(full, world.participant_a)  # waits
    open_event = EventFactory(
        period=world.period,
        title_fi="Vapaa seminaari",
        format=EventFormat.HYBRID,
        online_url=ONLINE + "-2",
    )
    register(open_event, world.participant_a)

    entries = entries_by_title(calendar.feed_ics(world.participant_a))
    waiting, confirmed = entries["Täysi klinikka"], entries["Vapaa seminaari"]
    assert str(waiting["STATUS"]) == "TENTATIVE"
    assert ONLINE not in waiting.to_ical().decode()
    assert str(confirmed["STATUS"]) == "CONFIRMED"
    assert ONLINE + "-2" in str(confirmed["DESCRIPTION"])

    seated = entries_by_title(calendar.feed_ics(world.participant_b))["Täysi klinikka"]
    assert str(seated["STATUS"]) == "CONFIRMED"
    assert ONLINE in str(seated["DESCRIPTION"])
    assert str(seated["LOCATION"]) == ONLINE  # an online event: the link is the place


def test_the_feed_leaves_out_cancelled_registrations_and_marks_cancelled_events(world):
    kept = EventFactory(period=world.period, title_fi="Pysyy")
    dropped = EventFactory(period=world.period, title_fi="Peruin itse")
    called_off = EventFactory(period=world.period, title_fi="Peruttu tapahtuma")
    register(kept, world.participant_a)
    services.cancel_registration(
        registration=register(dropped, world.participant_a), by=world.participant_a
    )
    register(called_off, world.participant_a)
    services.cancel_event(event=called_off, by=world.coordinator)

    entries = entries_by_title(calendar.feed_ics(world.participant_a))
    assert set(entries) == {"Pysyy", "Peruttu tapahtuma"}
    assert str(entries["Peruttu tapahtuma"]["STATUS"]) == "CANCELLED"
    assert entries["Peruttu tapahtuma"]["SEQUENCE"] == 1


def test_the_feed_lists_only_the_persons_own_registrations_with_stable_uids(world):
    event = EventFactory(period=world.period, title_fi="Yhteinen")
    other = EventFactory(period=world.period, title_fi="Vain B")
    register(event, world.participant_a)
    register(event, world.participant_b)
    register(other, world.participant_b)

    mine = entries_by_title(calendar.feed_ics(world.participant_a))
    assert set(mine) == {"Yhteinen"}
    theirs = entries_by_title(calendar.feed_ics(world.participant_b))
    assert str(mine["Yhteinen"]["UID"]) == str(theirs["Yhteinen"]["UID"])
    assert str(mine["Yhteinen"]["UID"]) == calendar.event_uid(event)
    assert entries_by_title(calendar.feed_ics(UserFactory())) == {}
