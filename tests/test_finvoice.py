"""Finvoice 3.0 generation (uso.billing.finvoice): no database, validated against the schema."""

import dataclasses
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from lxml import etree

from uso.billing.finvoice import (
    FINVOICE_SCHEMA_PATH,
    FinvoiceInvoice,
    Line,
    Party,
    VatBreakdown,
    build_finvoice,
    validate_finvoice,
)

D = Decimal

SELLER = Party(
    name="Suomen Kuntaverkosto ry",
    business_id="2077474-0",
    street="Toinen linja 14",
    postal_code="00530",
    city="Helsinki",
    vat_id="FI20774740",
    einvoice_address="003720774740",
    einvoice_operator="003721291126",
    contact_name="Laskutus",
    email="laskutus@example.fi",
)

# OVT = 0037 + the eight digits of the Y-tunnus 0201256-6.
BUYER = Party(
    name="Esimerkkilän kaupunki",
    business_id="0201256-6",
    street="PL 100",
    postal_code="99100",
    city="Esimerkkilä",
    vat_id="FI02012566",
    einvoice_address="003702012566",
    einvoice_operator="OKOYFIHH",
    contact_name="Maija Meikäläinen",
    email="maija.meikalainen@example.fi",
)

FEE_LINE = Line(
    description="USO-verkoston jäsenmaksu 2025",
    quantity=D("1"),
    unit="vuosi",
    unit_price_net=D("10000.00"),
    vat_rate=D("25.5"),
    net=D("10000.00"),
    vat=D("2550.00"),
    gross=D("12550.00"),
    period_start=date(2025, 1, 1),
    period_end=date(2025, 12, 31),
)


def make_invoice(**changes) -> FinvoiceInvoice:
    invoice = FinvoiceInvoice(
        number="2025-000123",
        invoice_date=date(2025, 1, 15),
        due_date=date(2025, 1, 29),
        seller=SELLER,
        seller_iban="FI79 4405 2020 0360 82",
        seller_bic="ITELFIHH",
        buyer=BUYER,
        reference="12 34561",
        lines=[FEE_LINE],
        vat_breakdown=[VatBreakdown(rate=D("25.5"), net=D("10000.00"), vat=D("2550.00"))],
        net_total=D("10000.00"),
        vat_total=D("2550.00"),
        gross_total=D("12550.00"),
        buyer_reference="Kustannuspaikka 4100 / Kehittämispalvelut",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        penalty_interest_percent=D("11.5"),
        timestamp=datetime(2025, 1, 15, 9, 30, tzinfo=ZoneInfo("Europe/Helsinki")),
    )
    return dataclasses.replace(invoice, **changes)


def parse(xml: bytes) -> etree._Element:
    return etree.fromstring(xml)


def text(root: etree._Element, path: str) -> str:
    found = root.xpath(path)
    assert len(found) == 1, f"{path}: {len(found)} matches"
    value = found[0]
    return value if isinstance(value, str) else value.text


def assert_valid(xml: bytes) -> None:
    errors = validate_finvoice(xml)
    assert errors == [], "\n".join(errors)


def test_schema_is_bundled():
    assert FINVOICE_SCHEMA_PATH.is_file()
    assert FINVOICE_SCHEMA_PATH.name == "Finvoice3.0.xsd"


