"""Sums of money are typed the Finnish way, with spaces and a euro sign if one likes."""

from decimal import Decimal

import pytest
from django import forms
from django.utils import translation

from uso.core.forms import MoneyField


class PriceForm(forms.Form):
    price = MoneyField()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1 234,50", "1234.50"),
        ("1\xa0234,50 €", "1234.50"),
        ("1234,5", "1234.50"),
        ("12 000", "12000"),
        ("0,99€", "0.99"),
    ],
)
def test_finnish_sums_are_understood(typed, expected):
    with translation.override("fi"):
        form = PriceForm({"price": typed})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["price"] == Decimal(expected)


def test_nonsense_is_refused_with_a_message():
    with translation.override("fi"):
        form = PriceForm({"price": "kaksi euroa"})
        assert not form.is_valid()
        assert form.errors["price"]
