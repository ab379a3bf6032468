"""The development API: plans, their goals and actions, and a municipality's workshops.

Who may do what is asked from the rules in `rules.py` through `RulesPermission`. Plans, goals
and actions load only from the plans the caller may see, so another municipality's answer 404
as on the web pages; a business rule that says no answers 400 with its message.
"""

from contextlib import contextmanager

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from uso.api.mixins import ApiConventionsMixin
from uso.network.models import Membership, Municipality, Period

from . import services
from .models import Action, DevelopmentPlan, Goal, WorkshopRecord
from .quota import QuotaSummary, default_year, workshop_quota
from .serializers import (
    ActionSerializer,
    GoalSerializer,
    PlanCreateSerializer,
    PlanFilterSerializer,
    PlanSerializer,
    WorkshopQuerySerializer,
    WorkshopSummarySerializer,
)


def visible_plans(user):
    return DevelopmentPlan.objects.visible_to(user)


@contextmanager
def model_errors():
    """A model's own validation (the services' `full_clean`) answers 400 per field too."""
    try:
        yield
    except DjangoValidationError as error:
        if not hasattr(error, "error_dict"):
            raise exceptions.ValidationError({"non_field_errors": error.messages}) from None
        raise exceptions.ValidationError(
            {
                "non_field_errors" if name == "__all__" else name: messages
                for name, messages in error.message_dict.items()
            }
        ) from None


class ApiMixin(ApiConventionsMixin):
    """Messages in the caller's language, also for token clients; domain errors also under
    `detail`, as in the events API."""


