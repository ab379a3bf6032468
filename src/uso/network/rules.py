import rules

from uso.core.rules import (
    is_assigned_consultant,
    is_contact,
    is_coordinator,
    is_staff_member,
    of_own_municipality,
)

rules.add_perm("network.browse_municipalities", is_staff_member)
rules.add_perm(
    "network.view_municipality", is_coordinator | is_assigned_consultant | of_own_municipality
)
rules.add_perm("network.manage_registry", is_coordinator)
rules.add_perm("network.manage_periods", is_coordinator)
rules.add_perm("network.view_period", rules.always_allow)
rules.add_perm("network.apply_to_join", rules.always_allow)
rules.add_perm("network.decide_applications", is_coordinator)
# The object is a Membership: its municipality's contact person reads it.
rules.add_perm(
    "network.view_membership", is_coordinator | of_own_municipality | is_assigned_consultant
)
rules.add_perm("network.manage_memberships", is_coordinator)
rules.add_perm("network.view_peer_groups", is_staff_member)
rules.add_perm("network.manage_peer_groups", is_coordinator)
rules.add_perm("network.read_registry", rules.always_allow)
rules.add_perm("network.list_memberships", is_coordinator | is_contact)
rules.add_perm("network.answer_renewal", rules.always_allow)
