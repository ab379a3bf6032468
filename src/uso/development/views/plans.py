"""The development plan pages: the list and starting a plan; the plan with its goals, actions,
comments and workshop quota; editing the plan, its status, goals and actions; the history of
changes; and other members' shared goals ("who else is working on this?").

Objects load only from the plans the person may open (`DevelopmentPlan.objects.visible_to`):
anything of another municipality's unshared plan answers 404. Who changed what is recorded by
django-simple-history; the services are given the request's user as well.
"""

import os
from collections import Counter, defaultdict

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Value,
    When,
)
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.generic import CreateView, FormView, ListView, TemplateView, UpdateView, View

from uso.core.errors import DomainError
from uso.core.mixins import FilteredListMixin, PermissionMixin
from uso.network.models import Membership, Municipality, Period

from .. import services
from ..forms import (
    ActionForm,
    ActionProgressForm,
    CommentForm,
    GoalForm,
    PlanForm,
    PlanStatusForm,
    SharedGoalsFilterForm,
)
from ..models import Action, Comment, DevelopmentPlan, Goal, Workshop, WorkshopRecord
from .workshops import PlanMixin, quota_summaries

# --- Loading what the URL names, from the plans the person may open -----------------------------


class GoalMixin:
    @cached_property
    def goal(self):
        visible = DevelopmentPlan.objects.visible_to(self.request.user)
        return get_object_or_404(
            Goal.objects.filter(plan__in=visible).select_related(
                "plan__municipality", "plan__period"
            ),
            pk=self.kwargs["pk"],
        )

    @property
    def plan(self):
        return self.goal.plan

    def get_permission_object(self):
        return self.goal if self.request.user.is_authenticated else None


class ActionMixin:
    @cached_property
    def action(self):
        visible = DevelopmentPlan.objects.visible_to(self.request.user)
        return get_object_or_404(
            Action.objects.filter(goal__plan__in=visible).select_related(
                "goal__plan__municipality", "goal__plan__period", "owner"
            ),
            pk=self.kwargs["pk"],
        )

    @property
    def plan(self):
        return self.action.goal.plan

    def get_permission_object(self):
        return self.action if self.request.user.is_authenticated else None


