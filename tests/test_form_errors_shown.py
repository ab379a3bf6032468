"""A form's messages reach the person: a list's filter with a value it cannot use says why in
the element its aria-describedby names; a form posted from another page brings its field's
message back there; a row marked for removal stays marked when the form comes back."""

import re

import pytest
from django.urls import reverse

from uso.billing.models import FeeOverride, FeeSchedule

from .billing_factories import fee_schedule

BAD_FILTERS = [
    ("events:programme", "?region=999999&kind=bogus", ["region", "kind"]),
    ("network:municipalities", "?size=huge", ["size"]),
    ("accounts:people", "?role=emperor", ["role"]),
    ("billing:invoices", "?year=soon&status=lost", ["year", "status"]),
    ("development:overview", "?status=bogus", ["status"]),
    ("library:search", "?sort=bogus", ["sort"]),
]


@pytest.mark.parametrize(("name", "query", "fields"), BAD_FILTERS)
def test_a_filter_it_cannot_use_is_named_with_its_message(client, world, name, query, fields):
    client.force_login(world.coordinator)
    page = client.get(reverse(name) + query)
    assert page.status_code == 200
    html = page.content.decode()
    for field in fields:
        error = re.search(
            rf'<div class="invalid-feedback d-block" id="id_{field}_error">(.*?)</div>', html
        )
        assert error, field
        assert "Valitse oikea vaihtoehto" in error[1] or "Syötä kokonaisluku" in error[1], error[1]
    described = {i for ids in re.findall(r'aria-describedby="([^"]+)"', html) for i in ids.split()}
    assert described >= {f"id_{field}_error" for field in fields}
    assert all(f'id="{i}"' in html for i in described), described


def test_a_fee_override_that_is_not_a_fee_comes_back_as_typed_with_the_message_at_its_field(
    client, world
):
    client.force_login(world.coordinator)
    url = reverse("billing:fee_override", args=[world.membership_a.pk])
    response = client.post(url, {"annual_fee": "-5", "reason": "Kokeilu"})
    assert response.status_code == 200
    page = response.content.decode()
    fee = re.search(r'<input [^>]*name="annual_fee"[^>]*>', page)[0]
    assert 'aria-invalid="true"' in fee and 'id="id_annual_fee_error"' in page
    assert 'value="Kokeilu"' in page
    assert not FeeOverride.objects.exists()
    without_reason = client.post(url, {"annual_fee": "12 345,67", "reason": ""})
    assert without_reason.context["fee_form"].errors["reason"]
    assert 'value="12 345,67"' in without_reason.content.decode()


def test_a_payment_that_is_not_an_amount_comes_back_as_typed_at_its_field(client, world):
    from uso.billing import services

    from .billing_factories import billed_period

    period, _memberships = billed_period(1)
    (invoice,) = services.run_invoices(period=period, year=2017, pro_rata=False, by=None)
    client.force_login(world.coordinator)
    url = reverse("billing:manual_payment", args=[invoice.pk])
    response = client.post(url, {"amount": "12,5x", "payment_date": "2017-02-10"})
    assert response.status_code == 200
    page = response.content.decode()
    amount = re.search(r'<input [^>]*name="amount"[^>]*>', page)[0]
    assert 'aria-invalid="true"' in amount and 'value="12,5x"' in amount
    assert not invoice.payments.exists()
    assert 'value="2017-02-10"' in page  # the date typed stays too


def test_a_fee_band_marked_for_removal_stays_marked_when_the_form_comes_back(client, world):
    fee_schedule(world.period)
    bands = list(FeeSchedule.objects.get(period=world.period).bands.all())
    client.force_login(world.coordinator)
    url = reverse("billing:fee_schedule", args=[world.period.pk])
    form = {"bands-TOTAL_FORMS": str(len(bands)), "bands-INITIAL_FORMS": str(len(bands))}
    for index, band in enumerate(bands):
        form |= {
            f"bands-{index}-id": band.pk,
            f"bands-{index}-min_population": band.min_population,
            f"bands-{index}-max_population": band.max_population or "",
            f"bands-{index}-annual_fee": band.annual_fee,
        }
    form |= {"bands-0-DELETE": "on", "bands-1-annual_fee": "paljon"}
    page = client.post(url, form).content.decode()
    assert re.search(r'name="bands-0-DELETE" id="id_bands-0-DELETE" checked', page)
    assert not re.search(r'name="bands-1-DELETE" id="id_bands-1-DELETE" checked', page)
    fee = re.search(r'<input [^>]*name="bands-1-annual_fee"[^>]*>', page)[0]
    assert 'aria-invalid="true"' in fee and 'aria-describedby="id_bands-1-annual_fee_error"' in fee
    assert 'id="id_bands-1-annual_fee_error"' in page
    saved = FeeSchedule.objects.get(period=world.period).bands.all()
    assert [band.annual_fee for band in saved] == [band.annual_fee for band in bands]
