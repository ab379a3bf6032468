"""What billing hands out: invoice PDFs, Finvoice XML and batches, and spreadsheet exports."""

import csv
import io
import zipfile
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from uso.core.errors import DomainError

from . import finvoice, references
from .models import EInvoiceBatch, Invoice, postal_address


def render_invoice_pdf(invoice: Invoice, *, reminder=None) -> bytes:
    from weasyprint import HTML

    with translation.override(invoice.language):
        html = render_to_string(
            "billing/invoice_pdf.html",
            {
                "invoice": invoice,
                "reminder": reminder,
                "term_days": (invoice.due_date - invoice.invoice_date).days,
                "penalty_interest": invoice.penalty_interest.normalize(),
                "lines": invoice.lines.all(),
                "vat_breakdown": invoice.vat_breakdown(),
                "reference_printed": references.format_finnish_reference(invoice.reference),
                "rf_printed": references.format_rf_reference(invoice.rf_reference),
                "barcode_svg": references.code128c_svg(invoice.virtual_barcode)
                if invoice.virtual_barcode
                else "",
            },
        )
    return HTML(string=html).write_pdf()


def invoice_pdf(invoice: Invoice) -> bytes:
    """The invoice's PDF: made once, then the same file on every download."""
    if invoice.pdf:
        with invoice.pdf.open("rb") as handle:
            return handle.read()
    data = render_invoice_pdf(invoice)
    invoice.pdf.save(f"{invoice.display_number}.pdf", ContentFile(data), save=False)
    Invoice.objects.filter(pk=invoice.pk).update(pdf=invoice.pdf.name)
    return data


def _party_from_invoice(invoice: Invoice, *, seller: bool) -> finvoice.Party:
    if seller:
        street, _newline, place = invoice.seller_address.partition("\n")
        postal_code, _space, city = place.partition(" ")
        network = invoice.membership.period.network
        return finvoice.Party(
            name=invoice.seller_name,
            business_id=invoice.seller_business_id,
            vat_id=invoice.seller_vat_id,
            street=street,
            postal_code=postal_code,
            city=city,
            einvoice_address="0037" + invoice.seller_business_id.replace("-", ""),
            einvoice_operator=invoice.seller_bic,
            email=network.seller_email,
        )
    lines, postal_code, city = postal_address(invoice.buyer_address)
    return finvoice.Party(
        name=invoice.buyer_name,
        business_id=invoice.buyer_business_id,
        street=", ".join(lines[1:] if len(lines) > 1 else lines) or invoice.buyer_name,
        postal_code=postal_code,
        city=city or invoice.buyer_name,
        einvoice_address=invoice.buyer_einvoice_address,
        einvoice_operator=invoice.buyer_einvoice_operator,
        contact_name=invoice.buyer_contact_name,
        email=invoice.buyer_contact_email,
    )