def _error_to_form(form, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _listed(plans, current: Period | None):
    """Plans for a list: the current period's first, then newer periods before older."""
    first = Case(
        When(period_id=current.pk if current else None, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        plans.select_related("municipality", "period")
        .annotate(goal_count=Count("goals", distinct=True), current_first=first)
        .order_by("current_first", "-period__start_date", "municipality__name_fi", "pk")
    )


# --- The list of plans and starting one ---------------------------------------------------------


class PlanListView(PermissionMixin, ListView):
    """Municipal people: their own municipality's plans, then plans other members share.
    Consultants: the plans of their municipalities. Coordinators: every plan."""

    permission_required = "development.list_plans"
    template_name = "development/plan_list.html"
    context_object_name = "plans"
    paginate_by = 50

    @cached_property
    def current_period(self):
        return Period.objects.current()

    def get_queryset(self):
        user = self.request.user
        plans = DevelopmentPlan.objects.visible_to(user)
        if user.municipality_id:
            plans = plans.filter(municipality_id=user.municipality_id)
        return _listed(plans, self.current_period)

    def get_context_data(self, **kwargs):
        user = self.request.user
        shared_page = None
        if user.municipality_id:
            shared = DevelopmentPlan.objects.visible_to(user).exclude(
                municipality_id=user.municipality_id
            )
            shared_page = Paginator(_listed(shared, self.current_period), 50).get_page(
                self.request.GET.get("shared_page")
            )
        return super().get_context_data(
            current_period=self.current_period,
            without_plan=self.members_without_plan(),
            shared_page=shared_page,
            can_browse_shared=user.has_perm("development.browse_shared_goals"),
            can_see_overview=user.has_perm("development.view_overview"),
            **kwargs,
        )

    def members_without_plan(self) -> list:
        """The current period's members the person works with that have no plan yet, each with
        whether the person may start it. Coordinators find them on the overview instead."""
        user, period = self.request.user, self.current_period
        if period is None or user.is_coordinator:
            return []
        has_plan = DevelopmentPlan.objects.filter(
            municipality_id=OuterRef("municipality_id"), period=period
        )
        memberships = (
            Membership.objects.active()
            .filter(period=period)
            .exclude(Exists(has_plan))
            .select_related("municipality")
            .order_by("municipality__name_fi")
        )
        if user.is_consultant:
            memberships = memberships.filter(assignments__consultant=user).distinct()
        elif user.municipality_id:
            memberships = memberships.filter(municipality_id=user.municipality_id)
        else:
            return []
        rows = list(memberships)
        for membership in rows:
            unsaved = DevelopmentPlan(municipality=membership.municipality, period=period)
            membership.can_start = user.has_perm("development.edit_plan", unsaved)
        return rows


class StartPlanView(PermissionMixin, TemplateView):
    """GET asks to confirm, POST starts the member's plan of the period. Whoever would edit the
    plan may start it: the permission is `development.edit_plan` asked of the unsaved plan
    (coordinators, the municipality's contact person, consultants assigned for the period)."""

    permission_required = "development.edit_plan"
    template_name = "development/plan_start.html"

    @cached_property
    def municipality(self):
        return get_object_or_404(Municipality, code=self.kwargs["code"])

    @cached_property
    def period(self):
        return get_object_or_404(Period, pk=self.kwargs["period"])

    @cached_property
    def existing(self):
        return DevelopmentPlan.objects.filter(
            municipality=self.municipality, period=self.period
        ).first()

    def get_permission_required(self):
        # A plan already started is only shown: the GET goes on to it.
        if self.existing is not None:
            return ("development.view_plan",)
        return (self.permission_required,)

    def get_permission_object(self):
        if not self.request.user.is_authenticated:
            return None
        if self.existing is not None:
            visible = DevelopmentPlan.objects.visible_to(self.request.user)
            if not visible.filter(pk=self.existing.pk).exists():
                raise Http404
            return self.existing
        return DevelopmentPlan(municipality=self.municipality, period=self.period)

    def get(self, request, *args, **kwargs):
        if self.existing is not None:
            return redirect(self.existing)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        membership = (
            Membership.objects.active()
            .filter(municipality=self.municipality, period=self.period)
            .first()
        )
        kwargs.update(municipality=self.municipality, period=self.period, membership=membership)
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        if self.existing is not None:
            return redirect(self.existing)
        try:
            plan = services.start_plan(
                municipality=self.municipality, period=self.period, by=request.user
            )
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("development:plans")
        messages.success(
            request, _("The development plan was started. Describe the starting situation first.")
        )
        return redirect(plan)


# --- The plan page ------------------------------------------------------------------------------


def goals_of(plan: DevelopmentPlan, *, with_comments: bool) -> list[Goal]:
    """The plan's goals with their actions (and comments) in a fixed number of queries."""
    actions = Action.objects.select_related("owner", "from_record").order_by(
        F("due_date").asc(nulls_last=True), "id"
    )
    lookups = []
    if with_comments:
        comments = Comment.objects.select_related("author").order_by("created_at", "id")
        actions = actions.prefetch_related(Prefetch("comments", comments, to_attr="thread"))
        lookups.append(Prefetch("comments", comments.filter(action__isnull=True), to_attr="thread"))
    lookups.append(Prefetch("actions", actions))
    return list(
        plan.goals.select_related("sub_theme__theme_area")
        .prefetch_related(*lookups)
        .order_by("order", "id")
    )


def status_counts(actions) -> list[dict]:
    counted = Counter(action.status for action in actions)
    return [
        {"status": status.value, "label": status.label, "count": counted[status.value]}
        for status in Action.Status
    ]


class PlanDetailView(PlanMixin, PermissionMixin, TemplateView):
    permission_required = "development.view_plan"
    template_name = "development/plan_detail.html"

    def get_context_data(self, **kwargs):
        plan, user = self.plan, self.request.user
        # The municipality's people, its consultants and coordinators: the rest of the network
        # reads a shared plan without its comments.
        insider = user.has_perm("development.comment", plan)
        can_edit = user.has_perm("development.edit_plan", plan)
        goals = goals_of(plan, with_comments=insider)
        every_action = []
        for goal in goals:
            actions = goal.actions.all()
            every_action.extend(actions)
            goal.status_counts = status_counts(actions)
            for action in actions:
                action.can_update = can_edit or (
                    action.owner_id == user.pk
                    and user.has_perm("development.update_action", action)
                )
        return super().get_context_data(
            plan=plan,
            priorities=plan.priorities.select_related("theme_area").order_by(
                "theme_area__order", "theme_area_id", "order", "id"
            ),
            goals=goals,
            totals=status_counts(every_action),
            action_count=len(every_action),
            quotas=quota_summaries(plan),  # each year's, as on the workshops page
            insider=insider,
            can_edit=can_edit,
            can_comment=insider,
            can_view_history=user.has_perm("development.view_history", plan),
            can_view_report=user.has_perm("development.view_report", plan),
            **kwargs,
        )


# --- Editing the plan and its status ------------------------------------------------------------


class PlanUpdateView(PlanMixin, PermissionMixin, UpdateView):
    permission_required = "development.edit_plan"
    template_name = "development/plan_form.html"
    form_class = PlanForm
    context_object_name = "plan"

    def get_object(self, queryset=None):
        return self.plan

    def form_valid(self, form):
        try:
            services.save_plan(
                plan=form.instance, priorities=form.cleaned_data["priorities"], by=self.request.user
            )
        except DomainError as error:
            _error_to_form(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The plan was saved."))
        return redirect(self.plan)


class PlanStatusView(PlanMixin, PermissionMixin, FormView):
    permission_required = "development.edit_plan"
    template_name = "development/plan_status.html"
    form_class = PlanStatusForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "plan": self.plan}

    def get_context_data(self, **kwargs):
        return super().get_context_data(plan=self.plan, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            plan = services.change_status(
                plan=self.plan,
                status=data["status"],
                by=self.request.user,
                agreed_on=data.get("agreed_on"),
                agreed_by=data.get("agreed_by", ""),
                final_evaluation=data.get("final_evaluation", ""),
            )
        except DomainError as error:
            _error_to_form(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The plan is now “%(status)s”.") % {"status": plan.get_status_display()},
        )
        return redirect(plan)


# --- Goals and actions --------------------------------------------------------------------------


class GoalCreateView(PlanMixin, PermissionMixin, CreateView):
    permission_required = "development.edit_plan"
    template_name = "development/goal_form.html"
    form_class = GoalForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "plan": self.plan}

    def get_context_data(self, **kwargs):
        return super().get_context_data(plan=self.plan, **kwargs)

    def form_valid(self, form):
        try:
            goal = services.save_goal(goal=form.instance, by=self.request.user)
        except DomainError as error:
            _error_to_form(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The goal was added."))
        return redirect(f"{self.plan.get_absolute_url()}#goal-{goal.pk}")


class GoalUpdateView(GoalMixin, PermissionMixin, UpdateView):
    permission_required = "development.edit_plan"
    template_name = "development/goal_form.html"
    form_class = GoalForm

    def get_object(self, queryset=None):
        return self.goal

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "plan": self.plan}

    def get_context_data(self, **kwargs):
        return super().get_context_data(plan=self.plan, goal=self.goal, **kwargs)

    def form_valid(self, form):
        try:
            goal = services.save_goal(goal=form.instance, by=self.request.user)
        except DomainError as error:
            _error_to_form(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The goal was saved."))
        return redirect(f"{self.plan.get_absolute_url()}#goal-{goal.pk}")


class ActionCreateView(GoalMixin, PermissionMixin, CreateView):
    permission_required = "development.edit_plan"
    template_name = "development/action_form.html"
    form_class = ActionForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "goal": self.goal}

    def get_context_data(self, **kwargs):
        return super().get_context_data(plan=self.plan, goal=self.goal, **kwargs)

    def form_valid(self, form):
        try:
            action = services.save_action(action=form.instance, by=self.request.user)
        except DomainError as error:
            _error_to_form(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The action was added."))
        return redirect(f"{self.plan.get_absolute_url()}#action-{action.pk}")


class ActionUpdateView(ActionMixin, PermissionMixin, UpdateView):
    """The plan's editors change everything; the action's owner its status and progress notes."""

    permission_required = "development.update_action"
    template_name = "development/action_form.html"

    def get_object(self, queryset=None):
        return self.action

    @cached_property
    def edits_all(self) -> bool:
        return self.request.user.has_perm("development.edit_plan", self.action)

    def get_form_class(self):
        return ActionForm if self.edits_all else ActionProgressForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "goal": self.action.goal}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            plan=self.plan, goal=self.action.goal, edits_all=self.edits_all, **kwargs
        )

    def form_valid(self, form):
        try:
            action = services.save_action(action=form.instance, by=self.request.user)
        except DomainError as error:
            _error_to_form(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The action was saved."))
        return redirect(f"{self.plan.get_absolute_url()}#action-{action.pk}")


# --- Comments -----------------------------------------------------------------------------------


class CommentCreateView(PlanMixin, PermissionMixin, View):
    """POST a comment on a goal or an action of the plan. With htmx the answer is the
    discussion of that goal or action; without, the plan page at the goal or action."""

    permission_required = "development.comment"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        plan = self.plan
        form = CommentForm(request.POST, plan=plan)
        valid = form.is_valid()
        goal, action = form.cleaned_data.get("goal"), form.cleaned_data.get("action")
        target = action or goal
        error = ""
        if valid:
            try:
                services.add_comment(
                    plan=plan,
                    author=request.user,
                    body=form.cleaned_data["body"],
                    goal=goal,
                    action=action,
                )
            except DomainError as problem:
                error = problem.message
        else:
            error = " ".join(message for messages_ in form.errors.values() for message in messages_)
        if request.htmx:
            if target is None:
                return HttpResponseBadRequest(error)
            return TemplateResponse(
                request,
                "development/_plan_comments.html",
                {
                    "plan": plan,
                    "target": target,
                    "kind": "action" if action else "goal",
                    "thread": _thread(goal=goal, action=action),
                    "can_comment": True,
                    "error": error,
                    "body": request.POST.get("body", "") if error else "",
                },
            )
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("The comment was added."))
        anchor = f"#action-{action.pk}" if action else (f"#goal-{goal.pk}" if goal else "")
        return redirect(f"{plan.get_absolute_url()}{anchor}")


def _thread(*, goal=None, action=None):
    comments = Comment.objects.select_related("author").order_by("created_at", "id")
    if action is not None:
        return list(comments.filter(action=action))
    return list(comments.filter(goal=goal, action__isnull=True))


# --- History ------------------------------------------------------------------------------------

TRACKED = {
    "plan": DevelopmentPlan,
    "goal": Goal,
    "action": Action,
    "record": WorkshopRecord,
}


def history_of(plan: DevelopmentPlan):
    """(history_date, history_id, kind) of every recorded change of the plan, its goals, their
    actions and its workshop records, newest first, as one query to paginate."""
    goal_ids = Goal.history.filter(plan_id=plan.pk).values("id")
    workshop_ids = Workshop.objects.filter(plan=plan).values("pk")
    parts = {
        "plan": DevelopmentPlan.history.filter(id=plan.pk),
        "goal": Goal.history.filter(plan_id=plan.pk),
        "action": Action.history.filter(goal_id__in=goal_ids),
        "record": WorkshopRecord.history.filter(workshop_id__in=workshop_ids),
    }
    rows = [
        records.order_by()
        .annotate(kind=Value(kind))
        .values_list("history_date", "history_id", "kind")
        for kind, records in parts.items()
    ]
    return rows[0].union(*rows[1:], all=True).order_by("-history_date", "-history_id", "kind")


class PlanHistoryView(PlanMixin, PermissionMixin, ListView):
    """Who changed what and when in the plan, its goals, actions and workshop records."""

    permission_required = "development.view_history"
    template_name = "development/plan_history.html"
    context_object_name = "rows"
    paginate_by = 50

    def get_queryset(self):
        return history_of(self.plan)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(plan=self.plan, **kwargs)
        context["entries"] = HistoryPage(list(context["rows"])).entries()
        return context


class HistoryPage:
    """The page's history records with the change each made to the version before it."""

    def __init__(self, rows):
        self.rows = rows

    def entries(self) -> list[dict]:
        versions = {}  # (kind, history_id) → (record, previous record or None)
        for kind, ids in self._ids_by_kind().items():
            model = TRACKED[kind]
            objects = model.history.filter(history_id__in=ids).values("id")
            every = (
                model.history.filter(id__in=objects)
                .select_related("history_user")
                .order_by("id", "history_date", "history_id")
            )
            previous = None
            for record in every:
                if previous is not None and previous.id != record.id:
                    previous = None
                if record.history_id in ids:
                    versions[kind, record.history_id] = (record, previous)
                previous = record
        changes = {key: self._changes(key[0], *pair) for key, pair in versions.items()}
        names = self._related_names(changes.values())
        workshops = self._workshops(versions)
        entries = []
        for _date, history_id, kind in self.rows:
            if (kind, history_id) not in versions:
                continue
            record, _previous = versions[kind, history_id]
            entries.append(
                {
                    "kind": kind,
                    "record": record,
                    "what": self._label(kind, record, workshops),
                    "type": record.history_type,
                    "changes": [
                        dict(
                            zip(
                                ("old", "new"),
                                around_the_change(
                                    self._shown(change["meta"], change["old"], names),
                                    self._shown(change["meta"], change["new"], names),
                                ),
                                strict=True,
                            ),
                            field=change["field"],
                        )
                        for change in changes[kind, history_id]
                    ],
                }
            )
        return entries

    def _ids_by_kind(self) -> dict[str, set]:
        ids = defaultdict(set)
        for _date, history_id, kind in self.rows:
            ids[kind].add(history_id)
        return ids

    @staticmethod
    def _changes(kind, record, previous) -> list[dict]:
        model = TRACKED[kind]
        order = {field.name: index for index, field in enumerate(model._meta.fields)}
        found = []
        if previous is not None and record.history_type == "~":
            for change in record.diff_against(previous).changes:
                meta = model._meta.get_field(change.field)
                found.append(
                    {
                        "field": capfirst(meta.verbose_name),
                        "meta": meta,
                        "old": change.old,
                        "new": change.new,
                        "order": order.get(change.field, 999),
                    }
                )
        reason = record.history_change_reason or ""
        if reason.startswith(services.PRIORITIES_REASON):
            old, _sep, new = reason.removeprefix(services.PRIORITIES_REASON).partition(">")
            meta = DevelopmentPlan._meta.get_field("priorities")
            found.append(
                {
                    "field": capfirst(meta.verbose_name),
                    "meta": meta,
                    "old": [int(pk) for pk in old.split(",") if pk],
                    "new": [int(pk) for pk in new.split(",") if pk],
                    "order": 999,
                }
            )
        return sorted(found, key=lambda change: change["order"])

    @staticmethod
    def _related_names(all_changes) -> dict:
        """The names of the related objects the changes refer to, one query per model."""
        wanted = defaultdict(set)
        for changes in all_changes:
            for change in changes:
                related = change["meta"].related_model
                if related is None:
                    continue
                for value in (change["old"], change["new"]):
                    values = value if isinstance(value, list) else [value]
                    wanted[related].update(pk for pk in values if pk is not None)
        names = {}
        for model, pks in wanted.items():
            queryset = model._default_manager.all()
            if model is WorkshopRecord:
                queryset = queryset.select_related("workshop__event")
            for pk, item in queryset.in_bulk(list(pks)).items():
                label = item.get_full_name() if hasattr(item, "get_full_name") else str(item)
                names[model, pk] = label or getattr(item, "email", "") or str(item)
        return names

    @staticmethod
    def _shown(meta, value, names) -> str:
        if meta.related_model is not None:
            values = value if isinstance(value, list) else [value]
            shown = [
                names.get((meta.related_model, pk), _("(removed)"))
                for pk in values
                if pk is not None
            ]
            return ", ".join(shown) if shown else "–"
        if value is None or value == "":
            return "–"
        if meta.choices:
            return str(dict(meta.flatchoices).get(value, value))
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if meta.get_internal_type() == "DateField":
            return date_format(value, "SHORT_DATE_FORMAT")
        return str(value)

    @staticmethod
    def _workshops(versions) -> dict:
        pks = {
            record.workshop_id for (kind, _id), (record, _p) in versions.items() if kind == "record"
        }
        if not pks:
            return {}
        return Workshop.objects.select_related("event").in_bulk(list(pks))

    @staticmethod
    def _label(kind, record, workshops) -> str:
        if kind == "plan":
            return capfirst(DevelopmentPlan._meta.verbose_name)
        if kind == "goal":
            return _("Goal “%(title)s”") % {"title": record.title}
        if kind == "action":
            description = record.description
            if len(description) > 80:
                description = description[:79] + "…"
            return _("Action “%(description)s”") % {"description": description}
        workshop = workshops.get(record.workshop_id)
        title = workshop.event.title if workshop else ""
        return _("Record of the workshop “%(title)s”") % {"title": title}


# --- Shared goals -------------------------------------------------------------------------------


class SharedGoalsView(PermissionMixin, FilteredListMixin, ListView):
    """Who else is working on this? The goals other members share (one by one or with their
    whole plan) in the current period, by sub-theme."""

    permission_required = "development.browse_shared_goals"
    template_name = "development/shared_goals.html"
    context_object_name = "goals"
    paginate_by = 50

    @cached_property
    def period(self):
        return Period.objects.current()

    def get_filter_form(self):
        if not hasattr(self, "_filter_form"):
            self._filter_form = SharedGoalsFilterForm(self.request.GET or None, period=self.period)
        return self._filter_form

    def get_queryset(self):
        if self.period is None:
            return Goal.objects.none()
        goals = Goal.objects.filter(Q(shared=True) | Q(plan__shared=True), plan__period=self.period)
        user = self.request.user
        if user.municipality_id:
            goals = goals.exclude(plan__municipality_id=user.municipality_id)
        sub_theme = self.get_filter_form().chosen_sub_theme()
        if sub_theme is not None:
            goals = goals.filter(sub_theme=sub_theme)
        return goals.select_related("plan__municipality", "sub_theme__theme_area").order_by(
            F("sub_theme__theme_area__order").asc(nulls_last=True),
            "sub_theme__theme_area_id",
            "sub_theme__order",
            "sub_theme_id",
            "plan__municipality__name_fi",
            "order",
            "id",
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(period=self.period, **kwargs)
        goals = context["goals"]
        readable = set(
            DevelopmentPlan.objects.visible_to(self.request.user)
            .filter(pk__in={goal.plan_id for goal in goals})
            .values_list("pk", flat=True)
        )
        for goal in goals:
            goal.plan_readable = goal.plan_id in readable
        return context


def around_the_change(old: str, new: str, width: int = 200) -> tuple[str, str]:
    """Long texts shown from a little before where they first differ, both cut alike: cut
    from their beginnings, an addition at the end of a long text looked like no change."""
    if len(old) <= width and len(new) <= width:
        return old, new
    start = max(0, len(os.path.commonprefix([old, new])) - 40)

    def cut(text: str) -> str:
        piece = text[start : start + width]
        return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")

    return cut(old), cut(new)