def test_invoice_is_valid_and_carries_the_key_values():
    xml = build_finvoice(make_invoice())
    assert xml.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert_valid(xml)

    root = parse(xml)
    assert root.tag == "Finvoice"
    assert root.get("Version") == "3.0"

    # Transmission: sender = seller, receiver = buyer.
    assert text(root, "MessageTransmissionDetails/MessageSenderDetails/FromIdentifier") == (
        "003720774740"
    )
    assert text(root, "MessageTransmissionDetails/MessageSenderDetails/FromIdentifier/@SchemeID")
    assert text(root, "MessageTransmissionDetails/MessageSenderDetails/FromIntermediator") == (
        "003721291126"
    )
    assert text(root, "MessageTransmissionDetails/MessageReceiverDetails/ToIdentifier") == (
        "003702012566"
    )
    assert text(root, "MessageTransmissionDetails/MessageReceiverDetails/ToIntermediator") == (
        "OKOYFIHH"
    )
    assert text(root, "MessageTransmissionDetails/MessageDetails/MessageIdentifier") == (
        "2025-000123"
    )
    assert text(root, "MessageTransmissionDetails/MessageDetails/MessageTimeStamp") == (
        "2025-01-15T09:30:00+02:00"
    )

    # Parties.
    assert text(root, "SellerPartyDetails/SellerPartyIdentifier") == "2077474-0"
    assert text(root, "SellerPartyDetails/SellerOrganisationName") == "Suomen Kuntaverkosto ry"
    assert text(root, "SellerPartyDetails/SellerOrganisationTaxCode") == "FI20774740"
    assert text(root, "SellerPartyDetails/SellerPostalAddressDetails/SellerTownName") == "Helsinki"
    assert text(root, "SellerOrganisationUnitNumber") == "003720774740"
    account = "SellerInformationDetails/SellerAccountDetails"
    assert text(root, f"{account}/SellerAccountID[@IdentificationSchemeName='IBAN']") == (
        "FI7944052020036082"
    )
    assert text(root, f"{account}/SellerBic[@IdentificationSchemeName='BIC']") == "ITELFIHH"
    assert text(root, "InvoiceRecipientLanguageCode") == "FI"
    assert text(root, "BuyerPartyDetails/BuyerPartyIdentifier") == "0201256-6"
    assert text(root, "BuyerPartyDetails/BuyerOrganisationName") == "Esimerkkilän kaupunki"
    assert text(root, "BuyerPartyDetails/BuyerOrganisationTaxCode") == "FI02012566"
    assert text(root, "BuyerPartyDetails/BuyerPostalAddressDetails/BuyerPostCodeIdentifier") == (
        "99100"
    )
    assert text(root, "BuyerOrganisationUnitNumber") == "003702012566"
    assert text(root, "BuyerContactPersonName") == "Maija Meikäläinen"

    # Period of supply.
    assert text(root, "DeliveryDetails/DeliveryPeriodDetails/StartDate") == "20250101"
    assert text(root, "DeliveryDetails/DeliveryPeriodDetails/EndDate") == "20251231"
    assert text(root, "InvoiceDetails/InvoicingPeriodStartDate") == "20250101"
    assert text(root, "InvoiceDetails/InvoicingPeriodEndDate") == "20251231"

    # Invoice details.
    details = "InvoiceDetails"
    assert text(root, f"{details}/InvoiceTypeCode") == "INV01"
    assert text(root, f"{details}/InvoiceTypeText") == "LASKU"
    assert text(root, f"{details}/OriginCode") == "Original"
    assert text(root, f"{details}/InvoiceNumber") == "2025-000123"
    assert text(root, f"{details}/InvoiceDate") == "20250115"
    assert text(root, f"{details}/InvoiceDate/@Format") == "CCYYMMDD"
    assert not root.xpath(f"{details}/OriginalInvoiceNumber")
    assert text(root, f"{details}/BuyerReferenceIdentifier") == (
        "Kustannuspaikka 4100 / Kehittämispalvelut"
    )
    assert text(root, f"{details}/InvoiceTotalVatExcludedAmount") == "10000,00"
    assert text(root, f"{details}/InvoiceTotalVatAmount") == "2550,00"
    assert text(root, f"{details}/InvoiceTotalVatIncludedAmount") == "12550,00"
    assert text(root, f"{details}/InvoiceTotalVatIncludedAmount/@AmountCurrencyIdentifier") == (
        "EUR"
    )
    vat = f"{details}/VatSpecificationDetails"
    assert text(root, f"{vat}/VatBaseAmount") == "10000,00"
    assert text(root, f"{vat}/VatRatePercent") == "25,5"
    assert text(root, f"{vat}/VatCode") == "S"
    assert text(root, f"{vat}/VatRateAmount") == "2550,00"
    terms = f"{details}/PaymentTermsDetails"
    assert text(root, f"{terms}/PaymentTermsFreeText") == "14 päivää netto"
    assert text(root, f"{terms}/InvoiceDueDate") == "20250129"
    assert text(root, f"{terms}/PaymentOverDueFineDetails/PaymentOverDueFinePercent") == "11,5"

    # The row.
    assert text(root, "InvoiceRow/ArticleName") == "USO-verkoston jäsenmaksu 2025"
    assert text(root, "InvoiceRow/DeliveredQuantity") == "1"
    assert text(root, "InvoiceRow/DeliveredQuantity/@QuantityUnitCode") == "vuosi"
    assert text(root, "InvoiceRow/StartDate") == "20250101"
    assert text(root, "InvoiceRow/EndDate") == "20251231"
    assert text(root, "InvoiceRow/UnitPriceAmount") == "10000,00"
    assert text(root, "InvoiceRow/RowVatRatePercent") == "25,5"
    assert text(root, "InvoiceRow/RowVatCode") == "S"
    assert text(root, "InvoiceRow/RowVatAmount") == "2550,00"
    assert text(root, "InvoiceRow/RowVatExcludedAmount") == "10000,00"
    assert text(root, "InvoiceRow/RowAmount") == "12550,00"

    # Payment (EPI) details.
    assert text(root, "EpiDetails/EpiIdentificationDetails/EpiDate") == "20250115"
    parties = "EpiDetails/EpiPartyDetails"
    assert text(root, f"{parties}/EpiBfiPartyDetails/EpiBfiIdentifier") == "ITELFIHH"
    assert text(
        root, f"{parties}/EpiBfiPartyDetails/EpiBfiIdentifier/@IdentificationSchemeName"
    ) == ("BIC")
    beneficiary = f"{parties}/EpiBeneficiaryPartyDetails"
    assert text(root, f"{beneficiary}/EpiNameAddressDetails") == "Suomen Kuntaverkosto ry"
    assert text(root, f"{beneficiary}/EpiBei") == "2077474-0"
    assert text(root, f"{beneficiary}/EpiAccountID[@IdentificationSchemeName='IBAN']") == (
        "FI7944052020036082"
    )
    payment = "EpiDetails/EpiPaymentInstructionDetails"
    assert text(
        root, f"{payment}/EpiRemittanceInfoIdentifier[@IdentificationSchemeName='SPY']"
    ) == ("1234561")
    assert text(root, f"{payment}/EpiInstructedAmount") == "12550,00"
    assert text(root, f"{payment}/EpiInstructedAmount/@AmountCurrencyIdentifier") == "EUR"
    assert text(root, f"{payment}/EpiCharge/@ChargeOption") == "SHA"
    assert text(root, f"{payment}/EpiDateOptionDate") == "20250129"


