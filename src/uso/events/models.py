import secrets

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from uso.core.html import sanitize_html
from uso.core.models import TimeStampedModel, private_storage


class EventKind(models.TextChoices):
    THEME_SEMINAR = "theme_seminar", _("Theme seminar")
    PEER_SEMINAR = "peer_seminar", _("Peer seminar")
    CHANGE_CLINIC = "change_clinic", _("Change clinic")
    CONTACT_MEETING = "contact_meeting", _("Contact-person meeting")
    WORKSHOP = "workshop", _("Development workshop")


# Anyone may read about these; the others are for the network's own people.
PUBLIC_KINDS = [EventKind.THEME_SEMINAR, EventKind.CHANGE_CLINIC]
# Theme and peer seminars count towards the period's "seminars a year".
SEMINAR_KINDS = [EventKind.THEME_SEMINAR, EventKind.PEER_SEMINAR]


class Audience(models.TextChoices):
    BOTH = "both", _("Political and professional leadership")
    POLITICAL = "political", _("Political leadership")
    PROFESSIONAL = "professional", _("Professional leadership")
    CONTACTS = "contacts", _("Contact persons")


class EventFormat(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("On site and online")


class ParticipationMode(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    ONLINE = "online", _("Online")


class EventQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Events a person may see: drafts only to coordinators; peer seminars only to their
        groups' municipalities; a workshop only to its municipality and its consultants."""
        if user.is_authenticated and user.is_coordinator:
            return self.all()
        shown = self.exclude(status=Event.Status.DRAFT)
        public = Q(kind__in=PUBLIC_KINDS)
        if not user.is_authenticated:
            return shown.filter(public)
        if user.is_consultant:
            assigned = user.assignments.values("membership__municipality")
            return shown.filter(
                public
                | Q(kind__in=[EventKind.CONTACT_MEETING, EventKind.PEER_SEMINAR])
                | Q(kind=EventKind.WORKSHOP, municipality__in=assigned)
            )
        if user.municipality_id:
            in_my_group = Event.peer_groups.through.objects.filter(
                event=OuterRef("pk"), peergroup__members=user.municipality_id
            )
            return shown.filter(
                public
                | Q(kind=EventKind.CONTACT_MEETING)
                | Q(Q(kind=EventKind.PEER_SEMINAR) & Q(Exists(in_my_group)))
                | Q(kind=EventKind.WORKSHOP, municipality_id=user.municipality_id)
            )
        return shown.filter(public)

    def upcoming(self):
        return self.filter(end__gte=timezone.now())

    def past(self):
        return self.filter(end__lt=timezone.now())

    def with_counts(self):
        """confirmed_count and waitlist_count of each event. Counted per row by the
        (event, status) index rather than by joining every registration and grouping: a page of
        50 events then counts 50 events' places, not the whole programme's before the LIMIT."""
        return self.annotate(
            confirmed_count=_registrations_counted(Registration.Status.CONFIRMED),
            waitlist_count=_registrations_counted(Registration.Status.WAITLISTED),
        )


def _registrations_counted(status):
    counted = (
        Registration.objects.filter(event=OuterRef("pk"), status=status)
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(models.Subquery(counted[:1]), 0)


class Event(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    period = models.ForeignKey(
        "network.Period", verbose_name=_("period"), on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Simple HTML: headings, paragraphs, lists, links."),
    )
    sub_themes = models.ManyToManyField(
        "network.SubTheme", verbose_name=_("sub-themes"), related_name="events", blank=True
    )
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    format = models.CharField(
        _("format"), max_length=10, choices=EventFormat.choices, default=EventFormat.ON_SITE
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    online_url = models.URLField(
        _("online meeting link"),
        blank=True,
        help_text=_("Shown only to people who have registered."),
    )
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience.choices, default=Audience.BOTH
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty for no limit.")
    )
    per_municipality_limit = models.PositiveSmallIntegerField(
        _("seats per municipality"), null=True, blank=True, help_text=_("Empty for no limit.")
    )
    registration_opens = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("Empty: when the event starts."),
    )
    guests_allowed = models.BooleanField(_("guests allowed"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    organisers = models.CharField(_("organisers"), max_length=300, blank=True)
    speakers = models.CharField(_("speakers"), max_length=500, blank=True)
    seminar_round = models.PositiveSmallIntegerField(
        _("seminar number in the year"),
        null=True,
        blank=True,
        help_text=_(
            "Parallel peer seminars for different groups share a number and count once for "
            "each member."
        ),
    )
    peer_groups = models.ManyToManyField(
        "network.PeerGroup", verbose_name=_("peer groups"), related_name="events", blank=True
    )
    regions = models.ManyToManyField(
        "network.Region",
        verbose_name=_("regions"),
        related_name="events",
        blank=True,
        help_text=_("A regional change clinic: the regions whose municipalities it is for."),
    )
    admitted_municipalities = models.ManyToManyField(
        "network.Municipality",
        verbose_name=_("also admitted"),
        related_name="admitted_events",
        blank=True,
        help_text=_("Municipalities outside the clinic's regions that may take part."),
    )
    municipality = models.ForeignKey(
        "network.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="workshops",
        help_text=_("The municipality whose development workshop this is."),
    )
    sequence = models.PositiveIntegerField(default=0, editable=False)  # iCalendar SEQUENCE
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    feedback_requested_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["start", "id"]
        indexes = [
            models.Index(fields=["start"]),
            models.Index(fields=["end"]),
            models.Index(fields=["kind", "start"]),
            models.Index(fields=["status", "start"]),
            models.Index(fields=["period", "start"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="event_ends_after_start"),
            models.CheckConstraint(
                condition=Q(kind="workshop", municipality__isnull=False)
                | (~Q(kind="workshop") & Q(municipality__isnull=True)),
                name="workshop_has_a_municipality",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        for field in ("description_fi", "description_sv", "description_en"):
            value = getattr(self, field, None)
            if value:
                setattr(self, field, sanitize_html(value))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("events:event", kwargs={"pk": self.pk})

    @property
    def is_hybrid(self) -> bool:
        return self.format == EventFormat.HYBRID

    @property
    def has_ended(self) -> bool:
        return self.end < timezone.now()

    @property
    def closes_at(self):
        return self.registration_closes or self.start

    def registration_problem(self, now=None) -> str | None:
        """Why nobody can register right now, or None when registration is open."""
        now = now or timezone.now()
        if self.status == self.Status.CANCELLED:
            return _("The event has been cancelled.")
        if self.status == self.Status.DRAFT:
            return _("The event has not been published yet.")
        if self.registration_opens and now < self.registration_opens:
            opens = formats.date_format(
                timezone.localtime(self.registration_opens), "SHORT_DATETIME_FORMAT"
            )
            return _("Registration opens on %(time)s.") % {"time": opens}
        if now >= self.closes_at:
            return _("Registration has closed.")
        return None


class AgendaItem(models.Model):
    """One line of the programme: a time, a title, a speaker."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="agenda")
    starts_at = models.TimeField(_("time"))
    title = models.CharField(_("title"), max_length=300)
    speaker = models.CharField(_("speaker"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["event", "starts_at", "id"]

    def __str__(self):
        return f"{self.starts_at:%H.%M} {self.title}"


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=Registration.Status.CANCELLED)

    def confirmed(self):
        return self.filter(status=Registration.Status.CONFIRMED)

    def waitlisted(self):
        return self.filter(status=Registration.Status.WAITLISTED).order_by("id")

    def with_waitlist_position(self):
        ahead = Registration.objects.filter(
            event=OuterRef("event"), status=Registration.Status.WAITLISTED, pk__lte=OuterRef("pk")
        )
        return self.annotate(
            waitlist_position=models.Subquery(
                ahead.order_by().values("event").annotate(n=Count("pk")).values("n")[:1]
            )
        )


class Registration(models.Model):
    """A person's (or a guest's) place at an event, or in its waitlist."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", _("Cancelled")

    class Attendance(models.TextChoices):
        UNKNOWN = "", _("Not marked")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("Did not come")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    municipality = models.ForeignKey(
        "network.Municipality",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    guest_name = models.CharField(_("guest's name"), max_length=200, blank=True)
    guest_organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    guest_email = models.EmailField(_("guest's e-mail"), blank=True)
    language = models.CharField(_("language"), max_length=2, default="fi")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    mode = models.CharField(
        _("participation"), max_length=10, choices=ParticipationMode.choices, blank=True
    )
    dietary = models.TextField(
        _("dietary requirements"),
        blank=True,
        help_text=_("Erased automatically 30 days after the event."),
    )
    consent_to_list = models.BooleanField(_("my name may appear on the participant list"))
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, blank=True
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    feedback_token = models.CharField(max_length=64, unique=True, null=True, blank=True)
    # Only whether feedback was given: the answers carry no link back to the registration.
    feedback_given = models.BooleanField(default=False)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "id"]
        indexes = [
            models.Index(fields=["event", "status", "id"]),
            models.Index(fields=["event", "municipality", "status"]),
            models.Index(fields=["person", "status"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"],
                condition=Q(person__isnull=False) & ~Q(status="cancelled"),
                name="one_active_registration_a_person",
            ),
            models.UniqueConstraint(
                fields=["event", "guest_email"],
                condition=Q(person__isnull=True) & ~Q(status="cancelled"),
                name="one_active_registration_a_guest",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(guest_name=""),
                name="registration_has_a_person_or_a_guest",
            ),
        ]

    def __str__(self):
        return f"{self.name} – {self.event}"

    @property
    def name(self) -> str:
        return str(self.person) if self.person_id else self.guest_name

    @property
    def email(self) -> str:
        return self.person.email if self.person_id else self.guest_email

    @property
    def is_guest(self) -> bool:
        return self.person_id is None

    @property
    def recipient_language(self) -> str:
        return self.person.language if self.person_id else self.language


class ClinicSlot(models.Model):
    """A bookable consultation at a change clinic: one municipality, one expert."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="slots")
    starts = models.DateTimeField(_("starts"))
    ends = models.DateTimeField(_("ends"))
    expert = models.CharField(_("expert"), max_length=200)
    municipality = models.ForeignKey(
        "network.Municipality",
        verbose_name=_("booked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="clinic_slots",
    )
    challenge = models.TextField(_("the change challenge we bring"), blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    booked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("consultation slot")
        verbose_name_plural = _("consultation slots")
        ordering = ["event", "starts", "expert"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "municipality"],
                condition=Q(municipality__isnull=False),
                name="one_slot_a_municipality",
            ),
            models.CheckConstraint(condition=Q(ends__gt=F("starts")), name="slot_ends_after_start"),
        ]

    def __str__(self):
        start = formats.date_format(timezone.localtime(self.starts), "j.n.Y H.i")
        return f"{start} {self.expert}"

    @property
    def is_free(self) -> bool:
        return self.municipality_id is None


def material_path(instance, filename: str) -> str:
    return f"events/{instance.event_id}/{secrets.token_hex(8)}/{filename}"


class EventMaterial(models.Model):
    """Slides and other files of an event; members only, downloaded through a checked view."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=material_path, storage=private_storage)
    size = models.PositiveBigIntegerField(default=0, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("event material")
        verbose_name_plural = _("event materials")
        ordering = ["event", "uploaded_at", "id"]

    def __str__(self):
        return self.title


class FeedbackQuestion(models.Model):
    class Kind(models.TextChoices):
        SCALE = "scale", _("Scale 1–5")
        OPEN = "open", _("Open answer")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="feedback_questions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=300)

    class Meta:
        verbose_name = _("feedback question")
        verbose_name_plural = _("feedback questions")
        ordering = ["event", "order", "id"]

    def __str__(self):
        return self.text


class FeedbackResponse(models.Model):
    """One anonymous answer sheet: no person, no registration, only the day it came."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="feedback_responses")
    submitted_on = models.DateField()

    class Meta:
        verbose_name = _("feedback response")
        verbose_name_plural = _("feedback responses")

    def __str__(self):
        return f"{self.event} {self.submitted_on}"


class FeedbackAnswer(models.Model):
    response = models.ForeignKey(FeedbackResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(FeedbackQuestion, on_delete=models.CASCADE, related_name="answers")
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5),
                name="feedback_score_1_to_5",
            )
        ]

    def __str__(self):
        return f"{self.question}: {self.score or self.text[:40]}"


def _new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A person's secret iCalendar address; a new token revokes the old address."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=_new_feed_token)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return str(self.person)

    def renew(self) -> None:
        self.token = _new_feed_token()
        self.save(update_fields=["token", "created_at"])
