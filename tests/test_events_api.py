"""The events API: the programme with its filters, creating events, registering oneself and
others, the registration lists and cancelling, each with the same rules as the web pages."""

from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from uso.events import services
from uso.events.models import Event, EventKind, FeedbackQuestion, Registration
from uso.network.models import PeerGroup, Period, Region, SubTheme, ThemeArea

from .conftest import ROLES
from .events_factories import EventFactory
from .factories import MunicipalityFactory, PeriodFactory, UserFactory

pytestmark = pytest.mark.django_db

EVENTS = "/api/v1/events/"


@pytest.fixture
def api():
    return APIClient()


def as_user(api, user):
    api.force_authenticate(user)
    return api


def helsinki(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [event["id"] for event in response.json()["results"]]


@pytest.fixture
def groups(world):
    group_a = PeerGroup.objects.create(period=world.period, name_fi="Ryhmä A")
    group_a.members.add(world.municipality_a)
    group_b = PeerGroup.objects.create(period=world.period, name_fi="Ryhmä B")
    group_b.members.add(world.municipality_b)
    return group_a, group_b


# --- Listing and reading -----------------------------------------------------------------------


def test_the_list_shows_each_caller_the_events_meant_for_them(api, world, groups):
    group_a, group_b = groups
    seminar = EventFactory(period=world.period)
    peer_a = EventFactory(period=world.period, kind=EventKind.PEER_SEMINAR, peer_groups=[group_a])
    peer_b = EventFactory(period=world.period, kind=EventKind.PEER_SEMINAR, peer_groups=[group_b])
    workshop_b = EventFactory(
        period=world.period, kind=EventKind.WORKSHOP, municipality=world.municipality_b
    )
    meeting = EventFactory(period=world.period, kind=EventKind.CONTACT_MEETING)
    draft = EventFactory(period=world.period, status=Event.Status.DRAFT)

    assert ids(api.get(EVENTS)) == [seminar.pk]
    assert set(ids(as_user(api, world.participant_a).get(EVENTS))) == {
        seminar.pk,
        peer_a.pk,
        meeting.pk,
    }
    assert set(ids(as_user(api, world.consultant_a).get(EVENTS))) == {
        seminar.pk,
        peer_a.pk,
        peer_b.pk,
        meeting.pk,
    }
    assert set(ids(as_user(api, world.coordinator).get(EVENTS))) == {
        seminar.pk,
        peer_a.pk,
        peer_b.pk,
        workshop_b.pk,
        meeting.pk,
        draft.pk,
    }


def test_an_event_reads_with_its_counts_and_web_address(api, world):
    event = EventFactory(
        period=world.period,
        capacity=1,
        title_fi="Johtamisen teemaseminaari",
        title_en="Seminar on leadership",
        description_fi="<p>Ohjelma</p><script>alert(1)</script>",
    )
    for person in (world.participant_a, world.participant_b):
        services.register(event=event, by=person, person=person)

    body = as_user(api, world.participant_a).get(f"{EVENTS}{event.pk}/").json()

    assert body["url"] == f"http://testserver/events/{event.pk}/"
    assert body["title"] == "Johtamisen teemaseminaari"
    assert "<script>" not in body["description"]
    assert (body["confirmed_count"], body["waitlist_count"]) == (1, 1)
    assert body["kind"] == "theme_seminar" and body["status"] == "published"
    assert body["capacity"] == 1 and body["per_municipality_limit"] is None
    assert body["registration_open"] is True
    assert body["period"] == world.period.pk
    assert datetime.fromisoformat(body["start"]) == event.start
    assert body["start"].endswith(("+02:00", "+03:00"))  # Europe/Helsinki
    mine = Registration.objects.get(event=event, person=world.participant_a)
    assert body["my_registration"] == {"id": mine.pk, "status": "confirmed"}
    assert set(body) >= {
        "venue", "address", "format", "audience", "online_url", "registration_opens",
        "registration_closes", "guests_allowed", "regions", "peer_groups", "sub_themes",
        "municipality",
    }  # fmt: skip

    api.force_authenticate(UserFactory(municipality=world.municipality_a, language="en"))
    assert api.get(f"{EVENTS}{event.pk}/").json()["title"] == "Seminar on leadership"


def test_an_event_the_caller_may_not_see_answers_404(api, world, groups):
    group_a, _group_b = groups
    peer_a = EventFactory(period=world.period, kind=EventKind.PEER_SEMINAR, peer_groups=[group_a])
    draft = EventFactory(period=world.period, status=Event.Status.DRAFT)
    assert api.get(f"{EVENTS}{peer_a.pk}/").status_code == 404
    as_user(api, world.participant_b)
    assert api.get(f"{EVENTS}{peer_a.pk}/").status_code == 404
    assert api.get(f"{EVENTS}{draft.pk}/").status_code == 404
    as_user(api, world.participant_a)
    assert api.get(f"{EVENTS}{peer_a.pk}/").status_code == 200
    assert api.get(f"{EVENTS}{draft.pk}/").status_code == 404
    assert as_user(api, world.coordinator).get(f"{EVENTS}{draft.pk}/").status_code == 200


def test_the_online_link_only_for_a_confirmed_place_and_coordinators(api, world):
    link = "https://meet.example.org/uso"
    event = EventFactory(period=world.period, capacity=1, format="hybrid", online_url=link)
    services.register(event=event, by=world.participant_a, person=world.participant_a)
    services.register(event=event, by=world.participant_b, person=world.participant_b)

    def link_for(user):
        if user is None:
            api.force_authenticate(None)
        else:
            api.force_authenticate(user)
        detail = api.get(f"{EVENTS}{event.pk}/").json()["online_url"]
        listed = api.get(EVENTS).json()["results"][0]["online_url"]
        assert detail == listed
        return detail

    assert link_for(world.participant_a) == link  # confirmed
    assert link_for(world.participant_b) is None  # waitlisted
    assert link_for(world.contact_a) is None  # not registered
    assert link_for(None) is None
    assert link_for(world.consultant_a) is None
    assert link_for(world.coordinator) == link
    services.cancel_event(event=event, by=world.coordinator)
    assert link_for(world.participant_a) is None


def test_the_list_is_paginated(api, world):
    for _ in range(3):
        EventFactory(period=world.period)
    body = api.get(EVENTS, {"page_size": 2}).json()
    assert body["count"] == 3 and len(body["results"]) == 2 and body["next"]
    assert len(api.get(EVENTS, {"page_size": 2, "page": 2}).json()["results"]) == 1


def test_more_events_and_registrations_do_not_mean_more_queries(api, world):
    region = Region.objects.get(code="MK01")

    def add_events(count):
        for _ in range(count):
            event = EventFactory(period=world.period, kind=EventKind.CHANGE_CLINIC)
            services.register(event=event, by=world.participant_a, person=world.participant_a)
            services.register(event=event, by=world.participant_b, person=world.participant_b)
            event.regions.add(region)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert api.get(EVENTS).status_code == 200
        return len(captured)

    as_user(api, world.participant_a)
    add_events(2)
    few = queries()
    add_events(8)
    assert queries() == few
    assert few <= 10


# --- Filters -----------------------------------------------------------------------------------


def test_filter_by_kind(api, world):
    clinic = EventFactory(period=world.period, kind=EventKind.CHANGE_CLINIC)
    EventFactory(period=world.period)
    assert ids(api.get(EVENTS, {"kind": "change_clinic"})) == [clinic.pk]
    bad = api.get(EVENTS, {"kind": "party"})
    assert bad.status_code == 400 and "kind" in bad.json()["errors"]


def test_filter_by_dates_and_times_in_helsinki(api, world):
    before_midnight = EventFactory(
        period=world.period, start=helsinki(2030, 3, 1, 21), end=helsinki(2030, 3, 1, 23, 30)
    )
    next_morning = EventFactory(
        period=world.period, start=helsinki(2030, 3, 2, 9), end=helsinki(2030, 3, 2, 12)
    )
    two_days = EventFactory(
        period=world.period, start=helsinki(2030, 3, 3, 9), end=helsinki(2030, 3, 4, 16)
    )
    everything = [before_midnight.pk, next_morning.pk, two_days.pk]
    assert ids(api.get(EVENTS)) == everything
    assert ids(api.get(EVENTS, {"from": "2030-03-02"})) == [next_morning.pk, two_days.pk]
    assert ids(api.get(EVENTS, {"to": "2030-03-01"})) == [before_midnight.pk]
    assert ids(api.get(EVENTS, {"from": "2030-03-02", "to": "2030-03-02"})) == [next_morning.pk]
    # An event still running on the day counts for it.
    assert ids(api.get(EVENTS, {"from": "2030-03-04", "to": "2030-03-04"})) == [two_days.pk]
    # Times: without an offset Helsinki's, with one as given (21.00 in Helsinki is 19.00 UTC).
    assert ids(api.get(EVENTS, {"to": "2030-03-01T21:00"})) == [before_midnight.pk]
    assert ids(api.get(EVENTS, {"to": "2030-03-01T20:59"})) == []
    assert ids(api.get(EVENTS, {"to": "2030-03-01T19:00:00Z"})) == [before_midnight.pk]
    assert ids(api.get(EVENTS, {"to": "2030-03-01T18:59:00+00:00"})) == []
    assert ids(api.get(EVENTS, {"from": "2030-03-02T11:59+02:00"})) == everything[1:]
    assert ids(api.get(f"{EVENTS}?from=2030-03-02T12:01+02:00")) == [two_days.pk]  # "+" unencoded
    for bad in ("yesterday", "2030-02-30", "2030-03-01T25:00", "0001-01-01T00:00", "\x00"):
        response = api.get(EVENTS, {"from": bad})
        assert response.status_code == 400, bad
        assert "from" in response.json()["errors"]


def test_a_day_is_helsinkis_day_also_when_the_clocks_change(api, world):
    # Summer time starts on 31 March 2030 and ends on 27 October 2030.
    late_on_the_31st = EventFactory(
        period=world.period, start=helsinki(2030, 3, 31, 23, 30), end=helsinki(2030, 3, 31, 23, 50)
    )
    EventFactory(
        period=world.period, start=helsinki(2030, 4, 1, 0, 10), end=helsinki(2030, 4, 1, 1)
    )
    assert ids(api.get(EVENTS, {"from": "2030-03-31", "to": "2030-03-31"})) == [late_on_the_31st.pk]
    EventFactory(
        period=world.period, start=helsinki(2030, 10, 26, 23), end=helsinki(2030, 10, 26, 23, 50)
    )
    early_on_the_27th = EventFactory(
        period=world.period, start=helsinki(2030, 10, 27, 0, 10), end=helsinki(2030, 10, 27, 1)
    )
    assert ids(api.get(EVENTS, {"from": "2030-10-27", "to": "2030-10-27"})) == [
        early_on_the_27th.pk
    ]
    listed = api.get(f"{EVENTS}{early_on_the_27th.pk}/").json()
    assert listed["start"] == "2030-10-27T00:10:00+03:00"
    assert listed["end"] == "2030-10-27T01:00:00+03:00"


def test_filter_by_region_gives_its_clinics_and_events_not_tied_to_a_region(api, world):
    uusimaa, lappi = Region.objects.get(code="MK01"), Region.objects.get(code="MK19")
    clinic_uusimaa = EventFactory(
        period=world.period, kind=EventKind.CHANGE_CLINIC, regions=[uusimaa]
    )
    EventFactory(period=world.period, kind=EventKind.CHANGE_CLINIC, regions=[lappi])
    national = EventFactory(period=world.period, kind=EventKind.CHANGE_CLINIC)
    seminar = EventFactory(period=world.period)
    assert set(ids(api.get(EVENTS, {"region": "MK01"}))) == {
        clinic_uusimaa.pk,
        national.pk,
        seminar.pk,
    }
    for code in ("XX99", "MK\x0001"):
        unknown = api.get(EVENTS, {"region": code})
        assert unknown.status_code == 400 and "region" in unknown.json()["errors"]


def test_filter_by_theme_area_gives_events_with_its_sub_themes(api, world):
    area = ThemeArea.objects.create(period=world.period, name_fi="Johtaminen", order=1)
    other_area = ThemeArea.objects.create(period=world.period, name_fi="Talous", order=2)
    sub_theme = SubTheme.objects.create(theme_area=area, name_fi="Strategia", order=1)
    other_sub = SubTheme.objects.create(theme_area=other_area, name_fi="Budjetti", order=1)
    on_theme = EventFactory(period=world.period)
    on_theme.sub_themes.add(sub_theme, other_sub)
    EventFactory(period=world.period).sub_themes.add(other_sub)
    EventFactory(period=world.period)
    assert ids(api.get(EVENTS, {"theme": area.pk})) == [on_theme.pk]
    assert api.get(EVENTS, {"theme": 999999}).status_code == 400
    assert api.get(EVENTS, {"theme": "x"}).status_code == 400


# --- Creating ----------------------------------------------------------------------------------


def new_event(**changes) -> dict:
    start = timezone.localtime() + timedelta(days=30)
    body = {
        "kind": "theme_seminar",
        "title": "Kevään teemaseminaari",
        "start": start.isoformat(),
        "end": (start + timedelta(hours=6)).isoformat(),
        "capacity": 80,
        "per_municipality_limit": 4,
        "registration_opens": timezone.localtime().isoformat(),
        "registration_closes": (start - timedelta(days=7)).isoformat(),
        "status": "published",
        "venue": "Kuntatalo",
    }
    body.update(changes)
    return {key: value for key, value in body.items() if value is not None}


def test_a_coordinator_creates_an_event_through_the_service(api, world):
    response = as_user(api, world.coordinator).post(
        EVENTS, new_event(title_sv="Vårens temaseminarium"), format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    event = Event.objects.get(pk=body["id"])
    assert (event.title_fi, event.title_sv) == ("Kevään teemaseminaari", "Vårens temaseminarium")
    assert event.created_by == world.coordinator
    assert event.period == Period.objects.current()
    assert event.capacity == 80 and event.per_municipality_limit == 4
    assert event.status == Event.Status.PUBLISHED
    assert FeedbackQuestion.objects.filter(event=event).count() == 5  # the service's defaults
    assert body["confirmed_count"] == 0 and body["title"] == "Kevään teemaseminaari"
    assert body["url"].endswith(f"/events/{event.pk}/")


def test_a_naive_time_is_helsinki_time(api, world):
    response = as_user(api, world.coordinator).post(
        EVENTS,
        new_event(
            start="2030-06-10T09:00",
            end="2030-06-10T15:00",
            registration_opens=None,
            registration_closes=None,
        ),
        format="json",
    )
    assert response.status_code == 201, response.json()
    event = Event.objects.get(pk=response.json()["id"])
    assert event.start == helsinki(2030, 6, 10, 9)
    assert response.json()["start"] == "2030-06-10T09:00:00+03:00"


def test_a_workshop_needs_a_member_municipality_and_a_peer_seminar_its_groups(api, world, groups):
    group_a, _group_b = groups
    as_user(api, world.coordinator)
    workshop = new_event(kind="workshop", status="draft")
    missing = api.post(EVENTS, workshop, format="json")
    assert missing.status_code == 400 and "municipality" in missing.json()["errors"]
    outsider = MunicipalityFactory()
    not_member = api.post(EVENTS, {**workshop, "municipality": outsider.code}, format="json")
    assert not_member.status_code == 400 and "municipality" in not_member.json()["errors"]
    created = api.post(
        EVENTS, {**workshop, "municipality": world.municipality_a.code}, format="json"
    )
    assert created.status_code == 201, created.json()
    assert created.json()["municipality"] == world.municipality_a.code

    seminar = new_event(kind="peer_seminar")
    assert "peer_groups" in api.post(EVENTS, seminar, format="json").json()["errors"]
    other_period = PeerGroup.objects.create(period=PeriodFactory(), name_fi="Muu")
    wrong = api.post(EVENTS, {**seminar, "peer_groups": [other_period.pk]}, format="json")
    assert wrong.status_code == 400 and "peer_groups" in wrong.json()["errors"]
    created = api.post(EVENTS, {**seminar, "peer_groups": [group_a.pk]}, format="json")
    assert created.status_code == 201 and created.json()["peer_groups"] == [group_a.pk]


def test_a_regional_clinic_takes_region_codes(api, world):
    response = as_user(api, world.coordinator).post(
        EVENTS,
        new_event(
            kind="change_clinic",
            regions=["MK01", "MK02"],
            admitted_municipalities=[world.municipality_b.code],
        ),
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert sorted(response.json()["regions"]) == ["MK01", "MK02"]
    event = Event.objects.get(pk=response.json()["id"])
    assert list(event.admitted_municipalities.all()) == [world.municipality_b]
    seminar = api.post(EVENTS, new_event(regions=["MK01"]), format="json")
    assert seminar.status_code == 400 and "regions" in seminar.json()["errors"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "party"}, "kind"),
        ({"kind": None}, "kind"),
        ({"title": None}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"start": "huomenna"}, "start"),
        ({"end": "2020-01-01T10:00:00+02:00"}, "end"),
        ({"start": "0001-01-01T00:00:00"}, "start"),
        ({"end": "9999-12-31T23:59:59-05:00"}, "end"),
        ({"capacity": -1}, "capacity"),
        ({"capacity": 10**12}, "capacity"),
        ({"per_municipality_limit": 10**6}, "per_municipality_limit"),
        ({"status": "maybe"}, "status"),
        ({"seminar_round": 10**6}, "seminar_round"),
        ({"format": "by post"}, "format"),
        ({"audience": "everyone"}, "audience"),
        ({"period": 999999}, "period"),
        ({"municipality": "XX"}, "municipality"),
        ({"registration_closes": "2099-01-01T10:00:00+02:00"}, "registration_closes"),
        ({"venue": ""}, "venue"),
        ({"format": "online"}, "online_url"),
        ({"online_url": "not a link"}, "online_url"),
        ({"peer_groups": ["x"]}, "peer_groups"),
        ({"regions": ["NOPE"]}, "regions"),
        ({"regions": ["MK\x0001"]}, "regions"),
        ({"title": "nul\x00"}, "title"),
        ({"sub_themes": [999999]}, "sub_themes"),
    ],
)
def test_bad_input_answers_400_with_the_fields_message(api, world, changes, field):
    response = as_user(api, world.coordinator).post(EVENTS, new_event(**changes), format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["message"] and body["errors"][field], body
    assert not Event.objects.exists()


def test_a_draft_may_leave_its_place_for_later(api, world):
    draft = new_event(status="draft", venue=None, format="hybrid")
    assert as_user(api, world.coordinator).post(EVENTS, draft, format="json").status_code == 201


def test_only_coordinators_create_events(api, world):
    assert api.post(EVENTS, new_event(), format="json").status_code == 401
    for user in (world.participant_a, world.contact_a, world.consultant_a):
        response = as_user(api, user).post(EVENTS, new_event(), format="json")
        assert response.status_code == 403 and response.json()["message"]
    assert not Event.objects.exists()


# --- Registering -------------------------------------------------------------------------------


def registrations_url(event) -> str:
    return f"{EVENTS}{event.pk}/registrations/"


def refusal(api, event, user, **body) -> str:
    """The reason of a 400, asked in English (the language chosen with the site's cookie)."""
    as_user(api, user)
    api.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = api.post(registrations_url(event), body, format="json")
    del api.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert response.status_code == 400, response.content
    return response.json()["detail"]


def test_registering_yourself_answers_the_status_and_waitlist_position(api, world):
    event = EventFactory(period=world.period, capacity=1)
    first = as_user(api, world.participant_a).post(registrations_url(event))
    assert first.status_code == 201
    mine = Registration.objects.get(person=world.participant_a)
    assert first.json() == {
        "id": mine.pk,
        "person": world.participant_a.pk,
        "status": "confirmed",
        "position": None,
    }
    second = as_user(api, world.participant_b).post(
        registrations_url(event),
        {"dietary": "Gluteeniton", "consent_to_list": True},
        format="json",
    )
    assert second.status_code == 201
    assert second.json()["status"] == "waitlisted" and second.json()["position"] == 1
    third = as_user(api, world.contact_a).post(registrations_url(event), {}, format="json")
    assert third.json()["position"] == 2
    waiting = Registration.objects.get(person=world.participant_b)
    assert waiting.dietary == "Gluteeniton" and waiting.consent_to_list


def test_the_mode_of_a_hybrid_event_is_kept(api, world):
    event = EventFactory(
        period=world.period, format="hybrid", online_url="https://meet.example.org/x"
    )
    response = as_user(api, world.participant_a).post(
        registrations_url(event), {"mode": "online"}, format="json"
    )
    assert response.status_code == 201
    assert Registration.objects.get(pk=response.json()["id"]).mode == "online"
    bad = as_user(api, world.participant_b).post(
        registrations_url(event), {"mode": "by carrier pigeon"}, format="json"
    )
    assert bad.status_code == 400 and "mode" in bad.json()["errors"]


def test_a_contact_person_registers_their_own_municipalitys_people_only(api, world):
    event = EventFactory(period=world.period)
    as_user(api, world.contact_a)
    response = api.post(registrations_url(event), {"person": world.participant_a.pk})
    assert response.status_code == 201, response.json()
    assert response.json()["person"] == world.participant_a.pk
    assert Registration.objects.get(pk=response.json()["id"]).registered_by == world.contact_a
    away = api.post(registrations_url(event), {"person": world.participant_b.pk})
    assert away.status_code == 400 and "person" in away.json()["errors"]
    assert not Registration.objects.filter(person=world.participant_b).exists()


def test_a_coordinator_registers_anyone_and_guests_where_the_event_takes_them(api, world):
    event = EventFactory(period=world.period, guests_allowed=True)
    as_user(api, world.coordinator)
    assert api.post(registrations_url(event), {"person": world.participant_b.pk}).status_code == (
        201
    )
    guest = {"name": "Vieras", "organisation": "Ministeriö", "email": "vieras@example.org"}
    response = api.post(registrations_url(event), {"guest": guest}, format="json")
    assert response.status_code == 201 and response.json()["person"] is None
    assert Registration.objects.get(pk=response.json()["id"]).guest_name == "Vieras"
    both = api.post(
        registrations_url(event),
        {"guest": guest, "person": world.participant_a.pk},
        format="json",
    )
    assert both.status_code == 400

    no_guests = EventFactory(period=world.period)
    assert refusal(api, no_guests, world.coordinator, guest=guest) == (
        "This event does not take guests."
    )
    assert refusal(api, event, world.contact_a, guest=guest) == (
        "Only a coordinator can register guests."
    )


def test_participants_and_consultants_register_only_themselves(api, world):
    event = EventFactory(period=world.period)
    colleague = UserFactory(municipality=world.municipality_a)
    for user in (world.participant_a, world.consultant_a):
        response = as_user(api, user).post(registrations_url(event), {"person": colleague.pk})
        assert response.status_code == 403
        itself = as_user(api, user).post(registrations_url(event), {"person": user.pk})
        assert itself.status_code == 201
    assert not Registration.objects.filter(person=colleague).exists()


def test_anonymous_visitors_cannot_register(api, world):
    event = EventFactory(period=world.period)
    assert api.post(registrations_url(event)).status_code == 401


@pytest.mark.parametrize("language", ["fi", "en"])
def test_registering_twice_answers_400_with_the_reason_in_the_callers_language(
    api, world, language
):
    person = UserFactory(municipality=world.municipality_a, language=language)
    event = EventFactory(period=world.period)
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=person).key}")
    assert api.post(registrations_url(event)).status_code == 201
    again = api.post(registrations_url(event))
    assert again.status_code == 400
    with translation.override(language):
        expected = translation.gettext("This person is already registered for the event.")
    assert again.json()["detail"] == again.json()["message"] == expected


