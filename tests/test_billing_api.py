"""The billing API: invoices, invoice runs and payment imports, with the same rules as the UI."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from uso.billing import services
from uso.billing.models import Invoice

from .billing_factories import billed_period, fee_schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def issued(world):
    fee_schedule(world.period)
    for membership in (world.membership_a, world.membership_b):
        membership.population_basis = 30000
        membership.billing_address = "Kunnan kirjaamo\nPL 1\n00100 Kunta"
        membership.business_id = "0201256-6"
        membership.save()
    return services.run_invoices(period=world.period, year=2017, pro_rata=False, by=None)


def test_contact_person_lists_and_reads_own_invoices(api, world, issued):
    api.force_authenticate(world.contact_a)
    listed = api.get("/api/v1/invoices/").json()["results"]
    assert [i["municipality"] for i in listed] == [world.municipality_a.code]
    invoice = listed[0]
    assert set(invoice) >= {
        "id",
        "number",
        "municipality",
        "reference",
        "rf_reference",
        "virtual_barcode",
        "invoice_date",
        "due_date",
        "net",
        "vat",
        "gross",
        "status",
        "lines",
        "vat_breakdown",
    }
    assert invoice["gross"] == "14880.00" and invoice["status"] == "open"
    assert invoice["vat_breakdown"] == [
        {"vat_rate": "24.00", "net": "12000.00", "vat": "2880.00", "gross": "14880.00"}
    ]
    other = Invoice.objects.get(membership=world.membership_b)
    assert api.get(f"/api/v1/invoices/{other.pk}/").status_code == 404
    pdf = api.get(f"/api/v1/invoices/{invoice['id']}/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    xml = api.get(f"/api/v1/invoices/{invoice['id']}/finvoice/")
    assert xml.status_code == 200 and b"<Finvoice" in xml.content


def test_participants_and_consultants_see_no_invoices(api, world, issued):
    for user in (world.participant_a, world.consultant_a):
        api.force_authenticate(user)
        assert api.get("/api/v1/invoices/").status_code == 403


def test_invoice_run_dry_run_then_run_then_repeat(api, world):
    period, _memberships = billed_period(2)
    api.force_authenticate(world.coordinator)
    preview = api.post(
        "/api/v1/invoice-runs/", {"period": period.pk, "year": 2017, "dry_run": True}, format="json"
    )
    assert preview.status_code == 200 and len(preview.json()) == 2
    draft = preview.json()[0]
    assert isinstance(draft["gross"], str) and draft["gross"] == str(Decimal(draft["gross"]))
    assert set(draft) == {"municipality", "annual_fee", "net", "vat", "gross", "problem",
                          "can_be_einvoiced"}  # fmt: skip
    assert not Invoice.objects.exists()
    created = api.post("/api/v1/invoice-runs/", {"period": period.pk, "year": 2017}, format="json")
    assert created.status_code == 201 and len(created.json()) == 2
    again = api.post("/api/v1/invoice-runs/", {"period": period.pk, "year": 2017}, format="json")
    assert again.status_code == 200 and again.json() == []


def test_invoice_run_input_errors_are_explained(api, world):
    api.force_authenticate(world.coordinator)
    response = api.post(
        "/api/v1/invoice-runs/", {"period": world.period.pk, "year": 2031}, format="json"
    )
    assert response.status_code == 400 and "year" in response.json()["errors"]
    api.force_authenticate(world.contact_a)
    denied = api.post("/api/v1/invoice-runs/", {"period": world.period.pk, "year": 2017})
    assert denied.status_code == 403
