"""iCalendar files: one event's `.ics` and a person's feed of their registrations.

Times are written in Europe/Helsinki with its VTIMEZONE, so calendars show the right hour on
both sides of a daylight-saving change; UIDs are stable and SEQUENCE grows with each change,
so an update replaces the entry in Outlook or Google Calendar instead of adding a second one.
"""

from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from .models import Event, Registration


def event_uid(event: Event) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "uso.localhost"
    return f"event-{event.pk}@{host}"


def _vevent(event: Event, *, include_link: bool, tentative: bool = False) -> icalendar.Event:
    entry = icalendar.Event()
    entry.add("uid", event_uid(event))
    entry.add("sequence", event.sequence)
    entry.add("dtstamp", event.updated_at or timezone.now())
    entry.add("last-modified", event.updated_at or timezone.now())
    entry.add("dtstart", timezone.localtime(event.start))
    entry.add("dtend", timezone.localtime(event.end))
    entry.add("summary", event.title)
    url = settings.SITE_URL.rstrip("/") + event.get_absolute_url()
    entry.add("url", url)
    description = [strip_tags(event.description).strip()]
    if include_link and event.online_url:
        description.append(_("Online meeting link: %(url)s") % {"url": event.online_url})
    description.append(url)
    entry.add("description", "\n\n".join(part for part in description if part))
    location = ", ".join(part for part in (event.venue, event.address) if part)
    if not location and include_link and event.online_url:
        location = event.online_url
    if location:
        entry.add("location", location)
    if event.status == Event.Status.CANCELLED:
        entry.add("status", "CANCELLED")
    else:
        entry.add("status", "TENTATIVE" if tentative else "CONFIRMED")
    return entry


def _calendar(name: str) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Kuntaliitto//USO network//FI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    return cal


def event_ics(event: Event, *, include_link: bool, tentative: bool = False) -> bytes:
    cal = _calendar(event.title)
    cal.add_component(_vevent(event, include_link=include_link, tentative=tentative))
    cal.add_missing_timezones()
    return cal.to_ical()


def feed_ics(person) -> bytes:
    """The person's registrations: confirmed ones, waitlisted as tentative, cancelled events."""
    registrations = (
        Registration.objects.filter(person=person)
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("event")
        .order_by("event__start")
    )
    cal = _calendar(_("USO network: my events"))
    for registration in registrations:
        cal.add_component(
            _vevent(
                registration.event,
                include_link=registration.status == Registration.Status.CONFIRMED,
                tentative=registration.status == Registration.Status.WAITLISTED,
            )
        )
    cal.add_missing_timezones()
    return cal.to_ical()
