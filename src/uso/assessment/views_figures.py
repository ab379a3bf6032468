"""Key figures' pages: the coordinators' overview, the import (upload → columns → result), the
period's comparison setting, and a municipality's figures beside its comparable municipalities.

The uploaded file waits between the two import steps in the session, as text (at most 2 MB,
checked to be text), and is dropped when the import succeeds or is cancelled.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import FormView, TemplateView

from uso.core.mixins import PermissionMixin
from uso.network.mixins import MunicipalityMixin
from uso.network.models import Municipality, Period

from . import figures
from .forms_figures import (
    ComparisonChoiceForm,
    ComparisonForm,
    KeyFigureMappingForm,
    KeyFigureUploadForm,
)
from .models import Comparison, Indicator, KeyFigure, KeyFigureImport

SESSION_KEY = "key_figures_upload"


class IndexView(PermissionMixin, TemplateView):
    permission_required = "assessment.manage_key_figures"
    template_name = "assessment/figures/index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            indicators=figures.indicator_summary(),
            years=figures.year_summary(),
            imports=KeyFigureImport.objects.select_related("imported_by")[:20],
            demo_count=KeyFigure.objects.filter(source=KeyFigure.Source.DEMO).count(),
            periods=Period.objects.select_related("comparison").order_by("-start_date"),
            **kwargs,
        )


class UploadView(PermissionMixin, FormView):
    permission_required = "assessment.manage_key_figures"
    form_class = KeyFigureUploadForm
    template_name = "assessment/figures/import.html"

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            text = figures.check_upload(upload.read())
            figures.read_key_figure_csv(text)
        except figures.KeyFigureError as error:
            form.add_error("file", error.message)
            return self.form_invalid(form)
        self.request.session[SESSION_KEY] = {"name": upload.name[:200], "text": text}
        return redirect("figures:import_mapping")


class MappingView(PermissionMixin, FormView):
    permission_required = "assessment.manage_key_figures"
    form_class = KeyFigureMappingForm
    template_name = "assessment/figures/import_mapping.html"

    @cached_property
    def upload(self):
        return self.request.session.get(SESSION_KEY)

    @cached_property
    def table(self):
        return figures.read_key_figure_csv(self.upload["text"])

    @cached_property
    def indicators(self):
        return list(Indicator.objects.all())

    def dispatch(self, request, *args, **kwargs):
        if request.user.has_perm(self.permission_required):
            if not self.upload:
                messages.info(request, _("Choose the file to import first."))
                return redirect("figures:import")
            try:
                self.table  # noqa: B018  (read once; a stale upload is dropped)
            except (figures.KeyFigureError, KeyError, TypeError):
                request.session.pop(SESSION_KEY, None)
                messages.error(request, _("The uploaded file could not be read; choose it again."))
                return redirect("figures:import")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        guesses = {}
        for series in self.table.series:
            guess = figures.guess_indicator(series, self.indicators)
            if guess is not None:
                guesses[series.key] = guess.code
        return {
            **super().get_form_kwargs(),
            "table": self.table,
            "indicators": self.indicators,
            "guesses": guesses,
        }

    def post(self, request, *args, **kwargs):
        if "cancel" in request.POST:
            request.session.pop(SESSION_KEY, None)
            messages.info(request, _("The import was cancelled; nothing was saved."))
            return redirect("figures:index")
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        result = figures.import_key_figures(
            table=self.table,
            mappings=form.mappings,
            file_name=self.upload["name"],
            by=self.request.user,
        )
        if result.errors:
            return self.render_to_response(
                self.get_context_data(form=form, errors=result.errors, missing=result.missing)
            )
        self.request.session.pop(SESSION_KEY, None)
        message = _("Imported %(count)s key figures from %(file)s.") % {
            "count": len(result.figures),
            "file": self.upload["name"],
        }
        if result.missing:
            message += " " + ngettext(
                "%(count)s figure was marked missing in the file and was skipped.",
                "%(count)s figures were marked missing in the file and were skipped.",
                len(result.missing),
            ) % {"count": len(result.missing)}
        messages.success(self.request, message)
        return redirect("figures:index")

    def get_context_data(self, **kwargs):
        return super().get_context_data(table=self.table, file_name=self.upload["name"], **kwargs)


class ComparisonView(PermissionMixin, FormView):
    permission_required = "assessment.manage_key_figures"
    form_class = ComparisonForm
    template_name = "assessment/figures/comparison.html"

    @cached_property
    def period(self):
        return get_object_or_404(Period, pk=self.kwargs["period"])

    @cached_property
    def setting(self):
        return Comparison.objects.filter(period=self.period).first()

    def get_initial(self):
        if self.setting is None:
            return {"count": 5}
        return {
            "indicators": self.setting.indicators.all(),
            "count": self.setting.count,
            "members_only": self.setting.members_only,
        }

    def form_valid(self, form):
        figures.save_comparison(period=self.period, by=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("The comparison setting was saved."))
        return redirect("figures:comparison", period=self.period.pk)

    def get_context_data(self, **kwargs):
        members = Municipality.objects.members_of(self.period).in_name_order()
        return super().get_context_data(
            period=self.period, setting=self.setting, members=members, **kwargs
        )


class MunicipalityView(MunicipalityMixin, PermissionMixin, TemplateView):
    """A municipality's figures per indicator and year, and its comparable municipalities in a
    period (the current one unless `?period=` says) with their figures and average."""

    permission_required = "assessment.view_key_figures"
    template_name = "assessment/figures/municipality.html"

    def get_context_data(self, **kwargs):
        choice = ComparisonChoiceForm(self.request.GET)
        chosen = choice.cleaned_data if choice.is_valid() else {}
        periods = list(Period.objects.order_by("-start_date"))
        period = next((p for p in periods if p.pk == chosen.get("period")), None)
        period = period or Period.objects.current()
        years = figures.available_years()
        year = chosen.get("year") if chosen.get("year") in years else None
        comparables = figures.comparable_municipalities(
            municipality=self.municipality, period=period, year=year
        )
        own = figures.municipality_figures(self.municipality)
        return super().get_context_data(
            municipality=self.municipality,
            own=own,
            comparables=comparables,
            periods=periods,
            period=period,
            years=years,
            year=year,
            has_demo=own.has_demo or comparables.has_demo,
            **kwargs,
        )
