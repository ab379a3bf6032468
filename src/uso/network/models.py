import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from stdnum.fi import ytunnus

from uso.accounts.models import Language
from uso.core.models import TimeStampedModel
from uso.core.request_memo import remember
from uso.core.validators import validate_business_id

from .sizes import SizeClass

# The last line of a Finnish postal address: the postal code, then the town.
POSTAL_LINE = re.compile(r"^\d{5} \S")


class Region(models.Model):
    """A maakunta, MK01–MK21."""

    code = models.CharField(_("code"), max_length=4, unique=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=100)
    name_sv = models.CharField(_("name in Swedish"), max_length=100)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.name_sv if get_language() == "sv" else self.name_fi


class MunicipalityLanguage(models.TextChoices):
    FI = "fi", _("Finnish-speaking")
    BILINGUAL = "fi+sv", _("Bilingual (Finnish and Swedish)")
    SV = "sv", _("Swedish-speaking")


class MunicipalityQuerySet(models.QuerySet):
    def with_population(self):
        """Annotate the latest known population and its year."""
        latest = Population.objects.filter(municipality=OuterRef("pk")).order_by("-year")
        return self.annotate(
            population=Subquery(latest.values("inhabitants")[:1]),
            population_year=Subquery(latest.values("year")[:1]),
        )

    def in_size_class(self, size_class: str):
        low, high = SizeClass.bounds(size_class)
        queryset = self.filter(population__gte=low)
        return queryset.filter(population__lte=high) if high is not None else queryset

    def members_of(self, period):
        return self.filter(
            memberships__period=period, memberships__status=Membership.Status.ACTIVE
        ).distinct()

    def search(self, text: str):
        return self.filter(Q(name_fi__icontains=text) | Q(name_sv__icontains=text) | Q(code=text))

    def in_name_order(self):
        """Alphabetical by the name the reader sees: Swedish names in Swedish."""
        return self.order_by("name_sv" if get_language() == "sv" else "name_fi")


