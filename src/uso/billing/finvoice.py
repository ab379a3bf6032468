"""Finvoice 3.0 e-invoices: plain dataclasses in, schema-valid XML bytes out.

No Django and no database here: the caller maps its invoice to :class:`FinvoiceInvoice`
(amounts already computed and rounded) and gets UTF-8 XML from :func:`build_finvoice`;
:func:`validate_finvoice` checks any document against the bundled schema
(``data/Finvoice3.0.xsd``, Finance Finland, version of 2020-12-17).

Formats, as the schema and Finnish operators expect them:

- amounts with a decimal comma and two decimals: ``1255,00``, ``-1255,00``;
- percentages with a comma and at most three decimals: ``25,5``, ``24``, ``0``;
- dates ``CCYYMMDD`` (attribute ``Format="CCYYMMDD"``);
- IBAN, BIC and reference without spaces; a reference starting with ``RF`` is sent with
  ``IdentificationSchemeName="ISO"``, a Finnish one with ``"SPY"``.

The schema has no target namespace: elements are unqualified, the root is
``<Finvoice Version="3.0">``. Every complex type is an ``xs:sequence``, so the builder emits the
elements in the schema's order.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from lxml import etree

__all__ = [
    "FINVOICE_SCHEMA_PATH",
    "FinvoiceInvoice",
    "Line",
    "Party",
    "VatBreakdown",
    "build_finvoice",
    "validate_finvoice",
]

FINVOICE_SCHEMA_PATH = Path(__file__).resolve().parent / "data" / "Finvoice3.0.xsd"

CURRENCY = "EUR"
HELSINKI = ZoneInfo("Europe/Helsinki")
XSI = "http://www.w3.org/2001/XMLSchema-instance"

# E-invoice address (OVT): 0037 + the 8 digits of the Y-tunnus + an optional suffix.
_OVT_RE = re.compile(r"^0037\d{8}[A-Z0-9]{0,5}$")
# Characters of an XML NameChar-only token (the schema's "\c*" pattern), for EpiReference.
_NMTOKEN_RE = re.compile(r"^[\w.\-:]*$")

_LANGUAGES = {"fi": "FI", "sv": "SV", "en": "EN"}

_TEXTS = {
    "invoice": {"fi": "LASKU", "sv": "FAKTURA", "en": "INVOICE"},
    "credit_note": {"fi": "HYVITYSLASKU", "sv": "KREDITNOTA", "en": "CREDIT NOTE"},
    "credit_note_for": {
        "fi": "Hyvityslasku laskulle {number}",
        "sv": "Kreditnota för faktura {number}",
        "en": "Credit note for invoice {number}",
    },
    "penalty_interest": {
        "fi": "Viivästyskorko {percent} %",
        "sv": "Dröjsmålsränta {percent} %",
        "en": "Penalty interest {percent} %",
    },
    "vat_registered": {"fi": "Alv.Rek.", "sv": "Moms.Reg.", "en": "VAT registered"},
}

# UN/ECE Recommendation 20 codes for the units we use, sent beside the free-text unit.
_UNIT_CODES_UN = {
    "kpl": "C62",
    "pcs": "C62",
    "st": "C62",
    "vuosi": "ANN",
    "v": "ANN",
    "år": "ANN",
    "year": "ANN",
    "kk": "MON",
    "kuukausi": "MON",
    "month": "MON",
    "pv": "DAY",
    "päivä": "DAY",
    "day": "DAY",
    "h": "HUR",
    "tunti": "HUR",
    "hour": "HUR",
}


@dataclass(frozen=True)
class Party:
    name: str
    business_id: str  # Y-tunnus "0201256-6"
    street: str
    postal_code: str
    city: str
    country_code: str = "FI"
    vat_id: str = ""  # "FI02012566"
    einvoice_address: str = ""  # OVT e.g. "003702012566" (+ optional suffix)
    einvoice_operator: str = ""  # operator id: OVT like "003721291126" or a BIC like "OKOYFIHH"
    contact_name: str = ""
    email: str = ""


@dataclass(frozen=True)
class Line:
    description: str
    quantity: Decimal
    unit: str  # e.g. "kpl" / "vuosi"
    unit_price_net: Decimal
    vat_rate: Decimal  # percent, e.g. Decimal("25.5"), Decimal("0")
    net: Decimal
    vat: Decimal
    gross: Decimal
    period_start: date | None = None
    period_end: date | None = None
    vat_category: str = "S"  # S standard, Z zero-rated, E exempt, O outside scope
    vat_free_text: str = ""  # legal basis when vat_rate is 0


@dataclass(frozen=True)
class VatBreakdown:
    rate: Decimal
    net: Decimal
    vat: Decimal
    category: str = "S"
    free_text: str = ""


@dataclass(frozen=True)
class FinvoiceInvoice:
    number: str  # "2017-000123"
    invoice_date: date
    due_date: date
    seller: Party
    seller_iban: str  # "FI7944052020036082" (spaces allowed)
    seller_bic: str
    buyer: Party
    reference: str  # Finnish reference digits, e.g. "1234561" (spaces allowed), or RF
    lines: list[Line]
    vat_breakdown: list[VatBreakdown]
    net_total: Decimal
    vat_total: Decimal
    gross_total: Decimal
    buyer_reference: str = ""  # the buyer's own reference text (cost centre)
    period_start: date | None = None
    period_end: date | None = None
    payment_terms_text: str = "14 päivää netto"
    penalty_interest_percent: Decimal | None = None  # e.g. Decimal("11.5")
    # Number of the original invoice when this is a credit note (amounts negative).
    credit_note_for: str = ""
    language: str = "fi"  # fi / sv / en → LanguageCode FI / SV / EN
    sender_einvoice_address: str = ""  # defaults to seller's
    sender_operator: str = ""  # defaults to seller's
    message_id: str = ""  # defaults to the invoice number
    timestamp: datetime | None = None  # MessageTimeStamp; default now in Europe/Helsinki

    @property
    def is_credit_note(self) -> bool:
        return bool(self.credit_note_for)


# --- formatting -------------------------------------------------------------------------------


def _amount(value: Decimal) -> str:
    """``Decimal("-1255")`` → ``"-1255,00"`` (two decimals, half up, decimal comma)."""
    quantized = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if quantized == 0:
        quantized = abs(quantized)  # no "-0,00"
    return f"{quantized:f}".replace(".", ",")


def _unit_amount(value: Decimal) -> str:
    """A unit price: two to five decimals, keeping the precision the caller gave."""
    value = Decimal(value)
    exponent = value.as_tuple().exponent
    places = 2 if not isinstance(exponent, int) else min(max(-exponent, 2), 5)
    quantized = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if quantized == 0:
        quantized = abs(quantized)
    return f"{quantized:f}".replace(".", ",")


def _percent(value: Decimal) -> str:
    """``Decimal("25.50")`` → ``"25,5"``; ``Decimal("24")`` → ``"24"`` (at most 3 decimals)."""
    value = Decimal(value).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP).normalize()
    if value == 0:
        return "0"
    return f"{value:f}".replace(".", ",")


def _quantity(value: Decimal) -> str:
    return f"{Decimal(value):f}".replace(".", ",")


def _date(value: date) -> str:
    return value.strftime("%Y%m%d")


def _compact(value: str) -> str:
    """IBAN, BIC, reference, e-invoice address: no whitespace, upper case."""
    return re.sub(r"\s+", "", value or "").upper()


def _timestamp(value: datetime | None) -> str:
    if value is None:
        value = datetime.now(HELSINKI)
    elif value.tzinfo is None:
        value = value.replace(tzinfo=HELSINKI)
    return value.replace(microsecond=0).isoformat()


def _chunks(text: str, size: int) -> list[str]:
    """Split ``text`` into pieces of at most ``size`` characters, at spaces where possible."""
    text = " ".join(text.split())
    pieces: list[str] = []
    while len(text) > size:
        cut = text.rfind(" ", 0, size + 1)
        if cut <= 0:
            cut = size
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text:
        pieces.append(text)
    return pieces


def _text(key: str, language: str, **values: str) -> str:
    return _TEXTS[key][language].format(**values)


# --- building ---------------------------------------------------------------------------------


def _add(parent: etree._Element, tag: str, text: str | None = None, **attrs: str):
    element = etree.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def _add_date(parent: etree._Element, tag: str, value: date) -> None:
    _add(parent, tag, _date(value), Format="CCYYMMDD")


def _add_amount(parent: etree._Element, tag: str, value: Decimal) -> None:
    _add(parent, tag, _amount(value), AmountCurrencyIdentifier=CURRENCY)


def _address_attrs(address: str) -> dict[str, str]:
    # ISO 6523 ICD 0037 is the scheme of Finnish OVT codes.
    return {"SchemeID": "0037"} if _OVT_RE.match(address) else {}


def _add_transmission(root: etree._Element, invoice: FinvoiceInvoice) -> None:
    sender = _compact(invoice.sender_einvoice_address or invoice.seller.einvoice_address)
    sender_operator = _compact(invoice.sender_operator or invoice.seller.einvoice_operator)
    receiver = _compact(invoice.buyer.einvoice_address)
    receiver_operator = _compact(invoice.buyer.einvoice_operator)
    if not (sender and sender_operator and receiver and receiver_operator):
        # All four are mandatory inside the block; without them there is nothing to route.
        return
    details = _add(root, "MessageTransmissionDetails")
    sender_details = _add(details, "MessageSenderDetails")
    _add(sender_details, "FromIdentifier", sender, **_address_attrs(sender))
    _add(sender_details, "FromIntermediator", sender_operator)
    receiver_details = _add(details, "MessageReceiverDetails")
    _add(receiver_details, "ToIdentifier", receiver, **_address_attrs(receiver))
    _add(receiver_details, "ToIntermediator", receiver_operator)
    message = _add(details, "MessageDetails")
    _add(message, "MessageIdentifier", invoice.message_id or invoice.number)
    _add(message, "MessageTimeStamp", _timestamp(invoice.timestamp))


def _add_postal_address(parent: etree._Element, prefix: str, party: Party) -> None:
    if not (party.street or party.city or party.postal_code):
        return
    address = _add(parent, f"{prefix}PostalAddressDetails")
    _add(address, f"{prefix}StreetName", party.street)
    _add(address, f"{prefix}TownName", party.city)
    _add(address, f"{prefix}PostCodeIdentifier", party.postal_code)
    if party.country_code:
        _add(address, "CountryCode", party.country_code.upper())


def _add_seller(root: etree._Element, invoice: FinvoiceInvoice, language: str) -> None:
    seller = invoice.seller
    details = _add(root, "SellerPartyDetails")
    if seller.business_id:
        _add(details, "SellerPartyIdentifier", seller.business_id)
    _add(details, "SellerOrganisationName", seller.name)
    if seller.vat_id:
        _add(details, "SellerOrganisationTaxCode", _compact(seller.vat_id))
    _add_postal_address(details, "Seller", seller)

    if seller.einvoice_address:
        _add(root, "SellerOrganisationUnitNumber", _compact(seller.einvoice_address))
    if seller.contact_name:
        _add(root, "SellerContactPersonName", seller.contact_name)
    if seller.email:
        communication = _add(root, "SellerCommunicationDetails")
        _add(communication, "SellerEmailaddressIdentifier", seller.email)

    information = _add(root, "SellerInformationDetails")
    if seller.vat_id:
        _add(information, "SellerVatRegistrationText", _text("vat_registered", language))
    account = _add(information, "SellerAccountDetails")
    _add(account, "SellerAccountID", _compact(invoice.seller_iban), IdentificationSchemeName="IBAN")
    _add(account, "SellerBic", _compact(invoice.seller_bic), IdentificationSchemeName="BIC")


def _add_buyer(root: etree._Element, invoice: FinvoiceInvoice, language: str) -> None:
    buyer = invoice.buyer
    _add(root, "InvoiceRecipientLanguageCode", _LANGUAGES[language])
    details = _add(root, "BuyerPartyDetails")
    if buyer.business_id:
        _add(details, "BuyerPartyIdentifier", buyer.business_id)
    _add(details, "BuyerOrganisationName", buyer.name)
    if buyer.vat_id:
        _add(details, "BuyerOrganisationTaxCode", _compact(buyer.vat_id))
    _add_postal_address(details, "Buyer", buyer)

    if buyer.einvoice_address:
        _add(root, "BuyerOrganisationUnitNumber", _compact(buyer.einvoice_address))
    if buyer.contact_name:
        _add(root, "BuyerContactPersonName", buyer.contact_name)
    if buyer.email:
        communication = _add(root, "BuyerCommunicationDetails")
        _add(communication, "BuyerEmailaddressIdentifier", buyer.email)


def _add_delivery(root: etree._Element, invoice: FinvoiceInvoice) -> None:
    if invoice.period_start and invoice.period_end:
        delivery = _add(root, "DeliveryDetails")
        period = _add(delivery, "DeliveryPeriodDetails")
        _add_date(period, "StartDate", invoice.period_start)
        _add_date(period, "EndDate", invoice.period_end)


def _add_invoice_details(root: etree._Element, invoice: FinvoiceInvoice, language: str) -> None:
    details = _add(root, "InvoiceDetails")
    if invoice.is_credit_note:
        _add(details, "InvoiceTypeCode", "INV02")
        _add(details, "InvoiceTypeCodeUN", "381")
        _add(details, "InvoiceTypeText", _text("credit_note", language))
    else:
        _add(details, "InvoiceTypeCode", "INV01")
        _add(details, "InvoiceTypeCodeUN", "380")
        _add(details, "InvoiceTypeText", _text("invoice", language))
    _add(details, "OriginCode", "Original")
    _add(details, "InvoiceNumber", invoice.number)
    _add_date(details, "InvoiceDate", invoice.invoice_date)
    if invoice.is_credit_note:
        _add(details, "OriginalInvoiceNumber", invoice.credit_note_for)
    if invoice.period_start:
        _add_date(details, "InvoicingPeriodStartDate", invoice.period_start)
    if invoice.period_end:
        _add_date(details, "InvoicingPeriodEndDate", invoice.period_end)
    if invoice.buyer_reference:
        _add(details, "BuyerReferenceIdentifier", invoice.buyer_reference)

    _add_amount(
        details, "RowsTotalVatExcludedAmount", sum((ln.net for ln in invoice.lines), Decimal(0))
    )
    _add_amount(details, "InvoiceTotalVatExcludedAmount", invoice.net_total)
    _add_amount(details, "InvoiceTotalVatAmount", invoice.vat_total)
    _add_amount(details, "InvoiceTotalVatIncludedAmount", invoice.gross_total)

    for breakdown in invoice.vat_breakdown:
        vat = _add(details, "VatSpecificationDetails")
        _add_amount(vat, "VatBaseAmount", breakdown.net)
        _add(vat, "VatRatePercent", _percent(breakdown.rate))
        _add(vat, "VatCode", breakdown.category.upper())
        _add_amount(vat, "VatRateAmount", breakdown.vat)
        for piece in _chunks(breakdown.free_text, 70):
            _add(vat, "VatFreeText", piece)

    if invoice.is_credit_note:
        text = _text("credit_note_for", language, number=invoice.credit_note_for)
        _add(details, "InvoiceFreeText", text)

    terms = _add(details, "PaymentTermsDetails")
    for piece in _chunks(invoice.payment_terms_text, 70):
        _add(terms, "PaymentTermsFreeText", piece)
    _add_date(terms, "InvoiceDueDate", invoice.due_date)
    if invoice.penalty_interest_percent is not None:
        percent = _percent(invoice.penalty_interest_percent)
        fine = _add(terms, "PaymentOverDueFineDetails")
        _add(
            fine, "PaymentOverDueFineFreeText", _text("penalty_interest", language, percent=percent)
        )
        _add(fine, "PaymentOverDueFinePercent", percent)


def _add_row(root: etree._Element, line: Line) -> None:
    row = _add(root, "InvoiceRow")
    description = " ".join(line.description.split())
    _add(row, "ArticleName", description[:100])
    if len(description) > 100:
        _add(row, "ArticleDescription", description[:512])
    unit_attrs = {"QuantityUnitCode": line.unit} if line.unit else {}
    unit_code_un = _UNIT_CODES_UN.get(line.unit.strip().lower()) if line.unit else None
    if unit_code_un:
        unit_attrs["QuantityUnitCodeUN"] = unit_code_un
    _add(row, "DeliveredQuantity", _quantity(line.quantity), **unit_attrs)
    _add(row, "InvoicedQuantity", _quantity(line.quantity), **unit_attrs)
    if line.period_start:
        _add_date(row, "StartDate", line.period_start)
    if line.period_end:
        _add_date(row, "EndDate", line.period_end)
    price_attrs = {"AmountCurrencyIdentifier": CURRENCY}
    if line.unit:
        price_attrs["UnitPriceUnitCode"] = line.unit
    if unit_code_un:
        price_attrs["QuantityUnitCodeUN"] = unit_code_un
    _add(row, "UnitPriceAmount", _unit_amount(line.unit_price_net), **price_attrs)
    for piece in _chunks(line.vat_free_text, 512):
        _add(row, "RowFreeText", piece)
    _add(row, "RowVatRatePercent", _percent(line.vat_rate))
    _add(row, "RowVatCode", line.vat_category.upper())
    _add_amount(row, "RowVatAmount", line.vat)
    _add_amount(row, "RowVatExcludedAmount", line.net)
    _add_amount(row, "RowAmount", line.gross)


def _add_epi(root: etree._Element, invoice: FinvoiceInvoice) -> None:
    seller = invoice.seller
    epi = _add(root, "EpiDetails")

    identification = _add(epi, "EpiIdentificationDetails")
    _add_date(identification, "EpiDate", invoice.invoice_date)
    epi_reference = invoice.number if _NMTOKEN_RE.match(invoice.number) else ""
    _add(identification, "EpiReference", epi_reference[:35])

    parties = _add(epi, "EpiPartyDetails")
    bfi = _add(parties, "EpiBfiPartyDetails")
    _add(bfi, "EpiBfiIdentifier", _compact(invoice.seller_bic), IdentificationSchemeName="BIC")
    beneficiary = _add(parties, "EpiBeneficiaryPartyDetails")
    # The bank's beneficiary name field takes 35 characters.
    _add(beneficiary, "EpiNameAddressDetails", " ".join(seller.name.split())[:35].rstrip())
    if seller.business_id:
        _add(beneficiary, "EpiBei", seller.business_id.strip())
    _add(
        beneficiary, "EpiAccountID", _compact(invoice.seller_iban), IdentificationSchemeName="IBAN"
    )

    instruction = _add(epi, "EpiPaymentInstructionDetails")
    reference = _compact(invoice.reference)
    if reference:
        scheme = "ISO" if reference.startswith("RF") else "SPY"
        _add(instruction, "EpiRemittanceInfoIdentifier", reference, IdentificationSchemeName=scheme)
    _add(
        instruction,
        "EpiInstructedAmount",
        _amount(invoice.gross_total),
        AmountCurrencyIdentifier=CURRENCY,
    )
    _add(instruction, "EpiCharge", "SHA", ChargeOption="SHA")
    _add_date(instruction, "EpiDateOptionDate", invoice.due_date)
    _add(instruction, "EpiPaymentMeansCode", "58")  # UNTDID 4461: SEPA credit transfer


def build_finvoice(invoice: FinvoiceInvoice) -> bytes:
    """The invoice as a Finvoice 3.0 document: UTF-8 bytes with an XML declaration.

    The document is not validated here; run :func:`validate_finvoice` on the result.
    ``MessageTransmissionDetails`` is written only when the sender's and the receiver's
    e-invoice addresses and operators are all known (the schema requires all four in it).
    """
    language = invoice.language.lower()
    if language not in _LANGUAGES:
        raise ValueError(f"unsupported Finvoice language {invoice.language!r}: use fi, sv or en")
    if not invoice.lines:
        raise ValueError("a Finvoice needs at least one invoice row")

    root = etree.Element("Finvoice", nsmap={"xsi": XSI})
    root.set("Version", "3.0")
    root.set(f"{{{XSI}}}noNamespaceSchemaLocation", FINVOICE_SCHEMA_PATH.name)

    _add_transmission(root, invoice)
    _add_seller(root, invoice, language)
    _add_buyer(root, invoice, language)
    _add_delivery(root, invoice)
    _add_invoice_details(root, invoice, language)
    for line in invoice.lines:
        _add_row(root, line)
    _add_epi(root, invoice)

    body = etree.tostring(root, encoding="UTF-8", xml_declaration=False, pretty_print=True)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body


# --- validation -------------------------------------------------------------------------------

_schema_lock = threading.Lock()


@cache
def _schema() -> etree.XMLSchema:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.XMLSchema(etree.parse(str(FINVOICE_SCHEMA_PATH), parser))


def _messages(log: Iterable[etree._LogEntry]) -> list[str]:
    return [f"line {entry.line}: {entry.message}" for entry in log]


def validate_finvoice(xml: bytes | str) -> list[str]:
    """Validate a Finvoice document against the bundled 3.0 schema; ``[]`` means valid."""
    if isinstance(xml, str):
        xml = xml.encode("utf-8")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        document = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        return [f"not well-formed XML: {exc}"]
    # One XMLSchema object is shared; its error log is per object, hence the lock.
    with _schema_lock:
        schema = _schema()
        if schema.validate(document):
            return []
        return _messages(schema.error_log) or ["invalid Finvoice document"]
