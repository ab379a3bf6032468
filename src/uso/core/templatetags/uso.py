from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.formats import date_format, number_format, time_format
from django.utils.timezone import localtime

register = template.Library()

WIDGET_CLASSES = {
    "select": "form-select",
    "selectmultiple": "form-select",
    "checkbox": "form-check-input",
    "radioselect": "form-check-input",
    "checkboxselectmultiple": "form-check-input",
    "clearablefile": "form-control",
    "file": "form-control",
}


@register.simple_tag
def widget(field):
    """Render a form field's widget with Bootstrap's class and the ARIA links to its help
    text and errors, so screen readers read both with the field."""
    css = WIDGET_CLASSES.get(field.widget_type, "form-control")
    if field.errors:
        css += " is-invalid"
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_help")
    if field.errors:
        described.append(f"{field.auto_id}_error")
    attrs = {"class": css}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def money(value):
    """`Decimal("1234.5")` → `1 234,50 €` in Finnish (the separators follow the language).

    Refuses floats and strings: money is always a Decimal here.
    """
    if value is None or value == "":
        return ""
    if not isinstance(value, Decimal | int):
        raise TypeError(f"money expects a Decimal, got {type(value).__name__}")
    amount = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{number_format(amount, 2, use_l10n=True, force_grouping=True)}\xa0€"


@register.filter
def population(value):
    if value is None:
        return "–"
    return number_format(value, 0, use_l10n=True, force_grouping=True)


@register.filter
def timespan(start, end):
    """When something happens, in local time: `3.3.2026 9.00–16.00`, or both dates when it
    runs over midnight: `3.3.2026 9.00 – 4.3.2026 12.00`."""
    if start is None or end is None:
        return ""
    start, end = localtime(start), localtime(end)
    if start.date() == end.date():
        return f"{date_format(start, 'SHORT_DATETIME_FORMAT')}–{time_format(end, 'TIME_FORMAT')}"
    starts, ends = (date_format(moment, "SHORT_DATETIME_FORMAT") for moment in (start, end))
    return f"{starts} – {ends}"
