"""A round's results: only aggregates, and only where nobody's own answers can be learnt.

The thresholds, and why they are enough:

- A score is the mean of the 1–5 answers in a cell (a sub-theme, for one municipality or a
  group, for all respondents or one leadership type). "Cannot say" is not a score.
- A municipality's cell is shown only when at least `MIN_RESPONDENTS` of its respondents gave
  a score in it. Its political and professional cells are shown only when *both* have that
  many: showing one beside the total would give away the other by subtraction.
- A comparison group's cell sums the same blocks: a municipality adds its total only where
  its own total cell could be shown, and its political and professional parts only where both
  could. So whatever two groups a person compares, the difference is made of whole blocks of
  at least `MIN_RESPONDENTS` people, never one respondent.
- A group is shown only when at least `MIN_MUNICIPALITIES` municipalities add to it.
- A theme area's score is the mean of its shown sub-themes' scores, so a hidden sub-theme can
  not be worked out from the area.
- Nothing is shown before the round has closed, so answers arriving one by one cannot be
  followed; open answers are listed without names, in alphabetical order, and only when at
  least `MIN_RESPONDENTS` people of the municipality wrote one.

What remains: two groups that differ by exactly one municipality reveal that municipality's
aggregate (of at least three people). Municipal results are shared with the network's members
on that understanding; the README says so.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from uso.accounts.models import Leadership
from uso.network.models import Membership, Municipality, PeerGroup, SubTheme, ThemeArea
from uso.network.sizes import SizeClass

from .models import Answer, Question, Respondent, Round

MIN_RESPONDENTS = 3
MIN_MUNICIPALITIES = 3
ALL = "all"  # the leadership key of "all respondents"
SPLITS = (Leadership.POLITICAL, Leadership.PROFESSIONAL)
TWO = Decimal("0.01")


@dataclass
class Tally:
    respondents: int = 0
    answers: int = 0
    total: int = 0

    def add(self, other: "Tally") -> None:
        self.respondents += other.respondents
        self.answers += other.answers
        self.total += other.total

    @property
    def mean(self) -> Decimal | None:
        if not self.answers:
            return None
        return (Decimal(self.total) / self.answers).quantize(TWO, ROUND_HALF_UP)


def _tallies(round: Round) -> dict[tuple[int, str, int], Tally]:
    """(municipality, leadership, sub-theme) → the answered respondents' scores, one query."""
    rows = (
        Answer.objects.filter(
            respondent__round=round,
            respondent__answered_at__isnull=False,
            score__isnull=False,
            question__kind=Question.Kind.STATEMENT,
        )
        .values("respondent__municipality_id", "respondent__leadership", "question__sub_theme_id")
        .annotate(
            respondents=Count("respondent_id", distinct=True),
            answers=Count("id"),
            total=Sum("score"),
        )
        .order_by()
    )
    return {
        (
            row["respondent__municipality_id"],
            row["respondent__leadership"],
            row["question__sub_theme_id"],
        ): Tally(row["respondents"], row["answers"], row["total"])
        for row in rows
    }


def _blocks(tallies: dict) -> dict[tuple[int, str, int], Tally]:
    """The blocks a municipality may show or add to a group (see the module's docstring):
    (municipality, ALL or leadership, sub-theme) → tally."""
    by_cell: dict[tuple[int, int], dict[str, Tally]] = defaultdict(dict)
    for (municipality_id, leadership, sub_theme_id), tally in tallies.items():
        by_cell[(municipality_id, sub_theme_id)][leadership] = tally
    blocks = {}
    for (municipality_id, sub_theme_id), parts in by_cell.items():
        total = Tally()
        for part in parts.values():
            total.add(part)
        if total.respondents < MIN_RESPONDENTS:
            continue
        blocks[(municipality_id, ALL, sub_theme_id)] = total
        if all(parts.get(s, Tally()).respondents >= MIN_RESPONDENTS for s in SPLITS):
            for split in SPLITS:
                blocks[(municipality_id, split, sub_theme_id)] = parts[split]
    return blocks


@dataclass
class Group:
    """A column of the results: the municipality itself or a group to compare with."""

    key: str
    label: str
    municipalities: int = 0
    respondents: int = 0
    hidden_reason: str = ""
    scores: dict[tuple[str, int], Decimal | None] = field(default_factory=dict)
    contributors: set = field(default_factory=set)

    @property
    def shown(self) -> bool:
        return not self.hidden_reason

    def score(self, leadership: str, sub_theme_id: int) -> Decimal | None:
        return self.scores.get((leadership, sub_theme_id)) if self.shown else None


