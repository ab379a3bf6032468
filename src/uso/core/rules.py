"""Predicates shared by every app's rules module: who a person is in the network.

Apps declare their permissions in their own `rules.py` from these predicates; views,
templates and the API only ever ask `user.has_perm(...)`.
"""

import rules


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
    from uso.network.models import ConsultantAssignment

    target = municipality_id_of(obj)
    if not (target and is_consultant(user)):
        return False
    return ConsultantAssignment.objects.filter(
        consultant=user, membership__municipality_id=target
    ).exists()


is_staff_member = is_coordinator | is_consultant
is_signed_in = rules.is_authenticated & rules.is_active

rules.add_perm("core.edit_site_page", is_coordinator)
rules.add_perm("core.view_dashboard", is_signed_in)
rules.add_perm("core.use_admin", is_coordinator)
rules.add_perm("core.view_public_pages", rules.always_allow)
