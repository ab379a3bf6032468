"""Finnish references, RF references, the virtual barcode and its Code 128 SVG.

Vectors come from /work/shared/invoicing.md (Finance Finland's guides); properties are checked
with hypothesis, and the SVG is decoded back bar by bar to prove it carries the digits.
"""

import re
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import iban as stdnum_iban
from stdnum import iso11649

from uso.billing.references import (
    CODE128_PATTERNS,
    code128c_svg,
    finnish_reference,
    format_finnish_reference,
    format_rf_reference,
    is_valid_finnish_reference,
    is_valid_rf_reference,
    parse_virtual_barcode,
    rf_reference,
    virtual_barcode,
)

# --- Finnish reference ---------------------------------------------------------------------------

FINNISH_VECTORS = [
    ("123", "1232", "1232"),
    ("12345", "123453", "1 23453"),
    ("123456", "1234561", "12 34561"),
    ("1234567890", "12345678907", "1 23456 78907"),
    ("45321234", "453212348", "4532 12348"),
    ("86851625961989", "868516259619897", "86851 62596 19897"),
]


@pytest.mark.parametrize(("base", "reference", "printed"), FINNISH_VECTORS)
def test_finnish_reference_vectors(base, reference, printed):
    assert finnish_reference(base) == reference
    assert finnish_reference(int(base)) == reference
    assert is_valid_finnish_reference(reference)
    assert is_valid_finnish_reference(printed)
    assert format_finnish_reference(reference) == printed
    assert format_finnish_reference(printed) == printed


def test_printed_form_drops_leading_zeros():
    assert is_valid_finnish_reference("0001234561")
    assert is_valid_finnish_reference("0001232")
    assert finnish_reference("000123") == "0001232"
    assert format_finnish_reference("0001234561") == "12 34561"


@pytest.mark.parametrize(
    "reference",
    ["1234562", "123", "1" * 21, "12a4561", "", "0000", "0013", "1234-561", "+1234561"],
)
def test_invalid_finnish_references(reference):
    assert not is_valid_finnish_reference(reference)
    with pytest.raises(ValueError):
        format_finnish_reference(reference)


@pytest.mark.parametrize(
    "base", ["12", 12, "1" * 20, "12a", "", "000", "001", "0" * 5 + "1" * 17, -123, 1.5, True]
)
def test_finnish_reference_rejects_bad_bases(base):
    with pytest.raises(ValueError):
        finnish_reference(base)


def test_twenty_digit_reference_is_the_longest():
    reference = finnish_reference("9" * 19)
    assert len(reference) == 20
    assert is_valid_finnish_reference(reference)


# --- RF creditor reference -----------------------------------------------------------------------

RF_VECTORS = [
    ("1234561", "RF34 1234 561"),
    ("868516259619897", "RF09 8685 1625 9619 897"),
    ("92125374252539897737", "RF71 9212 5374 2525 3989 7737"),
]


@pytest.mark.parametrize(("finnish", "printed"), RF_VECTORS)
def test_rf_vectors(finnish, printed):
    rf = rf_reference(finnish)
    assert rf == printed.replace(" ", "")
    assert format_rf_reference(rf) == printed
    assert format_rf_reference(printed) == printed
    assert is_valid_rf_reference(rf)
    assert is_valid_rf_reference(printed)
    assert is_valid_rf_reference(printed.lower())
    assert rf_reference(format_finnish_reference(finnish)) == rf


@pytest.mark.parametrize(
    "rf",
    ["RF35 1234 561", "RF34 1234 562", "RF34", "XX34 1234 561", "RF3A 1234 561", "RF34 1234-561"],
)
def test_invalid_rf_references(rf):
    assert not is_valid_rf_reference(rf)
    with pytest.raises(ValueError):
        format_rf_reference(rf)


def test_rf_reference_needs_a_valid_finnish_reference():
    with pytest.raises(ValueError):
        rf_reference("1234562")


# --- Virtual barcode -----------------------------------------------------------------------------

