"""Writes in billing: fee schedules, invoice runs, credit notes, payments and reminders."""

import calendar
import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from uso.core.errors import DomainError
from uso.network.models import Membership, Period

from . import references
from .models import (
    FeeBand,
    FeeOverride,
    FeeSchedule,
    Invoice,
    InvoiceLine,
    InvoiceSeries,
    Payment,
    PaymentImport,
    Reminder,
    VatRate,
    postal_address,
)
from .money import TaxedAmount, round_money

# --- Fee schedules -----------------------------------------------------------------------------


def band_problems(bands: list[tuple[int, int | None]]) -> list[str]:
    """Bands must cover 0 inhabitants to no limit, without gaps or overlaps: name each fault
    (the numbers grouped as the language groups them: 10 000, not 10000)."""
    number = partial(number_format, decimal_pos=0, use_l10n=True, force_grouping=True)
    problems = []
    ordered = sorted(bands, key=lambda band: band[0])
    if not ordered:
        return [_("Add at least one band.")]
    if ordered[0][0] != 0:
        problems.append(
            _("Gap: no band covers 0–%(to)s inhabitants.") % {"to": number(ordered[0][0] - 1)}
        )
    for (low, high), (next_low, _next_high) in zip(ordered, ordered[1:], strict=False):
        if high is None or next_low <= high:
            problems.append(
                _("Overlap: the bands from %(a)s and from %(b)s inhabitants overlap.")
                % {"a": number(low), "b": number(next_low)}
            )
        elif next_low > high + 1:
            problems.append(
                _("Gap: no band covers %(low)s–%(high)s inhabitants.")
                % {"low": number(high + 1), "high": number(next_low - 1)}
            )
    if ordered[-1][1] is not None:
        problems.append(
            _("Gap: no band covers %(low)s inhabitants and over.")
            % {"low": number(ordered[-1][1] + 1)}
        )
    return problems


@transaction.atomic
def save_fee_bands(*, schedule: FeeSchedule, bands: list[tuple[int, int | None, Decimal]]):
    problems = band_problems([(low, high) for low, high, _fee in bands])
    if problems:
        raise DomainError(" ".join(problems), field="bands")
    # One row at a time, so the history shows each band removed and added.
    for band in schedule.bands.all():
        band.delete()
    for low, high, fee in bands:
        FeeBand.objects.create(
            schedule=schedule, min_population=low, max_population=high, annual_fee=fee
        )
    return schedule


@transaction.atomic
def save_fee_schedule(*, schedule_form, bands) -> FeeSchedule:
    """The schedule's settings and its bands together, or neither."""
    with transaction.atomic():
        schedule = schedule_form.save()
        save_fee_bands(schedule=schedule, bands=bands)
    return schedule


@transaction.atomic
def set_fee_override(*, membership: Membership, annual_fee: Decimal | None, reason: str, by):
    """Bill a membership another fee than its band gives; `None` returns to the band."""
    if annual_fee is None:
        FeeOverride.objects.filter(membership=membership).delete()
        return None
    if not reason.strip():
        raise DomainError(_("Give the reason for the different fee."), field="reason")
    override, _created = FeeOverride.objects.update_or_create(
        membership=membership,
        defaults={"annual_fee": annual_fee, "reason": reason.strip(), "set_by": by},
    )
    return override


def annual_fee_of(membership: Membership) -> Decimal:
    override = getattr(membership, "fee_override", None)
    if override is not None:
        return override.annual_fee
    schedule = getattr(membership.period, "fee_schedule", None)
    if schedule is None:
        raise DomainError(_("The period has no fee schedule."))
    if membership.population_basis is None:
        raise DomainError(_("The membership has no population figure for the fee."))
    band = schedule.band_for(membership.population_basis)
    if band is None:
        raise DomainError(
            _("No fee band covers %(n)s inhabitants.") % {"n": membership.population_basis}
        )
    return band.annual_fee


# --- VAT and lines -----------------------------------------------------------------------------


def month_starts(start: date, end: date) -> list[date]:
    months, day = [], start.replace(day=1)
    while day <= end:
        months.append(day)
        day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return months


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


@dataclass
class LineDraft:
    description: str
    months: int
    supply_start: date
    supply_end: date
    amount: TaxedAmount
    category: str = "S"
    basis_text: str = ""
    unit: str = ""  # empty: months of a fee


