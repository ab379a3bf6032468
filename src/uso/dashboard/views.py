"""The coordinator's network dashboard: one page of the network's year, each section with a
chart, its table, and an XLSX export; and the year's annual report as PDF."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import get_language
from django.views.generic import TemplateView

from uso.core.mixins import PermissionMixin
from uso.network.models import Period

from . import exports, figures, report
from .forms import DashboardFilterForm

PERMISSION = "dashboard.view_network_dashboard"


class ChosenMixin:
    @cached_property
    def filter_form(self) -> DashboardFilterForm:
        return DashboardFilterForm(self.request.GET or None)

    @cached_property
    def chosen(self):
        return self.filter_form.chosen()

    def strict_choice(self) -> tuple[Period, int]:
        """The period and year of a download: exactly what was asked for, else 404."""
        period, year, problems = self.chosen
        if period is None or problems:
            raise Http404
        return period, year


class NetworkDashboardView(PermissionMixin, ChosenMixin, TemplateView):
    permission_required = PERMISSION
    template_name = "dashboard/index.html"

    def get_context_data(self, **kwargs):
        period, year, problems = self.chosen
        context = {
            "form": self.filter_form,
            "period": period,
            "year": year,
            "problems": problems,
            "periods": Period.objects.order_by("-start_date"),
            "leaderships": figures.LEADERSHIPS,
            "languages": settings.LANGUAGES,
        }
        if period is not None:
            # Made only when the page's cached sections have expired (the template's cache tag).
            context["data"] = SimpleLazyObject(lambda: figures.cached_dashboard(period, year))
            context["cache_seconds"] = figures.CACHE_SECONDS
            context["query"] = f"period={period.pk}&year={year}"
        return super().get_context_data(**context, **kwargs)


class SectionExportView(PermissionMixin, ChosenMixin, TemplateView):
    """One section's tables as XLSX, for the chosen period and year."""

    permission_required = PERMISSION

    def get(self, request, section):
        if section not in figures.SECTIONS:
            raise Http404
        period, year = self.strict_choice()
        data = figures.SECTIONS[section](period, year)
        response = HttpResponse(
            exports.section_workbook(section, data), content_type=exports.XLSX_TYPE
        )
        filename = f"network-{section}-{year}-period-{period.pk}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class AnnualReportView(PermissionMixin, ChosenMixin, TemplateView):
    """The year's annual report of the network as PDF, in `?language=` (default: the page's)."""

    permission_required = PERMISSION

    def get(self, request):
        period, year = self.strict_choice()
        language = request.GET.get("language") or get_language()
        if language not in dict(settings.LANGUAGES):
            raise Http404
        response = HttpResponse(
            report.render_annual_report(period, year, language=language),
            content_type="application/pdf",
        )
        filename = report.report_filename(period, year)
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response