def test_fee_split_across_the_vat_rate_change_has_two_vat_specifications():
    lines = [
        Line(
            description="Jäsenmaksu 1.1.–31.8.2024",
            quantity=D("1"),
            unit="kpl",
            unit_price_net=D("6666.67"),
            vat_rate=D("24"),
            net=D("6666.67"),
            vat=D("1600.00"),
            gross=D("8266.67"),
            period_start=date(2024, 1, 1),
            period_end=date(2024, 8, 31),
        ),
        Line(
            description="Jäsenmaksu 1.9.–31.12.2024",
            quantity=D("1"),
            unit="kpl",
            unit_price_net=D("3333.33"),
            vat_rate=D("25.5"),
            net=D("3333.33"),
            vat=D("850.00"),
            gross=D("4183.33"),
            period_start=date(2024, 9, 1),
            period_end=date(2024, 12, 31),
        ),
    ]
    invoice = make_invoice(
        lines=lines,
        vat_breakdown=[
            VatBreakdown(rate=D("24"), net=D("6666.67"), vat=D("1600.00")),
            VatBreakdown(rate=D("25.5"), net=D("3333.33"), vat=D("850.00")),
        ],
        net_total=D("10000.00"),
        vat_total=D("2450.00"),
        gross_total=D("12450.00"),
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
    )
    xml = build_finvoice(invoice)
    assert_valid(xml)

    root = parse(xml)
    specs = root.xpath("InvoiceDetails/VatSpecificationDetails")
    assert len(specs) == 2
    assert [s.findtext("VatRatePercent") for s in specs] == ["24", "25,5"]
    assert [s.findtext("VatBaseAmount") for s in specs] == ["6666,67", "3333,33"]
    assert [s.findtext("VatRateAmount") for s in specs] == ["1600,00", "850,00"]
    assert root.xpath("InvoiceRow/RowVatRatePercent/text()") == ["24", "25,5"]
    assert root.xpath("InvoiceRow/StartDate/text()") == ["20240101", "20240901"]
    assert text(root, "EpiDetails/EpiPaymentInstructionDetails/EpiInstructedAmount") == "12450,00"


