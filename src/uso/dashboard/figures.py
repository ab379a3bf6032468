"""The network dashboard's reads: one function per section, each returning plain dataclasses.

Every section costs a fixed number of queries, however many members, events, invoices or
messages there are: the figures are aggregates and grouped counts in the database. Where an
earlier app already computes a figure, the section takes it from there (events:
`statistics.year_summary`; workshops: `development.overview.overview_rows`; fees:
`Invoice.objects.totals_by_year`, as the billing dashboard).
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import ExtractMonth
from django.utils import timezone
from django.utils.translation import get_language

from uso.accounts.models import Leadership
from uso.assessment.models import Questionnaire, Respondent, Round
from uso.billing.models import Invoice
from uso.community.models import Post, Practice, Thread
from uso.development.overview import overview_rows, quota_year
from uso.events import statistics
from uso.events.models import (
    Event,
    FeedbackAnswer,
    FeedbackQuestion,
    FeedbackResponse,
    Registration,
)
from uso.events.statistics import YearSummary
from uso.network.models import Membership, Period

ZERO = Decimal("0.00")
# The page's figures are kept this long: they add up the whole network's registrations,
# messages and invoices (half a second at ten times the real size), and a coordinator who
# reads the year's trends does not need them to the second. The page says when they were made.
CACHE_SECONDS = 300
MONTHS = tuple(range(1, 13))
LEADERSHIPS = (Leadership.POLITICAL, Leadership.PROFESSIONAL)


def percent(part, whole) -> int | None:
    """`part` of `whole` in whole per cent, rounded half up; None when there is no whole."""
    if not whole:
        return None
    return int((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(1), ROUND_HALF_UP))


def bar(part, whole) -> int:
    """A bar's width in per cent of the longest bar (0–100), for the charts."""
    if not whole or part is None:
        return 0
    return max(0, min(100, int(Decimal(part) * 100 / Decimal(whole))))


