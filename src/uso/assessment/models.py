"""The starting-situation analysis: a self-assessment per period, answered in rounds by each
member municipality's leaders, and the municipal key figures it is read against.

Answers are stored per respondent (so a respondent can be reminded, and can change an answer
while the round is open) but are only ever shown aggregated: see `results.py` for the
thresholds that keep one person's answers from being learnt.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from uso.accounts.models import Language, Leadership
from uso.core.models import TimeStampedModel
from uso.network.models import Municipality, Period, SubTheme

SCALE = (1, 2, 3, 4, 5)


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class Questionnaire(TimeStampedModel):
    """The period's self-assessment: statements per sub-theme and open questions."""

    period = models.OneToOneField(
        Period, on_delete=models.CASCADE, related_name="questionnaire", verbose_name=_("period")
    )
    introduction = models.TextField(
        _("introduction"), blank=True, help_text=_("Shown to respondents above the questions.")
    )

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ["-period__start_date"]

    def __str__(self):
        return str(self.period)


class Question(models.Model):
    class Kind(models.TextChoices):
        STATEMENT = "statement", _("Statement (scale 1–5)")
        OPEN = "open", _("Open question")

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    sub_theme = models.ForeignKey(
        SubTheme,
        verbose_name=_("sub-theme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assessment_questions",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["questionnaire", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="open") | Q(sub_theme__isnull=False),
                name="assessment_statement_has_sub_theme",
            )
        ]

    def __str__(self):
        return self.text[:80]

    @property
    def is_statement(self) -> bool:
        return self.kind == self.Kind.STATEMENT


class RoundQuerySet(models.QuerySet):
    def closed(self, today=None):
        return self.filter(closes_on__lt=today or timezone.localdate())

    def open(self, today=None):
        today = today or timezone.localdate()
        return self.filter(opens_on__lte=today, closes_on__gte=today)


class Round(TimeStampedModel):
    """One answering round: at the start or at the end of the period."""

    class Kind(models.TextChoices):
        START = "start", _("Start of the period")
        END = "end", _("End of the period")

    class State(models.TextChoices):
        UPCOMING = "upcoming", _("Not open yet")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="rounds"
    )
    kind = models.CharField(_("round"), max_length=5, choices=Kind.choices)
    opens_on = models.DateField(_("opens"))
    closes_on = models.DateField(
        _("closes"), help_text=_("The last day for answers; results are shown from the next day.")
    )

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("answering round")
        verbose_name_plural = _("answering rounds")
        ordering = ["questionnaire", "opens_on"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "kind"], name="assessment_round_once"),
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="assessment_round_dates"
            ),
        ]
        indexes = [models.Index(fields=["closes_on"])]

    def __str__(self):
        return f"{self.questionnaire.period} · {self.get_kind_display()}"

    def state(self, today=None) -> str:
        today = today or timezone.localdate()
        if today < self.opens_on:
            return self.State.UPCOMING
        if today > self.closes_on:
            return self.State.CLOSED
        return self.State.OPEN

    @property
    def is_open(self) -> bool:
        return self.state() == self.State.OPEN

    @property
    def is_closed(self) -> bool:
        return self.state() == self.State.CLOSED


class Respondent(models.Model):
    """A person invited to answer one round for their municipality, through a personal link."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="respondents")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="assessment_respondents"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assessment_invitations",
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    leadership = models.CharField(_("leadership"), max_length=12, choices=Leadership.choices)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.FI
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(_("invited"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("respondent")
        verbose_name_plural = _("respondents")
        ordering = ["round", "municipality", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "municipality", "email"], name="assessment_respondent_once"
            )
        ]
        indexes = [models.Index(fields=["round", "municipality", "answered_at"])]

    def __str__(self):
        return self.name


class Answer(models.Model):
    """One respondent's answer to one question. `score` is empty for "cannot say"."""

    respondent = models.ForeignKey(Respondent, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    text = models.TextField(_("answer"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["respondent", "question"], name="assessment_answer_once"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5),
                name="assessment_score_on_scale",
            ),
        ]

    def __str__(self):
        return f"{self.question}: {self.score if self.score else self.text[:40]}"


class Reminder(models.Model):
    """One reminder to those who have not answered; each of them gets it once."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reminders")
    municipality = models.ForeignKey(
        Municipality, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    recipients = models.ManyToManyField(Respondent, through="ReminderDelivery", related_name="+")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.round} · {self.created_at:%Y-%m-%d %H:%M}"


class ReminderDelivery(models.Model):
    reminder = models.ForeignKey(Reminder, on_delete=models.CASCADE, related_name="deliveries")
    respondent = models.ForeignKey(
        Respondent, on_delete=models.CASCADE, related_name="reminder_deliveries"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["reminder", "respondent"], name="assessment_reminded_once"
            )
        ]

    def __str__(self):
        return f"{self.reminder} → {self.respondent}"


# --- Key figures -------------------------------------------------------------------------------


class Indicator(models.Model):
    """A municipal key figure: population, share of over-64s, unemployment rate, …"""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=30, blank=True, help_text=_("e.g. %, €/inh."))
    decimals = models.PositiveSmallIntegerField(_("decimals"), default=1)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class KeyFigureImport(models.Model):
    """One imported file, so a figure can say where it came from."""

    file_name = models.CharField(_("file"), max_length=200)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    figure_count = models.PositiveIntegerField(_("figures"), default=0)

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self):
        return self.file_name


class KeyFigure(models.Model):
    class Source(models.TextChoices):
        STATISTICS_FINLAND = "statfin", _("Statistics Finland")
        DEMO = "demo", _("Demo figure (not real)")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="key_figures"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="figures")
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4)
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.STATISTICS_FINLAND
    )
    imported_from = models.ForeignKey(
        KeyFigureImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="figures"
    )

    class Meta:
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")
        ordering = ["indicator", "-year", "municipality"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "indicator", "year"], name="assessment_figure_once"
            )
        ]
        indexes = [models.Index(fields=["indicator", "year"])]

    def __str__(self):
        return f"{self.municipality} {self.indicator} {self.year}: {self.value}"


class Comparison(models.Model):
    """How a period finds each member's comparable municipalities: nearest by these indicators
    (each standardised over the municipalities that have it), `count` of them."""

    period = models.OneToOneField(Period, on_delete=models.CASCADE, related_name="comparison")
    indicators = models.ManyToManyField(Indicator, verbose_name=_("indicators"), related_name="+")
    count = models.PositiveSmallIntegerField(_("number of comparable municipalities"), default=5)
    members_only = models.BooleanField(_("compare with member municipalities only"), default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("comparison setting")
        verbose_name_plural = _("comparison settings")

    def __str__(self):
        return str(self.period)
