"""The events' web pages as people use them: programme, event page, registering, lists,
clinic slots, materials and the calendar feed."""

import io
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from uso.events import services
from uso.events.models import CalendarFeed, Event, EventKind, Registration
from uso.network.models import PeerGroup

from .events_factories import EventFactory, SlotFactory
from .factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def test_programme_shows_each_person_only_the_events_meant_for_them(client, world):
    group_a = PeerGroup.objects.create(period=world.period, name_fi="Ryhmä A")
    group_a.members.add(world.municipality_a)
    group_b = PeerGroup.objects.create(period=world.period, name_fi="Ryhmä B")
    group_b.members.add(world.municipality_b)
    EventFactory(period=world.period, title_fi="Yhteinen teemaseminaari")
    EventFactory(
        period=world.period,
        kind=EventKind.PEER_SEMINAR,
        title_fi="A:n vertais",
        peer_groups=[group_a],
    )
    EventFactory(
        period=world.period,
        kind=EventKind.PEER_SEMINAR,
        title_fi="B:n vertais",
        peer_groups=[group_b],
    )
    EventFactory(
        period=world.period,
        kind=EventKind.WORKSHOP,
        title_fi="B:n työpaja",
        municipality=world.municipality_b,
    )
    EventFactory(period=world.period, title_fi="Luonnos", status=Event.Status.DRAFT)

    page = login(client, world.participant_a).get(reverse("events:programme")).content.decode()
    assert "Yhteinen teemaseminaari" in page
    assert "A:n vertais" in page
    assert "B:n vertais" not in page
    assert "B:n työpaja" not in page
    assert "Luonnos" not in page

    client.logout()
    page = client.get(reverse("events:programme")).content.decode()
    assert "Yhteinen teemaseminaari" in page and "A:n vertais" not in page

    page = login(client, world.coordinator).get(reverse("events:programme")).content.decode()
    assert "Luonnos" in page and "B:n työpaja" in page


def test_programme_names_a_regional_clinics_regions(client, world):
    from .factories import RegionFactory

    regions = [RegionFactory(name_fi="Lappi"), RegionFactory(name_fi="Kainuu")]
    EventFactory(
        period=world.period, title_fi="Klinikka", kind=EventKind.CHANGE_CLINIC, regions=regions
    )
    page = login(client, world.participant_a).get(reverse("events:programme")).content.decode()
    assert "Maakunnat: Kainuu, Lappi" in page or "Maakunnat: Lappi, Kainuu" in page


def test_programme_filters_by_kind_and_month_view_lists_the_event(client, world):
    event = EventFactory(
        period=world.period, title_fi="Muutosklinikka Oulu", kind=EventKind.CHANGE_CLINIC
    )
    EventFactory(period=world.period, title_fi="Teemaseminaari X")
    login(client, world.participant_a)
    page = client.get(reverse("events:programme"), {"kind": "change_clinic"}).content.decode()
    assert "Muutosklinikka Oulu" in page and "Teemaseminaari X" not in page
    month = timezone.localtime(event.start).strftime("%Y-%m")
    page = client.get(reverse("events:month"), {"month": month}).content.decode()
    assert "Muutosklinikka Oulu" in page
    assert client.get(reverse("events:month"), {"month": "nonsense"}).status_code == 200
    this_month = timezone.localdate().replace(day=1)
    for beyond in ("9999-12", "0001-01", "1899-12", "3000-01"):  # year 10000, year 0 on either side
        page = client.get(reverse("events:month"), {"month": beyond})
        assert page.status_code == 200 and page.context["month"] == this_month, beyond


def test_a_member_registers_on_the_event_page_and_sees_the_link_only_then(
    client, world, run_on_commit, mailoutbox
):
    event = EventFactory(
        period=world.period, online_url="https://meet.example/uso", format="hybrid"
    )
    login(client, world.participant_a)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "https://meet.example/uso" not in page
    assert "Register" in page or "Ilmoittaudu" in page
    with run_on_commit():
        response = client.post(
            reverse("events:register", kwargs={"pk": event.pk}),
            {"mode": "online", "dietary": "Gluteeniton", "consent_to_list": "on"},
        )
    assert response.status_code == 302
    registration = Registration.objects.get(event=event, person=world.participant_a)
    assert registration.status == "confirmed" and registration.mode == "online"
    assert len(mailoutbox) == 1
    page = client.get(event.get_absolute_url()).content.decode()
    assert "https://meet.example/uso" in page

    response = client.post(reverse("events:register", kwargs={"pk": event.pk}), {}, follow=True)
    assert "already registered" in response.content.decode() or "jo ilmoittautunut" in (
        response.content.decode()
    )
    assert Registration.objects.filter(event=event).count() == 1