def fee_lines(
    *, annual_fee: Decimal, supply_start: date, supply_end: date, schedule, label: str
) -> list[LineDraft]:
    """The year's fee for whole months, one line per VAT rate in force during the supply.

    Each month takes the rate in force on its first day; cents are rounded half-up per line
    and the last line takes what rounding left, so the lines add up to the monthly share.
    """
    months = month_starts(supply_start, supply_end)
    groups: list[tuple[Decimal, list[date]]] = []
    for month in months:
        rate = Decimal("0") if schedule.vat_exempt else VatRate.objects.on(month).rate
        if groups and groups[-1][0] == rate:
            groups[-1][1].append(month)
        else:
            groups.append((rate, [month]))
    total_net = round_money(annual_fee * len(months) / Decimal(12))
    drafts, allotted = [], Decimal("0")
    for index, (rate, group) in enumerate(groups):
        if index == len(groups) - 1:
            net = total_net - allotted
        else:
            net = round_money(annual_fee * len(group) / Decimal(12))
        allotted += net
        start, end = group[0], month_end(group[-1])
        period_text = (
            f"{date_format(start, 'SHORT_DATE_FORMAT')}–{date_format(end, 'SHORT_DATE_FORMAT')}"
        )
        drafts.append(
            LineDraft(
                description=f"{label}, {period_text}",
                months=len(group),
                supply_start=start,
                supply_end=end,
                amount=TaxedAmount.from_net(net, rate),
                category="O" if schedule.vat_exempt else "S",
                basis_text=schedule.vat_basis_text if schedule.vat_exempt else "",
            )
        )
    return drafts


# --- Invoice runs ------------------------------------------------------------------------------


@dataclass
class InvoiceDraft:
    membership: Membership
    annual_fee: Decimal | None = None
    lines: list[LineDraft] = field(default_factory=list)
    problem: str = ""

    @property
    def can_be_einvoiced(self) -> bool:
        """The invoice will have the buyer's postal code and town, which a Finvoice needs."""
        return bool(postal_address(self.membership.billing_address)[1])

    @property
    def net(self) -> Decimal:
        return sum((line.amount.net for line in self.lines), Decimal("0"))

    @property
    def vat(self) -> Decimal:
        return sum((line.amount.vat for line in self.lines), Decimal("0"))

    @property
    def gross(self) -> Decimal:
        return self.net + self.vat


def year_supply(period: Period, year: int) -> tuple[date, date]:
    start = max(period.start_date, date(year, 1, 1))
    end = min(period.end_date, date(year, 12, 31))
    if start > end:
        raise DomainError(
            _("%(year)s is not a year of %(period)s.") % {"year": year, "period": period}
        )
    return start, end


def plan_invoice_run(*, period: Period, year: int, pro_rata: bool) -> list[InvoiceDraft]:
    """What an invoice run would create: one draft per active membership not yet invoiced."""
    start, end = year_supply(period, year)
    schedule = FeeSchedule.objects.filter(period=period).prefetch_related("bands").first()
    memberships = (
        Membership.objects.active()
        .filter(period=period)
        .exclude(
            Exists(
                Invoice.objects.filter(
                    membership=OuterRef("pk"),
                    year=year,
                    kind=Invoice.Kind.INVOICE,
                    subject=Invoice.Subject.FEE,
                ).exclude(status=Invoice.Status.CREDITED)
            )
        )
        .select_related("municipality", "period", "fee_override")
        .order_by("municipality__name_fi")
    )
    drafts = []
    for membership in memberships:
        draft = InvoiceDraft(membership=membership)
        drafts.append(draft)
        if schedule is None:
            draft.problem = _("The period has no fee schedule.")
            continue
        membership.period.fee_schedule = schedule  # reuse the prefetched bands
        try:
            draft.annual_fee = annual_fee_of(membership)
        except DomainError as error:
            draft.problem = str(error)
            continue
        first = start
        joined = membership.joined_on
        if joined and joined > end:
            draft.problem = _("Joined after the year.")
            continue
        if pro_rata and joined and joined > start:
            # Whole months only: a member who joins mid-month pays from the next month.
            first = joined if joined.day == 1 else month_end(joined) + timedelta(days=1)
        if first > end:
            draft.problem = _("Joined after the year's last whole month.")
            continue
        with translation.override(membership.invoice_language):
            label = _("Membership fee %(year)s, %(period)s") % {"year": year, "period": period.name}
            draft.lines = fee_lines(
                annual_fee=draft.annual_fee,
                supply_start=first,
                supply_end=end,
                schedule=schedule,
                label=label,
            )
    return drafts