def test_the_rules_of_who_may_register_answer_400_with_the_reason(api, world, groups):
    group_a, _group_b = groups
    now = timezone.now()
    assert refusal(
        api, EventFactory(period=world.period, registration_opens=now + timedelta(days=1)),
        world.participant_a,
    ).startswith("Registration opens on")  # fmt: skip
    assert refusal(
        api, EventFactory(period=world.period, registration_closes=now - timedelta(hours=1)),
        world.participant_a,
    ) == "Registration has closed."  # fmt: skip
    assert refusal(
        api, EventFactory(period=world.period, status=Event.Status.CANCELLED), world.participant_a
    ) == "The event has been cancelled."  # fmt: skip
    peer_a = EventFactory(period=world.period, kind=EventKind.PEER_SEMINAR, peer_groups=[group_a])
    assert refusal(api, peer_a, world.coordinator, person=world.participant_b.pk) == (
        "This peer seminar is for the municipalities of its peer groups only."
    )
    outsider = UserFactory(municipality=MunicipalityFactory())
    assert refusal(api, EventFactory(period=world.period), outsider) == (
        "The event is for the people of the network's member municipalities."
    )
    meeting = EventFactory(period=world.period, kind=EventKind.CONTACT_MEETING)
    assert refusal(api, meeting, world.participant_a) == (
        "This meeting is for the municipalities' contact persons."
    )
    workshop_a = EventFactory(
        period=world.period, kind=EventKind.WORKSHOP, municipality=world.municipality_a
    )
    assert refusal(api, workshop_a, world.coordinator, person=world.participant_b.pk) == (
        "This workshop belongs to another municipality."
    )
    assert not Registration.objects.exists()


