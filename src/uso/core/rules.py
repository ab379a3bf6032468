"""Predicates shared by every app's rules module: who a person is in the network.

Apps declare their permissions in their own `rules.py` from these predicates; views,
templates and the API only ever ask `user.has_perm(...)`.
"""

import rules

from .request_memo import remember


@rules.predicate
def is_coordinator(user) -> bool:
    return bool(user and user.is_authenticated and user.is_coordinator)


@rules.predicate
def is_consultant(user) -> bool:
    return bool(user and user.is_authenticated and user.is_consultant)


@rules.predicate
def is_municipal(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.municipality_id)


@rules.predicate
def is_contact(user) -> bool:
    return bool(user and user.is_authenticated and user.is_contact)


def municipality_id_of(obj) -> int | None:
    """The municipality an object belongs to: a Municipality, or anything with `municipality_id`."""
    from uso.network.models import Municipality

    if obj is None:
        return None
    if isinstance(obj, Municipality):
        return obj.pk
    return getattr(obj, "municipality_id", None)


def owning_municipality_id(obj) -> int | None:
    """The municipality an object belongs to, also through its membership, plan or goal."""
    target = municipality_id_of(obj)
    if target is not None:
        return target
    for parent in ("membership", "plan", "goal"):
        owner = getattr(obj, parent, None) if obj is not None else None
        if owner is not None and not isinstance(owner, str | int):
            return owning_municipality_id(owner)
    return None


def _shared(obj) -> bool:
    """Whether the object, or the goal or plan it belongs to, is shared with the network."""
    if obj is None or isinstance(obj, str | int):
        return False
    if getattr(obj, "shared", False) is True:
        return True
    return any(_shared(getattr(obj, parent, None)) for parent in ("goal", "plan"))


def belongs_elsewhere(user, obj) -> bool:
    """Whether `obj` is another municipality's, seen from `user`: not their own municipality's
    and not one they are assigned to as a consultant. Views and the API then answer 404, as if
    the object did not exist, rather than 403, which would confirm that it does."""
    target = owning_municipality_id(obj)
    if target is None or not (user and user.is_authenticated):
        return False
    if _shared(obj):
        return False  # shared with the network: others know of it, so a refusal is a 403
    if user.municipality_id == target:
        return False
    if is_consultant(user):
        return not is_assigned_to(user, target)
    return True


@rules.predicate
def of_own_municipality(user, obj) -> bool:
    target = municipality_id_of(obj)
    return bool(target and user.is_authenticated and user.municipality_id == target)


@rules.predicate
def is_contact_of(user, obj) -> bool:
    return bool(is_contact(user) and of_own_municipality(user, obj))


@rules.predicate
def is_assigned_consultant(user, obj) -> bool:
    """A consultant assigned to the object's municipality in any period."""
    target = municipality_id_of(obj)
    return bool(target and is_consultant(user) and is_assigned_to(user, target))


def is_assigned_to(consultant, municipality_id) -> bool:
    """Whether the consultant is assigned to the municipality in any period."""
    from uso.network.models import ConsultantAssignment

    return remember(
        ("assigned", consultant.pk, municipality_id),
        ConsultantAssignment.objects.filter(
            consultant=consultant, membership__municipality_id=municipality_id
        ).exists,
    )


is_staff_member = is_coordinator | is_consultant
is_signed_in = rules.is_authenticated & rules.is_active

rules.add_perm("core.edit_site_page", is_coordinator)
rules.add_perm("core.view_dashboard", is_signed_in)
rules.add_perm("core.use_admin", is_coordinator)
rules.add_perm("core.view_public_pages", rules.always_allow)