class Municipality(models.Model):
    code = models.CharField(_("code"), max_length=3, unique=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=100, db_index=True)
    name_sv = models.CharField(_("name in Swedish"), max_length=100, db_index=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="municipalities"
    )
    language = models.CharField(
        _("language"), max_length=5, choices=MunicipalityLanguage.choices, db_index=True
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name_fi"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.name_sv if get_language() == "sv" else self.name_fi

    @property
    def default_language(self) -> str:
        """What its people, invitations and invoices are in unless someone chooses: Swedish
        for a Swedish-speaking municipality, else Finnish."""
        return Language.SV if self.language == MunicipalityLanguage.SV else Language.FI

    def latest_population(self):
        return self.populations.order_by("-year").first()


class Population(models.Model):
    """Inhabitants of a municipality at the end of a year."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("Entered by hand")
        STATISTICS_FINLAND = "statfin", _("Statistics Finland import")
        DEMO = "demo", _("Demo figure (not real)")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="populations"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    inhabitants = models.PositiveIntegerField(_("inhabitants"))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("population")
        verbose_name_plural = _("populations")
        ordering = ["municipality", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"], name="one_population_a_year"),
            models.CheckConstraint(condition=Q(year__gte=1900), name="population_year_plausible"),
        ]

    def __str__(self):
        return f"{self.municipality} {self.year}: {self.inhabitants}"


class Network(TimeStampedModel):
    """A network run the USO way; its seller details go on every invoice."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), unique=True)
    description = models.TextField(_("description"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="network-logos/", blank=True)
    seller_name = models.CharField(_("organisation name"), max_length=200)
    seller_business_id = models.CharField(_("business ID (Y-tunnus)"), max_length=9)
    seller_vat_id = models.CharField(_("VAT ID"), max_length=12)
    seller_street = models.CharField(_("street address"), max_length=200)
    seller_postal_code = models.CharField(_("postal code"), max_length=10)
    seller_city = models.CharField(_("city"), max_length=100)
    seller_iban = models.CharField(_("IBAN"), max_length=34)
    seller_bic = models.CharField(_("BIC"), max_length=11)
    seller_email = models.EmailField(_("contact e-mail"), blank=True)

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]

    def __str__(self):
        return self.name


class PeriodQuerySet(models.QuerySet):
    def current(self):
        """The period running today, else the latest one that has started, else the next one."""
        today = timezone.localdate()
        running = self.filter(start_date__lte=today).order_by("-start_date").first()
        return running or self.order_by("start_date").first()

    def taking_applications(self):
        """The period a municipality applying today joins."""
        return self.filter(is_open_for_applications=True).current()


class Period(TimeStampedModel):
    class QuotaUnit(models.TextChoices):
        YEAR = "year", _("per year")
        PERIOD = "period", _("per period")

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.PROTECT, related_name="periods"
    )
    name = models.CharField(_("name"), max_length=200)
    start_date = models.DateField(_("starts"))
    end_date = models.DateField(_("ends"))
    description = models.TextField(_("description"), blank=True)
    seminars_per_year = models.PositiveSmallIntegerField(
        _("seminars a year"), default=4, help_text=_("Theme and peer seminars open to each member.")
    )
    workshop_quota = models.PositiveSmallIntegerField(_("workshops per member"), default=3)
    workshop_quota_unit = models.CharField(
        _("workshop quota unit"), max_length=10, choices=QuotaUnit.choices, default=QuotaUnit.YEAR
    )
    is_open_for_applications = models.BooleanField(_("open for applications"), default=True)
    follows = models.ForeignKey(
        "self",
        verbose_name=_("follows"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="followed_by",
        help_text=_("The period whose members continue in this one."),
    )

    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        ordering = ["-start_date"]
        indexes = [models.Index(fields=["network", "start_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gt=F("start_date")), name="period_ends_after_it_starts"
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            raise ValidationError({"end_date": _("The period must end after it starts.")})

    @property
    def years(self) -> list[int]:
        return list(range(self.start_date.year, self.end_date.year + 1))


class ThemeArea(models.Model):
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="theme_areas")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("theme area")
        verbose_name_plural = _("theme areas")
        ordering = ["period", "order", "id"]

    def __str__(self):
        return self.name


class SubTheme(models.Model):
    theme_area = models.ForeignKey(ThemeArea, on_delete=models.CASCADE, related_name="sub_themes")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("sub-theme")
        verbose_name_plural = _("sub-themes")
        ordering = ["theme_area", "order", "id"]

    def __str__(self):
        return self.name


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Membership.Status.ACTIVE)

    def applied(self):
        return self.filter(status=Membership.Status.APPLIED)


class Membership(TimeStampedModel):
    """A municipality's membership in one period, with the details its invoices need."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")
        DECLINED = "declined", _("Declined")

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    period = models.ForeignKey(
        Period, verbose_name=_("period"), on_delete=models.PROTECT, related_name="memberships"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.APPLIED
    )
    joined_on = models.DateField(_("joined"), null=True, blank=True)
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    population_basis = models.PositiveIntegerField(
        _("population for the fee"), null=True, blank=True
    )
    population_reference_date = models.DateField(
        _("population reference date"), null=True, blank=True
    )
    business_id = models.CharField(
        _("business ID (Y-tunnus)"), max_length=9, blank=True, validators=[validate_business_id]
    )
    einvoice_address = models.CharField(_("e-invoice address"), max_length=35, blank=True)
    einvoice_operator = models.CharField(_("e-invoice operator"), max_length=35, blank=True)
    billing_address = models.TextField(_("billing address"), blank=True)
    billing_contact_name = models.CharField(_("billing contact"), max_length=200, blank=True)
    billing_contact_email = models.EmailField(_("billing contact's e-mail"), blank=True)
    invoice_language = models.CharField(
        _("invoice language"), max_length=2, choices=Language.choices, default=Language.FI
    )
    buyer_reference = models.CharField(
        _("buyer's reference"),
        max_length=70,
        blank=True,
        help_text=_("The text the municipality wants on its invoices, e.g. a cost centre."),
    )
    notes = models.TextField(_("notes"), blank=True)
    consultants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="ConsultantAssignment",
        related_name="consulted_memberships",
        blank=True,
    )
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    # What a coordinator edits on the membership page and through the API.
    EDITABLE_FIELDS = [
        "status",
        "joined_on",
        "ended_on",
        "population_basis",
        "population_reference_date",
        "business_id",
        "einvoice_address",
        "einvoice_operator",
        "billing_address",
        "billing_contact_name",
        "billing_contact_email",
        "invoice_language",
        "buyer_reference",
        "notes",
    ]

    def clean(self):
        """The dates in order, and the postal code and town on the billing address's last line
        (invoices and e-invoices need them); the address is kept without blank lines."""
        errors = {}
        if self.joined_on and self.ended_on and self.ended_on < self.joined_on:
            errors["ended_on"] = _("The membership cannot end before it began.")
        lines = [line.strip() for line in self.billing_address.splitlines() if line.strip()]
        self.billing_address = "\n".join(lines)
        if lines and not POSTAL_LINE.match(lines[-1]):
            errors["billing_address"] = _(
                "End the address with the postal code and town, e.g. “00100 Helsinki”."
            )
        if errors:
            raise ValidationError(errors)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["period", "municipality__name_fi"]
        indexes = [models.Index(fields=["period", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "period"], name="one_membership_a_period"
            )
        ]

    def __str__(self):
        return f"{self.municipality} – {self.period}"

    def save(self, *args, **kwargs):
        if self.business_id and ytunnus.is_valid(self.business_id):
            self.business_id = ytunnus.format(self.business_id)  # always 1234567-8
        super().save(*args, **kwargs)


class JoinApplication(models.Model):
    """What the public join form sent: the contact person to invite once approved."""

    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="application"
    )
    contact_name = models.CharField(_("contact person's name"), max_length=200)
    contact_title = models.CharField(_("job title"), max_length=200)
    contact_email = models.EmailField(_("e-mail"))
    contact_phone = models.CharField(_("phone"), max_length=40, blank=True)
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("application to join")
        verbose_name_plural = _("applications to join")
        ordering = ["-created_at"]

    def __str__(self):
        return str(self.membership)


class ConsultantAssignment(models.Model):
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments"
    )
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="assignments")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consultant assignment")
        verbose_name_plural = _("consultant assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["consultant", "membership"], name="one_assignment_per_consultant"
            )
        ]

    def __str__(self):
        return f"{self.consultant} → {self.membership}"


class PeerGroup(TimeStampedModel):
    """A named set of member municipalities of a period, by hand or from a rule."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="peer_groups")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    rule_size_class = models.CharField(
        _("size class"), max_length=10, choices=SizeClass.choices, blank=True
    )
    rule_region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.SET_NULL
    )
    rule_language = models.CharField(
        _("language"), max_length=5, choices=MunicipalityLanguage.choices, blank=True
    )
    members = models.ManyToManyField(
        Municipality, verbose_name=_("members"), related_name="peer_groups", blank=True
    )

    class Meta:
        verbose_name = _("peer group")
        verbose_name_plural = _("peer groups")
        ordering = ["period", "name"]

    def __str__(self):
        return self.name

    @property
    def has_rule(self) -> bool:
        return bool(self.rule_size_class or self.rule_region_id or self.rule_language)


class RenewalRequest(models.Model):
    """A member of one period asked to continue in the next; the e-mailed link answers it."""

    class Answer(models.TextChoices):
        RENEW = "renew", _("Continues")
        DECLINE = "decline", _("Does not continue")

    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="renewal_requests"
    )
    next_period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True)
    sent_to = models.EmailField()
    sent_at = models.DateTimeField(auto_now_add=True)
    answer = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "next_period"], name="one_renewal_request_a_period"
            )
        ]

    def __str__(self):
        return f"{self.membership} → {self.next_period}"


def is_active_member(municipality_id) -> bool:
    """Whether the municipality is an active member in some period; asked on nearly every
    page, so answered once a request."""
    return remember(
        ("active-member", municipality_id),
        Membership.objects.active().filter(municipality_id=municipality_id).exists,
    )