def test_events_the_caller_may_not_see_cannot_be_registered_for(api, world, groups):
    _group_a, group_b = groups
    peer_b = EventFactory(period=world.period, kind=EventKind.PEER_SEMINAR, peer_groups=[group_b])
    draft = EventFactory(period=world.period, status=Event.Status.DRAFT)
    as_user(api, world.participant_a)
    assert api.post(registrations_url(peer_b)).status_code == 404
    assert api.post(registrations_url(draft)).status_code == 404


# --- The registration list ---------------------------------------------------------------------


def test_coordinators_list_every_registration_contact_persons_their_own(api, world):
    event = EventFactory(period=world.period, capacity=2)
    for person in (world.participant_a, world.participant_b, world.contact_a, world.contact_b):
        services.register(event=event, by=person, person=person)
    cancelled = services.register(
        event=event, by=world.coordinator, person=UserFactory(municipality=world.municipality_a)
    )
    services.cancel_registration(registration=cancelled, by=world.coordinator)

    rows = as_user(api, world.coordinator).get(registrations_url(event)).json()["results"]
    assert [(r["person"], r["status"], r["position"]) for r in rows] == [
        (world.participant_a.pk, "confirmed", None),
        (world.participant_b.pk, "confirmed", None),
        (world.contact_a.pk, "waitlisted", 1),
        (world.contact_b.pk, "waitlisted", 2),
    ]
    assert rows[0]["municipality"] == world.municipality_a.code
    assert rows[0]["name"] == str(world.participant_a)
    only_cancelled = api.get(registrations_url(event), {"status": "cancelled"}).json()
    assert [r["id"] for r in only_cancelled["results"]] == [cancelled.pk]

    rows = as_user(api, world.contact_a).get(registrations_url(event)).json()["results"]
    assert [r["person"] for r in rows] == [world.participant_a.pk, world.contact_a.pk]
    assert {r["municipality"] for r in rows} == {world.municipality_a.code}