def mean_of(total, count) -> Decimal | None:
    """A mean score to one decimal, half up, as the event's feedback page shows it."""
    if not count:
        return None
    return (Decimal(total) / Decimal(count)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """The year's first moment and the next year's first, in Helsinki time."""
    return (
        timezone.make_aware(datetime(year, 1, 1)),
        timezone.make_aware(datetime(year + 1, 1, 1)),
    )


# --- Members and fees --------------------------------------------------------------------------


@dataclass
class StatusCount:
    status: str
    label: str
    count: int
    width: int = 0


@dataclass
class FeeYear:
    year: int
    count: int
    invoiced: Decimal
    paid: Decimal
    overdue: Decimal
    paid_width: int = 0
    open_width: int = 0

    @property
    def open(self) -> Decimal:
        return self.invoiced - self.paid


@dataclass
class MemberFee:
    code: str
    name: str
    invoiced: Decimal
    paid: Decimal

    @property
    def open(self) -> Decimal:
        return self.invoiced - self.paid


@dataclass
class MembersAndFees:
    statuses: list[StatusCount]
    fee_years: list[FeeYear]
    members_fees: list[MemberFee]  # the chosen year's fee per member
    year: int

    @property
    def active(self) -> int:
        return next((row.count for row in self.statuses if row.status == "active"), 0)

    @property
    def chosen(self) -> FeeYear | None:
        return next((row for row in self.fee_years if row.year == self.year), None)


def members_and_fees(period: Period, year: int, today: date | None = None) -> MembersAndFees:
    """The period's memberships by status, and its invoices (membership fees and extra
    workshops) by fee year — invoiced, paid, open and overdue, as the billing dashboard counts
    them — with the chosen year per member.
    Three queries."""
    today = today or timezone.localdate()
    counts = dict(
        Membership.objects.filter(period=period)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    most = max(counts.values(), default=0)
    statuses = [
        StatusCount(status=value, label=str(label), count=counts.get(value, 0))
        for value, label in Membership.Status.choices
    ]
    for row in statuses:
        row.width = bar(row.count, most)

    invoices = Invoice.objects.filter(membership__period=period, kind=Invoice.Kind.INVOICE).exclude(
        status=Invoice.Status.CREDITED
    )
    fee_years = [
        FeeYear(
            year=row["year"],
            count=row["count"],
            invoiced=row["invoiced"],
            paid=row["paid"],
            overdue=(row["overdue_gross"] or ZERO) - (row["overdue_paid"] or ZERO),
        )
        for row in invoices.totals_by_year(today)
    ]
    scale = max((row.invoiced for row in fee_years), default=ZERO)
    for row in fee_years:
        row.paid_width = bar(min(row.paid, row.invoiced), scale)
        row.open_width = bar(max(row.open, ZERO), scale)

    members_fees = [
        MemberFee(
            code=row["membership__municipality__code"],
            name=row["buyer_name"],
            invoiced=row["invoiced"],
            paid=row["paid"],
        )
        for row in invoices.filter(year=year)
        .values("membership__municipality__code", "buyer_name")
        .annotate(invoiced=Sum("gross"), paid=Sum("paid_amount"))
        .order_by("buyer_name", "membership__municipality__code")
    ]
    return MembersAndFees(
        statuses=statuses, fee_years=fee_years, members_fees=members_fees, year=year
    )


# --- Events ------------------------------------------------------------------------------------


@dataclass
class EventFigures:
    summary: YearSummary
    kind_scale: int  # the longest bar of events per kind

    @property
    def seminar_share(self) -> int | None:
        """Seminars held of the yearly target, per cent."""
        return percent(self.summary.seminars_held, self.summary.target)

    @property
    def seminar_width(self) -> int:
        return bar(min(self.summary.seminars_held, self.summary.target), self.summary.target)

    @property
    def planned_width(self) -> int:
        room = max(self.summary.target - self.summary.seminars_held, 0)
        return bar(min(self.summary.seminars_planned, room), self.summary.target)


def events(period: Period, year: int) -> EventFigures:
    """The events app's year: held against the target, participation by municipality and by
    leadership (`statistics.year_summary`, four queries)."""
    summary = statistics.year_summary(period, year)
    return EventFigures(
        summary=summary, kind_scale=max((row.total for row in summary.kinds), default=0)
    )


# --- Workshops ---------------------------------------------------------------------------------


@dataclass
class WorkshopRow:
    code: str
    name: str
    held: int
    planned: int
    quota: int
    remaining: int
    extras: int
    held_width: int = 0
    planned_width: int = 0

    @property
    def reached(self) -> bool:
        return self.held >= self.quota


@dataclass
class WorkshopFigures:
    rows: list[WorkshopRow]
    quota: int
    per_year: bool

    @property
    def held(self) -> int:
        return sum(row.held for row in self.rows)

    @property
    def planned(self) -> int:
        return sum(row.planned for row in self.rows)

    @property
    def extras(self) -> int:
        return sum(row.extras for row in self.rows)

    @property
    def quota_total(self) -> int:
        return self.quota * len(self.rows)

    @property
    def reached(self) -> int:
        return sum(1 for row in self.rows if row.reached)

    @property
    def held_share(self) -> int | None:
        return percent(self.held, self.quota_total)


def workshops(period: Period, year: int) -> WorkshopFigures:
    """Each active member's workshops against the quota, as the development overview counts
    them (`overview_rows`: one query)."""
    rows = [
        WorkshopRow(
            code=row.municipality.code,
            name=row.municipality.name,
            held=row.held,
            planned=row.planned,
            quota=row.quota,
            remaining=row.remaining,
            extras=row.extras,
        )
        for row in overview_rows(period, year=year)
    ]
    scale = max([period.workshop_quota, *(row.held + row.planned for row in rows)])
    for row in rows:
        row.held_width = bar(row.held, scale)
        row.planned_width = bar(row.planned, scale)
    return WorkshopFigures(
        rows=rows, quota=period.workshop_quota, per_year=quota_year(period, year) is not None
    )


# --- Self-assessment ---------------------------------------------------------------------------


@dataclass
class Rate:
    invited: int = 0
    answered: int = 0

    @property
    def percent(self) -> int | None:
        return percent(self.answered, self.invited)

    @property
    def width(self) -> int:
        return bar(self.answered, self.invited)

    def add(self, invited: int, answered: int) -> None:
        self.invited += invited
        self.answered += answered


@dataclass
class MunicipalityRate:
    code: str
    name: str
    total: Rate = field(default_factory=Rate)
    by_leadership: dict[str, Rate] = field(
        default_factory=lambda: {key: Rate() for key in LEADERSHIPS}
    )


@dataclass
class RoundRates:
    round: Round
    total: Rate = field(default_factory=Rate)
    by_leadership: dict[str, Rate] = field(
        default_factory=lambda: {key: Rate() for key in LEADERSHIPS}
    )
    municipalities: list[MunicipalityRate] = field(default_factory=list)


@dataclass
class AssessmentFigures:
    has_questionnaire: bool
    rounds: list[RoundRates]
    other_rounds: int  # rounds of the period that do not run in the chosen year


def assessment(period: Period, year: int) -> AssessmentFigures:
    """Response rates (answered of invited) of the period's self-assessment rounds that run
    in the year: per round, per municipality and by leadership. Three queries."""
    questionnaire = Questionnaire.objects.filter(period=period).first()
    if questionnaire is None:
        return AssessmentFigures(has_questionnaire=False, rounds=[], other_rounds=0)
    all_rounds = list(Round.objects.filter(questionnaire=questionnaire).order_by("opens_on"))
    rounds = [
        RoundRates(round=item)
        for item in all_rounds
        if item.opens_on.year <= year <= item.closes_on.year
    ]
    by_pk = {item.round.pk: item for item in rounds}
    grouped = (
        Respondent.objects.filter(round__in=list(by_pk))
        .values(
            "round_id",
            "municipality_id",
            "municipality__code",
            "municipality__name_fi",
            "municipality__name_sv",
            "leadership",
        )
        .annotate(invited=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False)))
        .order_by()
    )
    municipalities: dict[tuple[int, int], MunicipalityRate] = {}
    swedish = get_language() == "sv"
    for row in grouped:
        item = by_pk[row["round_id"]]
        key = (row["round_id"], row["municipality_id"])
        if key not in municipalities:
            municipalities[key] = MunicipalityRate(
                code=row["municipality__code"],
                name=row["municipality__name_sv" if swedish else "municipality__name_fi"],
            )
            item.municipalities.append(municipalities[key])
        place = municipalities[key]
        item.total.add(row["invited"], row["answered"])
        place.total.add(row["invited"], row["answered"])
        if row["leadership"] in item.by_leadership:
            item.by_leadership[row["leadership"]].add(row["invited"], row["answered"])
            place.by_leadership[row["leadership"]].add(row["invited"], row["answered"])
    for item in rounds:
        item.municipalities.sort(key=lambda place: (place.name, place.code))
    return AssessmentFigures(
        has_questionnaire=True, rounds=rounds, other_rounds=len(all_rounds) - len(rounds)
    )


