"""Every choice label of every model answers as Django's own get_<field>_display() would."""

import pytest
from django.apps import apps
from django.db.models import Model
from django.utils.translation import override

from uso.core.choices import label_of_choice

CHOICE_FIELDS = [
    (model, field)
    for model in apps.get_models()
    if model.__module__.startswith("uso.")
    for field in model._meta.local_fields
    if field.choices
]


def test_the_project_has_choice_fields_and_they_use_the_table():
    assert len(CHOICE_FIELDS) > 20
    from uso.events.models import Event

    assert Event.__dict__["get_kind_display"].func is label_of_choice


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_each_label_is_djangos_in_each_language(language):
    with override(language):
        for model, field in CHOICE_FIELDS:
            values = [value for value, _label in field.flatchoices]
            for value in [*values, "not-a-choice", None]:
                instance = model()
                setattr(instance, field.attname, value)
                ours = getattr(instance, f"get_{field.name}_display")()
                assert ours == Model._get_FIELD_display(instance, field), (model, field, value)
                assert type(ours) is type(Model._get_FIELD_display(instance, field))
