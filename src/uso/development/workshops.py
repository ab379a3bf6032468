"""Writes and reads for development workshops and the consultants' hours.

A workshop is an event of kind "workshop" (its time, place, registrations, materials and
feedback live in the events app) with a `Workshop` row that ties it to the plan. Within the
quota it is published at once; beyond the quota it waits as a draft for a coordinator, who
approves it as a billable extra (one invoice) or declines it (the event is cancelled).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from uso.accounts.models import Role, User
from uso.billing import services as billing
from uso.core.errors import DomainError
from uso.core.mail import queue_email
from uso.events import services as events
from uso.events.models import Event, EventFormat, EventKind

from .models import DevelopmentPlan, HourEntry, Workshop, WorkshopRecord
from .quota import would_exceed_quota
from .rules import is_plan_consultant

MIN_HOURS = Decimal("0.25")
MAX_HOURS = Decimal("24")


# --- Who takes part -----------------------------------------------------------------------------


def coordinators():
    return User.objects.active().filter(Q(role=Role.COORDINATOR) | Q(is_superuser=True))


def eligible_facilitators(plan: DevelopmentPlan):
    """The consultants assigned to the plan's municipality in its period, and coordinators."""
    assigned = Q(
        role=Role.CONSULTANT,
        assignments__membership__municipality_id=plan.municipality_id,
        assignments__membership__period_id=plan.period_id,
    )
    return (
        User.objects.active()
        .filter(assigned | Q(role=Role.COORDINATOR))
        .distinct()
        .order_by("last_name", "first_name")
    )


# --- Planning and approving ---------------------------------------------------------------------


@dataclass
class WorkshopDetails:
    """What the planner gives; the event is built from these."""

    title: str
    start: object  # aware datetime
    end: object
    format: str = EventFormat.ON_SITE
    venue: str = ""
    address: str = ""
    online_url: str = ""
    description: str = ""
    capacity: int | None = None
    sub_theme: object = None
    facilitators: list = field(default_factory=list)


def plan_workshop(*, plan: DevelopmentPlan, details: WorkshopDetails, by) -> Workshop:
    """Plan a workshop for the plan. Within the quota its event is published at once; beyond
    it the event stays a draft and the coordinators are asked to approve a billable extra."""
    _check_details(plan, details)
    with transaction.atomic():
        # One planner at a time per plan, so two cannot both take the last place in the quota.
        plan = (
            DevelopmentPlan.objects.select_for_update()
            .select_related("municipality", "period")
            .get(pk=plan.pk)
        )
        beyond = would_exceed_quota(plan, start=details.start)
        event = Event(
            period=plan.period,
            kind=EventKind.WORKSHOP,
            municipality=plan.municipality,
            title_fi=details.title.strip(),
            description_fi=details.description.strip(),
            start=details.start,
            end=details.end,
            format=details.format,
            venue=details.venue.strip(),
            address=details.address.strip(),
            online_url=details.online_url.strip(),
            capacity=details.capacity,
            status=Event.Status.DRAFT if beyond else Event.Status.PUBLISHED,
        )
        events.save_event(event=event, changed=set(), by=by)
        if details.sub_theme is not None:
            event.sub_themes.set([details.sub_theme])
        workshop = Workshop.objects.create(
            event=event,
            plan=plan,
            sub_theme=details.sub_theme,
            approval=Workshop.Approval.PENDING if beyond else Workshop.Approval.WITHIN_QUOTA,
        )
        workshop.facilitators.set(details.facilitators)
        if beyond:
            _ask_coordinators(workshop)
    return workshop


def _check_details(plan: DevelopmentPlan, details: WorkshopDetails) -> None:
    if plan.status == DevelopmentPlan.Status.CLOSED:
        raise DomainError(_("The plan is closed; reopen it to plan more workshops."))
    if not details.title.strip():
        raise DomainError(_("Give the workshop a title."), field="title")
    if details.end <= details.start:
        raise DomainError(_("The workshop must end after it starts."), field="end")
    period = plan.period
    day = timezone.localdate(details.start)
    if not (period.start_date <= day <= period.end_date):
        raise DomainError(
            _("The workshop must take place within the period %(period)s.")
            % {"period": period.name},
            field="start",
        )
    if details.sub_theme is not None and details.sub_theme.theme_area.period_id != plan.period_id:
        raise DomainError(_("Choose a sub-theme of the plan's period."), field="sub_theme")
    allowed = set(eligible_facilitators(plan).values_list("pk", flat=True))
    if any(person.pk not in allowed for person in details.facilitators):
        raise DomainError(
            _("Facilitators are the municipality's consultants or the coordinators."),
            field="facilitators",
        )


