"""The key figures API: `GET /api/v1/key-figures/?municipality=091&indicator=…&year=2023`.

Key figures are public statistics: everyone signed in reads them (`figure_rules.py`). A filter
that names no municipality or indicator, or a year that is not a year, answers 400 with a
message under the filter's name.
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets

from uso.api.mixins import ApiConventionsMixin
from uso.network.models import Municipality

from .models import Indicator, KeyFigure


class KeyFigureSerializer(serializers.ModelSerializer):
    municipality = serializers.CharField(source="municipality.code", read_only=True)
    municipality_name = serializers.CharField(
        source="municipality.name", read_only=True, help_text="In the caller's language."
    )
    indicator = serializers.CharField(source="indicator.code", read_only=True)
    indicator_name = serializers.CharField(source="indicator.name", read_only=True)
    unit = serializers.CharField(source="indicator.unit", read_only=True)
    value = serializers.DecimalField(max_digits=16, decimal_places=4, read_only=True)
    is_demo = serializers.SerializerMethodField(
        help_text="A demo figure, not real statistics (demo data only)."
    )

    class Meta:
        model = KeyFigure
        fields = [
            "municipality",
            "municipality_name",
            "indicator",
            "indicator_name",
            "unit",
            "year",
            "value",
            "source",
            "is_demo",
        ]

    def get_is_demo(self, figure) -> bool:
        return figure.source == KeyFigure.Source.DEMO


class KeyFigureFilterSerializer(serializers.Serializer):
    """The list's query parameters, all optional."""

    municipality = serializers.CharField(
        required=False, max_length=10, help_text="The municipality's code, e.g. 091."
    )
    indicator = serializers.CharField(
        required=False, max_length=40, help_text="The indicator's code, e.g. unemployment_rate."
    )
    year = serializers.IntegerField(
        required=False, min_value=1900, max_value=2100, help_text="The statistics year."
    )

    def validate_municipality(self, value):
        code = value.strip()
        if code.isdigit():
            code = code.zfill(3)
        if not Municipality.objects.filter(code=code).exists():
            raise serializers.ValidationError(_("No municipality has the code “%s”.") % value)
        return code

    def validate_indicator(self, value):
        if not Indicator.objects.filter(code=value).exists():
            raise serializers.ValidationError(_("No indicator has the code “%s”.") % value)
        return value

    def filter(self, figures):
        data = self.validated_data
        if "municipality" in data:
            figures = figures.filter(municipality__code=data["municipality"])
        if "indicator" in data:
            figures = figures.filter(indicator__code=data["indicator"])
        if "year" in data:
            figures = figures.filter(year=data["year"])
        return figures


class KeyFigureViewSet(ApiConventionsMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Municipal key figures by municipality, indicator and year, paginated; demo figures say
    so in `is_demo`."""

    serializer_class = KeyFigureSerializer
    filter_backends: list = []
    rules_permissions = {"list": "assessment.view_key_figures"}

    def get_queryset(self):
        return KeyFigure.objects.select_related("municipality", "indicator").order_by(
            "indicator__order", "indicator__code", "-year", "municipality__code"
        )

    @extend_schema(parameters=[KeyFigureFilterSerializer])
    def list(self, request, *args, **kwargs):
        query = KeyFigureFilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        page = self.paginate_queryset(query.filter(self.get_queryset()))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
