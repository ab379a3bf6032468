"""Finnish payment references, RF creditor references and the bank virtual barcode.

Pure functions with no Django dependency, so invoices, Finvoice messages and bank-file matching
can share them. Sources (see ``/work/shared/invoicing.md``): Finance Finland's *Kotimaisen
viitteen rakenneohje*, ISO 11649 and Finance Finland's bank barcode guide v5.3. The printed
barcode is Code 128 in code set C, drawn here as SVG for WeasyPrint.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.sax.saxutils import quoteattr

from stdnum import iban as stdnum_iban
from stdnum import iso11649

__all__ = [
    "CODE128_PATTERNS",
    "MAX_BARCODE_AMOUNT",
    "code128c_svg",
    "code128c_values",
    "finnish_reference",
    "format_finnish_reference",
    "format_rf_reference",
    "is_valid_finnish_reference",
    "is_valid_rf_reference",
    "parse_virtual_barcode",
    "rf_reference",
    "virtual_barcode",
]

#: The largest amount the barcode can carry (6 digits of euros, 2 of cents).
MAX_BARCODE_AMOUNT = Decimal("999999.99")

_CENT = Decimal("0.01")
_DIGITS = re.compile(r"[0-9]+")
_RF = re.compile(r"RF[0-9]{2}[0-9A-Z]{1,21}")
_WEIGHTS = (7, 3, 1)


def _compact(value: str) -> str:
    """Remove the spaces of a printed form (people copy references with spaces)."""
    return "".join(str(value).split())


# --- Finnish reference (viitenumero) -------------------------------------------------------------


def _check_digit(base: str) -> str:
    # Weights 7, 3, 1, 7, 3, 1 … counted from the rightmost digit of the base.
    total = sum(int(d) * _WEIGHTS[i % 3] for i, d in enumerate(reversed(base)))
    return str((10 - total % 10) % 10)


def finnish_reference(base: str | int) -> str:
    """Return ``base`` with its check digit appended, e.g. ``123456`` → ``1234561``.

    The base is 3–19 digits (spaces are ignored), so the reference is 4–20 digits. Leading
    zeros are allowed but do not count: they vanish from the printed form and bank matching.
    """
    if isinstance(base, bool) or not isinstance(base, str | int):
        raise ValueError(f"reference base must be digits, not {base!r}")
    digits = _compact(str(base))
    if not _DIGITS.fullmatch(digits) or not 3 <= len(digits) <= 19:
        raise ValueError(f"reference base must be 3–19 digits: {base!r}")
    if len(digits.lstrip("0")) < 3:
        raise ValueError(f"reference base needs at least 3 digits besides leading zeros: {base!r}")
    return digits + _check_digit(digits)


def is_valid_finnish_reference(reference: str) -> bool:
    """Whether ``reference`` (spaces allowed) is 4–20 digits with a correct check digit.

    Leading zeros do not count towards the minimum of four, so that the printed form (which
    drops them) is still valid; an all-zero string is not a reference.
    """
    if not isinstance(reference, str):
        return False
    digits = _compact(reference)
    if not _DIGITS.fullmatch(digits) or not 4 <= len(digits) <= 20:
        return False
    if len(digits.lstrip("0")) < 4:
        return False
    return _check_digit(digits[:-1]) == digits[-1]


def _normalize_finnish(reference: str) -> str:
    """The reference's digits without spaces or leading zeros; ValueError when invalid."""
    if not is_valid_finnish_reference(reference):
        raise ValueError(f"not a valid Finnish reference: {reference!r}")
    return _compact(reference).lstrip("0")


def format_finnish_reference(reference: str) -> str:
    """Printed form: groups of five from the right, no leading zeros (``12 34561``)."""
    digits = _normalize_finnish(reference)
    head = len(digits) % 5
    groups = [digits[:head]] if head else []
    groups += [digits[i : i + 5] for i in range(head, len(digits), 5)]
    return " ".join(groups)


# --- RF creditor reference (ISO 11649) ----------------------------------------------------------


def rf_reference(finnish: str) -> str:
    """The RF creditor reference for a Finnish reference, unformatted (``RF341234561``).

    The check is ``98 − int(reference + "2715" + "00") % 97`` (R = 27, F = 15).
    """
    digits = _normalize_finnish(finnish)
    check = 98 - int(digits + "271500") % 97
    return f"RF{check:02d}{digits}"