def test_contact_person_registers_own_people_but_not_another_municipalitys(client, world):
    event = EventFactory(period=world.period)
    login(client, world.contact_a)
    url = reverse("events:register_others", kwargs={"pk": event.pk})
    response = client.post(url, {"person": world.participant_b.pk, "consent_to_list": ""})
    assert response.status_code == 200  # the other municipality's person is not a choice
    assert not Registration.objects.exists()
    response = client.post(url, {"person": world.participant_a.pk})
    assert response.status_code == 302
    assert Registration.objects.get().person == world.participant_a
    # Once registered, not offered again.
    offered = client.get(url).context["form"].fields["person"].queryset
    assert world.participant_a not in offered and world.contact_a in offered


def test_registering_others_for_a_full_event_says_they_go_on_the_waitlist(client, world):
    event = EventFactory(period=world.period, capacity=1)
    services.register(event=event, by=world.participant_b, person=world.participant_b)
    login(client, world.contact_a)
    page = client.get(reverse("events:register_others", kwargs={"pk": event.pk})).text
    assert "Tapahtuma on täynnä: ilmoittamasi henkilöt" in page
    assert "Ilmoita varasijalle" in page


def test_coordinator_registers_a_guest_where_guests_are_allowed(client, world):
    event = EventFactory(period=world.period, guests_allowed=True)
    login(client, world.coordinator)
    url = reverse("events:register_others", kwargs={"pk": event.pk})
    response = client.post(
        url,
        {
            "guest_name": "Vieras Virtanen",
            "guest_organisation": "Ministeriö",
            "guest_email": "vieras@example.org",
        },
    )
    assert response.status_code == 302
    assert Registration.objects.get().guest_name == "Vieras Virtanen"


def test_registration_list_shows_a_contact_person_only_their_municipality(client, world):
    event = EventFactory(period=world.period)
    for person in (world.participant_a, world.participant_b):
        services.register(event=event, by=person, person=person)
    page = (
        login(client, world.contact_a)
        .get(reverse("events:registrations", kwargs={"pk": event.pk}))
        .content.decode()
    )
    assert world.participant_a.last_name in page
    assert world.participant_b.last_name not in page
    page = (
        login(client, world.coordinator)
        .get(reverse("events:registrations", kwargs={"pk": event.pk}))
        .content.decode()
    )
    assert world.participant_b.last_name in page


