"""Forms of the key figures: the upload, the column mapping and the period's comparison."""

from django import forms
from django.core.validators import validate_slug
from django.utils.translation import gettext_lazy as _

from .figures import MAX_UPLOAD_BYTES, KeyFigureTable, NewIndicator, SeriesMapping
from .models import Indicator

SKIP = ""
NEW = "__new__"


class KeyFigureUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Statistics Finland CSV export"),
        help_text=_(
            "PxWeb's semicolon-separated CSV, at most 2 MB: one row per municipality (or per "
            "municipality and year), indicators in columns or in a “Tiedot” column."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError(_("Choose a .csv file."))
        return upload


class KeyFigureMappingForm(forms.Form):
    """For each series of the file: which indicator (an existing one, a new one, or skip) and,
    when the rows carry no year, which year."""

    def __init__(self, *args, table: KeyFigureTable, indicators, guesses: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.table = table
        self.indicators = {indicator.code: indicator for indicator in indicators}
        choices = [
            (SKIP, _("Skip this column")),
            (NEW, _("New indicator…")),
            *[(code, str(indicator)) for code, indicator in self.indicators.items()],
        ]
        self.rows = []
        for n, series in enumerate(table.series):
            guess = guesses.get(series.key)
            prefix = f"s{n}"
            self.fields[f"{prefix}_indicator"] = forms.ChoiceField(
                label=_("Indicator"), choices=choices, required=False, initial=guess or SKIP
            )
            self.fields[f"{prefix}_code"] = forms.CharField(
                label=_("Code"), max_length=40, required=False
            )
            self.fields[f"{prefix}_name"] = forms.CharField(
                label=_("Name"), max_length=200, required=False, initial=series.name_guess[:200]
            )
            self.fields[f"{prefix}_unit"] = forms.CharField(
                label=_("Unit"), max_length=30, required=False
            )
            self.fields[f"{prefix}_decimals"] = forms.IntegerField(
                label=_("Decimals"), min_value=0, max_value=4, initial=1, required=False
            )
            if not table.has_year_column:
                self.fields[f"{prefix}_year"] = forms.IntegerField(
                    label=_("Year"),
                    min_value=1900,
                    max_value=2100,
                    required=False,
                    initial=series.year,
                )
            self.rows.append((series, prefix))

    def bound_rows(self):
        """(series, its fields by short name) for the template."""
        for series, prefix in self.rows:
            names = ["indicator", "code", "name", "unit", "decimals", "year"]
            yield (
                series,
                {
                    name: self[f"{prefix}_{name}"]
                    for name in names
                    if f"{prefix}_{name}" in self.fields
                },
            )

    def clean(self):
        data = super().clean()
        self.mappings = []
        new_codes: dict[str, NewIndicator] = {}
        for series, prefix in self.rows:
            choice = data.get(f"{prefix}_indicator")
            if not choice:
                continue
            if choice == NEW:
                code = (data.get(f"{prefix}_code") or "").strip()
                name = (data.get(f"{prefix}_name") or "").strip()
                if not code:
                    self.add_error(f"{prefix}_code", _("Give the new indicator a code."))
                    continue
                try:
                    validate_slug(code)
                except forms.ValidationError:
                    self.add_error(
                        f"{prefix}_code",
                        _("Letters, digits, hyphens and underscores only, e.g. “unemployment”."),
                    )
                    continue
                if code in self.indicators:
                    self.add_error(
                        f"{prefix}_code",
                        _("An indicator with this code exists: choose it from the list."),
                    )
                    continue
                if not name:
                    self.add_error(f"{prefix}_name", _("Give the new indicator a name."))
                    continue
                indicator = new_codes.setdefault(
                    code,
                    NewIndicator(
                        code=code,
                        name=name,
                        unit=(data.get(f"{prefix}_unit") or "").strip(),
                        decimals=data.get(f"{prefix}_decimals") or 0,
                    ),
                )
            else:
                indicator = self.indicators[choice]
            year = data.get(f"{prefix}_year")
            if not self.table.has_year_column and not year:
                self.add_error(f"{prefix}_year", _("Choose the year of the figures."))
                continue
            self.mappings.append(SeriesMapping(series.key, indicator, year))
        if not self.errors and not self.mappings:
            raise forms.ValidationError(_("Choose an indicator for at least one column."))
        return data


class ComparisonForm(forms.Form):
    indicators = forms.ModelMultipleChoiceField(
        label=_("Indicators"),
        queryset=Indicator.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Comparable municipalities are the nearest ones by these indicators."),
    )
    count = forms.IntegerField(
        label=_("Number of comparable municipalities"), min_value=1, max_value=30, initial=5
    )
    members_only = forms.BooleanField(
        label=_("Compare with member municipalities only"), required=False
    )


class ComparisonChoiceForm(forms.Form):
    """The municipality page's choice of period and year (query string)."""

    period = forms.IntegerField(required=False, min_value=1)
    year = forms.IntegerField(required=False, min_value=1900, max_value=2100)
