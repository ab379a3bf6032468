"""The development API's shapes: plans, goals, actions and a municipality's workshop summary.

Writes go through `api.py` to the services, which check what belongs to the plan (sub-themes
of its period, an action's owner of its municipality); these classes check the shape of the
input and which fields belong to a change of status, and answer 400 per field.
"""

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers

from uso.accounts.models import User
from uso.events.serializers import CodeField
from uso.network.models import Municipality, Period, SubTheme

from .models import Action, DevelopmentPlan, Goal, Workshop

POSITIVE_SMALL_INT_MAX = 32767
POSITIVE_INT_MAX = 2147483647
FIRST_YEAR, LAST_YEAR = 2000, 2100


# --- Enums with names of their own in the schema ------------------------------------------------


class PlanStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=DevelopmentPlan.Status.choices, **kwargs)


class ActionStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=Action.Status.choices, **kwargs)


class QuotaUnitField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=Period.QuotaUnit.choices, **kwargs)


class _NamedEnum(OpenApiSerializerFieldExtension):
    enum_name = ""

    def get_name(self):
        return self.enum_name

    def map_serializer_field(self, auto_schema, direction):
        return auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)


class PlanStatusSchema(_NamedEnum):
    target_class = PlanStatusField
    enum_name = "PlanStatusEnum"


class ActionStatusSchema(_NamedEnum):
    target_class = ActionStatusField
    enum_name = "ActionStatusEnum"


class QuotaUnitSchema(_NamedEnum):
    target_class = QuotaUnitField
    enum_name = "QuotaUnitEnum"


class SubThemeField(serializers.PrimaryKeyRelatedField):
    """A sub-theme by its id, with its theme area (for the period check) in the same query."""

    def get_queryset(self):
        return SubTheme.objects.select_related("theme_area")


# --- Plans ---------------------------------------------------------------------------------------


class PlanSerializer(serializers.ModelSerializer):
    """A development plan. `status` moves along draft → agreed → follow_up → closed (agreed may
    go back to draft, closed back to follow_up); `agreed_on` and `agreed_by` come with the
    move to agreed, `final_evaluation` with the move to closed."""

    municipality = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text="The municipality's code."
    )
    period = serializers.PrimaryKeyRelatedField(read_only=True)
    status = PlanStatusField(required=False)
    priorities = SubThemeField(
        many=True,
        required=False,
        help_text="The ids of the period's sub-themes the municipality works on first.",
    )
    agreed_on = serializers.DateField(required=False, allow_null=True)
    agreed_by = serializers.CharField(max_length=200, required=False, allow_blank=True)
    final_evaluation = serializers.CharField(required=False, allow_blank=True)
    url = serializers.SerializerMethodField(help_text="The plan's web page.")

    # Given only together with the change of status they belong to.
    STATUS_FIELDS = ("agreed_on", "agreed_by", "final_evaluation")

    class Meta:
        model = DevelopmentPlan
        fields = [
            "id",
            "url",
            "municipality",
            "period",
            "status",
            "shared",
            "starting_situation",
            "priorities",
            "agreed_on",
            "agreed_by",
            "final_evaluation",
            "closed_on",
        ]
        read_only_fields = ["closed_on"]

    def get_url(self, plan) -> str:
        request = self.context.get("request")
        path = plan.get_absolute_url()
        return request.build_absolute_uri(path) if request else path

    def validate(self, data):
        plan = self.instance
        moves = "status" in data and data["status"] != plan.status
        if not moves:
            data.pop("status", None)
            errors = {
                name: [_("Give this together with the change of status it belongs to.")]
                for name in self.STATUS_FIELDS
                if name in data and data[name] != getattr(plan, name)
            }
            if errors:
                raise serializers.ValidationError(errors)
            for name in self.STATUS_FIELDS:
                data.pop(name, None)
        return data


class PlanCreateSerializer(serializers.Serializer):
    """Start a member's plan for a period (an existing one is returned as it is)."""

    municipality = CodeField(
        slug_field="code",
        queryset=Municipality.objects.all(),
        help_text="The municipality's code.",
    )
    period = serializers.PrimaryKeyRelatedField(queryset=Period.objects.all())


