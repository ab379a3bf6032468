from django.db.models import Count, Prefetch, Q
from django_filters import rest_framework as filters
from rest_framework import mixins, viewsets

from uso.api.filters import StrictBooleanFilter
from uso.api.mixins import ApiConventionsMixin
from uso.core.rules import is_contact, is_coordinator

from .models import Membership, Municipality, MunicipalityLanguage, Period, Region, ThemeArea
from .serializers import (
    MembershipSerializer,
    MunicipalitySerializer,
    PeriodSerializer,
    RegionSerializer,
)


class MunicipalityFilter(filters.FilterSet):
    region = filters.ModelChoiceFilter(
        field_name="region", to_field_name="code", queryset=Region.objects.all()
    )
    language = filters.ChoiceFilter(choices=MunicipalityLanguage.choices)
    is_member = StrictBooleanFilter(method="filter_is_member")

    class Meta:
        model = Municipality
        fields = ["region", "language", "is_member"]

    def filter_is_member(self, queryset, name, value):
        return queryset.filter(is_member=value)


class MunicipalityViewSet(ApiConventionsMixin, viewsets.ReadOnlyModelViewSet):
    """All Finnish municipalities; `is_member` is about the current period."""

    serializer_class = MunicipalitySerializer
    filterset_class = MunicipalityFilter
    lookup_field = "code"
    rules_permissions = {"list": "network.read_registry", "retrieve": "network.read_registry"}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator, no database
            return Municipality.objects.none()
        period = Period.objects.current()
        active = Q(memberships__period=period, memberships__status=Membership.Status.ACTIVE)
        return (
            Municipality.objects.select_related("region")
            .with_population()
            .annotate(member_rows=Count("memberships", filter=active))
            .annotate(is_member=Q(member_rows__gt=0))
            .order_by("code")
        )


class RegionViewSet(ApiConventionsMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = RegionSerializer
    queryset = Region.objects.order_by("code")
    lookup_field = "code"
    rules_permissions = {"list": "network.read_registry", "retrieve": "network.read_registry"}


class PeriodViewSet(ApiConventionsMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = PeriodSerializer
    rules_permissions = {"list": "network.view_period", "retrieve": "network.view_period"}

    def get_queryset(self):
        return Period.objects.select_related("network").prefetch_related(
            Prefetch("theme_areas", queryset=ThemeArea.objects.prefetch_related("sub_themes"))
        )


class MembershipViewSet(
    ApiConventionsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Coordinators read and write every membership; a contact person reads their own."""

    serializer_class = MembershipSerializer
    filterset_fields = ["period", "status"]
    rules_permissions = {
        "list": "network.list_memberships",
        "create": "network.manage_memberships",
        "update": "network.manage_memberships",
        "partial_update": "network.manage_memberships",
    }
    rules_object_permissions = {"retrieve": "network.view_membership"}

    def get_queryset(self):
        queryset = Membership.objects.select_related("municipality", "period").order_by("pk")
        user = self.request.user
        if is_coordinator(user):
            return queryset
        if is_contact(user):
            return queryset.filter(municipality_id=user.municipality_id)
        return queryset.none()