def _take_numbers(series_code: str, count: int) -> tuple[InvoiceSeries, int]:
    """Reserve `count` consecutive numbers under a row lock; the caller's transaction holds it."""
    series = InvoiceSeries.objects.select_for_update().get(code=series_code)
    first = series.next_number
    series.next_number = first + count
    series.save(update_fields=["next_number"])
    return series, first


def _reference_for(series: InvoiceSeries, number: int, year: int) -> str:
    """The payment reference derives from the invoice number; the series digit keeps invoices
    and credit notes apart, and the year pads it past the minimum length."""
    return references.finnish_reference(f"{series.reference_digit}{year}{number:04d}")


def _seller_snapshot(network) -> dict:
    return {
        "seller_name": network.seller_name,
        "seller_business_id": network.seller_business_id,
        "seller_vat_id": network.seller_vat_id,
        "seller_address": "\n".join(
            [network.seller_street, f"{network.seller_postal_code} {network.seller_city}"]
        ),
        "seller_iban": network.seller_iban.replace(" ", ""),
        "seller_bic": network.seller_bic,
    }


def _buyer_snapshot(membership: Membership) -> dict:
    municipality = membership.municipality
    with translation.override(membership.invoice_language):
        name = municipality.name
    return {
        "buyer_name": name,
        "buyer_code": municipality.code,
        "buyer_business_id": membership.business_id,
        "buyer_address": membership.billing_address,
        "buyer_einvoice_address": membership.einvoice_address,
        "buyer_einvoice_operator": membership.einvoice_operator,
        "buyer_reference": membership.buyer_reference,
        "buyer_contact_name": membership.billing_contact_name,
        "buyer_contact_email": membership.billing_contact_email,
    }


def _create_invoice(
    *,
    series,
    number,
    membership,
    year,
    invoice_date,
    supply,
    lines,
    by,
    kind=Invoice.Kind.INVOICE,
    subject=Invoice.Subject.FEE,
    credited=None,
    reason="",
) -> Invoice:
    reference = _reference_for(series, number, invoice_date.year)
    net = sum((line.amount.net for line in lines), Decimal("0"))
    vat = sum((line.amount.vat for line in lines), Decimal("0"))
    gross = net + vat
    due = invoice_date + timedelta(days=settings.INVOICE_PAYMENT_TERM_DAYS)
    invoice = Invoice.objects.create(
        series=series,
        number=number,
        kind=kind,
        subject=subject,
        credited_invoice=credited,
        credit_reason=reason,
        membership=membership,
        year=year,
        invoice_date=invoice_date,
        due_date=due,
        supply_start=supply[0],
        supply_end=supply[1],
        language=membership.invoice_language,
        penalty_interest=settings.PENALTY_INTEREST_PERCENT,
        reference=reference,
        rf_reference=references.rf_reference(reference),
        virtual_barcode=(
            references.virtual_barcode(
                iban=membership.period.network.seller_iban,
                reference=reference,
                amount=gross,
                due_date=due,
            )
            or ""
        )
        if gross > 0
        else "",
        net=net,
        vat=vat,
        gross=gross,
        issued_by=by,
        **_seller_snapshot(membership.period.network),
        **_buyer_snapshot(membership),
    )
    with translation.override(invoice.language):  # the buyer's language, not the coordinator's
        month = _("month")
    InvoiceLine.objects.bulk_create(
        InvoiceLine(
            invoice=invoice,
            order=index,
            description=line.description,
            quantity=Decimal(line.months),
            unit=line.unit or month,
            unit_price=round_money(line.amount.net / line.months)
            if line.months
            else line.amount.net,
            vat_rate=line.amount.rate,
            vat_category=line.category,
            vat_basis_text=line.basis_text,
            supply_start=line.supply_start,
            supply_end=line.supply_end,
            net=line.amount.net,
            vat=line.amount.vat,
            gross=line.amount.gross,
        )
        for index, line in enumerate(lines, start=1)
    )
    return invoice


