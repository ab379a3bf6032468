"""The coordinator's overview of a period's members: each member's plan, its goals and actions,
and its workshops against the quota, with those behind schedule picked out.

Everything is counted in the database, one correlated subquery per figure, so the page costs
the same number of queries for five members as for three hundred. The workshop figures follow
`quota.workshop_quota` exactly: cancelled events and declined extras do not count; workshops
within the quota are held once their event has ended and planned until then; pending and
approved extras are counted apart.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import (
    Case,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from uso.events.models import Event
from uso.network.models import Membership, Period

from .models import Action, DevelopmentPlan, Goal, Workshop
from .quota import COUNTED

NO_PLAN = "none"


@dataclass(frozen=True)
class BehindRule:
    """A member is behind schedule when fewer than `min_held` workshops of the quota are held
    by `deadline` (inclusive), once that day is over."""

    min_held: int
    deadline: date

    @property
    def applies(self) -> bool:
        return timezone.localdate() > self.deadline

    @property
    def deadline_end(self) -> datetime:
        """The first moment after the deadline day, in the local time zone."""
        return timezone.make_aware(datetime.combine(self.deadline + timedelta(days=1), time.min))


def behind_rule(year: int) -> BehindRule:
    month, day = (int(part) for part in settings.DEVELOPMENT_BEHIND_BY.split("-"))
    return BehindRule(
        min_held=settings.DEVELOPMENT_BEHIND_MIN_HELD, deadline=date(year, month, day)
    )


def quota_year(period: Period, year: int) -> int | None:
    """The year the quota is counted for, or None when the quota covers the whole period."""
    return year if period.workshop_quota_unit == Period.QuotaUnit.YEAR else None


def _count(queryset) -> Coalesce:
    """The number of rows of a correlated queryset, as an expression (0 when none)."""
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def workshop_count_annotations(period: Period, *, year: int) -> dict:
    """Annotations counting the workshops of the plan of each membership's municipality in
    `period`: `held`, `planned`, `extras` and `held_by_deadline` (for the behind-schedule
    rule), plus `quota` and `remaining` — the bulk form of `quota.workshop_quota`."""
    now = timezone.now()
    rule = behind_rule(year)
    counted = (
        Workshop.objects.filter(plan__municipality=OuterRef("municipality"), plan__period=period)
        .exclude(event__status=Event.Status.CANCELLED)
        .exclude(approval=Workshop.Approval.DECLINED)
    )
    in_year = quota_year(period, year)
    if in_year is not None:
        counted = counted.filter(event__start__year=in_year)
    within = counted.filter(approval__in=COUNTED)
    held = _count(within.filter(event__end__lt=now))
    planned = _count(within.filter(event__end__gte=now))
    return {
        "held": held,
        "planned": planned,
        "extras": _count(counted.exclude(approval__in=COUNTED)),
        "held_by_deadline": _count(within.filter(event__end__lt=min(now, rule.deadline_end))),
        "quota": Value(period.workshop_quota, output_field=IntegerField()),
        "remaining": Greatest(Value(period.workshop_quota) - held - planned, Value(0)),
    }


def plan_annotations(period: Period) -> dict:
    """The plan of each membership's municipality in the period, its goals and its actions by
    status."""
    plan = DevelopmentPlan.objects.filter(municipality=OuterRef("municipality"), period=period)
    goals = Goal.objects.filter(plan__municipality=OuterRef("municipality"), plan__period=period)
    actions = Action.objects.filter(
        goal__plan__municipality=OuterRef("municipality"), goal__plan__period=period
    )
    figures = {
        "plan_id": Subquery(plan.values("pk")[:1]),
        "plan_status": Subquery(plan.values("status")[:1]),
        "goal_count": _count(goals),
    }
    for status in Action.Status:
        figures[f"actions_{status.value}"] = _count(actions.filter(status=status))
    return figures


def overview_rows(
    period: Period, *, year: int, status: str = "", behind_only: bool = False
) -> QuerySet:
    """The active members of the period with their plan and workshop figures, by name.

    `status` is a plan status or NO_PLAN; `behind_only` keeps the members behind schedule."""
    rule = behind_rule(year)
    rows = (
        Membership.objects.filter(period=period, status=Membership.Status.ACTIVE)
        .select_related("municipality")
        .annotate(**plan_annotations(period))
        .annotate(**workshop_count_annotations(period, year=year))
    )
    if rule.applies:
        behind = Case(
            When(Q(held_by_deadline__lt=rule.min_held), then=Value(True)), default=Value(False)
        )
    else:
        behind = Value(False)
    rows = rows.annotate(behind=behind)
    if status == NO_PLAN:
        rows = rows.filter(plan_id__isnull=True)
    elif status:
        rows = rows.filter(plan_status=status)
    if behind_only:
        rows = rows.filter(behind=True)
    return rows.order_by("municipality__name_fi", "pk")


def plan_status_label(status: str | None) -> str:
    if not status:
        return _("No plan yet")
    return str(DevelopmentPlan.Status(status).label)


def export_table(rows) -> tuple[list[str], list[list]]:
    """The overview as a header and rows of plain values for CSV and XLSX."""
    header = [
        _("Municipality code"),
        _("Municipality"),
        _("Plan status"),
        _("Goals"),
        *(str(status.label) for status in Action.Status),
        _("Workshops held"),
        _("Workshops planned"),
        _("Quota"),
        _("Remaining"),
        _("Extras"),
        _("Behind schedule"),
    ]
    table = []
    for row in rows:
        table.append(
            [
                row.municipality.code,
                row.municipality.name,
                plan_status_label(row.plan_status),
                row.goal_count,
                *(getattr(row, f"actions_{status.value}") for status in Action.Status),
                row.held,
                row.planned,
                row.quota,
                row.remaining,
                row.extras,
                _("yes") if row.behind else _("no"),
            ]
        )
    return [str(label) for label in header], table
