"""Each member municipality's development plan for a period: its goals and actions, the
development workshops that move it on, their records, and the consultants' hours."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from uso.core.models import TimeStampedModel


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Plans a person may open: coordinators all; consultants those of the municipalities
        assigned to them in the plan's period; municipal people their own, and others' shared
        plans (shared goals are listed separately)."""
        from uso.network.models import ConsultantAssignment

        if not user.is_authenticated:
            return self.none()
        if user.is_coordinator:
            return self.all()
        if user.is_consultant:
            assigned = ConsultantAssignment.objects.filter(
                consultant=user,
                membership__municipality=OuterRef("municipality"),
                membership__period=OuterRef("period"),
            )
            return self.filter(Exists(assigned))
        if user.municipality_id:
            return self.filter(Q(municipality_id=user.municipality_id) | Q(shared=True))
        return self.none()


class DevelopmentPlan(TimeStampedModel):
    """Kehittämissuunnitelma: one per member municipality per period."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        AGREED = "agreed", _("Agreed")
        FOLLOW_UP = "follow_up", _("In follow-up")
        CLOSED = "closed", _("Closed")

    municipality = models.ForeignKey(
        "network.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="development_plans",
    )
    period = models.ForeignKey(
        "network.Period",
        verbose_name=_("period"),
        on_delete=models.PROTECT,
        related_name="development_plans",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    starting_situation = models.TextField(_("starting situation"), blank=True)
    priorities = models.ManyToManyField(
        "network.SubTheme",
        verbose_name=_("priorities"),
        related_name="prioritised_in_plans",
        blank=True,
        help_text=_("The period's sub-themes the municipality works on first."),
    )
    agreed_on = models.DateField(_("agreed on"), null=True, blank=True)
    agreed_by = models.CharField(
        _("agreed by"),
        max_length=200,
        blank=True,
        help_text=_("Who agreed the plan, e.g. the municipal executive board."),
    )
    final_evaluation = models.TextField(_("final evaluation"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    shared = models.BooleanField(
        _("shared with the network"),
        default=False,
        help_text=_("Other member municipalities may read the whole plan."),
    )
    history = HistoricalRecords()

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("development plan")
        verbose_name_plural = _("development plans")
        ordering = ["period", "municipality__name_fi"]
        indexes = [models.Index(fields=["period", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "period"], name="one_plan_a_municipality_a_period"
            )
        ]

    def __str__(self):
        return f"{self.municipality} – {self.period}"

    def get_absolute_url(self):
        return reverse("development:plan", kwargs={"pk": self.pk})

    @property
    def membership(self):
        return self.municipality.memberships.filter(period_id=self.period_id).first()


class Goal(TimeStampedModel):
    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="goals")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    sub_theme = models.ForeignKey(
        "network.SubTheme",
        verbose_name=_("sub-theme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="goals",
    )
    indicator = models.CharField(_("indicator"), max_length=300, blank=True)
    baseline = models.CharField(_("baseline"), max_length=100, blank=True)
    target_value = models.CharField(_("target value"), max_length=100, blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    shared = models.BooleanField(
        _("shared with the network"),
        default=False,
        help_text=_("Other members find this goal under its sub-theme."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["plan", "order", "id"]
        indexes = [models.Index(fields=["shared", "sub_theme"])]

    def __str__(self):
        return self.title

    @property
    def municipality_id(self):
        return self.plan.municipality_id


class Action(TimeStampedModel):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(_("action"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_actions",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    progress_notes = models.TextField(_("progress notes"), blank=True)
    from_record = models.ForeignKey(
        "WorkshopRecord",
        verbose_name=_("from the workshop record"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["goal", "due_date", "id"]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self):
        return self.description[:80]

    @property
    def municipality_id(self):
        return self.goal.plan.municipality_id


class Comment(models.Model):
    """A remark on a goal or an action by the municipality's people or its consultants."""

    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="comments")
    goal = models.ForeignKey(
        Goal, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    action = models.ForeignKey(
        Action, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="plan_comments"
    )
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(goal__isnull=False) | Q(action__isnull=False),
                name="comment_is_on_a_goal_or_an_action",
            )
        ]

    def __str__(self):
        return self.body[:80]


class Workshop(TimeStampedModel):
    """A development workshop of a plan; its time, place and registrations are its event."""

    class Approval(models.TextChoices):
        WITHIN_QUOTA = "within_quota", _("Within the quota")
        PENDING = "pending", _("Waiting for the coordinator's approval")
        APPROVED = "approved", _("Approved as a billable extra")
        DECLINED = "declined", _("Declined")

    event = models.OneToOneField(
        "events.Event", on_delete=models.CASCADE, related_name="development_workshop"
    )
    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="workshops")
    sub_theme = models.ForeignKey(
        "network.SubTheme",
        verbose_name=_("sub-theme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="workshops",
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitators"),
        related_name="facilitated_workshops",
        blank=True,
    )
    approval = models.CharField(
        _("quota"), max_length=12, choices=Approval.choices, default=Approval.WITHIN_QUOTA
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    invoice = models.ForeignKey(
        "billing.Invoice",
        verbose_name=_("invoice"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="extra_workshops",
    )

    class Meta:
        verbose_name = _("development workshop")
        verbose_name_plural = _("development workshops")
        indexes = [models.Index(fields=["plan", "approval"])]

    def __str__(self):
        return str(self.event)

    @property
    def municipality_id(self):
        return self.plan.municipality_id


class WorkshopRecord(TimeStampedModel):
    """What happened at a workshop: summary and decisions; actions follow into the plan."""

    workshop = models.OneToOneField(Workshop, on_delete=models.CASCADE, related_name="record")
    summary = models.TextField(_("summary"))
    decisions = models.TextField(_("decisions"), blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("workshop record")
        verbose_name_plural = _("workshop records")

    def __str__(self):
        return str(self.workshop)


class HourEntry(models.Model):
    """A consultant's hours on a plan, for one workshop or for the plan in general."""

    class Kind(models.TextChoices):
        PREPARATION = "preparation", _("Preparation")
        FACILITATION = "facilitation", _("Facilitation")
        REPORTING = "reporting", _("Reporting")

    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="hour_entries"
    )
    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.PROTECT, related_name="hours")
    workshop = models.ForeignKey(
        Workshop,
        verbose_name=_("workshop"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hours",
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind of work"), max_length=12, choices=Kind.choices)
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25"))],
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hours")
        verbose_name_plural = _("hours")
        ordering = ["-date", "id"]
        indexes = [
            models.Index(fields=["consultant", "date"]),
            models.Index(fields=["plan", "date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24), name="hours_within_a_day"
            )
        ]

    def __str__(self):
        return f"{self.consultant} {self.date} {self.hours}"
