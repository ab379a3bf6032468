"""Django's form renderer, with the select element written in Python; and the choices of a
model's select read in one query.

Django renders a select through a template include per option: a filter form with every
period's theme areas or the 309 municipalities cost a list page more than its 25 rows did
(the benchmark's events, municipalities and invoices pages). The HTML is byte for byte what
Django's own templates make — `tests/test_form_renderer.py` renders every kind of select both
ways — and anything else, including a select whose options have a template of their own, goes
to the templates as before.
"""

from django.forms.models import ModelChoiceIterator
from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, mark_safe

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        if template_name == SELECT_TEMPLATE and widget and options_are_plain(widget):
            return render_select(widget)
        return super().render(template_name, context, request)


def options_are_plain(widget) -> bool:
    return all(
        option["template_name"] == OPTION_TEMPLATE
        for _name, options, _index in widget["optgroups"]
        for option in options
    )


def render_select(widget) -> str:
    # The same characters as select.html, select_option.html and attrs.html, newlines
    # included.
    values = Context()  # what {{ label }} is shown with: the same localisation and escaping
    parts = [f'<select name="{conditional_escape(widget["name"])}"{attributes(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{render_value_in_context(group_name, values)}">')
        for option in options:
            parts.append(
                f'\n  <option value="{as_string(option["value"])}"'
                f"{attributes(option['attrs'])}>"
                f"{render_value_in_context(option['label'], values)}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))


def attributes(attrs: dict) -> str:
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{as_string(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def as_string(value) -> str:
    """`{{ value|stringformat:'s' }}`: text as is when it was marked safe, escaped otherwise."""
    text = str(value)
    return text if isinstance(value, SafeData) else escape(text)


class ChoicesInOneQuery(ModelChoiceIterator):
    """The choices of a ModelChoiceField in one plain query (core's AppConfig installs it)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)
