from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from uso.accounts.models import Language
from uso.core.models import TimeStampedModel, private_storage

MONEY = {"max_digits": 12, "decimal_places": 2}


class VatRateQuerySet(models.QuerySet):
    def on(self, day):
        """The general rate in force on `day` (the date the service is performed)."""
        rate = self.filter(valid_from__lte=day).order_by("-valid_from").first()
        if rate is None:
            raise LookupError(f"No VAT rate is known for {day}.")
        return rate


class VatRate(models.Model):
    """Finland's general VAT rate as dated data: 24 % from 2013-01-01, 25.5 % from 2024-09-01."""

    rate = models.DecimalField(_("rate (%)"), max_digits=5, decimal_places=2)
    valid_from = models.DateField(_("valid from"), unique=True)

    objects = VatRateQuerySet.as_manager()

    class Meta:
        verbose_name = _("VAT rate")
        verbose_name_plural = _("VAT rates")
        ordering = ["-valid_from"]

    def __str__(self):
        return f"{self.rate} % ({self.valid_from})"


class FeeSchedule(TimeStampedModel):
    """A period's yearly fees by population band, and the price of an extra workshop."""

    period = models.OneToOneField(
        "network.Period", on_delete=models.CASCADE, related_name="fee_schedule"
    )
    extra_workshop_price = models.DecimalField(
        _("price of an extra workshop (excl. VAT)"), **MONEY, default=Decimal("0.00")
    )
    vat_exempt = models.BooleanField(
        _("fees are outside the scope of VAT"),
        default=False,
        help_text=_("Only for a pure membership fee without services."),
    )
    vat_basis_text = models.CharField(
        _("legal basis for no VAT"),
        max_length=200,
        blank=True,
        help_text=_("Printed on the invoice when the fees carry no VAT."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fee schedule")
        verbose_name_plural = _("fee schedules")

    def __str__(self):
        return str(self.period)

    def band_for(self, inhabitants: int):
        for band in self.bands.all():
            if inhabitants >= band.min_population and (
                band.max_population is None or inhabitants <= band.max_population
            ):
                return band
        return None


class FeeBand(models.Model):
    schedule = models.ForeignKey(FeeSchedule, on_delete=models.CASCADE, related_name="bands")
    min_population = models.PositiveIntegerField(_("from (inhabitants)"))
    max_population = models.PositiveIntegerField(
        _("to (inhabitants)"), null=True, blank=True, help_text=_("Empty: no upper limit.")
    )
    annual_fee = models.DecimalField(_("yearly fee (excl. VAT)"), **MONEY)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fee band")
        verbose_name_plural = _("fee bands")
        ordering = ["schedule", "min_population"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_population__isnull=True)
                | Q(max_population__gte=models.F("min_population")),
                name="fee_band_ends_after_it_starts",
            ),
            models.CheckConstraint(condition=Q(annual_fee__gte=0), name="fee_not_negative"),
        ]

    def __str__(self):
        upper = self.max_population if self.max_population is not None else "∞"
        return f"{self.min_population}–{upper}: {self.annual_fee}"


class FeeOverride(TimeStampedModel):
    """A coordinator's decision to bill a membership another yearly fee, with the reason."""

    membership = models.OneToOneField(
        "network.Membership", on_delete=models.CASCADE, related_name="fee_override"
    )
    annual_fee = models.DecimalField(_("yearly fee (excl. VAT)"), **MONEY)
    reason = models.CharField(_("reason"), max_length=300)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fee override")
        verbose_name_plural = _("fee overrides")

    def __str__(self):
        return f"{self.membership}: {self.annual_fee}"


class InvoiceSeries(models.Model):
    """A numbering series. The next number is taken under a row lock, so numbers never repeat
    and never skip, however many invoice runs start at once."""

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=10, blank=True)
    reference_digit = models.PositiveSmallIntegerField(
        _("reference digit"),
        unique=True,
        help_text=_("Starts the payment references of this series, keeping them unique."),
    )
    next_number = models.PositiveIntegerField(_("next number"), default=1)

    class Meta:
        verbose_name = _("invoice series")
        verbose_name_plural = _("invoice series")

    def __str__(self):
        return self.name


class InvoiceQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_coordinator:
            return self
        if user.is_contact:
            return self.filter(membership__municipality_id=user.municipality_id)
        return self.none()

    def overdue(self, today):
        return self.filter(
            kind=Invoice.Kind.INVOICE,
            status__in=[Invoice.Status.OPEN, Invoice.Status.PARTLY_PAID],
            due_date__lt=today,
        )

    def totals_by_year(self, today):
        """Per fee year: invoices, invoiced, paid and overdue (gross and paid of the overdue
        ones), credited invoices left out. The billing and network dashboards both count so."""
        open_statuses = [Invoice.Status.OPEN, Invoice.Status.PARTLY_PAID]
        overdue = Q(status__in=open_statuses, due_date__lt=today)
        return (
            self.filter(kind=Invoice.Kind.INVOICE)
            .exclude(status=Invoice.Status.CREDITED)
            .values("year")
            .annotate(
                count=Count("pk"),
                invoiced=Sum("gross"),
                paid=Sum("paid_amount"),
                overdue_gross=Sum("gross", filter=overdue),
                overdue_paid=Sum("paid_amount", filter=overdue),
            )
            .order_by("year")
        )