def test_others_may_not_list_registrations(api, world):
    event = EventFactory(period=world.period)
    assert api.get(registrations_url(event)).status_code == 401
    for user in (world.participant_a, world.consultant_a):
        assert as_user(api, user).get(registrations_url(event)).status_code == 403


def test_listing_registrations_does_not_grow_in_queries(api, world):
    event = EventFactory(period=world.period, capacity=3)
    as_user(api, world.coordinator)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert api.get(registrations_url(event)).status_code == 200
        return len(captured)

    for _ in range(2):
        person = UserFactory(municipality=world.municipality_a)
        services.register(event=event, by=person, person=person)
    few = queries()
    for _ in range(6):
        person = UserFactory(municipality=world.municipality_b)
        services.register(event=event, by=person, person=person)
    assert queries() == few


# --- Cancelling --------------------------------------------------------------------------------


def registration_url(registration) -> str:
    return f"/api/v1/registrations/{registration.pk}/"


def test_cancelling_your_place_gives_it_to_the_first_waiting(api, world, run_on_commit, mailoutbox):
    event = EventFactory(period=world.period, capacity=1)
    mine = services.register(event=event, by=world.participant_a, person=world.participant_a)
    waiting = services.register(event=event, by=world.participant_b, person=world.participant_b)
    mailoutbox.clear()
    with run_on_commit():
        response = as_user(api, world.participant_a).delete(registration_url(mine))
    assert response.status_code == 204
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert mine.status == Registration.Status.CANCELLED
    assert waiting.status == Registration.Status.CONFIRMED
    assert [m.to for m in mailoutbox] == [[world.participant_b.email]]
    again = api.delete(registration_url(mine))
    assert again.status_code == 400 and again.json()["detail"]


