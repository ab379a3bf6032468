"""The coordinator's year: events held and planned, seminars against the yearly target and
attendance per member municipality, with CSV and XLSX exports of the municipality table."""

import csv
import io

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.views.generic import TemplateView
from openpyxl import Workbook
from openpyxl.styles import Font

from uso.core.mixins import PermissionMixin
from uso.network.models import Period

from .. import statistics
from ..forms_feedback import YearForm

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class YearView(PermissionMixin, TemplateView):
    permission_required = "events.view_year"
    template_name = "events/year.html"

    def get_context_data(self, **kwargs):
        form = YearForm(self.request.GET or None)
        period, year = form.chosen()
        summary = statistics.year_summary(period, year) if period else None
        return super().get_context_data(
            form=form,
            period=period,
            year=year,
            periods=Period.objects.order_by("-start_date"),
            summary=summary,
            leaderships=statistics.LEADERSHIPS,
            **kwargs,
        )


def year_export_view(request, fmt):
    """The per-municipality table of the chosen period and year as CSV (UTF-8 with the byte
    order mark and semicolons, as Finnish Excel expects) or XLSX."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm("events.view_year"):
        return HttpResponse(status=403)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    period, year = YearForm(request.GET or None).chosen()
    if period is None:
        raise Http404
    header, rows = statistics.year_table(statistics.year_summary(period, year))
    if fmt == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        book = Workbook()
        sheet = book.active
        sheet.title = str(year)
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
        sheet.freeze_panes = "C2"
        sheet.column_dimensions["A"].width = 28
        output = io.BytesIO()
        book.save(output)
        response = HttpResponse(output.getvalue(), content_type=XLSX_TYPE)
    filename = f"events-{year}-period-{period.pk}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