def test_credit_note_is_valid_with_negative_amounts_and_the_original_number():
    line = dataclasses.replace(
        FEE_LINE,
        description="Hyvitys: USO-verkoston jäsenmaksu 2025",
        quantity=D("-1"),
        net=D("-10000.00"),
        vat=D("-2550.00"),
        gross=D("-12550.00"),
    )
    invoice = make_invoice(
        number="2025-000150",
        lines=[line],
        vat_breakdown=[VatBreakdown(rate=D("25.5"), net=D("-10000.00"), vat=D("-2550.00"))],
        net_total=D("-10000.00"),
        vat_total=D("-2550.00"),
        gross_total=D("-12550.00"),
        credit_note_for="2025-000123",
    )
    xml = build_finvoice(invoice)
    assert_valid(xml)

    root = parse(xml)
    assert text(root, "InvoiceDetails/InvoiceTypeCode") == "INV02"
    assert text(root, "InvoiceDetails/InvoiceTypeText") == "HYVITYSLASKU"
    assert text(root, "InvoiceDetails/OriginalInvoiceNumber") == "2025-000123"
    assert "2025-000123" in text(root, "InvoiceDetails/InvoiceFreeText")
    assert text(root, "InvoiceDetails/InvoiceTotalVatIncludedAmount") == "-12550,00"
    assert text(root, "InvoiceDetails/VatSpecificationDetails/VatRateAmount") == "-2550,00"
    assert text(root, "InvoiceRow/DeliveredQuantity") == "-1"
    assert text(root, "InvoiceRow/UnitPriceAmount") == "10000,00"
    assert text(root, "InvoiceRow/RowAmount") == "-12550,00"
    assert text(root, "EpiDetails/EpiPaymentInstructionDetails/EpiInstructedAmount") == "-12550,00"


@pytest.mark.parametrize("category", ["Z", "E", "O"])
def test_zero_rated_line_with_its_legal_basis_is_valid(category):
    basis = "Jäsenmaksu ei ole arvonlisäverolain 1 §:n mukaista liiketoimintaa (AVL 1 §)"
    line = Line(
        description="Jäsenmaksu 2025 (ei palveluja)",
        quantity=D("1"),
        unit="vuosi",
        unit_price_net=D("500.00"),
        vat_rate=D("0"),
        net=D("500.00"),
        vat=D("0.00"),
        gross=D("500.00"),
        vat_category=category,
        vat_free_text=basis,
    )
    invoice = make_invoice(
        lines=[line],
        vat_breakdown=[
            VatBreakdown(
                rate=D("0"), net=D("500.00"), vat=D("0"), category=category, free_text=basis
            )
        ],
        net_total=D("500.00"),
        vat_total=D("0"),
        gross_total=D("500.00"),
    )
    xml = build_finvoice(invoice)
    assert_valid(xml)

    root = parse(xml)
    vat = "InvoiceDetails/VatSpecificationDetails"
    assert text(root, f"{vat}/VatRatePercent") == "0"
    assert text(root, f"{vat}/VatCode") == category
    assert text(root, f"{vat}/VatRateAmount") == "0,00"
    free_texts = root.xpath(f"{vat}/VatFreeText/text()")
    assert all(len(t) <= 70 for t in free_texts)
    assert " ".join(free_texts) == basis
    assert text(root, "InvoiceRow/RowVatCode") == category
    assert text(root, "InvoiceRow/RowFreeText") == basis