def test_who_may_cancel_a_registration(api, world):
    event = EventFactory(period=world.period)
    participant_a = services.register(
        event=event, by=world.participant_a, person=world.participant_a
    )
    contact_a = services.register(event=event, by=world.contact_a, person=world.contact_a)
    participant_b = services.register(
        event=event, by=world.participant_b, person=world.participant_b
    )

    assert api.delete(registration_url(participant_a)).status_code in (401, 404)
    as_user(api, world.participant_a)
    assert api.delete(registration_url(contact_a)).status_code == 403  # a colleague's
    assert api.delete(registration_url(participant_b)).status_code == 404  # another town's
    as_user(api, world.consultant_a)
    assert api.delete(registration_url(participant_a)).status_code == 404
    as_user(api, world.contact_a)
    assert api.delete(registration_url(participant_b)).status_code == 404
    assert api.delete(registration_url(participant_a)).status_code == 204
    as_user(api, world.coordinator)
    assert api.delete(registration_url(participant_b)).status_code == 204
    assert api.delete("/api/v1/registrations/999999/").status_code == 404
    assert set(Registration.objects.active().values_list("pk", flat=True)) == {contact_a.pk}


def test_after_the_event_only_a_coordinator_cancels(api, world):
    event = EventFactory(period=world.period)
    registration = services.register(
        event=event, by=world.participant_a, person=world.participant_a
    )
    Event.objects.filter(pk=event.pk).update(
        start=timezone.now() - timedelta(days=2), end=timezone.now() - timedelta(days=1)
    )
    assert as_user(api, world.participant_a).delete(registration_url(registration)).status_code == (
        400
    )
    assert as_user(api, world.coordinator).delete(registration_url(registration)).status_code == (
        204
    )


