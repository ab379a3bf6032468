"""Writes to development plans: starting a plan, its status, goals, actions and comments.

Who changed what is recorded by django-simple-history on the plan, its goals, actions and
workshop records (the request's user through its middleware; `by` for the rest).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from uso.core.errors import DomainError
from uso.network.models import Membership

from .models import Action, Comment, DevelopmentPlan, Goal, WorkshopRecord

# Each status may move to these.
TRANSITIONS = {
    DevelopmentPlan.Status.DRAFT: [DevelopmentPlan.Status.AGREED],
    DevelopmentPlan.Status.AGREED: [
        DevelopmentPlan.Status.DRAFT,
        DevelopmentPlan.Status.FOLLOW_UP,
    ],
    DevelopmentPlan.Status.FOLLOW_UP: [DevelopmentPlan.Status.CLOSED],
    DevelopmentPlan.Status.CLOSED: [DevelopmentPlan.Status.FOLLOW_UP],
}


def start_plan(*, municipality, period, by=None) -> DevelopmentPlan:
    """The member's plan of the period, created on first use."""
    if not Membership.objects.active().filter(municipality=municipality, period=period).exists():
        raise DomainError(_("Only a member municipality has a development plan for the period."))
    plan, _created = DevelopmentPlan.objects.get_or_create(municipality=municipality, period=period)
    return plan


def change_status(
    *,
    plan: DevelopmentPlan,
    status: str,
    by=None,
    agreed_on=None,
    agreed_by: str = "",
    final_evaluation: str = "",
) -> DevelopmentPlan:
    """Move the plan on: agreeing needs the date and who agreed; closing a final evaluation."""
    if status not in TRANSITIONS.get(plan.status, []):
        raise DomainError(
            _("A plan that is “%(current)s” cannot become “%(new)s”.")
            % {
                "current": plan.get_status_display(),
                "new": DevelopmentPlan.Status(status).label,
            },
            field="status",
        )
    with transaction.atomic():
        if status == DevelopmentPlan.Status.AGREED:
            if not (agreed_on and agreed_by.strip()):
                raise DomainError(
                    _("Give the date the plan was agreed and who agreed it."), field="agreed_on"
                )
            if agreed_on > timezone.localdate():
                raise DomainError(
                    _("The plan cannot have been agreed on a day to come."), field="agreed_on"
                )
            plan.agreed_on, plan.agreed_by = agreed_on, agreed_by.strip()
        if status == DevelopmentPlan.Status.CLOSED:
            if not final_evaluation.strip():
                raise DomainError(
                    _("Write the final evaluation before closing the plan."),
                    field="final_evaluation",
                )
            plan.final_evaluation = final_evaluation.strip()
            plan.closed_on = timezone.localdate()
        if status == DevelopmentPlan.Status.FOLLOW_UP:
            plan.closed_on = None
        plan.status = status
        plan._change_reason = f"status → {status}"
        if by is not None:
            plan._history_user = by
        plan.save()
    return plan


def add_comment(*, plan: DevelopmentPlan, author, body: str, goal=None, action=None) -> Comment:
    if not body.strip():
        raise DomainError(_("Write the comment first."), field="body")
    if goal is None and action is None:
        raise ValueError("A comment is on a goal or an action.")
    target_plan = goal.plan if goal is not None else action.goal.plan
    if target_plan.pk != plan.pk:
        raise DomainError(_("The comment does not belong to this plan."))
    return Comment.objects.create(
        plan=plan, goal=goal, action=action, author=author, body=body.strip()
    )


def check_action_owner(plan: DevelopmentPlan, owner) -> None:
    """An action's owner is one of the municipality's own people."""
    if owner is not None and owner.municipality_id != plan.municipality_id:
        raise DomainError(
            _("The owner must be a person of %(municipality)s.")
            % {"municipality": plan.municipality.name},
            field="owner",
        )


def add_action_from_record(
    *, record: WorkshopRecord, goal: Goal, description: str, owner=None, due_date=None, by=None
) -> Action:
    """A follow-up action decided at a workshop goes straight into the plan."""
    if goal.plan_id != record.workshop.plan_id:
        raise DomainError(_("Choose a goal of the workshop's own plan."), field="goal")
    if not description.strip():
        raise DomainError(_("Describe the action."), field="description")
    check_action_owner(goal.plan, owner)
    return Action.objects.create(
        goal=goal,
        description=description.strip(),
        owner=owner,
        due_date=due_date,
        from_record=record,
    )


# --- Editing a plan, its goals and actions on the plan's pages ----------------------------------

# The history does not follow many-to-many fields: a change of priorities is written into the
# history record's reason as "priorities:<old ids>><new ids>" and shown by the history page.
PRIORITIES_REASON = "priorities:"


def _check_period(plan: DevelopmentPlan, sub_themes, field: str) -> None:
    if any(sub_theme.theme_area.period_id != plan.period_id for sub_theme in sub_themes):
        raise DomainError(_("Choose sub-themes of the plan's period."), field=field)


def save_plan(*, plan: DevelopmentPlan, priorities, by=None) -> DevelopmentPlan:
    """Save the plan's edited fields (starting situation, sharing) and its priorities."""
    priorities = list(priorities)
    _check_period(plan, priorities, "priorities")
    with transaction.atomic():
        before = sorted(plan.priorities.values_list("pk", flat=True)) if plan.pk else []
        after = sorted(sub_theme.pk for sub_theme in priorities)
        if before != after:
            plan._change_reason = "{}{}>{}".format(
                PRIORITIES_REASON, ",".join(map(str, before)), ",".join(map(str, after))
            )
        if by is not None:
            plan._history_user = by
        plan.full_clean()
        plan.save()
        plan.priorities.set(priorities)
    return plan


def save_goal(*, goal: Goal, by=None) -> Goal:
    """Add or change a goal; a new goal without an order comes after the others."""
    if goal.sub_theme_id is not None:
        _check_period(goal.plan, [goal.sub_theme], "sub_theme")
    if goal.target_date and goal.target_date < goal.plan.period.start_date:
        raise DomainError(
            _("The target date is before the period %(period)s begins.")
            % {"period": goal.plan.period},
            field="target_date",
        )
    with transaction.atomic():
        if goal.pk is None and not goal.order:
            last = goal.plan.goals.order_by("-order").values_list("order", flat=True).first()
            goal.order = (last or 0) + 1
        if by is not None:
            goal._history_user = by
        goal.full_clean()
        goal.save()
    return goal


def save_action(*, action: Action, by=None) -> Action:
    """Add or change an action; its owner is one of the municipality's people."""
    check_action_owner(action.goal.plan, action.owner)
    with transaction.atomic():
        if by is not None:
            action._history_user = by
        action.full_clean()
        action.save()
    return action