def run_invoices(
    *, period: Period, year: int, pro_rata: bool, by, invoice_date: date | None = None
) -> list[Invoice]:
    """Create the year's fee invoices. Running it again creates nothing twice.

    The series row is locked before the plan is made, so a second run that starts at the
    same moment waits, then plans again and finds everything already invoiced.
    """
    invoice_date = invoice_date or timezone.localdate()
    with transaction.atomic():
        InvoiceSeries.objects.select_for_update().get(code="invoice")
        drafts = [
            d
            for d in plan_invoice_run(period=period, year=year, pro_rata=pro_rata)
            if d.lines and not d.problem
        ]
        if not drafts:
            return []
        series, first = _take_numbers("invoice", len(drafts))
        network = Period.objects.select_related("network").get(pk=period.pk).network
        invoices = []
        for offset, draft in enumerate(drafts):
            draft.membership.period.network = network
            supply = (draft.lines[0].supply_start, draft.lines[-1].supply_end)
            invoices.append(
                _create_invoice(
                    series=series,
                    number=first + offset,
                    membership=draft.membership,
                    year=year,
                    invoice_date=invoice_date,
                    supply=supply,
                    lines=draft.lines,
                    by=by,
                )
            )
        return invoices


@transaction.atomic
def issue_credit_note(*, invoice: Invoice, reason: str, by) -> Invoice:
    """Cancel an invoice with a credit note of its own number that refers to it."""
    invoice = (
        Invoice.objects.select_for_update()
        .select_related("membership__period__network", "membership__municipality")
        .get(pk=invoice.pk)
    )
    if invoice.kind != Invoice.Kind.INVOICE:
        raise DomainError(_("Only an invoice can be credited."))
    if invoice.status == Invoice.Status.CREDITED:
        raise DomainError(_("This invoice has already been credited."))
    if not reason.strip():
        raise DomainError(_("Give the reason for the credit note."), field="reason")
    series, number = _take_numbers("credit", 1)
    lines = [
        LineDraft(
            description=line.description,
            months=int(line.quantity),
            supply_start=line.supply_start,
            supply_end=line.supply_end,
            amount=-TaxedAmount(net=line.net, vat=line.vat, gross=line.gross, rate=line.vat_rate),
            category=line.vat_category,
            basis_text=line.vat_basis_text,
            unit=line.unit,
        )
        for line in invoice.lines.all()
    ]
    credit = _create_invoice(
        series=series,
        number=number,
        membership=invoice.membership,
        year=invoice.year,
        invoice_date=timezone.localdate(),
        supply=(invoice.supply_start, invoice.supply_end),
        lines=lines,
        by=by,
        kind=Invoice.Kind.CREDIT_NOTE,
        subject=invoice.subject,
        credited=invoice,
        reason=reason.strip(),
    )
    credit.status = Invoice.Status.CREDITED  # saved, so its history says so too
    credit.save(update_fields=["status"])
    invoice.status = Invoice.Status.CREDITED
    invoice.save(update_fields=["status"])
    return credit


# --- Payments ----------------------------------------------------------------------------------


def refresh_payment_status(invoice: Invoice) -> Invoice:
    paid = sum((p.amount for p in invoice.payments.all()), Decimal("0"))
    invoice.paid_amount = paid
    if invoice.status != Invoice.Status.CREDITED:
        if paid <= 0:
            invoice.status = Invoice.Status.OPEN
        elif paid < invoice.gross:
            invoice.status = Invoice.Status.PARTLY_PAID
        elif paid == invoice.gross:
            invoice.status = Invoice.Status.PAID
        else:
            invoice.status = Invoice.Status.OVERPAID
    invoice.save(update_fields=["paid_amount", "status"])
    return invoice


@transaction.atomic
def record_payment(
    *, invoice: Invoice, amount: Decimal, payment_date: date, by, payer_name: str = ""
) -> Payment:
    if amount <= 0:
        raise DomainError(_("The amount must be more than zero."), field="amount")
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    payment = Payment.objects.create(
        invoice=invoice,
        amount=round_money(amount),
        payment_date=payment_date,
        reference=invoice.reference,
        payer_name=payer_name,
        source=Payment.Source.MANUAL,
        recorded_by=by,
    )
    refresh_payment_status(invoice)
    return payment


