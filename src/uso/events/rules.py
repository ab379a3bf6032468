"""Who may do what with events. The object is an Event unless the permission says otherwise."""

import rules

from uso.core.request_memo import remember
from uso.core.rules import (
    is_assigned_consultant,
    is_contact,
    is_contact_of,
    is_coordinator,
    is_municipal,
    is_staff_member,
)


@rules.predicate
def can_see_event(user, event) -> bool:
    from .models import Event

    if event is not None and is_coordinator(user):
        return True  # coordinators see every event (`visible_to`): no need to ask
    return event is not None and remember(
        ("event-visible", user.pk, event.pk),
        lambda: Event.objects.visible_to(user).filter(pk=event.pk).exists(),
    )


@rules.predicate
def own_registration(user, registration) -> bool:
    return bool(registration and user.is_authenticated and registration.person_id == user.pk)


@rules.predicate
def contact_of_registration(user, registration) -> bool:
    return bool(registration and registration.municipality_id and is_contact_of(user, registration))


@rules.predicate
def of_member_municipality(user, event) -> bool:
    """The person's municipality is a member in the event's period."""
    from uso.network.models import Membership

    return bool(
        event is not None
        and user.is_authenticated
        and user.municipality_id
        and remember(
            ("member-in-period", user.municipality_id, event.period_id),
            Membership.objects.active()
            .filter(period_id=event.period_id, municipality_id=user.municipality_id)
            .exists,
        )
    )


@rules.predicate
def is_workshop(user, event) -> bool:
    return event is not None and event.kind == "workshop"


is_network_person = is_municipal | is_staff_member
is_member_person = of_member_municipality | is_staff_member

rules.add_perm("events.view_programme", rules.always_allow)
rules.add_perm("events.view_event", can_see_event)
rules.add_perm("events.manage_events", is_coordinator)
rules.add_perm("events.register_self", is_network_person & can_see_event)
rules.add_perm("events.register_others", is_coordinator | (is_contact & can_see_event))
# Coordinators see every registration; a contact person their municipality's (the view filters).
rules.add_perm("events.view_registrations", is_coordinator | (is_contact & can_see_event))
rules.add_perm("events.view_participants", is_member_person & can_see_event)
rules.add_perm("events.view_materials", is_member_person & can_see_event)
# A workshop's consultants attach its materials; other events' materials are the coordinators'.
rules.add_perm("events.add_material", is_coordinator | (is_workshop & is_assigned_consultant))
rules.add_perm("events.book_slot", is_coordinator | (is_contact & can_see_event))
rules.add_perm("events.view_feedback", is_staff_member)
rules.add_perm("events.give_feedback", rules.always_allow)
rules.add_perm("events.view_year", is_coordinator)
rules.add_perm("events.use_calendar_feed", rules.is_authenticated)
rules.add_perm("events.read_calendar_feed", rules.always_allow)  # the secret token decides
# The object is a Registration.
rules.add_perm(
    "events.cancel_registration",
    is_coordinator | own_registration | contact_of_registration,
)
rules.add_perm("events.list_my_registrations", rules.is_authenticated)
# The object is a ClinicSlot: the booking municipality's contact person may free it.
rules.add_perm("events.release_slot", is_coordinator | is_contact_of)