BARCODE_VECTORS = [
    (
        "FI79 4405 2020 0360 82",
        "86851 62596 19897",
        "4883.15",
        date(2010, 6, 12),
        "479440520200360820048831500000000868516259619897100612",
    ),
    (
        "FI79 4405 2020 0360 82",
        "RF09 8685 1625 9619 897",
        "4883.15",
        date(2010, 6, 12),
        "579440520200360820048831509000000868516259619897100612",
    ),
    (
        "FI16 8000 1400 0502 67",
        "78 77767 96566 28687",
        "935.85",
        None,
        "416800014000502670009358500000078777679656628687000000",
    ),
    (
        "FI73 3131 3001 0000 58",
        "8 68624",
        "0.00",
        date(2013, 8, 9),
        "473313130010000580000000000000000000000000868624130809",
    ),
    (
        "FI83 3301 0001 1007 75",
        "92125 37425 25398 97737",
        "150000.20",
        date(2016, 5, 25),
        "483330100011007751500002000092125374252539897737160525",
    ),
    (
        "FI83 3301 0001 1007 75",
        "RF71 9212 5374 2525 3989 7737",
        "150000.20",
        date(2016, 5, 25),
        "583330100011007751500002071092125374252539897737160525",
    ),
]


@pytest.mark.parametrize(("iban", "reference", "amount", "due", "expected"), BARCODE_VECTORS)
def test_virtual_barcode_vectors(iban, reference, amount, due, expected):
    code = virtual_barcode(iban=iban, reference=reference, amount=Decimal(amount), due_date=due)
    assert code == expected
    parsed = parse_virtual_barcode(code)
    assert parsed == {
        "version": int(expected[0]),
        "iban": iban.replace(" ", ""),
        "amount": Decimal(amount),
        "reference": reference.replace(" ", ""),
        "due_date": due,
    }


def test_unformatted_inputs_give_the_same_barcode():
    code = virtual_barcode(
        iban="fi7944052020036082",
        reference="rf098685162596198 97",
        amount=Decimal("4883.1500"),
        due_date=date(2010, 6, 12),
    )
    assert code == BARCODE_VECTORS[1][4]


@pytest.mark.parametrize("amount", ["1000000.00", "999999.991", "-0.01", "12345678"])
def test_amounts_the_barcode_cannot_carry(amount):
    kwargs = {"iban": "FI7944052020036082", "reference": "1234561", "due_date": None}
    if amount == "999999.991":
        with pytest.raises(ValueError):  # fractions of a cent are a bug, not "no barcode"
            virtual_barcode(amount=Decimal(amount), **kwargs)
    else:
        assert virtual_barcode(amount=Decimal(amount), **kwargs) is None


def test_largest_amount_still_has_a_barcode():
    code = virtual_barcode(
        iban="FI7944052020036082",
        reference="1234561",
        amount=Decimal("999999.99"),
        due_date=None,
    )
    assert code is not None
    assert code[17:25] == "99999999"


@pytest.mark.parametrize(
    "iban",
    ["SE45 5000 0000 0583 9825 7466", "DE89 3704 0044 0532 0130 00", "FI79 4405 2020 0360 83", ""],
)
def test_only_valid_finnish_ibans(iban):
    with pytest.raises(ValueError):
        virtual_barcode(iban=iban, reference="1234561", amount=Decimal("1.00"), due_date=None)


@pytest.mark.parametrize(
    ("reference", "amount", "due"),
    [
        ("1234562", Decimal("1.00"), None),  # wrong check digit
        ("RF35 1234 561", Decimal("1.00"), None),  # wrong RF check
        ("RF18 5390 0754 70Y", Decimal("1.00"), None),  # letters don't fit the barcode
        ("1234561", 1.0, None),  # floats are never money
        ("1234561", Decimal("NaN"), None),
        ("1234561", Decimal("1.00"), date(1999, 12, 31)),  # YYMMDD would read back as 2099
    ],
)
def test_virtual_barcode_rejects_bad_input(reference, amount, due):
    with pytest.raises(ValueError):
        virtual_barcode(iban="FI7944052020036082", reference=reference, amount=amount, due_date=due)


