"""Consultants' hours: logging them on a plan, and the month's summary.

A consultant sees their own month; a coordinator sees every person's totals of the month and,
choosing a person, that person's month.
"""

from datetime import timedelta

from django.contrib import messages
from django.db.models import Sum
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from uso.accounts.models import User
from uso.core.errors import DomainError
from uso.core.mixins import PermissionMixin

from ..forms_workshops import HoursForm, MonthForm
from ..models import DevelopmentPlan, HourEntry
from ..workshops import log_hours, month_entries, monthly_summary, monthly_totals_by_consultant
from .workshops import PlanMixin

KINDS = HourEntry.Kind.choices


class MyHoursView(PermissionMixin, TemplateView):
    permission_required = "development.view_own_hours"
    template_name = "development/hours_summary.html"

    def person(self):
        """Whose month: a coordinator may choose anyone with hours (`?person=`)."""
        user = self.request.user
        if user.is_coordinator:
            chosen = self.request.GET.get("person", "")
            if not chosen:
                return None
            if not chosen.isdigit():
                return None
            return get_object_or_404(User, pk=int(chosen))
        return user

    def get_context_data(self, **kwargs):
        month_form = MonthForm(self.request.GET or None)
        first = month_form.chosen_month()
        person = self.person()
        context = {
            "month_form": month_form,
            "month": first,
            "month_value": first.strftime("%Y-%m"),
            "previous_month": (first - timedelta(days=1)).strftime("%Y-%m"),
            "next_month": (first + timedelta(days=32)).replace(day=1).strftime("%Y-%m"),
            "kinds": KINDS,
            "person": person,
        }
        if person is None:
            people = monthly_totals_by_consultant(first.year, first.month)
            totals = month_entries(first.year, first.month).aggregate(total=Sum("hours"))
            context.update(people=people, everyone_total=totals["total"])
        else:
            context.update(
                summary=monthly_summary(person, first.year, first.month),
                entries=month_entries(first.year, first.month)
                .filter(consultant=person)
                .select_related("plan__municipality", "plan__period", "workshop__event")
                .order_by("date", "id"),
            )
        if self.request.user.is_consultant:
            context["my_plans"] = (
                DevelopmentPlan.objects.visible_to(self.request.user)
                .select_related("municipality", "period")
                .order_by("-period__start_date", "municipality__name_fi")
            )
        return super().get_context_data(**context, **kwargs)


class LogHoursView(PlanMixin, PermissionMixin, FormView):
    permission_required = "development.log_hours"
    template_name = "development/hours_form.html"
    form_class = HoursForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "plan": self.plan}

    def get_context_data(self, **kwargs):
        recent = (
            HourEntry.objects.filter(plan=self.plan, consultant=self.request.user)
            .select_related("workshop__event")
            .order_by("-date", "-id")[:10]
        )
        return super().get_context_data(plan=self.plan, recent=recent, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            entry = log_hours(
                consultant=self.request.user,
                plan=self.plan,
                workshop=data["workshop"],
                date=data["date"],
                kind=data["kind"],
                hours=data["hours"],
                note=data["note"],
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(hours)s h logged for %(date)s.")
            % {
                "hours": number_format(entry.hours, 2, use_l10n=True),
                "date": date_format(entry.date, "SHORT_DATE_FORMAT"),
            },
        )
        if "another" in self.request.POST:
            return redirect("development:hours_add", pk=self.plan.pk)
        return redirect(f"{reverse('development:hours')}?month={entry.date:%Y-%m}")
