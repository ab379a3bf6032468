"""What billing hands out: the PDF, Finvoice XML and batches, exports, reminders."""

import io
import zipfile
from datetime import date

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from uso.billing import documents, services
from uso.billing.finvoice import validate_finvoice
from uso.billing.models import Invoice, Reminder
from uso.core.errors import DomainError

from .billing_factories import billed_period

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoices():
    period, _memberships = billed_period(2)
    return services.run_invoices(
        period=period, year=2017, pro_rata=False, by=None, invoice_date=date(2017, 2, 1)
    )


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_pdf_shows_reference_total_and_due_date_and_is_the_same_every_time(invoices):
    invoice = invoices[0]
    first = documents.invoice_pdf(invoice)
    text = pdf_text(first)
    assert "LASKU" in text
    assert invoice.reference[-5:] in text.replace(" ", "")
    assert "9 920,00" in text or "9\xa0920,00" in text  # 8 000 € + 24 %
    assert "15.2.2017" in text
    assert invoice.virtual_barcode in text.replace(" ", "")
    invoice.refresh_from_db()
    assert documents.invoice_pdf(invoice) == first


def test_pdf_follows_the_invoice_language(invoices):
    invoice = invoices[0]
    Invoice.objects.filter(pk=invoice.pk).update(language="sv")
    invoice.refresh_from_db()
    assert "FAKTURA" in pdf_text(documents.render_invoice_pdf(invoice))


def test_finvoice_validates_against_the_schema(invoices):
    xml = documents.invoice_finvoice(invoices[0])
    assert validate_finvoice(xml) == []
    text = xml.decode()
    assert 'IdentificationSchemeName="SPY"' in text and invoices[0].reference in text
    assert "003702012566" in text  # the buyer's e-invoice address


def test_credit_note_finvoice_validates(invoices):
    credit = services.issue_credit_note(invoice=invoices[0], reason="Virhe", by=None)
    assert validate_finvoice(documents.invoice_finvoice(credit)) == []


def test_einvoice_batch_sends_each_invoice_once(client, world, invoices):
    client.force_login(world.coordinator)
    client.post(reverse("billing:einvoices"))
    batch = Invoice.objects.get(pk=invoices[0].pk).sent_in
    assert batch is not None
    with batch.file.open("rb") as handle:
        names = zipfile.ZipFile(handle).namelist()
    assert sorted(names) == sorted(f"{i.display_number}.xml" for i in invoices)
    assert documents.send_einvoice_batch(by=None) is None  # nothing left to send


def test_exports_follow_the_filters(client, world, invoices):
    client.force_login(world.coordinator)
    url = reverse("billing:invoices")
    csv_text = client.get(url, {"export": "csv", "year": 2017}).content.decode("utf-8-sig")
    assert csv_text.count("\n") == 3 and "9920,00" in csv_text
    empty = client.get(url, {"export": "csv", "year": 2018}).content.decode("utf-8-sig")
    assert empty.count("\n") == 1
    xlsx = client.get(url, {"export": "xlsx"}).content
    rows = list(load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True))
    assert len(rows) == 3


def test_reminder_is_sent_once_in_the_buyers_language_with_a_pdf(invoices, run_on_commit):
    invoice = invoices[0]
    with run_on_commit():
        reminder = services.send_reminder(invoice=invoice, by=None)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [invoice.buyer_contact_email]
    assert "Maksumuistutus" in message.subject
    name, data, mimetype = message.attachments[0]
    assert mimetype == "application/pdf" and "MAKSUMUISTUTUS" in pdf_text(data)
    from uso.billing.tasks import send_reminder_email

    assert send_reminder_email(reminder.pk) is False  # already sent: never again
    assert len(mail.outbox) == 1
    assert Reminder.objects.get(pk=reminder.pk).sent_at is not None


def test_only_overdue_open_invoices_get_reminders(invoices):
    services.record_payment(
        invoice=invoices[1], amount=invoices[1].gross, payment_date=date(2017, 2, 10), by=None
    )
    with pytest.raises(DomainError):
        services.send_reminder(invoice=invoices[1], by=None)