def invoice_finvoice(invoice: Invoice) -> bytes:
    if not invoice.can_be_einvoiced:
        raise DomainError(
            _(
                "An e-invoice needs the buyer's postal code and town: the billing address of "
                "%(number)s has no last line such as “00099 Helsinki”."
            )
            % {"number": invoice.display_number}
        )
    lines = [
        finvoice.Line(
            description=line.description,
            quantity=line.quantity,
            unit=line.unit,
            unit_price_net=line.unit_price,
            vat_rate=line.vat_rate,
            net=line.net,
            vat=line.vat,
            gross=line.gross,
            period_start=line.supply_start,
            period_end=line.supply_end,
            vat_category=line.vat_category,
            vat_free_text=line.vat_basis_text,
        )
        for line in invoice.lines.all()
    ]
    breakdown = [
        finvoice.VatBreakdown(
            rate=row["vat_rate"],
            net=row["net"],
            vat=row["vat"],
            category=row["vat_category"],
            free_text=row["vat_basis_text"],
        )
        for row in invoice.vat_breakdown()
    ]
    with translation.override(invoice.language):
        terms = _("%(days)s days net") % {"days": (invoice.due_date - invoice.invoice_date).days}
    document = finvoice.FinvoiceInvoice(
        number=invoice.display_number,
        invoice_date=invoice.invoice_date,
        due_date=invoice.due_date,
        seller=_party_from_invoice(invoice, seller=True),
        seller_iban=invoice.seller_iban,
        seller_bic=invoice.seller_bic,
        buyer=_party_from_invoice(invoice, seller=False),
        reference=invoice.reference,
        lines=lines,
        vat_breakdown=breakdown,
        net_total=invoice.net,
        vat_total=invoice.vat,
        gross_total=invoice.gross,
        buyer_reference=invoice.buyer_reference,
        period_start=invoice.supply_start,
        period_end=invoice.supply_end,
        payment_terms_text=terms,
        penalty_interest_percent=invoice.penalty_interest.normalize(),
        credit_note_for=invoice.credited_invoice.display_number if invoice.credited_invoice else "",
        language=invoice.language,
        timestamp=invoice.issued_at,
        message_id=f"USO-{invoice.display_number}-{invoice.pk}",
    )
    xml = finvoice.build_finvoice(document)
    problems = finvoice.validate_finvoice(xml)
    if problems:  # an operator would reject it: say what to fix instead of sending it
        raise DomainError(
            _("The e-invoice of %(number)s is not valid: %(problems)s")
            % {"number": invoice.display_number, "problems": "; ".join(problems[:3])}
        )
    return xml


@transaction.atomic
def send_einvoice_batch(*, by) -> EInvoiceBatch | None:
    """Zip the Finvoice files of every issued invoice not sent yet, and record the send.

    The invoices are locked while the batch is made, so two coordinators pressing the button
    at once never send an invoice twice.
    """
    invoices = list(
        Invoice.objects.select_for_update(of=("self",))
        .filter(sent_in__isnull=True)
        .exclude(buyer_einvoice_address="")
        .select_related("series", "credited_invoice__series", "membership__period__network")
        .order_by("series", "number")
    )
    if not invoices:
        return None
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for invoice in invoices:
            archive.writestr(f"{invoice.display_number}.xml", invoice_finvoice(invoice))
    batch = EInvoiceBatch.objects.create(created_by=by)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    batch.file.save(f"finvoice-{stamp}-{batch.pk}.zip", ContentFile(buffer.getvalue()))
    Invoice.objects.filter(pk__in=[i.pk for i in invoices]).update(sent_in=batch)
    return batch


EXPORT_COLUMNS = [
    ("number", _("Number")),
    ("kind", _("Kind")),
    ("municipality", _("Municipality code")),
    ("buyer", _("Buyer")),
    ("business_id", _("Business ID")),
    ("invoice_date", _("Invoice date")),
    ("due_date", _("Due date")),
    ("year", _("Fee year")),
    ("reference", _("Reference")),
    ("net", _("Excl. VAT")),
    ("vat", _("VAT")),
    ("gross", _("Total")),
    ("paid", _("Paid")),
    ("status", _("Status")),
]


def export_rows(invoices) -> list[list]:
    rows = []
    for invoice in invoices:
        rows.append(
            [
                invoice.display_number,
                invoice.get_kind_display(),
                invoice.buyer_code,
                invoice.buyer_name,
                invoice.buyer_business_id,
                invoice.invoice_date,
                invoice.due_date,
                invoice.year,
                invoice.reference,
                invoice.net,
                invoice.vat,
                invoice.gross,
                invoice.paid_amount,
                invoice.get_status_display(),
            ]
        )
    return rows


def export_csv(invoices) -> bytes:
    """Semicolon-separated with decimal commas, as Finnish accounting software reads it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([str(label) for _key, label in EXPORT_COLUMNS])
    for row in export_rows(invoices):
        writer.writerow([str(v).replace(".", ",") if isinstance(v, Decimal) else v for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export_xlsx(invoices) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = str(_("Invoices"))
    sheet.append([str(label) for _key, label in EXPORT_COLUMNS])
    for row in export_rows(invoices):
        sheet.append(row)
    for column in ("J", "K", "L", "M"):
        for cell in sheet[column][1:]:
            cell.number_format = "#,##0.00"
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()