def is_valid_rf_reference(rf: str) -> bool:
    """Whether ``rf`` (spaces allowed, any case) is a valid ISO 11649 creditor reference."""
    if not isinstance(rf, str):
        return False
    compact = _compact(rf).upper()
    # ISO 7064 MOD 97-10 produces check digits 02–98; the body is 1–21 letters or digits.
    if not _RF.fullmatch(compact) or not 2 <= int(compact[2:4]) <= 98:
        return False
    return iso11649.is_valid(compact)


def format_rf_reference(rf: str) -> str:
    """Printed form in groups of four (``RF34 1234 561``); ValueError when invalid."""
    if not is_valid_rf_reference(rf):
        raise ValueError(f"not a valid RF creditor reference: {rf!r}")
    return iso11649.format(_compact(rf).upper())


# --- Virtual barcode (virtuaaliviivakoodi) --------------------------------------------------------


def _finnish_iban_digits(iban: str) -> str:
    compact = _compact(iban).upper()
    if not re.fullmatch(r"FI[0-9]{16}", compact):
        raise ValueError(f"the virtual barcode needs a Finnish IBAN (FI + 16 digits): {iban!r}")
    if not stdnum_iban.is_valid(compact):
        raise ValueError(f"IBAN check digits do not match: {iban!r}")
    return compact[2:]


def _amount_field(amount: Decimal) -> str | None:
    """Eight digits (six of euros, two of cents), or None when the amount cannot be expressed."""
    if not isinstance(amount, Decimal):
        raise ValueError(f"amount must be a Decimal, not {type(amount).__name__}")
    if not amount.is_finite():
        raise ValueError(f"amount must be finite: {amount!r}")
    try:
        cents = amount.quantize(_CENT)
    except InvalidOperation as exc:
        raise ValueError(f"amount out of range: {amount!r}") from exc
    if cents != amount:
        # Rounding silently would print a different amount than the invoice's total.
        raise ValueError(f"amount has fractions of a cent: {amount!r}")
    if cents < 0 or cents > MAX_BARCODE_AMOUNT:
        return None
    return f"{int(cents * 100):08d}"


def _due_date_field(due_date: date | None) -> str:
    if due_date is None:
        return "000000"
    if not 2000 <= due_date.year <= 2099:
        # YYMMDD is read as 20YY; other centuries would come back as a different date.
        raise ValueError(f"due date must be in 2000–2099: {due_date!r}")
    return due_date.strftime("%y%m%d")


def _reference_fields(reference: str) -> tuple[str, str]:
    """(version, the 23 digits of positions 26–48) for a Finnish or RF reference."""
    compact = _compact(reference).upper()
    if compact.startswith("RF"):
        if not is_valid_rf_reference(compact):
            raise ValueError(f"not a valid RF creditor reference: {reference!r}")
        check, body = compact[2:4], compact[4:]
        # The barcode carries the RF body as 21 digits: alphanumeric RF references don't fit.
        if not _DIGITS.fullmatch(body) or len(body) > 21:
            raise ValueError(f"RF reference must have a numeric body of ≤ 21 digits: {reference!r}")
        return "5", check + body.zfill(21)
    return "4", "000" + _normalize_finnish(reference).zfill(20)


def virtual_barcode(
    *, iban: str, reference: str, amount: Decimal, due_date: date | None
) -> str | None:
    """The 54-digit virtual barcode (Finance Finland bank barcode guide v5.3).

    Version 4 for a Finnish reference, version 5 for an RF reference. Returns None when the
    amount is negative or above 999 999,99 €: such an invoice is printed without a barcode.
    Raises ValueError for a non-Finnish IBAN, an invalid reference or a sub-cent amount.
    """
    iban_digits = _finnish_iban_digits(iban)
    version, reference_digits = _reference_fields(reference)
    due = _due_date_field(due_date)
    amount_digits = _amount_field(amount)
    if amount_digits is None:
        return None
    code = version + iban_digits + amount_digits + reference_digits + due
    assert len(code) == 54, code
    return code