# --- The schema and the permission walk --------------------------------------------------------


def test_the_schema_builds_with_the_events_api(api, db):
    response = api.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/v1/events/", "/api/v1/events/{id}/", "/api/v1/events/{id}/registrations/",
            "/api/v1/registrations/{id}/"} <= set(paths)  # fmt: skip
    parameters = {p["name"] for p in paths["/api/v1/events/"]["get"]["parameters"]}
    assert {"kind", "from", "to", "region", "theme", "page"} <= parameters


def theme_seminar(w):
    return {"pk": EventFactory(period=w.period).pk}


def workshop_b(w):
    return {
        "pk": EventFactory(
            period=w.period, kind=EventKind.WORKSHOP, municipality=w.municipality_b
        ).pk
    }


def peer_seminar_a(w):
    group_a = PeerGroup.objects.create(period=w.period, name_fi="A")
    group_a.members.add(w.municipality_a)
    return {
        "pk": EventFactory(period=w.period, kind=EventKind.PEER_SEMINAR, peer_groups=[group_a]).pk
    }


def registration_a(w):
    event = EventFactory(period=w.period)
    return {"pk": services.register(event=event, by=None, person=w.participant_a).pk}


EVERYONE = set(ROLES)
STAFF = {"coordinator", "consultant_a", "consultant_other"}
OF_A = {"coordinator", "participant_a", "contact_a", "consultant_a"}
WALK = [
    ("event-list", lambda w: {}, EVERYONE),
    ("event-detail", theme_seminar, EVERYONE),
    ("event-detail", workshop_b, {"coordinator"}),
    ("event-detail", peer_seminar_a, OF_A | STAFF),
    ("event-registrations", theme_seminar, {"coordinator", "contact_a"}),
    ("event-registrations", workshop_b, {"coordinator"}),
    ("registration-detail", registration_a, EVERYONE),  # GET answers 405; DELETE tested above
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "kwargs", "allowed"), WALK, ids=[row[0] for row in WALK])
def test_the_rows_for_the_permission_walk(client, world, name, kwargs, allowed, role):
    """As tests/test_permission_walk.py opens every URL: a signed-in browser asking for HTML."""
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    response = client.get(reverse(name, kwargs=kwargs(world)), HTTP_ACCEPT="text/html")
    assert response.status_code != 500
    denied = response.status_code in (401, 403, 404)
    assert denied == (role not in allowed), f"{role}: {response.status_code}"


def test_registration_that_would_open_after_the_event_is_refused(api, world):
    start = timezone.localtime() + timedelta(days=30)
    response = as_user(api, world.coordinator).post(
        EVENTS,
        new_event(registration_opens=(start + timedelta(days=1)).isoformat(),
                  registration_closes=None),
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"registration_opens"}
    assert not Event.objects.filter(title_fi="Kevään teemaseminaari").exists()


def test_a_registration_status_the_api_does_not_know_is_a_400(api, world):
    event = EventFactory(period=world.period)
    response = as_user(api, world.coordinator).get(
        f"{EVENTS}{event.pk}/registrations/", {"status": "bogus"}
    )
    assert response.status_code == 400 and set(response.json()["errors"]) == {"status"}
