"""A municipality's starting-situation report, the basis of its first workshop: its key
figures against its comparable municipalities, its self-assessment results beside the
comparison groups, and its development plan's priorities. The end-of-period version adds the
end round and the change from the start. A PDF made with WeasyPrint from an HTML template,
as the development plan's report is."""

from dataclasses import dataclass, field
from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone, translation

from uso.development.models import DevelopmentPlan, Goal
from uso.network.models import Municipality, PeerGroup, Period

from .figures import Comparables, comparable_municipalities
from .models import Round
from .results import (
    MIN_MUNICIPALITIES,
    MIN_RESPONDENTS,
    Change,
    RoundResults,
    changes,
    default_peer_group,
)
from .results import round_results as results_of

VERSIONS = ("start", "end")


@dataclass
class SituationReport:
    municipality: Municipality
    period: Period
    version: str  # "start" or "end"
    made_on: date
    comparables: Comparables
    start: RoundResults | None = None
    end: RoundResults | None = None
    start_round: Round | None = None
    end_round: Round | None = None
    change: list[Change] = field(default_factory=list)
    plan: DevelopmentPlan | None = None
    priorities: list = field(default_factory=list)
    goals: list = field(default_factory=list)
    min_respondents: int = MIN_RESPONDENTS
    min_municipalities: int = MIN_MUNICIPALITIES

    @property
    def is_end(self) -> bool:
        return self.version == "end"

    @property
    def shown(self) -> RoundResults | None:
        """The results the report is built on: the end round's in the end version."""
        return self.end if self.is_end else self.start


def situation_report(
    municipality: Municipality,
    period: Period,
    *,
    version: str = "start",
    peer_group: PeerGroup | None = None,
) -> SituationReport:
    rounds = {r.kind: r for r in Round.objects.filter(questionnaire__period=period)}
    report = SituationReport(
        municipality=municipality,
        period=period,
        version=version,
        made_on=timezone.localdate(),
        comparables=comparable_municipalities(municipality=municipality, period=period),
        start_round=rounds.get(Round.Kind.START),
        end_round=rounds.get(Round.Kind.END),
    )
    if peer_group is None:
        peer_group = default_peer_group(municipality, period.pk)
    if report.start_round:
        report.start = results_of(municipality, report.start_round, peer_group=peer_group)
    if version == "end" and report.end_round:
        report.end = results_of(municipality, report.end_round, peer_group=peer_group)
        report.change = changes(report.start, report.end)
    report.plan = (
        DevelopmentPlan.objects.filter(municipality=municipality, period=period)
        .prefetch_related("priorities__theme_area")
        .first()
    )
    if report.plan is not None:
        report.priorities = list(report.plan.priorities.all())
        report.goals = list(
            Goal.objects.filter(plan=report.plan).select_related("sub_theme").order_by("order")
        )
    return report


def report_filename(report: SituationReport) -> str:
    years = f"{report.period.start_date.year}-{report.period.end_date.year}"
    kind = "starting-situation" if report.version == "start" else "end-of-period"
    return f"{kind}-{report.municipality.code}-{years}.pdf"


def render_report_pdf(report: SituationReport, *, language: str) -> bytes:
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string(
            "assessment/report_pdf.html", {"report": report, "language": language}
        )
    # Tagged, so screen readers follow the headings and tables.
    return HTML(string=html).write_pdf(pdf_tags=True)
