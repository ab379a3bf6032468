"""Read-side figures: an event's feedback results and the coordinator's year in events.

Every count comes from an aggregate or an annotation in the database, so the number of
queries stays the same however many municipalities, events, registrations or answers there
are (tests/test_events_year.py asserts it).
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    BigIntegerField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from uso.accounts.models import Leadership
from uso.network.models import Membership, Municipality

from .models import (
    SEMINAR_KINDS,
    Event,
    EventKind,
    FeedbackAnswer,
    FeedbackQuestion,
    Registration,
)

SCORES = (1, 2, 3, 4, 5)
UNKNOWN = "unknown"
LEADERSHIPS = (Leadership.POLITICAL, Leadership.PROFESSIONAL, UNKNOWN)


# --- Feedback ----------------------------------------------------------------------------------


@dataclass
class ScoreBar:
    score: int
    count: int
    share: int  # per cent of the question's answers
    width: int  # per cent of the longest bar, for the chart


@dataclass
class QuestionResult:
    question: FeedbackQuestion
    count: int = 0
    mean: Decimal | None = None
    bars: list[ScoreBar] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    @property
    def is_scale(self) -> bool:
        return self.question.kind == FeedbackQuestion.Kind.SCALE


@dataclass
class FeedbackResults:
    responses: int
    invited: int
    questions: list[QuestionResult]

    @property
    def response_rate(self) -> int | None:
        if not self.invited:
            return None
        return round(self.responses * 100 / self.invited)


def _percent(part: int, whole: int) -> int:
    if not whole:
        return 0
    return int((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(1), ROUND_HALF_UP))


def feedback_results(event: Event) -> FeedbackResults:
    """The event's answers: for each scale question the mean, the count and the distribution;
    for each open question its answers in alphabetical order (never in the order they came,
    which could help to tell who wrote what)."""
    questions = list(event.feedback_questions.all())
    scores: dict[int, dict[int, int]] = {}
    for row in (
        FeedbackAnswer.objects.filter(question__event=event, score__isnull=False)
        .values("question_id", "score")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        scores.setdefault(row["question_id"], {})[row["score"]] = row["n"]
    texts: dict[int, list[str]] = {}
    for question_id, text in (
        FeedbackAnswer.objects.filter(question__event=event, question__kind="open")
        .exclude(text="")
        .order_by(Lower("text"), "text", "pk")
        .values_list("question_id", "text")
    ):
        texts.setdefault(question_id, []).append(text)

    results = []
    for question in questions:
        result = QuestionResult(question=question)
        if question.kind == FeedbackQuestion.Kind.SCALE:
            counts = scores.get(question.pk, {})
            result.count = sum(counts.values())
            if result.count:
                total = sum(score * n for score, n in counts.items())
                result.mean = (Decimal(total) / Decimal(result.count)).quantize(
                    Decimal("0.1"), ROUND_HALF_UP
                )
            longest = max(counts.values(), default=0)
            result.bars = [
                ScoreBar(
                    score=score,
                    count=counts.get(score, 0),
                    share=_percent(counts.get(score, 0), result.count),
                    width=_percent(counts.get(score, 0), longest),
                )
                for score in SCORES
            ]
        else:
            result.texts = texts.get(question.pk, [])
            result.count = len(result.texts)
        results.append(result)
    return FeedbackResults(
        responses=event.feedback_responses.count(),
        invited=event.registrations.filter(feedback_token__isnull=False).count(),
        questions=results,
    )


# --- The coordinator's year --------------------------------------------------------------------


def default_year(period) -> int:
    """This year if the period runs in it, else the period's first year."""
    this_year = timezone.localdate().year
    return this_year if this_year in period.years else period.start_date.year


def year_events(period, year: int):
    """The period's published events (not drafts, not cancelled) that start in the year,
    in Helsinki time."""
    begins = timezone.make_aware(datetime(year, 1, 1))
    ends = timezone.make_aware(datetime(year + 1, 1, 1))
    return Event.objects.filter(
        period=period, status=Event.Status.PUBLISHED, start__gte=begins, start__lt=ends
    )


def seminar_unit():
    """What counts as one seminar: parallel peer seminars share a `seminar_round` and count
    once; a seminar without one counts by itself (rounds are positive, so −id never clashes)."""
    return Coalesce("seminar_round", -F("pk"), output_field=BigIntegerField())


@dataclass
class KindRow:
    kind: str
    label: str
    held: int
    planned: int

    @property
    def total(self) -> int:
        return self.held + self.planned


@dataclass
class MunicipalityRow:
    municipality: Municipality
    seminars_held: int
    seminars_planned: int
    target: int
    confirmed: dict[str, int]
    attended: dict[str, int]

    @property
    def seminars_open(self) -> int:
        return self.seminars_held + self.seminars_planned

    @property
    def below_target(self) -> bool:
        return self.seminars_open < self.target

    @property
    def confirmed_total(self) -> int:
        return sum(self.confirmed.values())

    @property
    def attended_total(self) -> int:
        return sum(self.attended.values())


