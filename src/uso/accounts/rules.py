import rules

from uso.core.rules import (
    is_assigned_consultant,
    is_contact_of,
    is_coordinator,
    is_signed_in,
    of_own_municipality,
)


@rules.predicate
def is_self(user, person) -> bool:
    return person is not None and user.pk == person.pk


@rules.predicate
def is_participant(user, person) -> bool:
    return person is not None and person.role == "participant"


# The object of these permissions is a Municipality (listing and inviting) or a person.
rules.add_perm("accounts.view_people", is_coordinator | is_contact_of | is_assigned_consultant)
rules.add_perm("accounts.invite_person", is_coordinator | is_contact_of)
rules.add_perm(
    "accounts.remove_person", is_coordinator | (is_contact_of & is_participant & ~is_self)
)
rules.add_perm(
    "accounts.view_person",
    is_coordinator | is_self | is_assigned_consultant | of_own_municipality,
)
rules.add_perm("accounts.change_person", is_coordinator | is_self)
rules.add_perm(
    "accounts.reinvite_person", is_coordinator | (is_contact_of & is_participant & ~is_self)
)
rules.add_perm("accounts.manage_people", is_coordinator)
rules.add_perm("accounts.accept_invitation", rules.always_allow)
rules.add_perm("accounts.manage_own_account", is_signed_in)
rules.add_perm("accounts.obtain_api_token", rules.always_allow)
rules.add_perm("accounts.list_people_api", is_signed_in)
