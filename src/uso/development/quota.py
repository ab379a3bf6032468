"""The workshop quota: how many development workshops a member has held, has planned and has
left, per year or for the whole period as the period says (default three a year).

Workshops within the quota count; approved extras are billed and shown apart; declined and
cancelled ones do not count at all.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from uso.events.models import Event

from .models import DevelopmentPlan, Workshop

COUNTED = [Workshop.Approval.WITHIN_QUOTA]


@dataclass
class QuotaSummary:
    quota: int
    unit: str  # "year" or "period"
    year: int | None
    held: int
    planned: int
    extras: int
    workshops: list = field(default_factory=list)

    @property
    def remaining(self) -> int:
        return max(self.quota - self.held - self.planned, 0)

    @property
    def is_full(self) -> bool:
        return self.held + self.planned >= self.quota


def counted_workshops(plan: DevelopmentPlan, *, year: int | None):
    """The plan's workshops in the quota's scope (a year, or the period when `year` is None)."""
    workshops = (
        Workshop.objects.filter(plan=plan)
        .exclude(event__status=Event.Status.CANCELLED)
        .exclude(approval=Workshop.Approval.DECLINED)
        .select_related("event", "sub_theme")
        .order_by("event__start")
    )
    if year is not None:
        workshops = workshops.filter(event__start__year=year)
    return workshops


def workshop_quota(plan: DevelopmentPlan, *, year: int | None = None) -> QuotaSummary:
    """The quota of `year` (default: this year, or the period's nearest year) for a yearly
    quota; the whole period's for a per-period quota."""
    period = plan.period
    per_year = period.workshop_quota_unit == period.QuotaUnit.YEAR
    year = (year or default_year(period)) if per_year else None
    now = timezone.now()
    workshops = list(counted_workshops(plan, year=year))
    within = [w for w in workshops if w.approval in COUNTED]
    return QuotaSummary(
        quota=period.workshop_quota,
        unit=period.workshop_quota_unit,
        year=year,
        held=sum(1 for w in within if w.event.end < now),
        planned=sum(1 for w in within if w.event.end >= now),
        extras=sum(1 for w in workshops if w.approval not in COUNTED),
        workshops=workshops,
    )


def default_year(period) -> int:
    this_year = timezone.localdate().year
    return min(max(this_year, period.start_date.year), period.end_date.year)


def would_exceed_quota(plan: DevelopmentPlan, *, start) -> bool:
    """Whether one more workshop starting at `start` goes beyond the quota."""
    period = plan.period
    year = timezone.localtime(start).year if period.workshop_quota_unit == "year" else None
    taken = counted_workshops(plan, year=year).filter(Q(approval__in=COUNTED)).count()
    return taken >= period.workshop_quota