def parse_virtual_barcode(code: str) -> dict[str, Any]:
    """Read a virtual barcode back into its fields.

    Returns ``version`` (4 or 5), ``iban`` (``FI…`` without spaces), ``amount`` (Decimal),
    ``reference`` (Finnish digits without leading zeros, or the unformatted RF reference) and
    ``due_date`` (date or None). Raises ValueError for anything that is not a valid barcode.
    """
    code = _compact(code)
    if not re.fullmatch(r"[0-9]{54}", code):
        raise ValueError(f"a virtual barcode is 54 digits: {code!r}")
    version = int(code[0])
    iban = "FI" + code[1:17]
    if not stdnum_iban.is_valid(iban):
        raise ValueError(f"IBAN check digits do not match: {iban}")
    amount = Decimal(int(code[17:25])) / 100
    if version == 4:
        if code[25:28] != "000":
            raise ValueError(f"positions 26–28 of a version 4 barcode must be 000: {code!r}")
        reference = code[28:48].lstrip("0")
        if not is_valid_finnish_reference(reference):
            raise ValueError(f"invalid Finnish reference in barcode: {code!r}")
    elif version == 5:
        reference = "RF" + code[25:27] + code[27:48].lstrip("0")
        if not is_valid_rf_reference(reference):
            raise ValueError(f"invalid RF reference in barcode: {code!r}")
    else:
        raise ValueError(f"unsupported virtual barcode version {version}")
    due = code[48:54]
    due_date = None
    if due != "000000":
        try:
            due_date = date(2000 + int(due[:2]), int(due[2:4]), int(due[4:]))
        except ValueError as exc:
            raise ValueError(f"invalid due date in barcode: {due}") from exc
    return {
        "version": version,
        "iban": iban,
        "amount": amount.quantize(_CENT),
        "reference": reference,
        "due_date": due_date,
    }


# --- Code 128, code set C, as SVG ----------------------------------------------------------------

#: Bar/space widths in modules for the values 0–106 (bar first); 106 is the stop pattern with
#: its final 2-module bar. The standard Code 128 table (ISO/IEC 15417).
CODE128_PATTERNS: tuple[str, ...] = (
    "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212",
    "221213", "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221",
    "223211", "221132", "221231", "213212", "223112", "312131", "311222", "321122", "321221",
    "312212", "322112", "322211", "212123", "212321", "232121", "111323", "131123", "131321",
    "112313", "132113", "132311", "211313", "231113", "231311", "112133", "112331", "132131",
    "113123", "113321", "133121", "313121", "211331", "231131", "213113", "213311", "213131",
    "311123", "311321", "331121", "312113", "312311", "332111", "314111", "221411", "431111",
    "111224", "111422", "121124", "121421", "141122", "141221", "112214", "112412", "122114",
    "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111", "111242",
    "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
    "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311",
    "113141", "114131", "311141", "411131", "211412", "211214", "211232", "2331112",
)  # fmt: skip
CODE128_START_C = 105
CODE128_STOP = 106
#: Quiet zone on each side, in modules (the standard's minimum).
CODE128_QUIET_MODULES = 10


def code128c_values(digits: str) -> list[int]:
    """Symbol values for ``digits`` in code set C: start, pairs, checksum, stop."""
    if not isinstance(digits, str) or not _DIGITS.fullmatch(digits):
        raise ValueError(f"code set C encodes digits only: {digits!r}")
    if len(digits) % 2:
        raise ValueError(f"code set C needs an even number of digits, got {len(digits)}")
    data = [int(digits[i : i + 2]) for i in range(0, len(digits), 2)]
    checksum = (CODE128_START_C + sum(i * v for i, v in enumerate(data, start=1))) % 103
    return [CODE128_START_C, *data, checksum, CODE128_STOP]


def _mm(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text or "0"


def code128c_svg(digits: str, *, height_mm: float = 13, module_mm: float = 0.25) -> str:
    """An SVG drawing of ``digits`` as a Code 128 (set C) barcode, sized in millimetres.

    Black bars on a white background including quiet zones, so it scans on any paper colour.
    """
    if not height_mm > 0 or not module_mm > 0:
        raise ValueError("height_mm and module_mm must be positive")
    widths = "".join(CODE128_PATTERNS[v] for v in code128c_values(digits))
    bars = []
    position = CODE128_QUIET_MODULES
    for index, width in enumerate(int(w) for w in widths):
        if index % 2 == 0:  # even elements are bars, odd ones spaces
            bars.append(
                f'<rect x="{_mm(position * module_mm)}" y="0" '
                f'width="{_mm(width * module_mm)}" height="{_mm(height_mm)}"/>'
            )
        position += width
    total_mm = _mm((position + CODE128_QUIET_MODULES) * module_mm)
    height = _mm(height_mm)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" '
        f'width="{total_mm}mm" height="{height}mm" viewBox="0 0 {total_mm} {height}" '
        f'role="img" aria-label={quoteattr(digits)} shape-rendering="crispEdges">'
        f'<rect x="0" y="0" width="{total_mm}" height="{height}" fill="#fff"/>'
        f'<g fill="#000">{"".join(bars)}</g>'
        "</svg>"
    )