@pytest.mark.parametrize(
    "code",
    [
        "",
        "4" * 53,
        "679440520200360820048831500000000868516259619897100612",  # version 6
        "479440520200360820048831500100000868516259619897100612",  # 26–28 not 000
        "479440520200360820048831500000000868516259619898100612",  # wrong reference check
        "579440520200360820048831508000000868516259619897100612",  # wrong RF check
        "479440520200360830048831500000000868516259619897100612",  # wrong IBAN check
        "479440520200360820048831500000000868516259619897101332",  # no 32 January... 13th month
    ],
)
def test_parse_rejects_bad_barcodes(code):
    with pytest.raises(ValueError):
        parse_virtual_barcode(code)


# --- Code 128 set C SVG --------------------------------------------------------------------------


def decode_code128c_svg(svg: str) -> str:
    """Read bar positions back from the SVG and decode them as Code 128 set C.

    Checks the quiet zones, the start and stop symbols and the modulo-103 checksum.
    """
    root = ET.fromstring(svg)
    ns = {"svg": "http://www.w3.org/2000/svg"}
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    _, _, view_width, view_height = (float(v) for v in root.get("viewBox").split())
    assert root.get("width") == f"{root.get('viewBox').split()[2]}mm"
    assert root.get("height") == f"{root.get('viewBox').split()[3]}mm"
    background = root.find("svg:rect", ns)
    assert background.get("fill") == "#fff"
    assert float(background.get("width")) == view_width
    group = root.find("svg:g", ns)
    assert group.get("fill") == "#000"
    bars = sorted(
        (float(r.get("x")), float(r.get("width")), float(r.get("height")))
        for r in group.findall("svg:rect", ns)
    )
    assert all(h == view_height for _, _, h in bars)

    module = bars[0][0] / 10  # the quiet zone is 10 modules

    def modules(length: float) -> int:
        count = round(length / module)
        assert abs(count * module - length) < 1e-3, (length, module)
        return count

    widths: list[int] = []
    end = bars[0][0]
    for x, width, _ in bars:
        if widths:
            widths.append(modules(x - end))  # the space before this bar
        widths.append(modules(width))
        end = x + width
    assert modules(view_width - end) == 10  # right quiet zone

    assert len(widths) % 6 == 1, "symbols of six elements plus the stop's final bar"
    symbols = ["".join(map(str, widths[i : i + 6])) for i in range(0, len(widths) - 7, 6)]
    symbols.append("".join(map(str, widths[-7:])))
    lookup = {pattern: value for value, pattern in enumerate(CODE128_PATTERNS)}
    values = [lookup[s] for s in symbols]
    assert values[0] == 105, "start code C"
    assert values[-1] == 106, "stop"
    *data, checksum = values[1:-1]
    assert checksum == (105 + sum(i * v for i, v in enumerate(data, start=1))) % 103
    assert all(v < 100 for v in data), "set C data values are 0–99"
    return "".join(f"{v:02d}" for v in data)


def test_code128_table_is_well_formed():
    assert len(CODE128_PATTERNS) == 107
    assert len(set(CODE128_PATTERNS)) == 107
    assert CODE128_PATTERNS[0] == "212222"
    assert CODE128_PATTERNS[105] == "211232"
    assert CODE128_PATTERNS[106] == "2331112"
    for pattern in CODE128_PATTERNS[:106]:
        assert len(pattern) == 6
        assert sum(map(int, pattern)) == 11
        assert sum(map(int, pattern[::2])) % 2 == 0  # bars always add up to an even width
    assert sum(map(int, CODE128_PATTERNS[106])) == 13


def test_code128c_svg_for_the_barcode():
    digits = BARCODE_VECTORS[0][4]
    svg = code128c_svg(digits)
    assert svg.startswith("<svg")
    assert 'role="img"' in svg
    assert f'aria-label="{digits}"' in svg
    # 10 quiet + 11 start + 27 × 11 data + 11 check + 13 stop + 10 quiet = 352 modules.
    assert 'width="88mm"' in svg
    assert 'height="13mm"' in svg
    assert 'viewBox="0 0 88 13"' in svg
    assert decode_code128c_svg(svg) == digits


