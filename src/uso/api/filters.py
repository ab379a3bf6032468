"""Query parameters the API reads strictly: a value it cannot read is a 400 that names the
parameter, never a filter silently left out (which answers with everything)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from rest_framework import serializers

TRUE = {"true", "1", "yes", "on"}
FALSE = {"false", "0", "no", "off"}


class StrictNullBooleanField(forms.NullBooleanField):
    widget = forms.TextInput

    def to_python(self, value):
        if value in (None, ""):
            return None
        text = str(value).strip().lower()
        if text in TRUE | FALSE:
            return text in TRUE
        raise forms.ValidationError(_("Give true or false."), code="invalid")

    def validate(self, value):
        pass  # None (not given) is allowed; anything else was refused by to_python


class StrictBooleanFilter(filters.BooleanFilter):
    """true or false (also 1 and 0): django-filter's own (its widget) reads any other value as
    not given."""

    field_class = StrictNullBooleanField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.TextInput)
        super().__init__(*args, **kwargs)


def choice_param(request, name: str, choices) -> str | None:
    """A query parameter that must be one of `choices` (a TextChoices' values), or absent."""
    value = request.query_params.get(name)
    if value is None or value == "":
        return None
    if value not in choices:
        message = _("Choose one of %(choices)s.") % {"choices": ", ".join(choices)}
        raise serializers.ValidationError({name: [message]})
    return value


def id_param(request, name: str) -> int | None:
    """A query parameter that must be a whole number (an id), or absent."""
    value = request.query_params.get(name)
    if value is None or value == "":
        return None
    if not value.isdigit():
        raise serializers.ValidationError({name: [_("Give an id (a whole number).")]})
    return int(value)
