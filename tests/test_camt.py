"""Tests for the camt.054 parser (uso.billing.camt); pure Python, no database."""

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from uso.billing.camt import CamtError, IncomingPayment, normalize_reference, parse_camt054

DATA = Path(__file__).parent / "data" / "camt"
V02 = DATA / "camt054_v02.xml"
V08 = DATA / "camt054_v08.xml"

EXPECTED = [
    IncomingPayment(
        reference="1234561",
        amount=Decimal("125.00"),
        currency="EUR",
        booking_date=date(2024, 3, 15),
        value_date=date(2024, 3, 15),
        payer_name="VIRTANEN MAIJA",
        bank_reference="240315593497O10001",
    ),
    IncomingPayment(
        reference="RF09868516259619897",
        amount=Decimal("4883.15"),
        currency="EUR",
        booking_date=date(2024, 3, 15),
        value_date=date(2024, 3, 15),
        payer_name="Esimerkkiyhtiö Oy",
        bank_reference="240315593497O10002",
    ),
    IncomingPayment(
        reference="",
        amount=Decimal("50.00"),
        currency="EUR",
        booking_date=date(2024, 3, 15),
        value_date=date(2024, 3, 15),
        payer_name="MEIKÄLÄINEN MATTI",
        # no transaction AcctSvcrRef: the entry's AcctSvcrRef + position in the entry
        bank_reference="240315593497B00001/3",
        message="Jäsenmaksu 2024, lasku 1042",
    ),
    IncomingPayment(
        reference="12345678907",
        amount=Decimal("935.85"),  # only given on the entry, which has one transaction
        currency="EUR",
        booking_date=date(2024, 3, 15),
        value_date=date(2024, 3, 14),
        payer_name="Asunto Oy Keskuskatu 5",
        bank_reference="240315593497O10005/1",
    ),
]