# --- Feedback ----------------------------------------------------------------------------------


@dataclass
class EventFeedback:
    event: Event
    responses: int
    invited: int
    answers: int  # scale answers
    mean: Decimal | None
    width: int = 0

    @property
    def response_rate(self) -> int | None:
        return percent(self.responses, self.invited)


@dataclass
class FeedbackFigures:
    events: list[EventFeedback]
    answers: int
    mean: Decimal | None

    @property
    def responses(self) -> int:
        return sum(row.responses for row in self.events)

    @property
    def invited(self) -> int:
        return sum(row.invited for row in self.events)

    @property
    def response_rate(self) -> int | None:
        return percent(self.responses, self.invited)


def feedback(period: Period, year: int) -> FeedbackFigures:
    """The scale questions' mean score per event of the year that has ended and asked for
    feedback (or got some), and over all their answers (not the mean of the means), with the
    answer sheets against those asked for feedback. Five queries."""
    held = statistics.year_events(period, year).filter(
        Q(feedback_requested_at__isnull=False)
        | Exists(FeedbackResponse.objects.filter(event=OuterRef("pk"))),
        end__lt=timezone.now(),
    )
    event_list = list(held.order_by("start", "pk"))
    scale = {"question__kind": FeedbackQuestion.Kind.SCALE, "score__isnull": False}
    answers = FeedbackAnswer.objects.filter(question__event__in=held, **scale)
    scores = {
        row["question__event_id"]: row
        for row in answers.values("question__event_id")
        .annotate(total=Sum("score"), n=Count("pk"))
        .order_by()
    }
    responses = dict(
        FeedbackResponse.objects.filter(event__in=held)
        .values_list("event_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    invited = dict(
        Registration.objects.filter(event__in=held, feedback_token__isnull=False)
        .values_list("event_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    overall = answers.aggregate(total=Sum("score"), n=Count("pk"))
    rows = []
    for item in event_list:
        figures = scores.get(item.pk, {})
        mean = mean_of(figures.get("total", 0), figures.get("n", 0))
        rows.append(
            EventFeedback(
                event=item,
                responses=responses.get(item.pk, 0),
                invited=invited.get(item.pk, 0),
                answers=figures.get("n", 0),
                mean=mean,
                width=bar(mean, 5) if mean is not None else 0,
            )
        )
    return FeedbackFigures(
        events=rows, answers=overall["n"], mean=mean_of(overall["total"] or 0, overall["n"])
    )


# --- Discussions -------------------------------------------------------------------------------


@dataclass
class MonthActivity:
    month: date
    threads: int
    posts: int
    width: int = 0  # the bar's height in the chart, 0–100

    @property
    def x(self) -> int:
        """The bar's place in the chart: 30 units a month."""
        return (self.month.month - 1) * 30

    @property
    def y(self) -> int:
        return 110 - self.width


@dataclass
class DiscussionFigures:
    months: list[MonthActivity]
    participants: int
    municipalities: int
    questions: int
    answered: int
    practices: int

    @property
    def threads(self) -> int:
        return sum(row.threads for row in self.months)

    @property
    def posts(self) -> int:
        return sum(row.posts for row in self.months)

    @property
    def most_posts(self) -> int:
        return max((row.posts for row in self.months), default=0)


def discussions(period: Period, year: int) -> DiscussionFigures:
    """Discussion in the period's areas in the year, by Helsinki month: threads started and
    messages written (removed and hidden ones left out), the people and municipalities who
    wrote, questions asked and those answered (a visible reply beside the question's own first
    message), and the practice cards added. Five queries."""
    begins, ends = year_bounds(year)
    in_year = {"created_at__gte": begins, "created_at__lt": ends}
    threads = Thread.objects.filter(area__period=period, **in_year)
    posts = Post.objects.filter(
        thread__area__period=period, deleted_at__isnull=True, hidden=False, **in_year
    )
    # ExtractMonth follows the current time zone (Helsinki), so a message at 00.30 on 1 March
    # Helsinki time is March's even though it is still February in UTC.
    thread_months = dict(
        threads.annotate(month=ExtractMonth("created_at"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    post_months = dict(
        posts.annotate(month=ExtractMonth("created_at"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    people = posts.aggregate(
        participants=Count("author", distinct=True),
        municipalities=Count("author__municipality", distinct=True),
    )
    visible = Q(posts__deleted_at__isnull=True, posts__hidden=False)
    questions = (
        threads.filter(kind=Thread.Kind.QUESTION)
        .annotate(visible_posts=Count("posts", filter=visible))
        .aggregate(asked=Count("pk"), answered=Count("pk", filter=Q(visible_posts__gt=1)))
    )
    practices = Practice.objects.filter(**in_year).count()
    most = max(post_months.values(), default=0)
    months = [
        MonthActivity(
            month=date(year, month, 1),
            threads=thread_months.get(month, 0),
            posts=post_months.get(month, 0),
            width=bar(post_months.get(month, 0), most),
        )
        for month in MONTHS
    ]
    return DiscussionFigures(
        months=months,
        participants=people["participants"],
        municipalities=people["municipalities"],
        questions=questions["asked"] or 0,
        answered=questions["answered"] or 0,
        practices=practices,
    )


# --- The whole dashboard -----------------------------------------------------------------------

SECTIONS = {
    "members": members_and_fees,
    "events": events,
    "workshops": workshops,
    "assessment": assessment,
    "feedback": feedback,
    "discussions": discussions,
}


@dataclass
class Dashboard:
    period: Period
    year: int
    members: MembersAndFees
    events: EventFigures
    workshops: WorkshopFigures
    assessment: AssessmentFigures
    feedback: FeedbackFigures
    discussions: DiscussionFigures
    computed_at: datetime = field(default_factory=timezone.now)


def dashboard(period: Period, year: int) -> Dashboard:
    return Dashboard(
        period=period,
        year=year,
        **{name: read(period, year) for name, read in SECTIONS.items()},
    )


def cached_dashboard(period: Period, year: int) -> Dashboard:
    """`dashboard`, made at most once in CACHE_SECONDS for each period, year and language
    (some labels are translated as the figures are made)."""
    key = f"uso:network-dashboard:{period.pk}:{year}:{get_language()}"
    figures = cache.get(key)
    if figures is None:
        figures = dashboard(period, year)
        cache.set(key, figures, CACHE_SECONDS)
    return figures