class PlanFilterSerializer(serializers.Serializer):
    """The plan list's query parameters, both optional."""

    municipality = serializers.CharField(
        required=False, max_length=10, help_text="Only the plans of the municipality (its code)."
    )
    period = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=POSITIVE_INT_MAX,
        help_text="Only the plans of the period (its id).",
    )
    status = PlanStatusField(required=False, help_text="Only plans in this status.")

    def filter(self, plans):
        data = self.validated_data
        if "municipality" in data:
            plans = plans.filter(municipality__code=data["municipality"])
        if "period" in data:
            plans = plans.filter(period_id=data["period"])
        if "status" in data:
            plans = plans.filter(status=data["status"])
        return plans


# --- Goals and actions ---------------------------------------------------------------------------


class GoalSerializer(serializers.ModelSerializer):
    """A goal of the plan; `sub_theme` is one of the plan's period's sub-themes."""

    plan = serializers.PrimaryKeyRelatedField(read_only=True)
    order = serializers.IntegerField(
        min_value=0,
        max_value=POSITIVE_SMALL_INT_MAX,
        required=False,
        help_text="Place among the plan's goals; by default after the others.",
    )
    sub_theme = SubThemeField(required=False, allow_null=True)

    class Meta:
        model = Goal
        fields = [
            "id",
            "plan",
            "order",
            "title",
            "description",
            "sub_theme",
            "indicator",
            "baseline",
            "target_value",
            "target_date",
            "shared",
        ]


class OwnerField(serializers.PrimaryKeyRelatedField):
    """The plan's municipality's active people (the serializer's context names it): another
    municipality's person gets the same answer as an id nobody has, which tells nothing."""

    def get_queryset(self):
        people = User.objects.active()
        municipality_id = self.context.get("municipality_id")
        return people.filter(municipality_id=municipality_id) if municipality_id else people


class ActionSerializer(serializers.ModelSerializer):
    """An action under a goal; its `owner` is a person of the plan's municipality (their id).
    The owner themselves may change `status` and `progress_notes`; the plan's editors all."""

    goal = serializers.PrimaryKeyRelatedField(read_only=True)
    owner = OwnerField(required=False, allow_null=True)
    status = ActionStatusField(required=False)
    from_record = serializers.PrimaryKeyRelatedField(
        read_only=True, help_text="The workshop record the action was decided in, if any."
    )

    # What an owner who does not edit the plan may change.
    OWNER_FIELDS = frozenset({"status", "progress_notes"})

    class Meta:
        model = Action
        fields = [
            "id",
            "goal",
            "description",
            "owner",
            "due_date",
            "status",
            "progress_notes",
            "from_record",
        ]


# --- A municipality's workshops ------------------------------------------------------------------


class WorkshopQuerySerializer(serializers.Serializer):
    """`year`: the quota of that year (a per-year quota) and the period that covers it;
    `period`: that period's plan (with `year`, the year within it). Without either, the
    current period and this year."""

    year = serializers.IntegerField(required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR)
    period = serializers.PrimaryKeyRelatedField(queryset=Period.objects.all(), required=False)

    def validate(self, data):
        period, year = data.get("period"), data.get("year")
        if period and year and not (period.start_date.year <= year <= period.end_date.year):
            raise serializers.ValidationError(
                {"year": [_("Give a year of the period %(period)s.") % {"period": period.name}]}
            )
        return data


class WorkshopSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    event = serializers.IntegerField(source="event_id", help_text="The workshop's event.")
    title = serializers.CharField(source="event.title")
    start = serializers.DateTimeField(source="event.start")
    end = serializers.DateTimeField(source="event.end")
    held = serializers.BooleanField(help_text="Whether the workshop is over.")
    sub_theme = serializers.IntegerField(source="sub_theme_id", allow_null=True)
    approval = serializers.ChoiceField(
        choices=Workshop.Approval.choices,
        help_text="Within the quota, or an extra: pending, approved (billed) or declined.",
    )
    has_record = serializers.BooleanField()


class WorkshopSummarySerializer(serializers.Serializer):
    """How many development workshops the member has held and planned within the quota, and
    how many remain; approved or pending extras are listed but not counted."""

    municipality = serializers.CharField(help_text="The municipality's code.")
    period = serializers.IntegerField()
    plan = serializers.IntegerField(allow_null=True, help_text="Null when there is no plan yet.")
    year = serializers.IntegerField(allow_null=True, help_text="Null for a per-period quota.")
    quota = serializers.IntegerField()
    quota_unit = QuotaUnitField()
    held = serializers.IntegerField()
    planned = serializers.IntegerField()
    remaining = serializers.IntegerField()
    extras = serializers.IntegerField(help_text="Workshops beyond the quota (pending or approved).")
    workshops = WorkshopSerializer(many=True)