def postal_address(address: str) -> tuple[list[str], str, str]:
    """A billing address's lines before the last, its postal code and its town: the last line
    read as "00099 Helsinki" (empty code and town when it is not one)."""
    lines = [line.strip() for line in address.splitlines() if line.strip()]
    if lines:
        last = lines[-1].split(" ", 1)
        if last[0].isdigit() and len(last) == 2:
            return lines[:-1], last[0], last[1]
    return lines, "", ""


class Invoice(models.Model):
    """An issued invoice or credit note: an immutable snapshot. Only its payment status moves."""

    class Kind(models.TextChoices):
        INVOICE = "invoice", _("Invoice")
        CREDIT_NOTE = "credit_note", _("Credit note")

    class Subject(models.TextChoices):
        FEE = "fee", _("Membership fee")
        EXTRA_WORKSHOP = "extra_workshop", _("Extra development workshop")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        PARTLY_PAID = "partly_paid", _("Partly paid")
        PAID = "paid", _("Paid")
        OVERPAID = "overpaid", _("Overpaid")
        CREDITED = "credited", _("Credited")

    series = models.ForeignKey(InvoiceSeries, on_delete=models.PROTECT, related_name="invoices")
    number = models.PositiveIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.INVOICE)
    subject = models.CharField(
        _("subject"), max_length=16, choices=Subject.choices, default=Subject.FEE, db_index=True
    )
    credited_invoice = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credit_notes",
        verbose_name=_("credited invoice"),
    )
    credit_reason = models.CharField(_("reason for the credit note"), max_length=300, blank=True)
    membership = models.ForeignKey(
        "network.Membership", on_delete=models.PROTECT, related_name="invoices"
    )
    year = models.PositiveSmallIntegerField(_("fee year"))
    invoice_date = models.DateField(_("invoice date"))
    due_date = models.DateField(_("due date"))
    supply_start = models.DateField(_("period of supply from"))
    supply_end = models.DateField(_("period of supply to"))
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    # The seller, copied from the network when the invoice was issued.
    seller_name = models.CharField(max_length=200)
    seller_business_id = models.CharField(max_length=9)
    seller_vat_id = models.CharField(max_length=12)
    seller_address = models.TextField()
    seller_iban = models.CharField(max_length=34)
    seller_bic = models.CharField(max_length=11)
    # The buyer, copied from the membership when the invoice was issued.
    buyer_name = models.CharField(_("buyer"), max_length=200)
    buyer_code = models.CharField(max_length=3)
    buyer_business_id = models.CharField(max_length=9, blank=True)
    buyer_address = models.TextField(blank=True)
    buyer_einvoice_address = models.CharField(max_length=35, blank=True)
    buyer_einvoice_operator = models.CharField(max_length=35, blank=True)
    buyer_reference = models.CharField(max_length=70, blank=True)
    buyer_contact_name = models.CharField(max_length=200, blank=True)
    buyer_contact_email = models.EmailField(blank=True)
    reference = models.CharField(_("payment reference"), max_length=20, unique=True)
    rf_reference = models.CharField(_("RF reference"), max_length=25)
    virtual_barcode = models.CharField(_("virtual barcode"), max_length=54, blank=True)
    # The rate in force when the invoice was issued (the reference rate moves every January
    # and July), printed on it and on its reminders ever after.
    penalty_interest = models.DecimalField(
        _("penalty interest (%)"), max_digits=5, decimal_places=2, default=Decimal("11.50")
    )
    net = models.DecimalField(_("excl. VAT"), **MONEY)
    vat = models.DecimalField(_("VAT"), **MONEY)
    gross = models.DecimalField(_("total"), **MONEY)
    paid_amount = models.DecimalField(_("paid"), **MONEY, default=Decimal("0.00"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    pdf = models.FileField(upload_to="invoices/", blank=True, storage=private_storage)
    sent_in = models.ForeignKey(
        "EInvoiceBatch", null=True, blank=True, on_delete=models.PROTECT, related_name="invoices"
    )
    issued_at = models.DateTimeField(auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-invoice_date", "-number"]
        indexes = [
            models.Index(fields=["year", "status"]),
            models.Index(fields=["due_date"]),
            models.Index(fields=["invoice_date", "number"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["series", "number"], name="invoice_number_unique"),
            models.UniqueConstraint(
                fields=["membership", "year"],
                condition=Q(kind="invoice", subject="fee") & ~Q(status="credited"),
                name="one_fee_invoice_a_year",
            ),
        ]

    def __str__(self):
        return self.display_number

    @property
    def display_number(self) -> str:
        return f"{self.series.prefix}{self.number}"

    @property
    def can_be_einvoiced(self) -> bool:
        """A Finvoice needs the buyer's postal code and town."""
        return bool(postal_address(self.buyer_address)[1])

    @property
    def open_amount(self) -> Decimal:
        """What is still to be paid; nothing for a credited invoice or a credit note (a
        payment already made on a credited invoice is a refund to settle by hand)."""
        if self.status == self.Status.CREDITED or self.kind == self.Kind.CREDIT_NOTE:
            return Decimal("0.00")
        return self.gross - self.paid_amount

    def vat_breakdown(self) -> list[dict]:
        rows = (
            self.lines.values("vat_rate", "vat_category", "vat_basis_text")
            .annotate(net=Sum("net"), vat=Sum("vat"), gross=Sum("gross"))
            .order_by("vat_rate")
        )
        return list(rows)


class InvoiceLine(models.Model):
    class VatCategory(models.TextChoices):
        STANDARD = "S", _("Standard rate")
        ZERO = "Z", _("Zero-rated")
        OUTSIDE = "O", _("Outside the scope of VAT")

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    order = models.PositiveSmallIntegerField(default=0)
    description = models.CharField(_("description"), max_length=300)
    quantity = models.DecimalField(_("quantity"), max_digits=8, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=20)
    unit_price = models.DecimalField(_("unit price (excl. VAT)"), **MONEY)
    vat_rate = models.DecimalField(_("VAT rate (%)"), max_digits=5, decimal_places=2)
    vat_category = models.CharField(max_length=1, choices=VatCategory.choices, default="S")
    vat_basis_text = models.CharField(_("VAT basis"), max_length=200, blank=True)
    supply_start = models.DateField()
    supply_end = models.DateField()
    net = models.DecimalField(_("excl. VAT"), **MONEY)
    vat = models.DecimalField(_("VAT"), **MONEY)
    gross = models.DecimalField(_("total"), **MONEY)

    class Meta:
        ordering = ["invoice", "order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(gross=models.F("net") + models.F("vat")), name="line_adds_up"
            )
        ]

    def __str__(self):
        return self.description


class PaymentImport(models.Model):
    filename = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64, db_index=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    matched = models.PositiveIntegerField(default=0)
    unmatched = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self):
        return self.filename


class Payment(models.Model):
    """Money received: from a bank file (matched by reference, or waiting for a person) or
    marked by hand."""

    class Source(models.TextChoices):
        BANK = "bank", _("Bank file")
        MANUAL = "manual", _("Marked by hand")

    invoice = models.ForeignKey(
        Invoice, null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    amount = models.DecimalField(_("amount"), **MONEY)
    payment_date = models.DateField(_("payment date"))
    reference = models.CharField(_("reference"), max_length=35, blank=True, db_index=True)
    payer_name = models.CharField(_("payer"), max_length=200, blank=True)
    message = models.CharField(_("message"), max_length=300, blank=True)
    bank_reference = models.CharField(max_length=100, null=True, blank=True, unique=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    payment_import = models.ForeignKey(
        PaymentImport, null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-payment_date", "-pk"]

    def __str__(self):
        return f"{self.amount} {self.payment_date}"


class EInvoiceBatch(models.Model):
    """One zip of Finvoice files handed to the e-invoicing operator."""

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file = models.FileField(upload_to="einvoice-batches/", storage=private_storage)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.file.name


class Reminder(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="reminders")
    sequence = models.PositiveSmallIntegerField(default=1)
    to_email = models.EmailField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["invoice", "sequence"], name="one_reminder_each")
        ]

    def __str__(self):
        return f"{self.invoice} #{self.sequence}"


class FeeEstimate(models.Model):
    """A member's estimated fee for the coming year, sent for its budget work."""

    membership = models.ForeignKey(
        "network.Membership", on_delete=models.CASCADE, related_name="fee_estimates"
    )
    period = models.ForeignKey("network.Period", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    inhabitants = models.PositiveIntegerField(_("inhabitants"))
    net = models.DecimalField(_("excl. VAT"), **MONEY)
    vat_rate = models.DecimalField(_("VAT rate (%)"), max_digits=5, decimal_places=2)
    vat = models.DecimalField(_("VAT"), **MONEY)
    gross = models.DecimalField(_("total"), **MONEY)
    sent_to = models.EmailField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "period", "year"], name="one_fee_estimate_a_year"
            )
        ]

    def __str__(self):
        return f"{self.membership} {self.year}: {self.gross}"