def _ask_coordinators(workshop: Workshop) -> None:
    """Tell every coordinator, in their own language, that an extra waits for approval."""
    try:
        amount = billing.extra_workshop_amount(
            period=workshop.plan.period, supply_date=timezone.localdate(workshop.event.start)
        )
    except DomainError:
        amount = None
    for coordinator in coordinators():
        queue_email(
            to=coordinator.email,
            template="development/email/extra_workshop_requested",
            context={
                "workshop": workshop,
                "event": workshop.event,
                "municipality": workshop.plan.municipality,
                "amount": amount,
                "decide_path": reverse("development:workshop_decide", kwargs={"pk": workshop.pk}),
            },
            language=coordinator.language,
        )


def decide_extra_workshop(*, workshop: Workshop, approve: bool, by) -> Workshop:
    """A coordinator's decision on a workshop beyond the quota: approved, it is invoiced and
    its event published; declined, its event is cancelled."""
    with transaction.atomic():
        workshop = (
            Workshop.objects.select_for_update()
            .select_related("event", "plan__municipality", "plan__period")
            .get(pk=workshop.pk)
        )
        if workshop.approval != Workshop.Approval.PENDING:
            raise DomainError(_("This workshop is not waiting for a decision."))
        if approve:
            membership = workshop.plan.membership
            if membership is None:
                raise DomainError(_("The municipality has no membership in the plan's period."))
            day = timezone.localdate(workshop.event.start)
            with translation.override(membership.invoice_language):
                description = _("Extra development workshop %(date)s: %(title)s") % {
                    "date": date_format(day, "SHORT_DATE_FORMAT"),
                    "title": workshop.event.title_fi,
                }
            workshop.invoice = billing.invoice_extra_workshop(
                membership=membership, description=description, supply_date=day, by=by
            )
            workshop.approval = Workshop.Approval.APPROVED
            workshop.event = events.publish_event(event=workshop.event, by=by)
        else:
            workshop.approval = Workshop.Approval.DECLINED
            workshop.event = events.cancel_event(event=workshop.event, by=by)
        workshop.decided_by = by
        workshop.decided_at = timezone.now()
        workshop.save(update_fields=["approval", "invoice", "decided_by", "decided_at"])
        _tell_planner(workshop)
    return workshop


def _tell_planner(workshop: Workshop) -> None:
    planner = workshop.event.created_by
    if planner is None or not planner.is_active or planner.pk == workshop.decided_by_id:
        return
    queue_email(
        to=planner.email,
        template="development/email/extra_workshop_decided",
        context={
            "workshop": workshop,
            "event": workshop.event,
            "municipality": workshop.plan.municipality,
            "approved": workshop.approval == Workshop.Approval.APPROVED,
            "plan_path": reverse("development:workshops", kwargs={"pk": workshop.plan_id}),
        },
        language=planner.language,
    )


# --- Records ------------------------------------------------------------------------------------


def write_record(*, workshop: Workshop, summary: str, decisions: str, by) -> WorkshopRecord:
    """Write (or later correct) what happened at the workshop, once it has started."""
    event = workshop.event
    if event.status != Event.Status.PUBLISHED:
        raise DomainError(_("Only a workshop that takes place has a record."))
    if event.start > timezone.now():
        raise DomainError(_("The record can be written once the workshop has started."))
    if not summary.strip():
        raise DomainError(_("Write the summary."), field="summary")
    with transaction.atomic():
        # The workshop's row is locked so two first writers cannot both create a record.
        Workshop.objects.select_for_update().filter(pk=workshop.pk).first()
        record = WorkshopRecord.objects.filter(workshop=workshop).first()
        record = record or WorkshopRecord(workshop=workshop, written_by=by)
        record.summary = summary.strip()
        record.decisions = decisions.strip()
        record._history_user = by
        record.save()
    return record


# --- Hours --------------------------------------------------------------------------------------