@transaction.atomic
def assign_payment(*, payment: Payment, invoice: Invoice, by) -> Payment:
    """Attach an unmatched bank payment to the invoice a person recognised it as."""
    if payment.invoice_id is not None:
        raise DomainError(_("This payment is already attached to an invoice."))
    payment.invoice = invoice
    payment.save(update_fields=["invoice"])
    refresh_payment_status(Invoice.objects.select_for_update().get(pk=invoice.pk))
    return payment


@dataclass
class ImportResult:
    matched: int = 0
    unmatched: int = 0
    duplicates: int = 0


def import_bank_payments(*, filename: str, data: bytes, by) -> ImportResult:
    """Import a camt.054 notification. A malformed file is rejected whole; a payment seen
    before (same bank reference) is skipped, so importing a file again changes nothing."""
    from .camt import CamtError, parse_camt054

    try:
        incoming = parse_camt054(data)
    except CamtError as error:  # its text names the element and line that failed
        # The reader's words first, the parser's English detail (element, line) after it.
        where = (
            _("The bank file was rejected at line %(line)s.") % {"line": error.line}
            if error.line
            else _("The bank file was rejected.")
        )
        explanation = _("It is not a valid camt.054 payment notification; nothing was imported.")
        detail = _("technical detail: %(detail)s") % {"detail": error}
        raise DomainError(f"{where} {explanation} ({detail})") from error
    result = ImportResult()
    with transaction.atomic():
        batch = PaymentImport.objects.create(
            filename=filename[:200], sha256=hashlib.sha256(data).hexdigest(), imported_by=by
        )
        # The invoices' row locks first: an import of the same file running at the same
        # moment waits here, then sees the payments the first one recorded.
        by_reference = {
            invoice.reference: invoice
            for invoice in Invoice.objects.select_for_update().filter(
                reference__in=[_normal_reference(p.reference) for p in incoming]
            )
        }
        known = set(
            Payment.objects.filter(
                bank_reference__in=[p.bank_reference for p in incoming]
            ).values_list("bank_reference", flat=True)
        )
        touched = {}
        for item in incoming:
            if item.bank_reference in known:
                result.duplicates += 1
                continue
            known.add(item.bank_reference)
            invoice = by_reference.get(_normal_reference(item.reference))
            try:
                # A payment no invoice locks (unmatched) can still arrive from a parallel
                # import: the unique bank reference decides, and it counts as seen before.
                with transaction.atomic():
                    Payment.objects.create(
                        invoice=invoice,
                        amount=item.amount,
                        payment_date=item.value_date or item.booking_date or timezone.localdate(),
                        reference=item.reference,
                        payer_name=item.payer_name[:200],
                        message=getattr(item, "message", "")[:300],
                        bank_reference=item.bank_reference,
                        source=Payment.Source.BANK,
                        payment_import=batch,
                        recorded_by=by,
                    )
            except IntegrityError:
                result.duplicates += 1
                continue
            if invoice is None:
                result.unmatched += 1
            else:
                result.matched += 1
                touched[invoice.pk] = invoice
        for invoice in touched.values():
            refresh_payment_status(invoice)
        batch.matched, batch.unmatched, batch.duplicates = (
            result.matched,
            result.unmatched,
            result.duplicates,
        )
        batch.save()
    return result


def _normal_reference(reference: str) -> str:
    """Bank files carry RF references too: ours all come from a Finnish one."""
    text = reference.replace(" ", "").upper()
    if text.startswith("RF") and len(text) > 4:
        return text[4:].lstrip("0")
    return text.lstrip("0")


# --- Reminders ---------------------------------------------------------------------------------


def send_reminder(*, invoice: Invoice, by) -> Reminder:
    """Queue a payment reminder e-mail with a reminder PDF to the billing contact.

    The reminder row is numbered per invoice under a unique constraint, and the task that
    sends it marks it sent under a row lock: a reminder is never sent twice.
    """
    from .tasks import send_reminder_email

    today = timezone.localdate()
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if not Invoice.objects.overdue(today).filter(pk=invoice.pk).exists():
            raise DomainError(_("Only an overdue, unpaid invoice gets a reminder."))
        if not invoice.buyer_contact_email:
            raise DomainError(_("The invoice has no billing contact e-mail address."))
        reminder = Reminder.objects.create(
            invoice=invoice,
            sequence=invoice.reminders.count() + 1,
            to_email=invoice.buyer_contact_email,
            created_by=by,
        )
        transaction.on_commit(lambda: send_reminder_email.delay(reminder.pk))
    return reminder


# --- The next period ---------------------------------------------------------------------------