@dataclass
class Line:
    """A row of the results table: a theme area or one of its sub-themes."""

    label: str
    sub_theme_id: int | None
    is_area: bool
    scores: dict[str, dict[str, Decimal | None]] = field(default_factory=dict)  # group → split
    shown: list[dict[str, Decimal | None]] = field(default_factory=list)  # the shown groups'


@dataclass
class OpenAnswers:
    question: Question
    texts: list[str]
    hidden: bool


@dataclass
class RoundResults:
    round: Round
    municipality: Municipality
    groups: list[Group]
    lines: list[Line]
    open_answers: list[OpenAnswers]
    invited: int
    answered: int

    @property
    def shown_groups(self) -> list[Group]:
        return [g for g in self.groups if g.shown]

    @property
    def own(self) -> Group:
        return self.groups[0]

    @property
    def shows_splits(self) -> bool:
        """Whether any of the municipality's own scores is split by leadership."""
        return any(
            line.scores.get("own", {}).get(split) is not None
            for line in self.lines
            for split in SPLITS
        )

    @property
    def any_splits(self) -> bool:
        """Whether any shown group has a score split by leadership."""
        return any(
            value.get(split) is not None
            for line in self.lines
            for value in line.shown
            for split in SPLITS
        )


def _respondent_counts(round: Round) -> dict[int, int]:
    rows = (
        Respondent.objects.filter(round=round, answered_at__isnull=False)
        .values("municipality_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["municipality_id"]: row["n"] for row in rows}


def _fill(group: Group, members: set[int], blocks: dict, answered: dict[int, int], *, minimum):
    """Sum the members' blocks cell by cell. A cell to which fewer than `minimum`
    municipalities add stays empty: otherwise a group's political column could be one
    municipality's own."""
    sums: dict[tuple[str, int], Tally] = defaultdict(Tally)
    adders: dict[tuple[str, int], int] = defaultdict(int)
    for (municipality_id, leadership, sub_theme_id), tally in blocks.items():
        if municipality_id in members:
            sums[(leadership, sub_theme_id)].add(tally)
            adders[(leadership, sub_theme_id)] += 1
            group.contributors.add(municipality_id)
    group.municipalities = len(group.contributors)
    group.respondents = sum(answered.get(m, 0) for m in group.contributors)
    group.scores = {
        key: tally.mean if adders[key] >= minimum else None for key, tally in sums.items()
    }
    if group.municipalities < minimum:
        group.hidden_reason = _(
            "Fewer than %(count)s municipalities with enough answers: not shown, so that no "
            "municipality's results can be picked out."
        ) % {"count": MIN_MUNICIPALITIES}


def _member_ids(round: Round) -> list[Municipality]:
    return list(
        Municipality.objects.filter(
            memberships__period_id=round.questionnaire.period_id,
            memberships__status=Membership.Status.ACTIVE,
        )
        .with_population()
        .distinct()
    )


def default_peer_group(municipality: Municipality, period_id: int) -> PeerGroup | None:
    """The peer group compared with unless the reader chooses: the period's oldest one of the
    municipality's groups, the same in every language."""
    return municipality.peer_groups.filter(period_id=period_id).order_by("pk").first()


def comparison_groups(
    municipality: Municipality, round: Round, *, peer_group: PeerGroup | None
) -> list[tuple[str, str, set[int]]]:
    """(key, label, municipality ids) of the groups to compare with: the chosen peer group,
    the members of the same size class, and the whole network."""
    members = _member_ids(round)
    own = next((m for m in members if m.pk == municipality.pk), None)
    groups = []
    if peer_group is not None:
        ids = set(peer_group.members.values_list("pk", flat=True))
        groups.append(("peer_group", peer_group.name, ids))
    size = SizeClass.of(own.population) if own is not None else None
    if size is not None:
        ids = {m.pk for m in members if SizeClass.of(m.population) == size}
        groups.append(("size_class", _("Size class %(size)s") % {"size": size.label}, ids))
    groups.append(("network", _("Whole network"), {m.pk for m in members}))
    return groups


def round_results(
    municipality: Municipality, round: Round, *, peer_group: PeerGroup | None = None
) -> RoundResults | None:
    """The municipality's results in a closed round, beside its comparison groups. None while
    the round is not closed."""
    if not round.is_closed:
        return None
    blocks = _blocks(_tallies(round))
    answered = _respondent_counts(round)
    own = Group(key="own", label=municipality.name)
    _fill(own, {municipality.pk}, blocks, answered, minimum=1)
    own.respondents = answered.get(municipality.pk, 0)
    own.municipalities = 1
    if own.respondents < MIN_RESPONDENTS:
        own.hidden_reason = _(
            "Fewer than %(count)s people answered: the results are not shown, so that nobody's "
            "answers can be recognised."
        ) % {"count": MIN_RESPONDENTS}
    elif not own.contributors:
        own.hidden_reason = _(
            "No sub-theme has scores from %(count)s people (the rest chose “cannot say”)."
        ) % {"count": MIN_RESPONDENTS}
    groups = [own]
    for key, label, ids in comparison_groups(municipality, round, peer_group=peer_group):
        group = Group(key=key, label=label)
        _fill(group, ids, blocks, answered, minimum=MIN_MUNICIPALITIES)
        groups.append(group)
    return RoundResults(
        round=round,
        municipality=municipality,
        groups=groups,
        lines=_lines(round, groups),
        open_answers=_open_answers(round, municipality),
        invited=Respondent.objects.filter(round=round, municipality=municipality).count(),
        answered=own.respondents,
    )


def _sub_themes(round: Round) -> list[SubTheme]:
    """The questionnaire's sub-themes (those with statements), in theme-area order."""
    return list(
        SubTheme.objects.filter(
            assessment_questions__questionnaire_id=round.questionnaire_id,
            assessment_questions__kind=Question.Kind.STATEMENT,
        )
        .select_related("theme_area")
        .distinct()
        .order_by("theme_area__order", "theme_area_id", "order", "id")
    )


def _mean(values) -> Decimal | None:
    shown = [v for v in values if v is not None]
    if not shown:
        return None
    return (sum(shown) / len(shown)).quantize(TWO, ROUND_HALF_UP)


def _lines(round: Round, groups: list[Group]) -> list[Line]:
    lines: list[Line] = []
    by_area: dict[ThemeArea, list[SubTheme]] = {}
    for sub_theme in _sub_themes(round):
        by_area.setdefault(sub_theme.theme_area, []).append(sub_theme)
    for area, sub_themes in by_area.items():
        children = [
            Line(
                label=sub_theme.name,
                sub_theme_id=sub_theme.pk,
                is_area=False,
                scores={
                    g.key: {s: g.score(s, sub_theme.pk) for s in (ALL, *SPLITS)} for g in groups
                },
            )
            for sub_theme in sub_themes
        ]
        # An area's score is the mean of its shown sub-themes' scores (see the docstring).
        area_line = Line(
            label=area.name,
            sub_theme_id=None,
            is_area=True,
            scores={
                g.key: {
                    s: _mean(child.scores[g.key][s] for child in children) for s in (ALL, *SPLITS)
                }
                for g in groups
            },
        )
        lines.append(area_line)
        lines.extend(children)
    for line in lines:
        line.shown = [line.scores[g.key] for g in groups if g.shown]
    return lines


def _open_answers(round: Round, municipality: Municipality) -> list[OpenAnswers]:
    questions = list(round.questionnaire.questions.filter(kind=Question.Kind.OPEN))
    texts = defaultdict(list)
    for question_id, text in Answer.objects.filter(
        respondent__round=round,
        respondent__municipality=municipality,
        respondent__answered_at__isnull=False,
        question__kind=Question.Kind.OPEN,
    ).values_list("question_id", "text"):
        if text:
            texts[question_id].append(text)
    return [
        OpenAnswers(
            question=q,
            texts=sorted(texts[q.pk], key=str.casefold)
            if len(texts[q.pk]) >= MIN_RESPONDENTS
            else [],
            hidden=0 < len(texts[q.pk]) < MIN_RESPONDENTS,
        )
        for q in questions
    ]


@dataclass
class Change:
    label: str
    is_area: bool
    start: Decimal | None
    end: Decimal | None

    @property
    def difference(self) -> Decimal | None:
        if self.start is None or self.end is None:
            return None
        return self.end - self.start


def changes(start: RoundResults | None, end: RoundResults | None) -> list[Change]:
    """The municipality's own scores from the start round to the end round, line by line."""
    if start is None or end is None:
        return []
    before = {(line.sub_theme_id, line.label): line.scores["own"][ALL] for line in start.lines}
    return [
        Change(
            label=line.label,
            is_area=line.is_area,
            start=before.get((line.sub_theme_id, line.label)),
            end=line.scores["own"][ALL],
        )
        for line in end.lines
    ]