def variant(path: Path, old: str, new: str, count: int = 1) -> bytes:
    """The sample file with the first ``count`` occurrences of ``old`` replaced."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, f"{old!r} not found {count} times in {path.name}"
    return text.replace(old, new, count).encode("utf-8")


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path.name}")


# -- the good samples ------------------------------------------------------------------------


@pytest.mark.parametrize("path", [V02, V08], ids=["v02", "v08"])
def test_sample_payments(path):
    payments = parse_camt054(path.read_bytes())
    assert payments == EXPECTED
    for payment in payments:
        assert isinstance(payment.amount, Decimal)
        assert payment.amount > 0


def test_both_versions_give_the_same_payments():
    assert parse_camt054(V02.read_bytes()) == parse_camt054(V08.read_bytes())


@pytest.mark.parametrize("path", [V02, V08], ids=["v02", "v08"])
def test_bank_references_are_unique_and_stable(path):
    first = [p.bank_reference for p in parse_camt054(path.read_bytes())]
    second = [p.bank_reference for p in parse_camt054(path.read_bytes())]
    assert first == second
    assert len(set(first)) == len(first)
    assert all(first)


@pytest.mark.parametrize("path", [V02, V08], ids=["v02", "v08"])
def test_debit_and_reversed_entries_are_ignored(path):
    payments = parse_camt054(path.read_bytes())
    # the debit entry (310.00, reference 453212348) and the reversal (75.40, 868516259619897)
    assert Decimal("310.00") not in {p.amount for p in payments}
    assert Decimal("75.40") not in {p.amount for p in payments}
    assert {"453212348", "868516259619897"}.isdisjoint(p.reference for p in payments)
    assert "Tilitoimisto Laskuri Oy" not in {p.payer_name for p in payments}


def test_reversal_is_imported_once_the_indicator_is_false():
    data = variant(V02, "<RvslInd>true</RvslInd>", "<RvslInd>false</RvslInd>")
    payments = parse_camt054(data)
    assert [p.reference for p in payments][-1] == "868516259619897"
    assert payments[-1].amount == Decimal("75.40")


def test_debit_transaction_inside_a_credit_entry_is_skipped():
    # .08 transactions carry their own CdtDbtInd
    data = variant(
        V08,
        "<CdtDbtInd>CRDT</CdtDbtInd>\n            <BkTxCd>",
        "<CdtDbtInd>DBIT</CdtDbtInd>\n            <BkTxCd>",
    )
    refs = [p.bank_reference for p in parse_camt054(data)]
    assert "240315593497O10001" not in refs
    assert len(refs) == 3


@pytest.mark.parametrize(
    ("path", "old", "new"),
    [
        (V02, "<Sts>BOOK</Sts>", "<Sts>PDNG</Sts>"),
        (V08, "<Cd>BOOK</Cd>", "<Cd>PDNG</Cd>"),
        (V08, "<Cd>BOOK</Cd>", "<Cd>INFO</Cd>"),
    ],
)
def test_pending_and_information_entries_are_ignored(path, old, new):
    payments = parse_camt054(variant(path, old, new))
    assert [p.amount for p in payments] == [Decimal("935.85")]


def test_booking_date_time_is_accepted():
    data = variant(
        V08,
        "<BookgDt>\n          <Dt>2024-03-15</Dt>",
        "<BookgDt>\n          <DtTm>2024-03-16T08:15:00+02:00</DtTm>",
    )
    payments = parse_camt054(data)
    assert payments[0].booking_date == date(2024, 3, 16)


def test_date_with_timezone_is_accepted():
    data = variant(V02, "<Dt>2024-03-14</Dt>", "<Dt>2024-03-14+02:00</Dt>")
    assert parse_camt054(data)[3].value_date == date(2024, 3, 14)


def test_missing_dates_are_none():
    text = re.sub(r"\s*<(BookgDt|ValDt)>.*?</\1>", "", V02.read_text(encoding="utf-8"), flags=re.S)
    payments = parse_camt054(text.encode())
    assert {(p.booking_date, p.value_date) for p in payments} == {(None, None)}


def test_legacy_cdtr_ref_element_is_accepted():
    data = variant(V02, "<Ref>12345678907</Ref>", "<CdtrRef>0012345678907</CdtrRef>")
    assert parse_camt054(data)[3].reference == "12345678907"


def test_entry_without_transaction_details_is_returned_unmatched():
    text = V02.read_text(encoding="utf-8")
    start = text.index("<NtryDtls>", text.index("<NtryRef>2</NtryRef>"))
    end = text.index("</NtryDtls>", start) + len("</NtryDtls>")
    payments = parse_camt054((text[:start] + text[end:]).encode())
    last = payments[-1]
    assert (last.reference, last.amount, last.payer_name) == ("", Decimal("935.85"), "")
    assert last.bank_reference == "240315593497O10005/1"


def test_hash_is_used_without_bank_references_and_is_stable():
    text = re.sub(r"\s*<(AcctSvcrRef|NtryRef)>[^<]*</\1>", "", V08.read_text(encoding="utf-8"))
    first = parse_camt054(text.encode())
    second = parse_camt054(text.encode())
    refs = [p.bank_reference for p in first]
    assert refs == [p.bank_reference for p in second]
    assert all(re.fullmatch(r"sha256:[0-9a-f]{64}", ref) for ref in refs)
    assert len(set(refs)) == 4
    # everything else is unchanged
    assert [p.reference for p in first] == [p.reference for p in EXPECTED]


def test_notification_id_qualifies_ntry_ref():
    text = re.sub(r"\s*<AcctSvcrRef>[^<]*</AcctSvcrRef>", "", V02.read_text(encoding="utf-8"))
    refs = [p.bank_reference for p in parse_camt054(text.encode())]
    assert refs == [
        "OPCAMT054202403150001-1/1/1",
        "OPCAMT054202403150001-1/1/2",
        "OPCAMT054202403150001-1/1/3",
        "OPCAMT054202403150001-1/2/1",
    ]


def test_repeated_transaction_reference_falls_back_to_entry_reference():
    data = variant(V02, "240315593497O10002", "240315593497O10001")
    refs = [p.bank_reference for p in parse_camt054(data)]
    assert refs[:2] == ["240315593497B00001/1", "240315593497B00001/2"]


def test_identical_entries_get_distinct_references():
    text = V02.read_text(encoding="utf-8")
    start = text.index("      <!-- Entry 2")
    end = text.index("      <!-- Entry 3")
    doubled = text[:end] + text[start:end] + text[end:]
    refs = [p.bank_reference for p in parse_camt054(doubled.encode())]
    assert refs[3:] == ["240315593497O10005/1", "240315593497O10005/1#2"]


# -- bad files -------------------------------------------------------------------------------


def test_malformed_amount_file():
    path = DATA / "camt054_bad_amount.xml"
    with pytest.raises(CamtError) as info:
        parse_camt054(path.read_bytes())
    err = info.value
    assert err.element == "Ntfctn/Ntry[1]/NtryDtls/TxDtls[2]/AmtDtls/TxAmt/Amt"
    assert err.line == line_of(path, "4 883,15")
    assert "4 883,15" in err.message
    assert f"line {err.line}" in str(err) and err.element in str(err)


def test_unknown_namespace_file():
    with pytest.raises(CamtError) as info:
        parse_camt054((DATA / "camt053_unknown_namespace.xml").read_bytes())
    err = info.value
    assert err.element == "Document"
    assert err.line == 2
    assert "{urn:iso:std:iso:20022:tech:xsd:camt.053.001.02}Document" in err.message


def test_broken_xml_file():
    path = DATA / "camt054_broken.xml"
    with pytest.raises(CamtError) as info:
        parse_camt054(path.read_bytes())
    err = info.value
    assert err.message.startswith("XML syntax error")
    assert err.line == line_of(path, "</Ntfctn>")


def test_doctype_entity_attack_file():
    path = DATA / "camt054_doctype_entity.xml"
    with pytest.raises(CamtError) as info:
        parse_camt054(path.read_bytes())
    err = info.value
    assert err.element == "!DOCTYPE"
    assert err.line == 2
    assert "DOCTYPE" in err.message
    assert "root:" not in str(err)


def test_doctype_is_rejected_in_utf16_too():
    # the byte scan cannot see it; the check after (entity-free) parsing must
    text = V02.read_text(encoding="utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    text = text.replace("<Document ", '<!DOCTYPE Document [<!ENTITY x "y">]>\n<Document ', 1)
    with pytest.raises(CamtError, match="DOCTYPE"):
        parse_camt054(text.encode("utf-16"))


def test_entity_attack_in_utf16_is_rejected():
    text = (DATA / "camt054_doctype_entity.xml").read_text(encoding="utf-8")
    data = text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    with pytest.raises(CamtError) as info:
        parse_camt054(data)
    assert "root:" not in str(info.value)


def test_utf16_without_doctype_is_fine():
    text = V02.read_text(encoding="utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    assert parse_camt054(text.encode("utf-16")) == EXPECTED


@pytest.mark.parametrize(
    ("path", "old", "new", "element", "needle"),
    [
        (V02, "<Dt>2024-03-15</Dt>", "<Dt>2024-02-30</Dt>", "Ntfctn/Ntry[1]/BookgDt/Dt", None),
        (V02, "<Dt>2024-03-15</Dt>", "<Dt>15.03.2024</Dt>", "Ntfctn/Ntry[1]/BookgDt/Dt", None),
        (
            V08,
            "<ValDt>\n          <Dt>2024-03-14</Dt>",
            "<ValDt>\n          <DtTm>yesterday</DtTm>",
            "Ntfctn/Ntry[2]/ValDt/DtTm",
            "yesterday",
        ),
        (
            V08,
            "<ValDt>\n          <Dt>2024-03-14</Dt>",
            "<ValDt>\n          <Date>2024-03-14</Date>",
            "Ntfctn/Ntry[2]/ValDt/Dt",
            ("<Date>2024-03-14</Date>", -1),  # reported at the ValDt holder
        ),
        (
            V02,
            '<Amt Ccy="EUR">935.85</Amt>',
            "<Amt>935.85</Amt>",
            "Ntfctn/Ntry[2]/Amt",
            "<Amt>935.85</Amt>",
        ),
        (
            V02,
            '<Amt Ccy="EUR">935.85</Amt>',
            '<Amt Ccy="EUR">-935.85</Amt>',
            "Ntfctn/Ntry[2]/Amt",
            "-935.85",
        ),
        (
            V08,
            '<Amt Ccy="EUR">50.00</Amt>',
            '<Amt Ccy="EUR">0.00</Amt>',
            "Ntfctn/Ntry[1]/NtryDtls/TxDtls[3]/Amt",
            "0.00",
        ),
        (
            V02,
            "<CdtDbtInd>CRDT</CdtDbtInd>\n        <Sts>",
            "<Sts>",
            "Ntfctn/Ntry[2]/CdtDbtInd",
            ("<NtryRef>2</NtryRef>", -1),  # reported at the Ntry
        ),
        (
            V02,
            "<CdtDbtInd>DBIT</CdtDbtInd>",
            "<CdtDbtInd>D</CdtDbtInd>",
            "Ntfctn/Ntry[3]/CdtDbtInd",
            "<CdtDbtInd>D</CdtDbtInd>",
        ),
        (
            V02,
            "<RvslInd>true</RvslInd>",
            "<RvslInd>yes</RvslInd>",
            "Ntfctn/Ntry[4]/RvslInd",
            "<RvslInd>yes</RvslInd>",
        ),
        (
            V08,
            '<Amt Ccy="EUR">125.00</Amt>',
            "",
            "Ntfctn/Ntry[1]/NtryDtls/TxDtls[1]/Amt",
            "<TxDtls>",
        ),
        (
            V02,
            '<Amt Ccy="EUR">5058.15</Amt>',
            "",
            "Ntfctn/Ntry[1]/Amt",
            "<Ntry>",
        ),
    ],
    ids=[
        "impossible-date",
        "finnish-date",
        "bad-datetime",
        "date-choice-empty",
        "missing-currency",
        "negative-amount",
        "zero-amount",
        "missing-cdtdbtind",
        "bad-cdtdbtind",
        "bad-rvslind",
        "missing-tx-amount",
        "missing-entry-amount",
    ],
)
def test_malformed_content_is_located(path, old, new, element, needle):
    data = variant(path, old, new)
    with pytest.raises(CamtError) as info:
        parse_camt054(data)
    err = info.value
    assert err.element == element
    needle, delta = needle if isinstance(needle, tuple) else (needle or new, 0)
    lines = data.decode("utf-8").splitlines()
    expected_line = next(n for n, line in enumerate(lines, 1) if needle.split("\n")[0] in line)
    assert err.line == expected_line + delta


def test_unsupported_camt054_version():
    data = variant(V02, "camt.054.001.02", "camt.054.001.04")
    with pytest.raises(CamtError, match="unsupported camt.054 version") as info:
        parse_camt054(data)
    assert info.value.element == "Document"


def test_wrong_message_in_right_namespace():
    data = variant(V02, "BkToCstmrDbtCdtNtfctn>", "BkToCstmrStmt>", count=2)
    with pytest.raises(CamtError, match="missing required element") as info:
        parse_camt054(data)
    assert info.value.element == "Document/BkToCstmrDbtCdtNtfctn"
    assert info.value.line == 2


def test_no_namespace():
    with pytest.raises(CamtError, match="root element is Document") as info:
        parse_camt054(b"<Document><BkToCstmrDbtCdtNtfctn/></Document>")
    assert info.value.line == 1


def test_missing_notification():
    data = (
        b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08">'
        b"<BkToCstmrDbtCdtNtfctn><GrpHdr/></BkToCstmrDbtCdtNtfctn></Document>"
    )
    with pytest.raises(CamtError) as info:
        parse_camt054(data)
    assert info.value.element == "Ntfctn"


def test_notification_without_entries_is_empty():
    data = (
        b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02">'
        b"<BkToCstmrDbtCdtNtfctn><GrpHdr/><Ntfctn><Id>1</Id></Ntfctn>"
        b"</BkToCstmrDbtCdtNtfctn></Document>"
    )
    assert parse_camt054(data) == []


@pytest.mark.parametrize("data", [b"", b"  \n", b"not xml at all"])
def test_empty_or_garbage(data):
    with pytest.raises(CamtError):
        parse_camt054(data)


def test_str_input_is_a_type_error():
    with pytest.raises(TypeError):
        parse_camt054(V02.read_text(encoding="utf-8"))  # type: ignore[arg-type]


def test_camt_error_is_a_value_error_with_location():
    err = CamtError("invalid amount", element="Ntfctn/Ntry[2]/Amt", line=42)
    assert isinstance(err, ValueError)
    assert str(err) == "invalid amount (element Ntfctn/Ntry[2]/Amt, line 42)"
    assert str(CamtError("plain")) == "plain"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("00000000000001234561", "1234561"),
        ("1 23456 78907", "12345678907"),
        ("rf09 8685 1625 9619 897", "RF09868516259619897"),
        ("RF71 9212 5374 2525 3989 7737", "RF7192125374252539897737"),
        (" 4532\u00a012348 ", "453212348"),
        ("", ""),
    ],
)
def test_normalize_reference(raw, expected):
    assert normalize_reference(raw) == expected