@transaction.atomic
def copy_fee_schedule(*, source: Period, target: Period) -> FeeSchedule | None:
    schedule = FeeSchedule.objects.filter(period=source).first()
    if schedule is None:
        return None
    copy = FeeSchedule.objects.create(
        period=target,
        extra_workshop_price=schedule.extra_workshop_price,
        vat_exempt=schedule.vat_exempt,
        vat_basis_text=schedule.vat_basis_text,
    )
    save_fee_bands(
        schedule=copy,
        bands=[(b.min_population, b.max_population, b.annual_fee) for b in schedule.bands.all()],
    )
    return copy


def send_fee_estimates(*, current: Period, next_period: Period, by) -> int:
    """E-mail each current member its estimated fee for the next period's first year, once."""
    from uso.network.services import renewal_recipient

    from .models import FeeEstimate
    from .tasks import send_fee_estimate_email

    year = next_period.start_date.year
    schedule = FeeSchedule.objects.filter(period=next_period).prefetch_related("bands").first()
    if schedule is None:
        raise DomainError(_("The next period has no fee schedule yet."))
    created = []
    with transaction.atomic():
        for membership in current.memberships.active().select_related("municipality"):
            if FeeEstimate.objects.filter(
                membership=membership, period=next_period, year=year
            ).exists():
                continue
            latest = membership.municipality.latest_population()
            inhabitants = latest.inhabitants if latest else membership.population_basis
            recipient = membership.billing_contact_email or renewal_recipient(membership)
            band = schedule.band_for(inhabitants) if inhabitants is not None else None
            if band is None or not recipient:
                continue
            rate = (
                Decimal("0") if schedule.vat_exempt else VatRate.objects.on(date(year, 1, 1)).rate
            )
            amount = TaxedAmount.from_net(band.annual_fee, rate)
            created.append(
                FeeEstimate.objects.create(
                    membership=membership,
                    period=next_period,
                    year=year,
                    inhabitants=inhabitants,
                    net=amount.net,
                    vat_rate=rate,
                    vat=amount.vat,
                    gross=amount.gross,
                    sent_to=recipient,
                )
            )
        for estimate in created:
            transaction.on_commit(partial(send_fee_estimate_email.delay, estimate.pk))
    return len(created)


# --- Extra development workshops ---------------------------------------------------------------


def extra_workshop_amount(*, period: Period, supply_date: date) -> TaxedAmount:
    """The price of one extra workshop in `period` with the VAT in force on its day.

    A workshop is a service, so it carries VAT even when the membership fees do not.
    """
    schedule = FeeSchedule.objects.filter(period=period).first()
    if schedule is None:
        raise DomainError(_("The period has no fee schedule."))
    if not schedule.extra_workshop_price or schedule.extra_workshop_price <= 0:
        raise DomainError(_("The period's fee schedule has no price for an extra workshop."))
    try:
        rate = VatRate.objects.on(supply_date).rate
    except LookupError:
        raise DomainError(_("No VAT rate is known for %(day)s.") % {"day": supply_date}) from None
    return TaxedAmount.from_net(schedule.extra_workshop_price, rate)


def invoice_extra_workshop(
    *, membership: Membership, description: str, supply_date: date, by, invoice_date=None
) -> Invoice:
    """One invoice for one approved extra workshop: a single line at the fee schedule's
    extra-workshop price plus VAT, numbered from the invoice series. Runs inside the caller's
    transaction, so a rolled-back approval takes its number back."""
    amount = extra_workshop_amount(period=membership.period, supply_date=supply_date)
    invoice_date = invoice_date or timezone.localdate()
    with transaction.atomic():
        membership = Membership.objects.select_related("municipality", "period__network").get(
            pk=membership.pk
        )
        series, number = _take_numbers("invoice", 1)
        with translation.override(membership.invoice_language):
            unit = _("pcs")
        line = LineDraft(
            description=description[:300],
            months=1,
            supply_start=supply_date,
            supply_end=supply_date,
            amount=amount,
            unit=unit,
        )
        invoice = _create_invoice(
            series=series,
            number=number,
            membership=membership,
            year=supply_date.year,
            invoice_date=invoice_date,
            supply=(supply_date, supply_date),
            lines=[line],
            by=by,
            subject=Invoice.Subject.EXTRA_WORKSHOP,
        )
    return invoice
