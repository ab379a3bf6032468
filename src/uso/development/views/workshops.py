"""A plan's development workshops: the quota, planning one (beyond the quota it waits for a
coordinator), the coordinators' decisions on extras, and the records written afterwards.

Registrations, participants, materials and feedback of a workshop are its event's pages
(/events/<pk>/…); these pages link there.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, TemplateView

from uso.billing import services as billing
from uso.core.errors import DomainError
from uso.core.mixins import PermissionMixin
from uso.events.models import Event

from .. import services
from ..forms_workshops import (
    DecisionForm,
    FollowUpFormSet,
    RecordForm,
    WorkshopForm,
    default_workshop_times,
)
from ..models import Action, DevelopmentPlan, Goal, Workshop
from ..quota import workshop_quota, would_exceed_quota
from ..workshops import decide_extra_workshop, plan_workshop, write_record


class PlanMixin:
    """The plan of the URL among those the person may open; others answer 404."""

    @cached_property
    def plan(self):
        return get_object_or_404(
            DevelopmentPlan.objects.visible_to(self.request.user).select_related(
                "municipality", "period"
            ),
            pk=self.kwargs["pk"],
        )

    def get_permission_object(self):
        # Anonymous visitors are sent to log in rather than told the plan does not exist.
        return self.plan if self.request.user.is_authenticated else None


class WorkshopMixin:
    """The workshop of the URL, if its plan is one the person may open; else 404."""

    @cached_property
    def workshop(self):
        visible = DevelopmentPlan.objects.visible_to(self.request.user)
        return get_object_or_404(
            Workshop.objects.filter(plan__in=visible).select_related(
                "event", "plan__municipality", "plan__period", "sub_theme", "invoice__series"
            ),
            pk=self.kwargs["pk"],
        )

    def get_permission_object(self):
        return self.workshop if self.request.user.is_authenticated else None


def quota_summaries(plan: DevelopmentPlan) -> list:
    """One summary per year of the period for a yearly quota; one for a per-period quota."""
    period = plan.period
    if period.workshop_quota_unit == period.QuotaUnit.YEAR:
        return [workshop_quota(plan, year=year) for year in period.years]
    return [workshop_quota(plan)]


def extra_notice(plan: DevelopmentPlan, start) -> dict | None:
    """Whether a workshop starting at `start` goes beyond the quota, and what it would cost."""
    if start is None:
        return None
    if not would_exceed_quota(plan, start=start):
        return {"beyond": False}
    notice = {"beyond": True, "amount": None, "problem": ""}
    try:
        notice["amount"] = billing.extra_workshop_amount(
            period=plan.period, supply_date=timezone.localdate(start)
        )
    except DomainError as error:
        notice["problem"] = error.message
    return notice


class WorkshopListView(PlanMixin, PermissionMixin, TemplateView):
    permission_required = "development.view_plan"
    template_name = "development/workshop_list.html"

    def get_context_data(self, **kwargs):
        plan, user = self.plan, self.request.user
        workshops = list(
            plan.workshops.select_related("event", "sub_theme", "record", "invoice__series")
            .prefetch_related("facilitators")
            .order_by("event__start", "pk")
        )
        visible_events = set(
            Event.objects.visible_to(user)
            .filter(pk__in=[w.event_id for w in workshops])
            .values_list("pk", flat=True)
        )
        now = timezone.now()
        for workshop in workshops:
            workshop.started = workshop.event.start <= now
            workshop.event_visible = workshop.event_id in visible_events
            workshop.has_record = hasattr(workshop, "record")
        own_contact = user.is_contact and user.municipality_id == plan.municipality_id
        return super().get_context_data(
            plan=plan,
            quotas=quota_summaries(plan),
            workshops=workshops,
            can_plan=user.has_perm("development.plan_workshop", plan),
            can_decide=user.has_perm("development.approve_extra_workshop", plan),
            can_write=user.has_perm("development.write_record", plan),
            can_log=user.has_perm("development.log_hours", plan),
            sees_registrations=user.is_coordinator or own_contact,
            sees_invoices=user.is_coordinator or own_contact,
            **kwargs,
        )


class WorkshopCreateView(PlanMixin, PermissionMixin, FormView):
    """Plan a workshop. When its time goes beyond the quota the page says so, with the price,
    and asks the planner to confirm before it is sent to the coordinators."""

    permission_required = "development.plan_workshop"
    template_name = "development/workshop_form.html"
    form_class = WorkshopForm

    def get(self, request, *args, **kwargs):
        if request.htmx and "start" in request.GET:
            start = self._parse_start(request.GET["start"])
            return TemplateResponse(
                request,
                "development/workshop_form.html#quota_notice",
                {"plan": self.plan, "notice": extra_notice(self.plan, start)},
            )
        return super().get(request, *args, **kwargs)

    @staticmethod
    def _parse_start(value):
        try:
            return WorkshopForm.base_fields["start"].clean(value)
        except ValidationError:
            return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "plan": self.plan}

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        # Choosing the time tells at once whether it goes beyond the quota.
        form.fields["start"].widget.attrs.update(
            {
                "hx-get": reverse("development:workshop_add", kwargs={"pk": self.plan.pk}),
                "hx-trigger": "change",
                "hx-target": "#quota-notice",
                "hx-swap": "innerHTML",
            }
        )
        return form

    def get_initial(self):
        start, end = default_workshop_times(self.plan)
        initial = {"start": start, "end": end}
        if self.request.user.is_consultant:
            initial["facilitators"] = [self.request.user.pk]
        return initial

    def get_context_data(self, **kwargs):
        form = kwargs.setdefault("form", self.get_form())
        notice = kwargs.pop("notice", None)
        if notice is None:
            start = form.cleaned_data.get("start") if form.is_bound else form.initial.get("start")
            notice = extra_notice(self.plan, start)
        if notice and notice["beyond"] and form.is_bound:
            form.ask_to_confirm_extra()
        return super().get_context_data(
            plan=self.plan, quotas=quota_summaries(self.plan), notice=notice, **kwargs
        )

    def form_valid(self, form):
        notice = extra_notice(self.plan, form.cleaned_data["start"])
        if notice["beyond"] and not form.cleaned_data.get("confirm_extra"):
            form.ask_to_confirm_extra()
            form.add_error(
                "confirm_extra",
                _("Confirm that the workshop may be invoiced as an extra, or choose another time."),
            )
            return self.render_to_response(self.get_context_data(form=form, notice=notice))
        try:
            workshop = plan_workshop(plan=self.plan, details=form.details(), by=self.request.user)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self.form_invalid(form)
        if workshop.approval == Workshop.Approval.PENDING:
            messages.warning(
                self.request,
                _(
                    "The workshop goes beyond the quota: it waits for a coordinator's approval "
                    "and is published once approved."
                ),
            )
        else:
            messages.success(
                self.request,
                _("The workshop was planned and published; invite people on its event page."),
            )
        return redirect("development:workshops", pk=self.plan.pk)


class PendingExtrasView(PermissionMixin, ListView):
    """The coordinators' list of workshops waiting for approval as billable extras."""

    permission_required = "development.approve_extra_workshop"
    template_name = "development/pending_extras.html"
    context_object_name = "workshops"
    paginate_by = 50

    def get_queryset(self):
        return (
            Workshop.objects.filter(approval=Workshop.Approval.PENDING)
            .select_related(
                "event__created_by",
                "plan__municipality",
                "plan__period__fee_schedule",
                "sub_theme",
            )
            .order_by("event__start", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for workshop in context["workshops"]:
            schedule = getattr(workshop.plan.period, "fee_schedule", None)
            workshop.price = schedule.extra_workshop_price if schedule else None
        return context


class DecideExtraView(WorkshopMixin, PermissionMixin, TemplateView):
    """GET shows the workshop, the quota and the price; POST approves or declines it."""

    permission_required = "development.approve_extra_workshop"
    template_name = "development/workshop_decide.html"

    def get_context_data(self, **kwargs):
        workshop = self.workshop
        start = workshop.event.start
        quota = workshop_quota(workshop.plan, year=timezone.localtime(start).year)
        notice = {"amount": None, "problem": ""}
        try:
            notice["amount"] = billing.extra_workshop_amount(
                period=workshop.plan.period, supply_date=timezone.localdate(start)
            )
        except DomainError as error:
            notice["problem"] = error.message
        return super().get_context_data(
            workshop=workshop,
            event=workshop.event,
            plan=workshop.plan,
            quotas=[quota],
            notice=notice,
            facilitators=workshop.facilitators.all(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = DecisionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose to approve or to decline."))
            return redirect("development:workshop_decide", pk=self.workshop.pk)
        approve = form.cleaned_data["decision"] == "approve"
        try:
            workshop = decide_extra_workshop(
                workshop=self.workshop, approve=approve, by=request.user
            )
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("development:workshop_decide", pk=self.workshop.pk)
        if approve:
            messages.success(
                request,
                _("The extra workshop was approved and published; invoice %(number)s was issued.")
                % {"number": workshop.invoice.display_number},
            )
        else:
            messages.success(request, _("The extra workshop was declined and its event cancelled."))
        return redirect("development:pending_extras")


class RecordView(WorkshopMixin, PermissionMixin, TemplateView):
    """The workshop's record: read by everyone who sees the plan; written by its consultants
    and the coordinators, with follow-up actions that go straight into the plan."""

    template_name = "development/workshop_record.html"

    def get_permission_required(self):
        if self.request.method == "POST":
            return ("development.write_record",)
        return ("development.view_plan",)

    @cached_property
    def record(self):
        return getattr(self.workshop, "record", None)

    def forms(self):
        data = self.request.POST if self.request.method == "POST" else None
        initial = {}
        if self.record is not None:
            initial = {"summary": self.record.summary, "decisions": self.record.decisions}
        form = RecordForm(data, initial=initial)
        actions = FollowUpFormSet(data, plan=self.workshop.plan, prefix="actions")
        return form, actions

    def get_context_data(self, **kwargs):
        workshop, user = self.workshop, self.request.user
        can_write = user.has_perm("development.write_record", workshop)
        if can_write and "form" not in kwargs:
            kwargs["form"], kwargs["actions"] = self.forms()
        actions_done = []
        if self.record is not None:
            actions_done = self.record.actions.select_related("goal", "owner").order_by(
                "goal__order", "goal_id", "id"
            )
        # Another municipality's people reading a shared plan may not see its workshop's event.
        event_visible = Event.objects.visible_to(user).filter(pk=workshop.event_id).exists()
        return super().get_context_data(
            workshop=workshop,
            event=workshop.event,
            event_visible=event_visible,
            sees_materials=event_visible and user.has_perm("events.view_materials", workshop.event),
            plan=workshop.plan,
            record=self.record,
            actions_done=actions_done,
            actions_headers=[
                capfirst(Goal._meta.verbose_name),
                *(
                    capfirst(Action._meta.get_field(name).verbose_name)
                    for name in ("description", "owner", "due_date", "status")
                ),
            ],
            can_write=can_write,
            writable=workshop.event.status == Event.Status.PUBLISHED
            and workshop.event.start <= timezone.now(),
            has_goals=workshop.plan.goals.exists(),
            can_edit_plan=user.has_perm("development.edit_plan", workshop.plan),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form, actions = self.forms()
        if not (form.is_valid() and actions.is_valid()):
            return self.render_to_response(self.get_context_data(form=form, actions=actions))
        try:
            with transaction.atomic():
                record = write_record(
                    workshop=self.workshop,
                    summary=form.cleaned_data["summary"],
                    decisions=form.cleaned_data["decisions"],
                    by=request.user,
                )
                created = self._add_actions(record, actions)
        except DomainError as error:
            if error.field in form.fields or not error.field:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            return self.render_to_response(self.get_context_data(form=form, actions=actions))
        if created:
            messages.success(
                request,
                _("The record was saved and %(count)s actions were added to the plan.")
                % {"count": created},
            )
        else:
            messages.success(request, _("The record was saved."))
        return redirect(reverse("development:workshop_record", kwargs={"pk": self.workshop.pk}))

    def _add_actions(self, record, actions) -> int:
        """Each filled row becomes an action of the plan; a refused row puts its error on the
        row and undoes the whole save."""
        created = 0
        for row in actions.forms:
            if not row.has_changed():
                continue
            data = row.cleaned_data
            try:
                services.add_action_from_record(
                    record=record,
                    goal=data["goal"],
                    description=data["description"],
                    owner=data.get("owner"),
                    due_date=data.get("due_date"),
                    by=self.request.user,
                )
            except DomainError as error:
                row.add_error(error.field if error.field in row.fields else None, error.message)
                raise DomainError(error.message, field="actions") from error
            created += 1
        return created
