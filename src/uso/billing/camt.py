"""Import incoming reference payments from ISO 20022 camt.054 notifications.

Finnish banks report incoming (reference) payments as *Bank to Customer Debit/Credit
Notification* messages, camt.054. This module reads versions ``camt.054.001.02`` and
``camt.054.001.08`` and returns the credited transactions as :class:`IncomingPayment` objects.
It is pure Python (lxml only) and knows nothing about invoices or the database: the caller
matches :attr:`IncomingPayment.reference` to invoices and uses
:attr:`IncomingPayment.bank_reference` to make imports idempotent.

What is read
    ``Document/BkToCstmrDbtCdtNtfctn/Ntfctn/Ntry``. An entry is imported when it is a credit
    (``CdtDbtInd`` = ``CRDT``), not a reversal (``RvslInd`` is not true) and not a pending,
    informational or future entry (``Sts`` not ``PDNG``/``INFO``/``FUTR``). Each
    ``NtryDtls/TxDtls`` of such an entry becomes one payment (a transaction that itself says
    ``CdtDbtInd`` = ``DBIT`` is skipped). An entry without any ``TxDtls`` becomes one payment
    built from the entry alone, without a reference, so that money is never dropped silently.

    amount, currency
        ``TxDtls/Amt`` (``.08``), else ``TxDtls/AmtDtls/TxAmt/Amt`` (``.02``), else the entry's
        ``Amt`` when the entry has exactly one transaction; the currency is the ``Ccy``
        attribute of the amount used. The currency is returned as given, not checked for EUR.
    reference
        ``TxDtls/RmtInf/Strd/CdtrRefInf/Ref`` (the same path in both versions; the first
        non-empty one if there are several ``Strd``). ``CdtrRefInf/CdtrRef`` is also accepted:
        it is the element name of the older ``CreditorReferenceInformation1`` structure
        (camt/pain ``.001.01`` and the old SEPA ``.002.`` schemas) that some bank software still
        writes; it is not valid in ``.02`` or ``.08``. See :func:`normalize_reference`.
    payer_name
        ``TxDtls/RltdPties/Dbtr/Nm`` (``.02``) or ``TxDtls/RltdPties/Dbtr/Pty/Nm`` (``.08``).
    booking_date, value_date
        The entry's ``BookgDt`` and ``ValDt``, either ``Dt`` or ``DtTm`` (date part as given).
    message
        ``TxDtls/RmtInf/Ustrd`` lines joined with a space (``AddtlNtryInf`` for an entry
        without transactions).

bank_reference (a stable, unique key of one payment)
    1. ``TxDtls/Refs/AcctSvcrRef``, the bank's own id of the transaction (the archive id,
       *arkistointitunnus*, of Finnish banks), used as is;
    2. otherwise (or when that value occurs more than once among the payments of the file)
       ``<entry AcctSvcrRef>/<n>``, where ``n`` is the 1-based position of the transaction in
       its entry; without an entry ``AcctSvcrRef``, ``<Ntfctn/Id>/<NtryRef>/<n>`` (``NtryRef``
       alone is only unique inside one notification, so it is qualified by the notification id);
    3. otherwise ``sha256:<hex>``, the SHA-256 of the exclusive C14N serialisation of the
       notification's ``Acct`` element and of the whole ``Ntry`` element, plus ``n``. The entry
       is hashed rather than the bare ``TxDtls`` because the amount and dates may live in the
       entry only.
    If a key still repeats within the file (e.g. two byte-identical entries), the second and
    later occurrences get ``#2``, ``#3``… appended. Keys are deterministic: parsing the same
    bytes again gives the same keys. They are at most about 90 characters long.

Errors
    Anything wrong with the file raises :class:`CamtError` and nothing is returned, so a caller
    never imports half a file: XML syntax errors, a DOCTYPE (entity attacks), an unknown root
    namespace, a missing required element, a malformed amount, currency, date or indicator.
    The error carries the element path (relative to ``BkToCstmrDbtCdtNtfctn``, e.g.
    ``Ntfctn/Ntry[2]/Amt``) and the source line.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal

from lxml import etree

__all__ = [
    "NAMESPACES",
    "CamtError",
    "IncomingPayment",
    "normalize_reference",
    "parse_camt054",
]

#: Supported document namespaces, mapped to their short version.
NAMESPACES: dict[str, str] = {
    "urn:iso:std:iso:20022:tech:xsd:camt.054.001.02": "02",
    "urn:iso:std:iso:20022:tech:xsd:camt.054.001.08": "08",
}

_ROOT_CHILD = "BkToCstmrDbtCdtNtfctn"
_SKIPPED_STATUSES = frozenset({"PDNG", "INFO", "FUTR"})
_AMOUNT_RE = re.compile(r"[0-9]{1,18}(?:\.[0-9]{1,5})?")
_CURRENCY_RE = re.compile(r"[A-Z]{3}")
_DATE_RE = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})(?:Z|[+-][0-9]{2}:[0-9]{2})?")
_DATETIME_RE = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?"
    r"(?:Z|[+-][0-9]{2}:[0-9]{2})?"
)
_DOCTYPE_RE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)


@dataclass(frozen=True)
class IncomingPayment:
    """One credited transaction of a camt.054 notification."""

    reference: str
    """Finnish reference digits without spaces or leading zeros, ``RF…`` without spaces, or
    ``""`` when the payment has no structured reference."""
    amount: Decimal
    """Positive amount in :attr:`currency`."""
    currency: str
    booking_date: date | None
    value_date: date | None
    payer_name: str
    bank_reference: str
    """Stable unique id of the payment, see the module documentation."""
    message: str = ""
    """Unstructured remittance text (``RmtInf/Ustrd``), if any."""


class CamtError(ValueError):
    """The camt.054 file cannot be imported.

    ``element`` is the path of the offending element below ``BkToCstmrDbtCdtNtfctn`` (e.g.
    ``Ntfctn/Ntry[2]/Amt``; ``Document`` for a wrong root), ``line`` the line in the file.
    """

    def __init__(self, message: str, *, element: str = "", line: int | None = None):
        super().__init__(message)
        self.message = message
        self.element = element
        self.line = line

    def __str__(self) -> str:
        where = []
        if self.element:
            where.append(f"element {self.element}")
        if self.line is not None:
            where.append(f"line {self.line}")
        return f"{self.message} ({', '.join(where)})" if where else self.message


def normalize_reference(raw: str) -> str:
    """Normalise a payment reference for matching.

    All whitespace is removed and letters are upper-cased (``rf09 8685`` → ``RF098685``); a
    purely numeric (Finnish) reference loses its leading zeros (``00001234561`` → ``1234561``).
    Check digits are not validated: an invalid reference simply matches no invoice.
    """
    ref = "".join(raw.split()).upper()
    if ref.isascii() and ref.isdigit():
        ref = ref.lstrip("0") or "0"
    return ref


def parse_camt054(data: bytes) -> list[IncomingPayment]:
    """Parse a camt.054.001.02 or .08 file and return its incoming payments in file order.

    Raises :class:`CamtError` if anything in the file is malformed or unsupported.
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError(f"parse_camt054() expects bytes, not {type(data).__name__}")
    data = bytes(data)
    root = _parse_xml(data)
    ns = etree.QName(root).namespace or ""
    local = etree.QName(root).localname
    if ns not in NAMESPACES or local != "Document":
        shown = f"{{{ns}}}{local}" if ns else local
        hint = (
            "unsupported camt.054 version"
            if "camt.054." in ns
            else "not a camt.054 Bank to Customer Debit/Credit Notification"
        )
        raise CamtError(
            f"{hint}: root element is {shown}; expected Document in namespace "
            + " or ".join(NAMESPACES),
            element=local,
            line=root.sourceline,
        )
    base = root.find(f"{{{ns}}}{_ROOT_CHILD}")
    if base is None:
        raise CamtError(
            f"missing required element {_ROOT_CHILD}",
            element=f"Document/{_ROOT_CHILD}",
            line=root.sourceline,
        )
    return _Reader(ns, base).read()


