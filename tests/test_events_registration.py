"""Registration's rules through the services: the waitlist and its promotions, the limits, and
everyone who may not register, with the reason they are told."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from uso.accounts.models import Role
from uso.core.errors import DomainError
from uso.events import services
from uso.events.models import Event, EventKind, Registration
from uso.network.models import Membership, PeerGroup

from .events_factories import EventFactory, SlotFactory
from .factories import MunicipalityFactory, UserFactory

pytestmark = pytest.mark.django_db


def people_of(municipality, count, **kwargs):
    return [UserFactory(municipality=municipality, **kwargs) for _ in range(count)]


def register(event, person, by=None):
    return services.register(event=event, by=by or person, person=person)


def refused(event, person, by=None) -> str:
    """The reason given, in English."""
    with translation.override("en"):
        with pytest.raises(DomainError) as error:
            register(event, person, by=by)
        return str(error.value.message)


def statuses(event) -> dict:
    return {
        r.person_id: (r.status, r.waitlist_position if r.status == "waitlisted" else None)
        for r in Registration.objects.with_waitlist_position().filter(event=event).active()
    }


# --- The waitlist ------------------------------------------------------------------------------


def test_a_full_event_puts_people_on_the_waitlist_in_the_order_they_came(world):
    event = EventFactory(period=world.period, capacity=2)
    first, second, third, fourth = people_of(world.municipality_a, 4)
    for person in (first, second, third, fourth):
        register(event, person)
    assert statuses(event) == {
        first.pk: ("confirmed", None),
        second.pk: ("confirmed", None),
        third.pk: ("waitlisted", 1),
        fourth.pk: ("waitlisted", 2),
    }
    counted = Event.objects.with_counts().get(pk=event.pk)
    assert (counted.confirmed_count, counted.waitlist_count) == (2, 2)


def test_a_cancellation_gives_the_seat_to_the_first_waiting_who_is_told_by_email(
    world, run_on_commit, mailoutbox
):
    event = EventFactory(period=world.period, capacity=1, title_en="Seminar on change")
    seated, first_waiting, second_waiting = people_of(world.municipality_a, 3, language="en")
    for person in (seated, first_waiting, second_waiting):
        register(event, person)
    seat = Registration.objects.get(event=event, person=seated)
    mailoutbox.clear()

    with run_on_commit():
        services.cancel_registration(registration=seat, by=seated)

    assert statuses(event) == {
        first_waiting.pk: ("confirmed", None),
        second_waiting.pk: ("waitlisted", 1),
    }
    promoted = Registration.objects.get(event=event, person=first_waiting)
    assert promoted.confirmed_at is not None
    assert [m.to for m in mailoutbox] == [[first_waiting.email]]
    assert "A place became free for you: Seminar on change" in mailoutbox[0].subject
    assert mailoutbox[0].attachments[0][0] == "event.ics"


def test_cancelling_a_waitlisted_place_moves_the_others_up_and_promotes_nobody(world):
    event = EventFactory(period=world.period, capacity=1)
    seated, first_waiting, second_waiting = people_of(world.municipality_a, 3)
    for person in (seated, first_waiting, second_waiting):
        register(event, person)
    waiting = Registration.objects.get(event=event, person=first_waiting)
    services.cancel_registration(registration=waiting, by=first_waiting)
    assert statuses(event) == {seated.pk: ("confirmed", None), second_waiting.pk: ("waitlisted", 1)}


def test_the_seat_limit_of_a_municipality_lets_the_next_waiting_person_who_fits_go_first(
    world, run_on_commit, mailoutbox
):
    event = EventFactory(period=world.period, capacity=2, per_municipality_limit=1)
    a1, a2, a3 = people_of(world.municipality_a, 3)
    b1, b2 = people_of(world.municipality_b, 2)
    register(event, a1)  # confirmed
    register(event, a2)  # seats left, but A has used its one: waitlisted
    register(event, a3)  # waitlisted
    register(event, b1)  # confirmed: the event is now full
    register(event, b2)  # waitlisted
    assert statuses(event) == {
        a1.pk: ("confirmed", None),
        a2.pk: ("waitlisted", 1),
        a3.pk: ("waitlisted", 2),
        b1.pk: ("confirmed", None),
        b2.pk: ("waitlisted", 3),
    }
    mailoutbox.clear()
    with run_on_commit():
        services.cancel_registration(
            registration=Registration.objects.get(event=event, person=b1), by=b1
        )
    # A's people wait on: A still has its one seat. B's next person fits.
    assert statuses(event)[b2.pk] == ("confirmed", None)
    assert statuses(event)[a2.pk] == ("waitlisted", 1)
    assert [m.to for m in mailoutbox] == [[b2.email]]

    with run_on_commit():
        services.cancel_registration(
            registration=Registration.objects.get(event=event, person=a1), by=a1
        )
    assert statuses(event)[a2.pk] == ("confirmed", None)
    assert statuses(event)[a3.pk] == ("waitlisted", 1)


def test_raising_the_capacity_through_save_event_promotes_the_waiting(
    world, run_on_commit, mailoutbox
):
    event = EventFactory(period=world.period, capacity=1)
    people = people_of(world.municipality_a, 4)
    for person in people:
        register(event, person)
    mailoutbox.clear()

    event.capacity = 3
    with run_on_commit():
        services.save_event(event=event, changed={"capacity"}, by=world.coordinator)

    assert [statuses(event)[p.pk] for p in people] == [
        ("confirmed", None),
        ("confirmed", None),
        ("confirmed", None),
        ("waitlisted", 1),
    ]
    assert sorted(m.to[0] for m in mailoutbox) == sorted([people[1].email, people[2].email])


def test_lifting_the_seat_limit_promotes_the_waiting_of_that_municipality(world):
    event = EventFactory(period=world.period, capacity=10, per_municipality_limit=1)
    first, second = people_of(world.municipality_a, 2)
    register(event, first)
    register(event, second)
    assert statuses(event)[second.pk] == ("waitlisted", 1)
    event.per_municipality_limit = None
    services.save_event(event=event, changed={"per_municipality_limit"}, by=world.coordinator)
    assert statuses(event)[second.pk] == ("confirmed", None)


def test_nobody_is_promoted_once_the_event_is_over(world):
    event = EventFactory(period=world.period, capacity=1)
    seated, waiting = people_of(world.municipality_a, 2)
    register(event, seated)
    register(event, waiting)
    Event.objects.filter(pk=event.pk).update(
        start=timezone.now() - timedelta(days=2), end=timezone.now() - timedelta(days=1)
    )
    seat = Registration.objects.get(event=event, person=seated)
    with (
        translation.override("en"),
        pytest.raises(DomainError, match="cannot be cancelled after the event"),
    ):
        services.cancel_registration(registration=seat, by=seated)
    services.cancel_registration(registration=seat, by=world.coordinator)
    assert statuses(event) == {waiting.pk: ("waitlisted", 1)}


# --- Duplicates --------------------------------------------------------------------------------


def test_registering_twice_is_refused_with_a_clear_message(world):
    event = EventFactory(period=world.period)
    register(event, world.participant_a)
    message = "This person is already registered for the event."
    assert refused(event, world.participant_a) == message
    assert refused(event, world.participant_a, by=world.contact_a) == message
    assert Registration.objects.filter(event=event).count() == 1


def test_after_cancelling_a_person_may_register_again(world):
    event = EventFactory(period=world.period)
    first = register(event, world.participant_a)
    services.cancel_registration(registration=first, by=world.participant_a)
    again = register(event, world.participant_a)
    assert again.pk != first.pk and again.status == Registration.Status.CONFIRMED


# --- The registration window and the event's status --------------------------------------------


def test_registration_before_the_window_opens_is_refused(world):
    opens = timezone.now() + timedelta(days=2)
    event = EventFactory(period=world.period, registration_opens=opens)
    assert refused(event, world.participant_a).startswith("Registration opens on ")


def test_registration_after_the_window_closed_is_refused(world):
    event = EventFactory(
        period=world.period, registration_closes=timezone.now() - timedelta(minutes=1)
    )
    assert refused(event, world.participant_a) == "Registration has closed."


def test_registration_closes_when_the_event_starts_unless_told_otherwise(world):
    event = EventFactory(period=world.period)
    Event.objects.filter(pk=event.pk).update(start=timezone.now() - timedelta(minutes=5))
    assert refused(event, world.participant_a) == "Registration has closed."


def test_a_coordinator_may_still_register_someone_after_the_window_closed(world):
    event = EventFactory(
        period=world.period, registration_closes=timezone.now() - timedelta(minutes=1)
    )
    registration = register(event, world.participant_a, by=world.coordinator)
    assert registration.status == Registration.Status.CONFIRMED


@pytest.mark.parametrize("status", [Event.Status.CANCELLED, Event.Status.DRAFT])
def test_a_cancelled_or_draft_event_takes_no_registrations_even_from_a_coordinator(world, status):
    event = EventFactory(period=world.period, status=status)
    reason = {
        Event.Status.CANCELLED: "The event has been cancelled.",
        Event.Status.DRAFT: "The event has not been published yet.",
    }[status]
    assert refused(event, world.participant_a) == reason
    assert refused(event, world.participant_a, by=world.coordinator) == reason
    assert not Registration.objects.exists()


# --- Who the event is for ----------------------------------------------------------------------


def test_a_peer_seminar_of_another_group_is_refused(world):
    group_a = PeerGroup.objects.create(period=world.period, name_fi="A")
    group_a.members.add(world.municipality_a)
    event = EventFactory(period=world.period, kind=EventKind.PEER_SEMINAR, peer_groups=[group_a])
    assert register(event, world.participant_a).status == Registration.Status.CONFIRMED
    reason = "This peer seminar is for the municipalities of its peer groups only."
    assert refused(event, world.participant_b) == reason
    assert refused(event, world.participant_b, by=world.coordinator) == reason


def test_a_workshop_of_another_municipality_is_refused(world):
    event = EventFactory(
        period=world.period, kind=EventKind.WORKSHOP, municipality=world.municipality_a
    )
    assert register(event, world.contact_a).status == Registration.Status.CONFIRMED
    assert refused(event, world.participant_b) == "This workshop belongs to another municipality."


def test_people_of_a_municipality_that_is_not_a_member_are_refused(world):
    outsider = UserFactory(municipality=MunicipalityFactory())
    event = EventFactory(period=world.period)
    reason = "The event is for the people of the network's member municipalities."
    assert refused(event, outsider) == reason
    assert refused(event, outsider, by=world.coordinator) == reason


def test_people_whose_membership_has_ended_are_refused(world):
    world.membership_b.status = Membership.Status.ENDED
    world.membership_b.save()
    assert refused(EventFactory(period=world.period), world.participant_b) == (
        "The event is for the people of the network's member municipalities."
    )


def test_a_contact_person_meeting_is_for_contact_persons_only(world):
    event = EventFactory(period=world.period, kind=EventKind.CONTACT_MEETING)
    reason = "This meeting is for the municipalities' contact persons."
    assert refused(event, world.participant_a) == reason
    assert refused(event, world.participant_a, by=world.coordinator) == reason
    assert register(event, world.contact_a).status == Registration.Status.CONFIRMED


def test_the_networks_staff_may_attend_any_event(world):
    event = EventFactory(period=world.period, kind=EventKind.CONTACT_MEETING)
    assert register(event, world.consultant_a).status == Registration.Status.CONFIRMED
    assert register(event, world.coordinator).status == Registration.Status.CONFIRMED


def test_an_account_not_in_use_cannot_be_registered(world):
    world.participant_a.is_active = False
    world.participant_a.save()
    event = EventFactory(period=world.period)
    reason = refused(event, world.participant_a, by=world.coordinator)
    assert reason == "The person's account is not in use."


# --- Guests ------------------------------------------------------------------------------------


def guest(email="vieras@example.org"):
    return services.Guest(name="Vieras Vierailija", organisation="Ministeriö", email=email)


def refused_guest(event, by, email="vieras@example.org") -> str:
    with translation.override("en"):
        with pytest.raises(DomainError) as error:
            services.register(event=event, by=by, guest=guest(email))
        return str(error.value.message)


def test_only_a_coordinator_registers_guests_and_only_where_the_event_takes_them(world):
    closed = EventFactory(period=world.period)
    assert refused_guest(closed, world.coordinator) == "This event does not take guests."
    open_to_guests = EventFactory(period=world.period, guests_allowed=True)
    assert refused_guest(open_to_guests, world.contact_a) == (
        "Only a coordinator can register guests."
    )
    registration = services.register(event=open_to_guests, by=world.coordinator, guest=guest())
    assert registration.is_guest and registration.status == Registration.Status.CONFIRMED
    assert registration.municipality_id is None


def test_the_same_guest_is_registered_once(world):
    event = EventFactory(period=world.period, guests_allowed=True)
    services.register(event=event, by=world.coordinator, guest=guest("Sama@Example.org"))
    assert refused_guest(event, world.coordinator, "sama@example.org") == (
        "This guest is already registered for the event."
    )


def test_guests_take_seats_but_no_municipalitys_quota(world):
    event = EventFactory(
        period=world.period, guests_allowed=True, capacity=2, per_municipality_limit=1
    )
    services.register(event=event, by=world.coordinator, guest=guest("a@example.org"))
    services.register(event=event, by=world.coordinator, guest=guest("b@example.org"))
    assert register(event, world.participant_a).status == Registration.Status.WAITLISTED


# --- Regional change clinics -------------------------------------------------------------------


def test_a_regional_clinic_is_closed_to_other_regions_unless_the_municipality_is_admitted(world):
    assert world.municipality_a.region_id != world.municipality_b.region_id
    clinic = EventFactory(
        period=world.period,
        kind=EventKind.CHANGE_CLINIC,
        regions=[world.municipality_a.region],
    )
    assert register(clinic, world.participant_a).status == Registration.Status.CONFIRMED
    assert refused(clinic, world.participant_b).startswith("This regional clinic is for")
    clinic.admitted_municipalities.add(world.municipality_b)
    assert register(clinic, world.participant_b).status == Registration.Status.CONFIRMED


def test_a_national_clinic_is_open_to_every_member(world):
    clinic = EventFactory(period=world.period, kind=EventKind.CHANGE_CLINIC)
    assert register(clinic, world.participant_b).status == Registration.Status.CONFIRMED


def test_slots_of_a_regional_clinic_are_booked_by_its_regions_and_the_admitted(world):
    slot = SlotFactory(event__period=world.period, event__regions=[world.municipality_a.region])
    other = SlotFactory(event=slot.event, starts=slot.ends)
    with pytest.raises(DomainError):
        services.book_slot(
            slot=slot, municipality=world.municipality_b, challenge="Talous", by=world.contact_b
        )
    slot.event.admitted_municipalities.add(world.municipality_b)
    services.book_slot(
        slot=slot, municipality=world.municipality_b, challenge="Talous", by=world.contact_b
    )
    services.book_slot(
        slot=other, municipality=world.municipality_a, challenge="Palvelut", by=world.contact_a
    )
    slot.refresh_from_db()
    other.refresh_from_db()
    assert (slot.municipality, other.municipality) == (world.municipality_b, world.municipality_a)


def test_a_booked_slot_and_a_second_slot_for_the_same_municipality_are_refused(world):
    slot = SlotFactory(event__period=world.period)
    second = SlotFactory(event=slot.event, starts=slot.ends)
    services.book_slot(
        slot=slot, municipality=world.municipality_a, challenge="Talous", by=world.contact_a
    )
    with pytest.raises(DomainError):
        services.book_slot(
            slot=slot, municipality=world.municipality_b, challenge="Talous", by=world.contact_b
        )
    with pytest.raises(DomainError):
        services.book_slot(
            slot=second, municipality=world.municipality_a, challenge="Lisää", by=world.contact_a
        )
    with pytest.raises(DomainError) as error:
        services.book_slot(slot=second, municipality=world.municipality_b, challenge=" ", by=None)
    assert error.value.field == "challenge"


def test_a_contact_person_registers_a_colleague_for_a_contact_person_meeting(world):
    colleague = UserFactory(municipality=world.municipality_a, role=Role.CONTACT)
    meeting = EventFactory(period=world.period, kind=EventKind.CONTACT_MEETING)
    registration = services.register(event=meeting, by=world.contact_a, person=colleague)
    assert registration.registered_by == world.contact_a
    assert registration.municipality == world.municipality_a


def test_nobody_is_promoted_into_a_cancelled_event(world, run_on_commit, mailoutbox):
    event = EventFactory(period=world.period, capacity=1)
    seated, waiting = people_of(world.municipality_a, 2)
    register(event, seated)
    register(event, waiting)
    services.cancel_event(event=event, by=world.coordinator)
    mailoutbox.clear()
    with run_on_commit():
        services.cancel_registration(
            registration=Registration.objects.get(event=event, person=seated), by=seated
        )
        event.refresh_from_db()
        event.capacity = 5
        services.save_event(event=event, changed={"capacity"}, by=world.coordinator)
    assert statuses(event) == {waiting.pk: ("waitlisted", 1)}
    assert mailoutbox == []


def test_a_municipality_that_is_not_a_member_cannot_book_a_slot(world):
    outsider = MunicipalityFactory()
    slot = SlotFactory(event__period=world.period)
    contact = UserFactory(municipality=outsider, role=Role.CONTACT)
    for by in (contact, world.coordinator):
        with translation.override("en"):
            with pytest.raises(DomainError) as error:
                services.book_slot(slot=slot, municipality=outsider, challenge="Talous", by=by)
            assert str(error.value.message) == (
                "The event is for the people of the network's member municipalities."
            )
    slot.refresh_from_db()
    assert slot.is_free


def test_not_even_a_coordinator_books_a_slot_of_a_cancelled_clinic(world):
    slot = SlotFactory(event__period=world.period, event__status=Event.Status.CANCELLED)
    with pytest.raises(DomainError):
        services.book_slot(
            slot=slot, municipality=world.municipality_a, challenge="Talous", by=world.coordinator
        )
    slot.refresh_from_db()
    assert slot.municipality is None


def test_the_message_says_whose_seats_are_taken(world):
    from uso.events.views.registrations import registered_message

    event = EventFactory(period=world.period, capacity=2, per_municipality_limit=1)
    a1, a2 = people_of(world.municipality_a, 2)
    b1, b2 = people_of(world.municipality_b, 2)
    with translation.override("en"):
        assert "is registered" in registered_message(register(event, a1))
        municipality_full = registered_message(register(event, a2))
        assert municipality_full.startswith("The municipality's seats are taken (1 a munic")
        register(event, b1)  # the last seat
        assert registered_message(register(event, b2)).startswith("The event is full")