def test_rf_reference_uses_the_iso_scheme():
    xml = build_finvoice(make_invoice(reference="RF34 1234 561"))
    assert_valid(xml)
    root = parse(xml)
    identifier = root.xpath("EpiDetails/EpiPaymentInstructionDetails/EpiRemittanceInfoIdentifier")
    assert len(identifier) == 1
    assert identifier[0].text == "RF341234561"
    assert identifier[0].get("IdentificationSchemeName") == "ISO"


def test_swedish_invoice_texts_and_language_code():
    root = parse(build_finvoice(make_invoice(language="sv")))
    assert text(root, "InvoiceRecipientLanguageCode") == "SV"
    assert text(root, "InvoiceDetails/InvoiceTypeText") == "FAKTURA"


def test_unknown_language_is_refused():
    with pytest.raises(ValueError):
        build_finvoice(make_invoice(language="de"))


def test_without_e_invoice_addresses_the_transmission_block_is_left_out():
    buyer = dataclasses.replace(BUYER, einvoice_address="", einvoice_operator="")
    xml = build_finvoice(make_invoice(buyer=buyer))
    assert_valid(xml)
    root = parse(xml)
    assert not root.xpath("MessageTransmissionDetails")
    assert not root.xpath("BuyerOrganisationUnitNumber")


def test_sender_overrides_and_default_timestamp():
    invoice = make_invoice(
        sender_einvoice_address="003712345678",
        sender_operator="003723327487",
        message_id="MSG-2025-000123",
        timestamp=None,
    )
    xml = build_finvoice(invoice)
    assert_valid(xml)
    root = parse(xml)
    sender = "MessageTransmissionDetails/MessageSenderDetails"
    assert text(root, f"{sender}/FromIdentifier") == "003712345678"
    assert text(root, f"{sender}/FromIntermediator") == "003723327487"
    details = "MessageTransmissionDetails/MessageDetails"
    assert text(root, f"{details}/MessageIdentifier") == "MSG-2025-000123"
    stamp = datetime.fromisoformat(text(root, f"{details}/MessageTimeStamp"))
    assert stamp.utcoffset() == ZoneInfo("Europe/Helsinki").utcoffset(stamp.replace(tzinfo=None))


def test_amounts_are_rounded_half_up_to_two_decimals():
    invoice = make_invoice(
        net_total=D("10000.005"), vat_total=D("2550"), gross_total=D("12550.004")
    )
    root = parse(build_finvoice(invoice))
    assert text(root, "InvoiceDetails/InvoiceTotalVatExcludedAmount") == "10000,01"
    assert text(root, "InvoiceDetails/InvoiceTotalVatAmount") == "2550,00"
    assert text(root, "InvoiceDetails/InvoiceTotalVatIncludedAmount") == "12550,00"


def test_broken_document_is_reported():
    root = parse(build_finvoice(make_invoice()))
    number = root.find("InvoiceDetails/InvoiceNumber")
    number.getparent().remove(number)
    broken = etree.tostring(root, xml_declaration=True, encoding="UTF-8")

    errors = validate_finvoice(broken)
    assert errors
    assert any("InvoiceNumber" in error for error in errors)


def test_bad_values_and_malformed_xml_are_reported():
    # A reference with letters is not a Finnish reference: the schema's pattern refuses it.
    assert validate_finvoice(build_finvoice(make_invoice(reference="12a4561")))
    assert validate_finvoice(b"<Finvoice Version='3.0'>")
    assert validate_finvoice(b"<NotFinvoice/>")
