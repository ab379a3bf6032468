"""Bank payments (camt.054): matched by reference, idempotent, all-or-nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from uso.billing import services
from uso.billing.models import Invoice, Payment, PaymentImport

from .billing_factories import billed_period

pytestmark = pytest.mark.django_db

NS = "urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"


def camt(payments) -> bytes:
    """A camt.054.001.02 notification with one credit entry per (reference, amount, bank id)."""
    entries = "".join(
        f"""<Ntry><Amt Ccy="EUR">{amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
        <BookgDt><Dt>2017-02-10</Dt></BookgDt><ValDt><Dt>2017-02-10</Dt></ValDt>
        <AcctSvcrRef>{bank_id}</AcctSvcrRef><BkTxCd/><NtryDtls><TxDtls>
        <Refs><AcctSvcrRef>{bank_id}</AcctSvcrRef></Refs>
        <AmtDtls><TxAmt><Amt Ccy="EUR">{amount}</Amt></TxAmt></AmtDtls>
        <RltdPties><Dbtr><Nm>Kunta</Nm></Dbtr></RltdPties>
        <RmtInf><Strd><CdtrRefInf><Ref>{reference}</Ref></CdtrRefInf></Strd></RmtInf>
        </TxDtls></NtryDtls></Ntry>"""
        for reference, amount, bank_id in payments
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="{NS}"><BkToCstmrDbtCdtNtfctn>
<GrpHdr><MsgId>M1</MsgId><CreDtTm>2017-02-10T21:00:00+02:00</CreDtTm></GrpHdr>
<Ntfctn><Id>N1</Id><CreDtTm>2017-02-10T21:00:00+02:00</CreDtTm>
<Acct><Id><IBAN>FI7944052020036082</IBAN></Id></Acct>{entries}</Ntfctn>
</BkToCstmrDbtCdtNtfctn></Document>""".encode()


@pytest.fixture
def invoices():
    period, _memberships = billed_period(3)
    return services.run_invoices(
        period=period, year=2017, pro_rata=False, by=None, invoice_date=date(2017, 2, 1)
    )


def upload(client, data, name="camt.xml"):
    return client.post(
        reverse("billing:payment_import"), {"file": SimpleUploadedFile(name, data, "text/xml")}
    )


def test_payments_are_matched_by_reference_and_unmatched_ones_wait(client, world, invoices):
    paid, partly, _open = invoices
    rf = services.references.rf_reference(partly.reference)
    data = camt(
        [
            (paid.reference, paid.gross, "B1"),
            (rf, Decimal("100.00"), "B2"),  # an RF reference of ours matches too
            ("1232", Decimal("50.00"), "B3"),  # nobody's reference
        ]
    )
    client.force_login(world.coordinator)
    assert upload(client, data).status_code == 302
    assert Invoice.objects.get(pk=paid.pk).status == Invoice.Status.PAID
    assert Invoice.objects.get(pk=partly.pk).status == Invoice.Status.PARTLY_PAID
    unmatched = Payment.objects.get(invoice__isnull=True)
    assert unmatched.amount == Decimal("50.00")
    page = client.get(reverse("billing:unmatched_payments"))
    assert list(page.context["object_list"]) == [unmatched]

    # The same file again changes nothing.
    upload(client, data)
    assert Payment.objects.count() == 3
    assert (
        PaymentImport.objects.last().duplicates == 3
        or PaymentImport.objects.first().duplicates == 3
    )

    # A number that is no invoice's comes back in the payment's row, with the reason.
    refused = client.post(
        reverse("billing:assign_payment", args=[unmatched.pk]), {"invoice": "99999"}
    )
    assert refused.status_code == 200
    row = refused.content.decode().split(f'id="invoice-{unmatched.pk}"')[1].split("</form>")[0]
    assert 'value="99999"' in row and 'aria-invalid="true"' in row
    assert f'id="invoice-{unmatched.pk}-error"' in row
    assert Payment.objects.get(pk=unmatched.pk).invoice is None

    # A person attaches the unmatched payment.
    client.post(
        reverse("billing:assign_payment", args=[unmatched.pk]), {"invoice": _open.reference}
    )
    assert Invoice.objects.get(pk=_open.pk).status == Invoice.Status.PARTLY_PAID


def test_overpayment_is_marked(client, world, invoices):
    client.force_login(world.coordinator)
    upload(client, camt([(invoices[0].reference, invoices[0].gross + 10, "X1")]))
    assert Invoice.objects.get(pk=invoices[0].pk).status == Invoice.Status.OVERPAID


def test_malformed_file_is_rejected_whole_with_the_failing_element(client, world, invoices):
    good = (invoices[0].reference, invoices[0].gross, "G1")
    bad = camt([good, ("1232", "12,50", "G2")])  # a decimal comma is not ISO 20022
    client.force_login(world.coordinator)
    response = upload(client, bad)
    assert response.status_code == 200
    error = " ".join(response.context["form"].errors["file"])
    assert "Amt" in error
    assert not Payment.objects.exists() and not PaymentImport.objects.exists()
    assert Invoice.objects.get(pk=invoices[0].pk).status == Invoice.Status.OPEN


def test_not_xml_at_all_is_rejected(client, world, invoices):
    client.force_login(world.coordinator)
    response = upload(client, b"%PDF-1.4 not a bank file")
    assert response.status_code == 200 and response.context["form"].errors["file"]
    assert not Payment.objects.exists()


def test_api_payment_import_returns_counts(world, invoices):
    api = APIClient()
    api.force_authenticate(world.coordinator)
    data = camt([(invoices[0].reference, invoices[0].gross, "A1"), ("1232", "5.00", "A2")])
    response = api.post(
        "/api/v1/payment-imports/",
        {"file": SimpleUploadedFile("camt.xml", data, "text/xml")},
        format="multipart",
    )
    assert response.status_code == 200
    assert response.json() == {"matched": 1, "unmatched": 1, "duplicates": 0}
    bad = api.post(
        "/api/v1/payment-imports/",
        {"file": SimpleUploadedFile("camt.xml", b"<broken", "text/xml")},
        format="multipart",
    )
    assert bad.status_code == 400 and bad.json()["message"]