def log_hours(
    *,
    consultant,
    plan: DevelopmentPlan,
    date: date,
    kind: str,
    hours: Decimal,
    workshop: Workshop | None = None,
    note: str = "",
) -> HourEntry:
    """A consultant's hours on a plan (one of theirs), for one of its workshops or in general."""
    if not (consultant.is_coordinator or is_plan_consultant(consultant, plan)):
        raise DomainError(_("Only the municipality's own consultants log hours on its plan."))
    if workshop is not None and workshop.plan_id != plan.pk:
        raise DomainError(_("Choose a workshop of this plan."), field="workshop")
    if kind not in HourEntry.Kind.values:
        raise DomainError(_("Choose the kind of work."), field="kind")
    if hours is None or not (MIN_HOURS <= hours <= MAX_HOURS):
        raise DomainError(_("Give between 0.25 and 24 hours."), field="hours")
    if date > timezone.localdate():
        raise DomainError(_("Hours are logged for work already done."), field="date")
    with transaction.atomic():
        # The person's row locks their day, so two entries at once cannot pass 24 hours.
        User.objects.select_for_update().filter(pk=consultant.pk).first()
        that_day = HourEntry.objects.filter(consultant=consultant, date=date).aggregate(
            total=Sum("hours")
        )["total"] or Decimal("0")
        if that_day + hours > MAX_HOURS:
            raise DomainError(
                _("That would make more than 24 hours on %(date)s.")
                % {"date": date_format(date, "SHORT_DATE_FORMAT")},
                field="hours",
            )
        entry = HourEntry(
            consultant=consultant,
            plan=plan,
            workshop=workshop,
            date=date,
            kind=kind,
            hours=hours,
            note=note.strip(),
        )
        entry.full_clean()
        entry.save()
    return entry


@dataclass
class PlanHours:
    plan: DevelopmentPlan
    by_kind: dict[str, Decimal]
    total: Decimal

    @property
    def in_kind_order(self) -> list[Decimal]:
        return [self.by_kind[kind] for kind in HourEntry.Kind.values]


@dataclass
class MonthlySummary:
    year: int
    month: int
    plans: list[PlanHours]
    by_kind: dict[str, Decimal]
    total: Decimal

    @property
    def in_kind_order(self) -> list[Decimal]:
        return [self.by_kind[kind] for kind in HourEntry.Kind.values]

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)


def _kind_sums(prefix: str = "") -> dict:
    return {
        f"{prefix}{kind}": Sum("hours", filter=Q(kind=kind), default=Decimal("0"))
        for kind in HourEntry.Kind.values
    }


def month_entries(year: int, month: int):
    return HourEntry.objects.filter(date__year=year, date__month=month)


def monthly_summary(consultant, year: int, month: int) -> MonthlySummary:
    """A consultant's month: hours per municipality's plan and per kind of work, and in all."""
    entries = month_entries(year, month).filter(consultant=consultant)
    rows = list(
        entries.values("plan").annotate(total=Sum("hours"), **_kind_sums()).order_by("plan")
    )
    plans = DevelopmentPlan.objects.select_related("municipality", "period").in_bulk(
        [row["plan"] for row in rows]
    )
    per_plan = [
        PlanHours(
            plan=plans[row["plan"]],
            by_kind={kind: row[kind] for kind in HourEntry.Kind.values},
            total=row["total"],
        )
        for row in rows
    ]
    per_plan.sort(key=lambda item: (item.plan.municipality.name, item.plan.period.start_date))
    totals = entries.aggregate(total=Sum("hours", default=Decimal("0")), **_kind_sums())
    return MonthlySummary(
        year=year,
        month=month,
        plans=per_plan,
        by_kind={kind: totals[kind] for kind in HourEntry.Kind.values},
        total=totals["total"],
    )


@dataclass
class PersonHours:
    person: object
    by_kind: dict[str, Decimal]
    total: Decimal

    @property
    def in_kind_order(self) -> list[Decimal]:
        return [self.by_kind[kind] for kind in HourEntry.Kind.values]


def monthly_totals_by_consultant(year: int, month: int) -> list[PersonHours]:
    """Every consultant's (and coordinator's) hours of the month, for the coordinators."""
    rows = list(
        month_entries(year, month)
        .values("consultant")
        .annotate(total=Sum("hours"), **_kind_sums())
        .order_by("consultant")
    )
    people = User.objects.in_bulk([row["consultant"] for row in rows])
    result = [
        PersonHours(
            person=people[row["consultant"]],
            by_kind={kind: row[kind] for kind in HourEntry.Kind.values},
            total=row["total"],
        )
        for row in rows
    ]
    result.sort(key=lambda item: (item.person.last_name, item.person.first_name))
    return result