def test_manual_payment_marks_partly_paid_paid_and_overpaid(client, world, invoices):
    invoice = invoices[0]
    client.force_login(world.coordinator)
    url = reverse("billing:manual_payment", args=[invoice.pk])
    client.post(url, {"amount": "1000,00", "payment_date": "2017-02-10"})
    assert Invoice.objects.get(pk=invoice.pk).status == Invoice.Status.PARTLY_PAID
    client.post(url, {"amount": "8920.00", "payment_date": "2017-02-11"})
    assert Invoice.objects.get(pk=invoice.pk).status == Invoice.Status.PAID
    client.post(url, {"amount": "1", "payment_date": "2017-02-12"})
    assert Invoice.objects.get(pk=invoice.pk).status == Invoice.Status.OVERPAID
    client.post(url, {"amount": "-5", "payment_date": "2017-02-12"})
    assert Invoice.objects.get(pk=invoice.pk).payments.count() == 3


def test_invoice_pages_render(client, world, invoices):
    client.force_login(world.coordinator)
    assert client.get(reverse("billing:dashboard")).status_code == 200
    detail = client.get(reverse("billing:invoice", args=[invoices[0].pk]))
    assert detail.status_code == 200 and invoices[0].reference.encode() in detail.content


def test_deleting_a_person_never_deletes_an_invoice(client, world, invoices):
    from uso.accounts.services import delete_account

    Invoice.objects.filter(pk=invoices[0].pk).update(issued_by=world.coordinator)
    delete_account(user=world.coordinator)
    assert Invoice.objects.filter(pk=invoices[0].pk).exists()
    assert Invoice.objects.get(pk=invoices[0].pk).issued_by_id == world.coordinator.pk


def test_an_invoice_that_would_be_an_invalid_einvoice_says_what_to_fix(client, world):
    period, (membership,) = billed_period(1)
    membership.billing_address = ""
    membership.save()
    (invoice,) = services.run_invoices(period=period, year=2017, pro_rata=False, by=None)
    with pytest.raises(DomainError) as refused:
        documents.invoice_finvoice(invoice)
    # In words a coordinator can act on, not the schema's ("facet 'minLength'").
    assert "postinumero ja -toimipaikka" in refused.value.message
    assert "facet" not in refused.value.message
    client.force_login(world.coordinator)
    page = client.get(reverse("billing:invoice", args=[invoice.pk])).content.decode()
    assert reverse("billing:invoice_finvoice", args=[invoice.pk]) not in page
    assert "Ei Finvoicea" in page
    response = client.get(reverse("billing:invoice_finvoice", args=[invoice.pk]))
    assert response.status_code == 302
    client.post(reverse("billing:einvoices"))
    assert Invoice.objects.get(pk=invoice.pk).sent_in is None  # nothing half-sent


def test_the_reminder_button_is_offered_only_where_it_can_send(client, world, invoices):
    overdue, not_yet_due = invoices
    Invoice.objects.filter(pk=not_yet_due.pk).update(due_date=date.today())
    client.force_login(world.coordinator)
    remind = reverse("billing:remind", args=[overdue.pk])
    assert remind in client.get(reverse("billing:invoice", args=[overdue.pk])).text
    page = client.get(reverse("billing:invoice", args=[not_yet_due.pk])).text
    assert reverse("billing:remind", args=[not_yet_due.pk]) not in page
    assert "kun lasku on erääntynyt" in page
    Invoice.objects.filter(pk=overdue.pk).update(buyer_contact_email="")
    page = client.get(reverse("billing:invoice", args=[overdue.pk])).text
    assert remind not in page and "sähköpostiosoitetta" in page


def test_an_invoice_keeps_the_penalty_interest_in_force_when_it_was_issued(settings):
    from decimal import Decimal

    settings.PENALTY_INTEREST_PERCENT = Decimal("10.5")
    period, _memberships = billed_period(1)
    (invoice,) = services.run_invoices(period=period, year=2017, pro_rata=False, by=None)
    assert invoice.penalty_interest == Decimal("10.5")
    settings.PENALTY_INTEREST_PERCENT = Decimal("12")  # the next half-year's rate
    text = pdf_text(documents.invoice_pdf(Invoice.objects.get(pk=invoice.pk)))
    assert "10,5 %" in text and "12 %" not in text