def test_code128c_checksum_by_hand():
    # 105 + 1·12 + 2·34 = 185 ≡ 82 (mod 103): start C, 12, 34, 82, stop.
    svg = code128c_svg("1234", module_mm=1, height_mm=10)
    xs = [
        float(x) for x in re.findall(r'<rect x="([\d.]+)" y="0" width="[\d.]+" height="10"/>', svg)
    ]
    assert xs[0] == 10
    widths = "".join(CODE128_PATTERNS[v] for v in (105, 12, 34, 82, 106))
    assert len(xs) == len(widths[::2])
    assert decode_code128c_svg(svg) == "1234"


@pytest.mark.parametrize("digits", ["123", "12a4", "", "12 34", "١٢"])
def test_code128c_svg_rejects_odd_or_non_digits(digits):
    with pytest.raises(ValueError):
        code128c_svg(digits)


# --- Properties ----------------------------------------------------------------------------------


@st.composite
def zero_padded_bases(draw) -> str:
    """A base as a string, sometimes with leading zeros (they must not matter)."""
    significant = str(draw(st.integers(min_value=100, max_value=10**19 - 1)))
    return "0" * draw(st.integers(min_value=0, max_value=19 - len(significant))) + significant


bases = st.integers(min_value=100, max_value=10**19 - 1) | zero_padded_bases()
amounts = st.decimals(min_value=0, max_value=Decimal("999999.99"), places=2)
due_dates = st.none() | st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))


@st.composite
def finnish_ibans(draw) -> str:
    bban = draw(st.from_regex(r"\A[0-9]{14}\Z"))
    check = 98 - int(bban + "151800") % 97  # F = 15, I = 18
    iban = f"FI{check:02d}{bban}"
    assert stdnum_iban.is_valid(iban)
    return iban


@given(bases)
def test_every_generated_reference_validates(base):
    reference = finnish_reference(base)
    assert reference[:-1] == str(base)
    assert is_valid_finnish_reference(reference)
    assert is_valid_finnish_reference(format_finnish_reference(reference))
    wrong = reference[:-1] + str((int(reference[-1]) + 1) % 10)
    assert not is_valid_finnish_reference(wrong)


@given(bases)
def test_rf_form_validates_and_agrees_with_stdnum(base):
    reference = finnish_reference(base)
    rf = rf_reference(reference)
    assert rf[4:] == reference.lstrip("0")
    assert is_valid_rf_reference(rf)
    assert iso11649.is_valid(rf)
    assert iso11649.validate(format_rf_reference(rf)) == rf
    assert format_rf_reference(rf) == iso11649.format(rf)


@given(finnish_ibans(), bases, amounts, due_dates, st.booleans(), st.booleans())
def test_virtual_barcode_round_trips(iban, base, amount, due, use_rf, printed):
    finnish = finnish_reference(base)
    reference = rf_reference(finnish) if use_rf else finnish
    if printed:
        reference = format_rf_reference(reference) if use_rf else format_finnish_reference(finnish)
        iban = " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
    code = virtual_barcode(iban=iban, reference=reference, amount=amount, due_date=due)
    assert code is not None
    assert re.fullmatch(r"\d{54}", code)
    parsed = parse_virtual_barcode(code)
    assert parsed["version"] == (5 if use_rf else 4)
    assert parsed["iban"] == iban.replace(" ", "")
    assert parsed["amount"] == amount
    assert parsed["reference"] == (rf_reference(finnish) if use_rf else finnish.lstrip("0"))
    assert parsed["due_date"] == due


@given(st.from_regex(r"\A(?:[0-9]{2}){1,40}\Z"))
def test_code128c_svg_decodes_to_the_same_digits(digits):
    assert decode_code128c_svg(code128c_svg(digits)) == digits


@given(finnish_ibans(), bases, amounts, due_dates, st.booleans())
def test_barcode_svg_decodes_to_the_barcode(iban, base, amount, due, use_rf):
    finnish = finnish_reference(base)
    reference = rf_reference(finnish) if use_rf else finnish
    code = virtual_barcode(iban=iban, reference=reference, amount=amount, due_date=due)
    assert decode_code128c_svg(code128c_svg(code, module_mm=0.33, height_mm=10)) == code