class PlanViewSet(ApiMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Development plans the caller may see: coordinators all; consultants those of their
    assigned municipalities; a municipality's people their own and plans shared with the
    network."""

    serializer_class = PlanSerializer
    filter_backends: list = []
    rules_permissions = {"list": "development.list_plans", "create": "development.list_plans"}
    rules_object_permissions = {
        "create": "development.edit_plan",  # asked of the plan to be, see `create`
        "retrieve": "development.view_plan",
        "partial_update": "development.edit_plan",
        "goals": "development.view_plan",
        "add_goal": "development.edit_plan",
    }

    def get_queryset(self):
        plans = visible_plans(self.request.user)
        if self.action in ("goals", "add_goal"):
            return plans.select_related("period")
        return plans.select_related("municipality").prefetch_related("priorities")

    def get_serializer_class(self):
        if self.action == "create":
            return PlanCreateSerializer
        if self.action in ("goals", "add_goal"):
            return GoalSerializer
        return PlanSerializer

    @extend_schema(parameters=[PlanFilterSerializer], responses=PlanSerializer(many=True))
    def list(self, request, *args, **kwargs):
        query = PlanFilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        plans = query.filter(self.get_queryset())
        page = self.paginate_queryset(plans)
        return self.get_paginated_response(PlanSerializer(page, many=True, context=self.ctx).data)

    @extend_schema(
        request=PlanCreateSerializer,
        responses={201: PlanSerializer, 200: PlanSerializer},
        description="Start a member municipality's plan for a period: 201 with the new plan, "
        "or 200 with the plan it already has. Coordinators, the municipality's contact person "
        "and its consultants of the period.",
    )
    def create(self, request, *args, **kwargs):
        body = PlanCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        municipality, period = body.validated_data["municipality"], body.validated_data["period"]
        self.check_object_permissions(
            request, DevelopmentPlan(municipality=municipality, period=period)
        )
        existed = DevelopmentPlan.objects.filter(municipality=municipality, period=period).exists()
        plan = services.start_plan(municipality=municipality, period=period, by=request.user)
        plan = self.get_queryset().get(pk=plan.pk)
        return Response(
            PlanSerializer(plan, context=self.ctx).data,
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )

    @extend_schema(request=PlanSerializer, responses=PlanSerializer)
    def partial_update(self, request, *args, **kwargs):
        """Edit the starting situation, priorities and sharing; move the status on (with
        `agreed_on` and `agreed_by`, or `final_evaluation`)."""
        plan = self.get_object()
        body = PlanSerializer(plan, data=request.data, partial=True, context=self.ctx)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        new_status = data.pop("status", None)
        moves = {name: data.pop(name) for name in PlanSerializer.STATUS_FIELDS if name in data}
        priorities = data.pop("priorities", None)
        with transaction.atomic(), model_errors():
            if data or priorities is not None:
                for name, value in data.items():
                    setattr(plan, name, value)
                services.save_plan(
                    plan=plan,
                    priorities=plan.priorities.all() if priorities is None else priorities,
                    by=request.user,
                )
            if new_status:
                plan = services.change_status(
                    plan=plan,
                    status=new_status,
                    by=request.user,
                    agreed_on=moves.get("agreed_on"),
                    agreed_by=moves.get("agreed_by") or "",
                    final_evaluation=moves.get("final_evaluation") or "",
                )
        plan = self.get_queryset().get(pk=plan.pk)
        return Response(PlanSerializer(plan, context=self.ctx).data)

    @extend_schema(responses=GoalSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="goals", url_name="goals")
    def goals(self, request, pk=None):
        """The plan's goals in their order."""
        plan = self.get_object()
        goals = plan.goals.order_by("order", "id")
        page = self.paginate_queryset(goals)
        return self.get_paginated_response(GoalSerializer(page, many=True).data)

    @extend_schema(request=GoalSerializer, responses={201: GoalSerializer})
    @goals.mapping.post
    def add_goal(self, request, pk=None):
        """Add a goal to the plan (after the others unless `order` says otherwise)."""
        plan = self.get_object()
        body = GoalSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        with model_errors():
            goal = services.save_goal(goal=Goal(plan=plan, **body.validated_data), by=request.user)
        return Response(GoalSerializer(goal).data, status=status.HTTP_201_CREATED)

    @property
    def ctx(self):
        return self.get_serializer_context()


class GoalViewSet(ApiMixin, viewsets.GenericViewSet):
    """A goal's actions."""

    serializer_class = ActionSerializer
    filter_backends: list = []
    rules_object_permissions = {
        "actions": "development.view_plan",
        "add_action": "development.edit_plan",
    }

    def get_queryset(self):
        return Goal.objects.filter(plan__in=visible_plans(self.request.user)).select_related(
            "plan__municipality"
        )

    @extend_schema(responses=ActionSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="actions", url_name="actions")
    def actions(self, request, pk=None):
        """The goal's actions by due date."""
        goal = self.get_object()
        actions = goal.actions.order_by("due_date", "id")
        page = self.paginate_queryset(actions)
        return self.get_paginated_response(ActionSerializer(page, many=True).data)

    @extend_schema(request=ActionSerializer, responses={201: ActionSerializer})
    @actions.mapping.post
    def add_action(self, request, pk=None):
        """Add an action; its owner is a person of the municipality."""
        goal = self.get_object()
        body = ActionSerializer(
            data=request.data, context={"municipality_id": goal.plan.municipality_id}
        )
        body.is_valid(raise_exception=True)
        with model_errors():
            created = services.save_action(
                action=Action(goal=goal, **body.validated_data), by=request.user
            )
        return Response(ActionSerializer(created).data, status=status.HTTP_201_CREATED)


class ActionViewSet(ApiMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """An action: the plan's editors change everything, its owner the status and the progress
    notes."""

    serializer_class = ActionSerializer
    filter_backends: list = []
    rules_object_permissions = {
        "retrieve": "development.view_plan",
        "partial_update": "development.update_action",
    }

    def get_queryset(self):
        return Action.objects.filter(
            goal__plan__in=visible_plans(self.request.user)
        ).select_related("goal__plan__municipality")

    @extend_schema(request=ActionSerializer, responses=ActionSerializer)
    def partial_update(self, request, *args, **kwargs):
        item = self.get_object()
        body = ActionSerializer(
            item,
            data=request.data,
            partial=True,
            context={"municipality_id": item.goal.plan.municipality_id},
        )
        body.is_valid(raise_exception=True)
        beyond_owner = {
            name
            for name, value in body.validated_data.items()
            if name not in ActionSerializer.OWNER_FIELDS and getattr(item, name) != value
        }
        if beyond_owner and not request.user.has_perm("development.edit_plan", item):
            raise exceptions.PermissionDenied(
                _owner_only_message(sorted(beyond_owner)),
            )
        for name, value in body.validated_data.items():
            setattr(item, name, value)
        with model_errors():
            services.save_action(action=item, by=request.user)
        return Response(ActionSerializer(item).data)


def _owner_only_message(fields: list[str]) -> str:
    return _(
        "As the action's owner you may change its status and progress notes only, not: %(fields)s."
    ) % {"fields": ", ".join(fields)}


class MunicipalityWorkshopsView(ApiMixin, APIView):
    """The member's development workshops against the quota: held, planned and remaining
    within the quota of a year (a per-year quota) or of the period, and the workshops."""

    rules_permissions = {"get": "development.list_plans"}

    @extend_schema(
        parameters=[WorkshopQuerySerializer],
        responses={200: WorkshopSummarySerializer, 404: OpenApiResponse(description="Not found")},
    )
    def get(self, request, code):
        if "\x00" in code:
            raise Http404
        municipality = get_object_or_404(Municipality, code=code)
        query = WorkshopQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        year = query.validated_data.get("year")
        period = query.validated_data.get("period") or _period_of(municipality, year)
        plan = (
            DevelopmentPlan.objects.select_related("period", "municipality")
            .filter(municipality=municipality, period=period)
            .first()
            if period
            else None
        )
        if plan is not None:
            if not request.user.has_perm("development.view_plan", plan):
                raise Http404
            summary = workshop_quota(plan, year=year)
        else:
            if not request.user.has_perm("network.view_municipality", municipality):
                raise Http404
            if period is None:
                raise exceptions.ValidationError(
                    {"year" if year else "period": [_no_period_message()]}
                )
            summary = _empty_summary(period, year)
        return Response(
            WorkshopSummarySerializer(_summary_data(municipality, period, plan, summary)).data
        )


def _no_period_message() -> str:
    return _("No period of the network covers that time.")


def _period_of(municipality, year: int | None) -> Period | None:
    """The period of the year's membership (else any period covering it); without a year the
    current period."""
    if year is None:
        return Period.objects.current()
    covering = Period.objects.filter(start_date__year__lte=year, end_date__year__gte=year)
    member_of = Membership.objects.filter(municipality=municipality).values("period")
    return (
        covering.filter(pk__in=member_of).order_by("-start_date").first()
        or covering.order_by("-start_date").first()
    )


def _empty_summary(period: Period, year: int | None) -> QuotaSummary:
    per_year = period.workshop_quota_unit == Period.QuotaUnit.YEAR
    return QuotaSummary(
        quota=period.workshop_quota,
        unit=period.workshop_quota_unit,
        year=(year or default_year(period)) if per_year else None,
        held=0,
        planned=0,
        extras=0,
    )


def _summary_data(municipality, period, plan, summary: QuotaSummary) -> dict:
    workshops = list(summary.workshops)
    recorded = set(
        WorkshopRecord.objects.filter(workshop__in=[w.pk for w in workshops]).values_list(
            "workshop_id", flat=True
        )
    )
    now = timezone.now()
    return {
        "municipality": municipality.code,
        "period": period.pk,
        "plan": plan.pk if plan else None,
        "year": summary.year,
        "quota": summary.quota,
        "quota_unit": summary.unit,
        "held": summary.held,
        "planned": summary.planned,
        "remaining": summary.remaining,
        "extras": summary.extras,
        "workshops": [
            {
                "id": workshop.pk,
                "event_id": workshop.event_id,
                "event": workshop.event,
                "held": workshop.event.end < now,
                "sub_theme_id": workshop.sub_theme_id,
                "approval": workshop.approval,
                "has_record": workshop.pk in recorded,
            }
            for workshop in workshops
        ],
    }