@dataclass
class YearSummary:
    period: object
    year: int
    kinds: list[KindRow]
    seminars_held: int
    seminars_planned: int
    target: int
    municipalities: list[MunicipalityRow]

    @property
    def seminars(self) -> int:
        return self.seminars_held + self.seminars_planned

    @property
    def below_target(self) -> list[MunicipalityRow]:
        return [row for row in self.municipalities if row.below_target]

    @property
    def totals(self) -> dict:
        rows = self.municipalities
        return {
            "confirmed": {key: sum(row.confirmed[key] for row in rows) for key in LEADERSHIPS},
            "attended": {key: sum(row.attended[key] for row in rows) for key in LEADERSHIPS},
            "confirmed_total": sum(row.confirmed_total for row in rows),
            "attended_total": sum(row.attended_total for row in rows),
        }


def _leadership_q(key: str) -> Q:
    if key == UNKNOWN:
        return Q(person__isnull=True) | Q(person__leadership="")
    return Q(person__leadership=key)


def year_summary(period, year: int, now=None) -> YearSummary:
    """Events held (ended) and planned per kind; the seminars open to each member against the
    period's yearly target; attendance per member municipality by leadership. Four queries,
    whatever the size of the network."""
    now = now or timezone.now()
    events = year_events(period, year)
    ended = Q(end__lt=now)

    by_kind = {
        row["kind"]: row
        for row in events.values("kind")
        .annotate(held=Count("pk", filter=ended), planned=Count("pk", filter=~ended))
        .order_by()
    }
    kinds = [
        KindRow(
            kind=kind,
            label=label,
            held=by_kind.get(kind, {}).get("held", 0),
            planned=by_kind.get(kind, {}).get("planned", 0),
        )
        for kind, label in EventKind.choices
    ]

    seminars = events.filter(kind__in=SEMINAR_KINDS)
    network = seminars.aggregate(
        total=Count(seminar_unit(), distinct=True),
        held=Count(seminar_unit(), distinct=True, filter=ended),
    )

    # The seminars open to one member: every theme seminar, and the peer seminars of its groups.
    in_members_group = Event.peer_groups.through.objects.filter(
        event=OuterRef("pk"), peergroup__members=OuterRef(OuterRef("pk"))
    )
    open_to_member = (
        seminars.filter(
            Q(kind=EventKind.THEME_SEMINAR)
            | (Q(kind=EventKind.PEER_SEMINAR) & Exists(in_members_group))
        )
        .order_by()
        .values("period")  # one group: all of them share the period
    )

    def units(condition=None):
        counted = open_to_member.annotate(
            n=Count(seminar_unit(), distinct=True, filter=condition)
        ).values("n")
        return Coalesce(Subquery(counted, output_field=IntegerField()), 0)

    members = list(
        Municipality.objects.filter(
            memberships__period=period, memberships__status=Membership.Status.ACTIVE
        )
        .annotate(seminars_open=units(), seminars_held=units(ended))
        .order_by("name_fi", "pk")
    )

    counts = {}
    for key in LEADERSHIPS:
        counts[f"confirmed_{key}"] = Count(
            "pk", filter=Q(status=Registration.Status.CONFIRMED) & _leadership_q(key)
        )
        counts[f"attended_{key}"] = Count(
            "pk", filter=Q(attendance=Registration.Attendance.ATTENDED) & _leadership_q(key)
        )
    attendance = {
        row["municipality_id"]: row
        for row in Registration.objects.filter(event__in=events, municipality__isnull=False)
        .values("municipality_id")
        .annotate(**counts)
        .order_by()
    }

    target = period.seminars_per_year
    rows = []
    for municipality in members:
        figures = attendance.get(municipality.pk, {})
        rows.append(
            MunicipalityRow(
                municipality=municipality,
                seminars_held=municipality.seminars_held,
                seminars_planned=municipality.seminars_open - municipality.seminars_held,
                target=target,
                confirmed={key: figures.get(f"confirmed_{key}", 0) for key in LEADERSHIPS},
                attended={key: figures.get(f"attended_{key}", 0) for key in LEADERSHIPS},
            )
        )
    return YearSummary(
        period=period,
        year=year,
        kinds=kinds,
        seminars_held=network["held"],
        seminars_planned=network["total"] - network["held"],
        target=target,
        municipalities=rows,
    )


def year_table(summary: YearSummary) -> tuple[list[str], list[list]]:
    """The per-municipality table as a header and rows, for the CSV and XLSX exports."""
    labels = {
        Leadership.POLITICAL: _("political"),
        Leadership.PROFESSIONAL: _("professional"),
        UNKNOWN: _("unknown"),
    }
    header = [
        _("Municipality"),
        _("Code"),
        _("Seminars held"),
        _("Seminars planned"),
        _("Seminars a year (target)"),
        *[_("Confirmed: %(leadership)s") % {"leadership": labels[key]} for key in LEADERSHIPS],
        _("Confirmed in total"),
        *[_("Attended: %(leadership)s") % {"leadership": labels[key]} for key in LEADERSHIPS],
        _("Attended in total"),
    ]
    rows = [
        [
            row.municipality.name,
            row.municipality.code,
            row.seminars_held,
            row.seminars_planned,
            row.target,
            *[row.confirmed[key] for key in LEADERSHIPS],
            row.confirmed_total,
            *[row.attended[key] for key in LEADERSHIPS],
            row.attended_total,
        ]
        for row in summary.municipalities
    ]
    return header, rows