def test_coordinator_marks_attendance_with_htmx(client, world):
    event = EventFactory(period=world.period)
    registration = services.register(event=event, by=None, person=world.participant_a)
    login(client, world.coordinator)
    response = client.post(
        reverse("events:attendance", kwargs={"pk": registration.pk}),
        {"attendance": "attended"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    registration.refresh_from_db()
    assert registration.attendance == "attended"
    response = client.post(
        reverse("events:attendance", kwargs={"pk": registration.pk}), {"attendance": "bogus"}
    )
    assert response.status_code == 400


def test_participant_list_and_exports_name_only_those_who_consented(client, world):
    event = EventFactory(period=world.period)
    services.register(event=event, by=None, person=world.participant_a, consent_to_list=True)
    services.register(event=event, by=None, person=world.contact_a, consent_to_list=False)
    login(client, world.participant_a)
    page = client.get(reverse("events:participants", kwargs={"pk": event.pk})).content.decode()
    assert world.participant_a.last_name in page and world.contact_a.last_name not in page
    csv = client.get(reverse("events:participants_export", kwargs={"pk": event.pk, "fmt": "csv"}))
    text = csv.content.decode("utf-8-sig")
    assert world.participant_a.last_name in text and world.contact_a.last_name not in text
    xlsx = client.get(reverse("events:participants_export", kwargs={"pk": event.pk, "fmt": "xlsx"}))
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.values)
    assert len(rows) == 2 and world.participant_a.last_name in rows[1][0]
    bad = client.get(reverse("events:participants_export", kwargs={"pk": event.pk, "fmt": "pdf"}))
    assert bad.status_code == 404


def test_a_contact_person_books_one_clinic_slot_and_the_taken_slot_is_refused(client, world):
    slot = SlotFactory(event__period=world.period)
    second = SlotFactory(event=slot.event, starts=slot.ends, ends=slot.ends + timedelta(minutes=45))
    login(client, world.contact_a)
    client.post(
        reverse("events:slot_book", kwargs={"pk": slot.pk}),
        {"challenge": "Strategian jalkauttaminen"},
    )
    slot.refresh_from_db()
    assert slot.municipality == world.municipality_a
    response = client.post(
        reverse("events:slot_book", kwargs={"pk": second.pk}), {"challenge": "Toinen"}, follow=True
    )
    second.refresh_from_db()
    assert second.municipality is None
    assert response.status_code == 200
    # Refused (one slot a municipality): the page says why.
    assert re.search(r'class="alert alert-danger" role="alert">[^<]+<', response.content.decode())
    page = (
        login(client, world.contact_b)
        .get(reverse("events:slots", kwargs={"pk": slot.event.pk}))
        .content.decode()
    )
    assert "Strategian jalkauttaminen" not in page  # another municipality's challenge stays private
    empty = client.post(reverse("events:slot_book", kwargs={"pk": second.pk}), {"challenge": " "})
    assert empty.status_code == 200
    error_id = f"challenge-{second.pk}-error"
    assert f'id="{error_id}"' in empty.content.decode()
    assert f"challenge-help-{second.pk} {error_id}" in empty.content.decode()
    assert empty.content.decode().count("<details open>") == 1
    second.refresh_from_db()
    assert second.municipality is None
    # Taken meanwhile by another municipality: what was typed waits in the free slots' forms.
    third = SlotFactory(event=slot.event, starts=second.ends, ends=second.ends + timedelta(hours=1))
    other = MembershipFactory(period=world.period).municipality
    services.book_slot(slot=second, municipality=other, challenge="Muu", by=None)
    taken = client.post(reverse("events:slot_book", kwargs={"pk": second.pk}), {"challenge": "Oma"})
    assert re.search(rf'id="challenge-{third.pk}"[^>]*>Oma</textarea>', taken.content.decode())
    third.refresh_from_db()
    assert third.municipality is None


def test_materials_are_for_members_and_downloads_are_checked(client, world):
    event = EventFactory(period=world.period)
    login(client, world.coordinator)
    pdf = SimpleUploadedFile("kalvot.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client.post(
        reverse("events:materials", kwargs={"pk": event.pk}), {"title": "Kalvot", "file": pdf}
    )
    assert response.status_code == 302
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00", content_type="application/pdf")
    response = client.post(
        reverse("events:materials", kwargs={"pk": event.pk}), {"title": "Huijaus", "file": fake}
    )
    assert response.status_code == 200 and event.materials.count() == 1
    material = event.materials.get()
    assert not material.file.path.startswith(str(settings.MEDIA_ROOT))  # never publicly served
    url = reverse("events:material_download", kwargs={"pk": material.pk})
    assert login(client, world.participant_a).get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 302
    outsider = UserFactory()  # a municipality that is not a member
    assert login(client, outsider).get(url).status_code in (403, 404)


def test_the_calendar_feed_lists_my_registrations_and_a_new_address_revokes_the_old(client, world):
    event = EventFactory(period=world.period, title_fi="Syksyn seminaari")
    services.register(event=event, by=None, person=world.participant_a)
    login(client, world.participant_a)
    page = client.get(reverse("events:calendar_feed")).content.decode()
    feed = CalendarFeed.objects.get(person=world.participant_a)
    assert feed.token in page
    client.logout()
    url = reverse("events:feed", kwargs={"token": feed.token})
    response = client.get(url)
    assert response.status_code == 200 and b"Syksyn seminaari" in response.content
    login(client, world.participant_a).post(reverse("events:calendar_feed"))
    client.logout()
    assert client.get(url).status_code == 404


def test_coordinator_creates_an_event_with_an_agenda_and_publishes_it(client, world):
    login(client, world.coordinator)
    start = timezone.localtime() + timedelta(days=30)
    data = {
        "period": world.period.pk,
        "kind": "theme_seminar",
        "title_fi": "Uusi seminaari",
        "start": start.strftime("%Y-%m-%dT09:00"),
        "end": start.strftime("%Y-%m-%dT16:00"),
        "format": "on_site",
        "venue": "Kuntatalo",
        "audience": "both",
        "capacity": "80",
        "agenda-TOTAL_FORMS": "1",
        "agenda-INITIAL_FORMS": "0",
        "agenda-0-starts_at": "09:00",
        "agenda-0-title_fi": "Avaus",
        "agenda-0-speaker": "Koordinaattori",
    }
    response = client.post(reverse("events:event_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(title_fi="Uusi seminaari")
    assert event.status == "draft" and event.agenda.get().title_fi == "Avaus"
    assert event.feedback_questions.count() == 5
    client.post(reverse("events:event_publish", kwargs={"pk": event.pk}))
    event.refresh_from_db()
    assert event.status == "published"


def test_event_form_explains_what_is_wrong(client, world):
    login(client, world.coordinator)
    response = client.post(
        reverse("events:event_add"),
        {
            "period": world.period.pk,
            "kind": "peer_seminar",
            "title_fi": "X",
            "start": "2030-01-02T10:00",
            "end": "2030-01-02T09:00",
            "format": "online",
            "audience": "both",
            "agenda-TOTAL_FORMS": "0",
            "agenda-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"peer_groups", "end", "online_url"} <= set(errors)
    assert not Event.objects.exists()


def test_cancelling_an_event_tells_everyone_registered(client, world, run_on_commit, mailoutbox):
    event = EventFactory(period=world.period)
    services.register(event=event, by=None, person=world.participant_a)
    mailoutbox.clear()
    login(client, world.coordinator)
    with run_on_commit():
        client.post(reverse("events:event_cancel", kwargs={"pk": event.pk}))
    event.refresh_from_db()
    assert event.status == "cancelled"
    assert len(mailoutbox) == 1 and "STATUS:CANCELLED" in mailoutbox[0].attachments[0][1]


def test_my_events_lists_waitlist_position(client, world):
    event = EventFactory(period=world.period, capacity=1)
    services.register(event=event, by=None, person=world.contact_a)
    services.register(event=event, by=None, person=world.participant_a)
    page = login(client, world.participant_a).get(reverse("events:my_registrations"))
    assert page.status_code == 200
    registration = page.context["object_list"][0]
    assert registration.waitlist_position == 1


def test_a_workshops_consultant_adds_its_materials_but_not_other_events(client, world):
    workshop = EventFactory(period=world.period, kind="workshop", municipality=world.municipality_a)
    seminar = EventFactory(period=world.period)
    login(client, world.consultant_a)
    for event, expected in ((workshop, 302), (seminar, 403)):
        pdf = SimpleUploadedFile("muistio.pdf", b"%PDF-1.4 x", content_type="application/pdf")
        response = client.post(
            reverse("events:materials", kwargs={"pk": event.pk}), {"title": "Muistio", "file": pdf}
        )
        assert response.status_code == expected
    assert workshop.materials.count() == 1 and seminar.materials.count() == 0


def test_the_dashboard_marks_a_registration_whose_event_was_cancelled(client, world):
    person = world.participant_a
    kept = EventFactory(period=world.period, title_fi="Pidettävä seminaari")
    cancelled = EventFactory(period=world.period, title_fi="Peruttu seminaari")
    for event in (kept, cancelled):
        services.register(event=event, by=person, person=person)
    Event.objects.filter(pk=cancelled.pk).update(status=Event.Status.CANCELLED)
    client.force_login(person)
    page = client.get(reverse("core:dashboard")).content.decode()
    items = {
        title: item
        for item in re.findall(r"<li class=\"mb-1\">.*?</li>", page, re.S)
        for title in ("Pidettävä seminaari", "Peruttu seminaari")
        if title in item
    }
    assert "Peruttu</span>" in items["Peruttu seminaari"]
    assert "Peruttu</span>" not in items["Pidettävä seminaari"]


def test_the_programmes_theme_filter_names_each_areas_period_newest_first(client, world):
    from datetime import date

    from uso.network.models import ThemeArea

    from .factories import PeriodFactory

    later = PeriodFactory(
        network=world.period.network,
        name_fi="USO 2019–2020",
        start_date=date(2019, 1, 1),
        end_date=date(2020, 12, 31),
    )
    for period in (world.period, later):
        ThemeArea.objects.create(period=period, name_fi="Strategia", name="Strategia")
    client.force_login(world.participant_a)
    page = client.get(reverse("events:programme")).content.decode()
    select = re.search(r'<select name="theme".*?</select>', page, re.S)[0]
    labels = re.findall(r"<option value=\"\d+\">([^<]*)</option>", select)
    assert labels == ["Strategia (USO 2019–2020)", f"Strategia ({world.period.name})"]


def test_my_events_lists_the_next_event_first_and_the_past_ones_after(client, world):
    now = timezone.now()
    starts = {"later": 60, "next": 5, "past": -30, "long_ago": -300}
    events = {
        name: EventFactory(
            period=world.period,
            start=now + timedelta(days=days),
            end=now + timedelta(days=days, hours=3),
            registration_opens=None,
            registration_closes=None,
        )
        for name, days in starts.items()
    }
    for event in events.values():
        Registration.objects.create(
            event=event,
            person=world.participant_a,
            municipality=world.municipality_a,
            status=Registration.Status.CONFIRMED,
            consent_to_list=False,
        )
    page = login(client, world.participant_a).get(reverse("events:my_registrations"))
    listed = [registration.event for registration in page.context["object_list"]]
    order = ["next", "later", "past", "long_ago"]
    assert listed == [events[name] for name in order]
