from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from uso.events.statistics import default_year
from uso.network.models import Period


class DashboardFilterForm(forms.Form):
    """The period and the year of the dashboard: by default the current period, and this year
    when the period runs in it, else the period's first year."""

    period = forms.ModelChoiceField(
        label=gettext_lazy("Period"),
        queryset=Period.objects.order_by("-start_date"),
        required=False,
        empty_label=None,
    )
    year = forms.IntegerField(label=gettext_lazy("Year"), required=False)

    def chosen(self) -> tuple[Period | None, int | None, list[str]]:
        """(period, year, problems): what was asked for, or the defaults with a sentence for
        each value that could not be used."""
        problems = []
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if "period" in self.errors:
            problems.append(_("There is no such period; the current period is shown."))
        period = data.get("period") or Period.objects.current()
        if period is None:
            return None, None, problems
        year = data.get("year")
        asked = self.data.get("year") if self.is_bound else None
        if year not in period.years:
            year = default_year(period)
            if asked:
                problems.append(
                    _("%(asked)s is not a year of the period; %(year)s is shown.")
                    % {"asked": asked, "year": year}
                )
        return period, year, problems