def _parse_xml(data: bytes) -> etree._Element:
    match = _DOCTYPE_RE.search(data)
    if match:
        raise CamtError(
            "DOCTYPE declarations are not allowed in camt.054 files",
            element="!DOCTYPE",
            line=data.count(b"\n", 0, match.start()) + 1,
        )
    if not data.strip():
        raise CamtError("the file is empty", line=1)
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_blank_text=False,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise CamtError(f"XML syntax error: {exc.msg}", line=exc.lineno) from None
    # The byte scan above misses a DOCTYPE in e.g. UTF-16; entities were not expanded anyway.
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise CamtError(
            "DOCTYPE declarations are not allowed in camt.054 files", element="!DOCTYPE", line=1
        )
    return root


@dataclass
class _Candidate:
    payment: IncomingPayment
    tx_ref: str
    entry_key: str
    hash_key: str


class _Reader:
    def __init__(self, ns: str, base: etree._Element):
        self.ns = ns
        self.base = base

    # -- element helpers -------------------------------------------------------------------

    def _q(self, name: str) -> str:
        return f"{{{self.ns}}}{name}"

    def find(self, el: etree._Element, path: str) -> etree._Element | None:
        cur: etree._Element | None = el
        for part in path.split("/"):
            cur = cur.find(self._q(part))
            if cur is None:
                return None
        return cur

    def findall(self, el: etree._Element, name: str) -> list[etree._Element]:
        return el.findall(self._q(name))

    def path(self, el: etree._Element) -> str:
        parts = []
        cur: etree._Element | None = el
        while cur is not None and cur is not self.base:
            parent = cur.getparent()
            name = etree.QName(cur).localname
            if parent is not None:
                same = [s for s in parent if s.tag == cur.tag]
                if len(same) > 1:
                    name += f"[{same.index(cur) + 1}]"
            parts.append(name)
            cur = parent
        return "/".join(reversed(parts))

    def error(self, message: str, el: etree._Element, missing: str = "") -> CamtError:
        path = self.path(el)
        if missing:
            path = f"{path}/{missing}" if path else missing
        return CamtError(message, element=path, line=el.sourceline)

    def require(self, el: etree._Element, path: str) -> etree._Element:
        found = self.find(el, path)
        if found is None:
            raise self.error(f"missing required element {path}", el, missing=path)
        return found

    @staticmethod
    def text(el: etree._Element | None) -> str:
        if el is None:
            return ""
        return " ".join("".join(el.itertext()).split())

    def text_at(self, el: etree._Element, *paths: str) -> str:
        """The text of the first of ``paths`` that exists with non-empty text, else ``""``."""
        for path in paths:
            value = self.text(self.find(el, path))
            if value:
                return value
        return ""

    # -- value parsers ---------------------------------------------------------------------

    def amount(self, el: etree._Element) -> tuple[Decimal, str]:
        raw = self.text(el)
        if not _AMOUNT_RE.fullmatch(raw):
            raise self.error(
                f"invalid amount {raw!r}: expected digits with an optional decimal point, "
                "e.g. 125.50",
                el,
            )
        value = Decimal(raw)
        if value <= 0:
            raise self.error(f"invalid amount {raw!r}: must be greater than zero", el)
        currency = (el.get("Ccy") or "").strip()
        if not _CURRENCY_RE.fullmatch(currency):
            raise self.error(
                f"missing or invalid currency attribute Ccy={currency!r} on the amount", el
            )
        return value, currency

    def date_choice(self, parent: etree._Element, name: str) -> date | None:
        """A ``DateAndDateTimeChoice`` (``Dt`` or ``DtTm``) child; ``None`` if absent."""
        holder = self.find(parent, name)
        if holder is None:
            return None
        dt_el = self.find(holder, "Dt")
        if dt_el is not None:
            raw = self.text(dt_el)
            match = _DATE_RE.fullmatch(raw)
            try:
                if not match:
                    raise ValueError
                return date.fromisoformat(match.group(1))
            except ValueError:
                raise self.error(f"invalid date {raw!r}: expected YYYY-MM-DD", dt_el) from None
        dttm_el = self.find(holder, "DtTm")
        if dttm_el is not None:
            raw = self.text(dttm_el)
            try:
                if not _DATETIME_RE.fullmatch(raw):
                    raise ValueError
                return datetime.fromisoformat(raw.replace("Z", "+00:00")).date()
            except ValueError:
                raise self.error(
                    f"invalid date and time {raw!r}: expected YYYY-MM-DDThh:mm:ss", dttm_el
                ) from None
        raise self.error(f"{name} must contain Dt or DtTm", holder, missing="Dt")

    def credit_debit(self, el: etree._Element, *, required: bool) -> str:
        ind_el = self.require(el, "CdtDbtInd") if required else self.find(el, "CdtDbtInd")
        if ind_el is None:
            return ""
        value = self.text(ind_el)
        if value not in ("CRDT", "DBIT"):
            raise self.error(f"invalid CdtDbtInd {value!r}: expected CRDT or DBIT", ind_el)
        return value

    def is_reversal(self, ntry: etree._Element) -> bool:
        rvsl = self.find(ntry, "RvslInd")
        if rvsl is None:
            return False
        value = self.text(rvsl)
        if value in ("true", "1"):
            return True
        if value in ("false", "0"):
            return False
        raise self.error(f"invalid RvslInd {value!r}: expected true or false", rvsl)

    def status(self, ntry: etree._Element) -> str:
        sts = self.find(ntry, "Sts")
        if sts is None:
            return ""
        code = self.find(sts, "Cd")  # .08: EntryStatus1Choice; .02: the code itself
        if code is not None:
            return self.text(code)
        if self.find(sts, "Prtry") is not None:
            return ""
        return self.text(sts)

    def reference(self, tx: etree._Element) -> str:
        rmt = self.find(tx, "RmtInf")
        if rmt is None:
            return ""
        for strd in self.findall(rmt, "Strd"):
            raw = self.text_at(strd, "CdtrRefInf/Ref", "CdtrRefInf/CdtrRef")
            if raw:
                return normalize_reference(raw)
        return ""

    def message(self, tx: etree._Element) -> str:
        rmt = self.find(tx, "RmtInf")
        if rmt is None:
            return ""
        lines = (self.text(u) for u in self.findall(rmt, "Ustrd"))
        return " ".join(line for line in lines if line)

    # -- walking -----------------------------------------------------------------------------

    def read(self) -> list[IncomingPayment]:
        notifications = self.findall(self.base, "Ntfctn")
        if not notifications:
            raise self.error("missing required element Ntfctn", self.base, missing="Ntfctn")
        candidates: list[_Candidate] = []
        for ntfctn in notifications:
            ntfctn_id = self.text(self.find(ntfctn, "Id"))
            acct = self.find(ntfctn, "Acct")
            acct_c14n = b"" if acct is None else _c14n(acct)
            for ntry in self.findall(ntfctn, "Ntry"):
                candidates.extend(self.read_entry(ntry, ntfctn_id, acct_c14n))
        return _assign_bank_references(candidates)

    def read_entry(
        self, ntry: etree._Element, ntfctn_id: str, acct_c14n: bytes
    ) -> list[_Candidate]:
        if self.credit_debit(ntry, required=True) != "CRDT" or self.is_reversal(ntry):
            return []
        if self.status(ntry) in _SKIPPED_STATUSES:
            return []
        entry_amount = self.amount(self.require(ntry, "Amt"))
        booking_date = self.date_choice(ntry, "BookgDt")
        value_date = self.date_choice(ntry, "ValDt")
        entry_svcr_ref = self.text(self.find(ntry, "AcctSvcrRef"))
        ntry_ref = self.text(self.find(ntry, "NtryRef"))
        if entry_svcr_ref:
            entry_key = entry_svcr_ref
        elif ntry_ref and ntfctn_id:
            entry_key = f"{ntfctn_id}/{ntry_ref}"
        else:
            entry_key = ""
        ntry_c14n = _c14n(ntry)

        def candidate(index: int, tx_ref: str, **fields) -> _Candidate:
            digest = hashlib.sha256(
                b"\0".join([acct_c14n, ntry_c14n, str(index).encode()])
            ).hexdigest()
            payment = IncomingPayment(
                booking_date=booking_date,
                value_date=value_date,
                bank_reference="",
                **fields,
            )
            return _Candidate(
                payment=payment,
                tx_ref=tx_ref,
                entry_key=f"{entry_key}/{index}" if entry_key else "",
                hash_key=f"sha256:{digest}",
            )

        transactions = [
            tx
            for details in self.findall(ntry, "NtryDtls")
            for tx in self.findall(details, "TxDtls")
        ]
        if not transactions:
            amount, currency = entry_amount
            return [
                candidate(
                    1,
                    "",
                    reference="",
                    amount=amount,
                    currency=currency,
                    payer_name="",
                    message=self.text(self.find(ntry, "AddtlNtryInf")),
                )
            ]
        result = []
        for index, tx in enumerate(transactions, start=1):
            if self.credit_debit(tx, required=False) == "DBIT":
                continue
            amount_el = self.find(tx, "Amt")  # lxml elements are falsy when childless: no `or`
            if amount_el is None:
                amount_el = self.find(tx, "AmtDtls/TxAmt/Amt")
            if amount_el is not None:
                amount, currency = self.amount(amount_el)
            elif len(transactions) == 1:
                amount, currency = entry_amount
            else:
                raise self.error(
                    "missing transaction amount (Amt or AmtDtls/TxAmt/Amt); it is required "
                    "when an entry has several transactions",
                    tx,
                    missing="Amt",
                )
            result.append(
                candidate(
                    index,
                    self.text(self.find(tx, "Refs/AcctSvcrRef")),
                    reference=self.reference(tx),
                    amount=amount,
                    currency=currency,
                    payer_name=self.text_at(tx, "RltdPties/Dbtr/Pty/Nm", "RltdPties/Dbtr/Nm"),
                    message=self.message(tx),
                )
            )
        return result


def _c14n(el: etree._Element) -> bytes:
    return etree.tostring(el, method="c14n", exclusive=True, with_comments=False)


def _assign_bank_references(candidates: list[_Candidate]) -> list[IncomingPayment]:
    tx_ref_counts = Counter(c.tx_ref for c in candidates if c.tx_ref)
    keys = []
    for c in candidates:
        if c.tx_ref and tx_ref_counts[c.tx_ref] == 1:
            keys.append(c.tx_ref)
        else:
            keys.append(c.entry_key or c.hash_key)
    seen: Counter[str] = Counter()
    payments = []
    for c, key in zip(candidates, keys, strict=True):
        seen[key] += 1
        if seen[key] > 1:
            key = f"{key}#{seen[key]}"
        payments.append(replace(c.payment, bank_reference=key))
    return payments
