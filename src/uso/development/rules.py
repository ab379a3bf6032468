"""Who may do what with development plans. The object is a plan, or anything belonging to
one (goal, action, workshop, record): `plan_of` finds the plan."""

import rules

from uso.core.rules import is_contact, is_coordinator, is_municipal, is_staff_member


def plan_of(obj):
    from .models import Action, DevelopmentPlan, Goal, Workshop, WorkshopRecord

    if isinstance(obj, DevelopmentPlan):
        return obj
    if isinstance(obj, Goal | Workshop):
        return obj.plan
    if isinstance(obj, Action):
        return obj.goal.plan
    if isinstance(obj, WorkshopRecord):
        return obj.workshop.plan
    return None


@rules.predicate
def is_plan_consultant(user, obj) -> bool:
    """A consultant assigned to the plan's municipality in the plan's period."""
    from uso.network.models import ConsultantAssignment

    plan = plan_of(obj)
    if plan is None or not (user.is_authenticated and user.is_consultant):
        return False
    return ConsultantAssignment.objects.filter(
        consultant=user,
        membership__municipality_id=plan.municipality_id,
        membership__period_id=plan.period_id,
    ).exists()


@rules.predicate
def is_own_plan(user, obj) -> bool:
    plan = plan_of(obj)
    return bool(plan and user.is_authenticated and user.municipality_id == plan.municipality_id)


@rules.predicate
def is_shared_plan(user, obj) -> bool:
    plan = plan_of(obj)
    return bool(plan and plan.shared)


@rules.predicate
def owns_action(user, action) -> bool:
    return bool(action is not None and user.is_authenticated and action.owner_id == user.pk)


is_plan_contact = is_contact & is_own_plan
edits_plan = is_coordinator | is_plan_consultant | is_plan_contact

rules.add_perm(
    "development.view_plan",
    is_coordinator | is_plan_consultant | is_own_plan | (is_municipal & is_shared_plan),
)
rules.add_perm("development.edit_plan", edits_plan)
rules.add_perm("development.comment", is_coordinator | is_plan_consultant | is_own_plan)
# The object is an Action: its owner updates status and progress notes.
rules.add_perm("development.update_action", edits_plan | (is_own_plan & owns_action))
rules.add_perm("development.view_history", is_coordinator | is_plan_consultant | is_own_plan)
rules.add_perm("development.plan_workshop", edits_plan)
rules.add_perm("development.approve_extra_workshop", is_coordinator)
rules.add_perm("development.write_record", is_coordinator | is_plan_consultant)
rules.add_perm("development.view_report", is_coordinator | is_plan_consultant | is_own_plan)
rules.add_perm("development.list_plans", rules.is_authenticated)
rules.add_perm("development.view_overview", is_coordinator)
rules.add_perm("development.log_hours", is_coordinator | is_plan_consultant)
rules.add_perm("development.view_own_hours", is_staff_member)
rules.add_perm("development.browse_shared_goals", is_municipal | is_staff_member)
