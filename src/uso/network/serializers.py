from copy import copy

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .models import Membership, Municipality, Period, Region, SubTheme, ThemeArea


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name_fi", "name_sv"]


class MunicipalitySerializer(serializers.ModelSerializer):
    region_code = serializers.CharField(source="region.code", read_only=True)
    population = serializers.IntegerField(read_only=True, allow_null=True)
    is_member = serializers.BooleanField(read_only=True)

    class Meta:
        model = Municipality
        fields = [
            "code",
            "name_fi",
            "name_sv",
            "region_code",
            "language",
            "population",
            "is_member",
        ]


class SubThemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = SubTheme
        fields = [
            "id",
            "order",
            "name_fi",
            "name_sv",
            "name_en",
            "description_fi",
            "description_sv",
            "description_en",
        ]


class ThemeAreaSerializer(serializers.ModelSerializer):
    sub_themes = SubThemeSerializer(many=True, read_only=True)

    class Meta:
        model = ThemeArea
        fields = [
            "id",
            "order",
            "name_fi",
            "name_sv",
            "name_en",
            "description_fi",
            "description_sv",
            "description_en",
            "sub_themes",
        ]


class PeriodSerializer(serializers.ModelSerializer):
    network = serializers.CharField(source="network.slug", read_only=True)
    theme_areas = ThemeAreaSerializer(many=True, read_only=True)

    class Meta:
        model = Period
        fields = [
            "id",
            "network",
            "name_fi",
            "name_sv",
            "name_en",
            "start_date",
            "end_date",
            "seminars_per_year",
            "workshop_quota",
            "workshop_quota_unit",
            "theme_areas",
        ]


class MembershipSerializer(serializers.ModelSerializer):
    municipality = serializers.SlugRelatedField(
        slug_field="code", queryset=Municipality.objects.all()
    )
    period = serializers.PrimaryKeyRelatedField(queryset=Period.objects.all())

    class Meta:
        model = Membership
        fields = ["id", "municipality", "period", *Membership.EDITABLE_FIELDS]
        validators = [
            serializers.UniqueTogetherValidator(
                queryset=Membership.objects.all(),
                fields=["municipality", "period"],
                message=_("The municipality already has a membership in this period."),
            )
        ]

    def validate(self, data):
        """The model's own rules, as on the membership page (DRF reports them per field)."""
        membership = copy(self.instance) if self.instance else Membership()
        for name, value in data.items():
            setattr(membership, name, value)
        membership.clean()
        if "billing_address" in data:
            data["billing_address"] = membership.billing_address
        return data
