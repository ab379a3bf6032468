"""Follow-up: the coordinator's overview of every member's plan and workshops, and a
municipality's progress report for its council as PDF or DOCX."""

import csv
import io

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView

from uso.core.mixins import FilteredListMixin, PermissionMixin
from uso.network.models import Period

from .. import documents
from ..models import DevelopmentPlan
from ..overview import (
    NO_PLAN,
    behind_rule,
    export_table,
    overview_rows,
    plan_status_label,
    quota_year,
)
from ..quota import default_year

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class OverviewFilterForm(forms.Form):
    period = forms.ModelChoiceField(
        label=_("Period"), queryset=Period.objects.order_by("-start_date"), required=False
    )
    year = forms.IntegerField(label=_("Year"), required=False)
    status = forms.ChoiceField(
        label=_("Plan status"),
        choices=[("", _("All")), *DevelopmentPlan.Status.choices, (NO_PLAN, _("No plan yet"))],
        required=False,
    )
    behind = forms.BooleanField(label=_("Only those behind schedule"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].empty_label = None

    def chosen(self) -> tuple[Period | None, int | None]:
        """The period and year asked for, else the current period and its default year."""
        self.is_valid()  # a bad value falls back to its default; the other filters still apply
        data = getattr(self, "cleaned_data", {})
        period = data.get("period") or Period.objects.current()
        if period is None:
            return None, None
        year = data.get("year")
        if year not in period.years:
            year = default_year(period)
        return period, year


class OverviewView(PermissionMixin, FilteredListMixin, ListView):
    """Every active member of a period: plan status, goals, actions by status and workshops
    against the quota, with those behind schedule marked. CSV and XLSX with `?export=`."""

    permission_required = "development.view_overview"
    template_name = "development/overview.html"
    filter_form_class = OverviewFilterForm
    paginate_by = 100

    @cached_property
    def chosen(self):
        return self.get_filter_form().chosen()

    def get_queryset(self):
        period, year = self.chosen
        if period is None:
            return DevelopmentPlan.objects.none()
        data = getattr(self.get_filter_form(), "cleaned_data", {})
        return overview_rows(
            period, year=year, status=data.get("status", ""), behind_only=data.get("behind", False)
        )

    def get(self, request, *args, **kwargs):
        export = request.GET.get("export")
        if export in ("csv", "xlsx") and self.chosen[0] is not None:
            return self.export(export)
        return super().get(request, *args, **kwargs)

    def export(self, fmt: str) -> HttpResponse:
        period, year = self.chosen
        header, rows = export_table(self.get_queryset())
        if fmt == "csv":
            buffer = io.StringIO()
            buffer.write("\ufeff")  # Finnish Excel reads UTF-8 with the byte order mark
            writer = csv.writer(buffer, delimiter=";")
            writer.writerow(header)
            writer.writerows(rows)
            response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        else:
            from openpyxl import Workbook
            from openpyxl.styles import Font

            book = Workbook()
            sheet = book.active
            sheet.title = str(year)
            sheet.append(header)
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            for row in rows:
                sheet.append(row)
            sheet.freeze_panes = "C2"
            sheet.column_dimensions["B"].width = 28
            output = io.BytesIO()
            book.save(output)
            response = HttpResponse(output.getvalue(), content_type=XLSX_TYPE)
        filename = f"development-overview-{period.pk}-{year}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def get_context_data(self, **kwargs):
        period, year = self.chosen
        context = {"period": period, "year": year}
        if period is not None:
            context.update(
                rule=behind_rule(year),
                per_year=quota_year(period, year) is not None,
                periods=Period.objects.order_by("-start_date"),
                today=timezone.localdate(),
            )
        context = super().get_context_data(**context, **kwargs)
        for row in context["object_list"]:
            row.status_label = plan_status_label(row.plan_status)
        return context


def report_view(request, pk, fmt):
    """The plan's progress report for the municipality's council, in the reader's language.

    A plan the person may not see answers 404; a plan shared with the network is visible to
    other members but its report is not theirs to print (403)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    plan = get_object_or_404(
        DevelopmentPlan.objects.visible_to(request.user).select_related("municipality", "period"),
        pk=pk,
    )
    if fmt not in ("pdf", "docx"):
        raise Http404
    if not request.user.has_perm("development.view_report", plan):
        raise PermissionDenied
    language = get_language()
    filename = documents.report_filename(plan, fmt=fmt)
    if fmt == "pdf":
        response = HttpResponse(
            documents.render_report_pdf(plan, language=language), content_type="application/pdf"
        )
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    else:
        response = HttpResponse(
            documents.render_report_docx(plan, language=language), content_type=DOCX_TYPE
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
