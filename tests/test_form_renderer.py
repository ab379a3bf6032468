"""The form renderer writes selects in Python: the HTML must be what Django's templates make."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from uso.core.form_renderer import FormRenderer
from uso.network.models import Municipality

from .factories import MunicipalityFactory


class Everything(forms.Form):
    plain = forms.ChoiceField(choices=[("", "All"), ("a", "A & <b>"), (3, 1234567)])
    grouped = forms.ChoiceField(
        choices=[
            ("Group <1>", [("x", "X"), ("y", gettext_lazy("Region"))]),
            ("z", "Outside"),
        ]
    )
    many = forms.MultipleChoiceField(choices=[("1", "One"), ("2", "Two")], required=False)
    safe_label = forms.ChoiceField(choices=[(mark_safe("<s>"), mark_safe("<em>safe</em>"))])
    attributes = forms.ChoiceField(
        choices=[("q", "Q")],
        widget=forms.Select(
            attrs={"class": "form-select", "data-x": '"quoted"', "autofocus": True, "off": False}
        ),
        disabled=True,
    )
    municipality = forms.ModelChoiceField(queryset=Municipality.objects.order_by("code")[:5])
    radio = forms.ChoiceField(choices=[("r", "R")], widget=forms.RadioSelect)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_every_select_is_rendered_as_django_templates_render_it(language):
    MunicipalityFactory(code="0AA", name_fi="Kunta & <Kaupunki>")
    data = {"plain": "a", "grouped": "y", "many": ["1", "2"], "safe_label": "<s>"}
    with override(language):
        ours = Everything(data, renderer=FormRenderer())
        django_s = Everything(data, renderer=DjangoTemplates())
        for name in Everything.base_fields:
            assert str(ours[name]) == str(django_s[name]), name


def test_a_select_whose_options_have_their_own_template_goes_to_the_templates():
    class Special(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    class Picking(forms.Form):
        pick = forms.ChoiceField(choices=[("a", "A")], widget=Special)

    rendered = str(Picking(renderer=FormRenderer())["pick"])
    assert rendered == str(Picking(renderer=DjangoTemplates())["pick"])
    assert "<input" in rendered and "<option" not in rendered


@pytest.mark.django_db
def test_a_model_select_reads_its_choices_in_one_plain_query():
    from unittest import mock

    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    class Picking(forms.Form):
        municipality = forms.ModelChoiceField(queryset=Municipality.objects.order_by("code"))

    database = connections["default"]
    # QuerySet.iterator() asks for a chunked cursor: a server-side one on PostgreSQL.
    server_side = mock.patch.object(database, "chunked_cursor", side_effect=AssertionError)
    with server_side, CaptureQueriesContext(database) as queries:
        rendered = str(Picking()["municipality"])
    assert len(queries) == 1
    assert rendered.count("<option") == Municipality.objects.count() + 1  # and "---------"


def test_a_fields_messages_are_one_element_its_description_names():
    from django.template.loader import render_to_string

    class Dated(forms.Form):
        day = forms.CharField()

    form = Dated({"day": "x"})
    form.is_valid()
    form.add_error("day", "Ensimmäinen virhe.")
    form.add_error("day", "Toinen virhe.")
    html = render_to_string("_field_errors.html", {"field": form["day"]})
    assert html.count('id="id_day_error"') == 1
    assert '<p class="mb-0">Ensimmäinen virhe.</p><p class="mb-0">Toinen virhe.</p>' in html
    assert render_to_string("_field_errors.html", {"field": Dated()["day"]}) == ""
