"""The labels of our models' choices (`get_<field>_display()`), from a table made once a field.

Django's own method builds the table of a field's choices again on every call and hashes each
label, which translates it: the programme's 25 cards ask for 52 labels, and that was a fifth
of their rendering. The labels in the table made here stay lazy, so every call still answers
in the language active at the time. Core's AppConfig installs it on the project's models; a
field whose choices are computed by a callable keeps Django's method.
"""

from functools import partialmethod

from django.db.models import Model
from django.utils.choices import CallableChoiceIterator
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


def install(models) -> None:
    for model in models:
        for field in model._meta.local_fields:
            name = f"get_{field.name}_display"
            django_s = model.__dict__.get(name)
            if (
                isinstance(django_s, partialmethod)
                and django_s.func is Model._get_FIELD_display
                and not isinstance(field.choices, CallableChoiceIterator)
            ):
                setattr(model, name, partialmethod(label_of_choice, field=field))


def label_of_choice(instance, field) -> str:
    labels = field.__dict__.get("_labels_by_value")
    if labels is None:
        labels = field._labels_by_value = dict(make_hashable(field.flatchoices))
    value = getattr(instance, field.attname)
    return force_str(labels.get(make_hashable(value), value), strings_only=True)
