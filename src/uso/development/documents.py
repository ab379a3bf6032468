"""A municipality's progress report for its council: the plan, its goals with their indicators
and actions, the workshops held with their records, and the quota. As PDF (WeasyPrint, from
an HTML template, as the invoices are made) and as DOCX (python-docx) for editing."""

import io
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from uso.core.templatetags.uso import timespan

from .models import Action, DevelopmentPlan, Goal
from .quota import QuotaSummary, counted_workshops, workshop_quota


@dataclass
class ProgressReport:
    plan: DevelopmentPlan
    made_on: date
    priorities: list = field(default_factory=list)
    goals: list = field(default_factory=list)  # each goal has `action_list`
    held: list = field(default_factory=list)  # workshops whose event has ended
    planned: list = field(default_factory=list)
    quotas: list[QuotaSummary] = field(default_factory=list)


def progress_report(plan: DevelopmentPlan) -> ProgressReport:
    """What the report says about the plan today."""
    goals = (
        Goal.objects.filter(plan=plan)
        .select_related("sub_theme")
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=Action.objects.select_related("owner").order_by("due_date", "id"),
                to_attr="action_list",
            )
        )
        .order_by("order", "id")
    )
    now = timezone.now()
    workshops = list(
        counted_workshops(plan, year=None).select_related("record").prefetch_related("facilitators")
    )
    period = plan.period
    years = period.years if period.workshop_quota_unit == period.QuotaUnit.YEAR else [None]
    return ProgressReport(
        plan=plan,
        made_on=timezone.localdate(),
        priorities=list(plan.priorities.all()),
        goals=list(goals),
        held=[w for w in workshops if w.event.end < now],
        planned=[w for w in workshops if w.event.end >= now],
        quotas=[workshop_quota(plan, year=year) for year in years],
    )


def report_filename(plan: DevelopmentPlan, *, fmt: str) -> str:
    period = plan.period
    years = f"{period.start_date.year}-{period.end_date.year}"
    return f"development-report-{plan.municipality.code}-{years}.{fmt}"


def _date(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else "–"


def _person(user) -> str:
    return (user.get_full_name() or user.email) if user else "–"


def render_report_pdf(plan: DevelopmentPlan, *, language: str) -> bytes:
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string(
            "development/report_pdf.html",
            {"report": progress_report(plan), "language": language},
        )
    # Tagged, so screen readers follow the headings and tables.
    return HTML(string=html).write_pdf(pdf_tags=True)


def render_report_docx(plan: DevelopmentPlan, *, language: str) -> bytes:
    """The same report as an editable Word document: headings and tables, Finnish dates."""
    with translation.override(language):
        report = progress_report(plan)
        document = _docx_document(report, language)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def _docx_document(report: ProgressReport, language: str):
    from docx import Document

    plan = report.plan
    title = _("Progress report of the development plan")
    document = Document()
    document.core_properties.title = f"{title} – {plan.municipality.name}"
    document.core_properties.language = language
    document.add_heading(title, level=0)
    _docx_pairs(
        document,
        [
            (_("Municipality"), plan.municipality.name),
            (_("Period"), str(plan.period)),
            (_("Status"), plan.get_status_display()),
            *(
                [(_("Agreed"), f"{_date(plan.agreed_on)} {plan.agreed_by}".strip())]
                if plan.agreed_on or plan.agreed_by
                else []
            ),
            (_("Report made on"), _date(report.made_on)),
        ],
    )

    document.add_heading(_("Starting situation"), level=1)
    _docx_text(document, plan.starting_situation or _("Not written yet."))
    document.add_heading(_("Priorities"), level=1)
    if report.priorities:
        for sub_theme in report.priorities:
            document.add_paragraph(sub_theme.name, style="List Bullet")
    else:
        document.add_paragraph(_("No priorities chosen yet."))

    document.add_heading(_("Goals and actions"), level=1)
    if not report.goals:
        document.add_paragraph(_("The plan has no goals yet."))
    for number, goal in enumerate(report.goals, start=1):
        document.add_heading(f"{number}. {goal.title}", level=2)
        if goal.description:
            _docx_text(document, goal.description)
        _docx_pairs(
            document,
            [
                (_("Sub-theme"), goal.sub_theme.name if goal.sub_theme else "–"),
                (_("Indicator"), goal.indicator or "–"),
                (_("Baseline"), goal.baseline or "–"),
                (_("Target value"), goal.target_value or "–"),
                (_("Target date"), _date(goal.target_date)),
            ],
        )
        if goal.action_list:
            _docx_table(
                document,
                [
                    pgettext("development plan", "Action"),
                    _("Owner"),
                    _("Due date"),
                    _("Status"),
                    _("Progress notes"),
                ],
                [
                    [
                        action.description,
                        _person(action.owner),
                        _date(action.due_date),
                        action.get_status_display(),
                        action.progress_notes,
                    ]
                    for action in goal.action_list
                ],
            )
        else:
            document.add_paragraph(_("No actions yet."))

    document.add_heading(_("Workshops held"), level=1)
    if not report.held:
        document.add_paragraph(_("No workshops held yet."))
    for workshop in report.held:
        event = workshop.event
        document.add_heading(f"{event.title} ({timespan(event.start, event.end)})", level=2)
        facilitators = ", ".join(_person(person) for person in workshop.facilitators.all())
        _docx_pairs(
            document,
            [
                (_("Sub-theme"), workshop.sub_theme.name if workshop.sub_theme else "–"),
                (_("Facilitators"), facilitators or "–"),
            ],
        )
        record = getattr(workshop, "record", None)
        if record is None:
            document.add_paragraph(_("The record has not been written yet."))
            continue
        document.add_heading(_("Summary"), level=3)
        _docx_text(document, record.summary)
        if record.decisions:
            document.add_heading(_("Decisions"), level=3)
            _docx_text(document, record.decisions)

    if report.planned:
        document.add_heading(_("Workshops planned"), level=1)
        _docx_table(
            document,
            [_("Workshop"), _("When"), _("Sub-theme")],
            [
                [
                    w.event.title,
                    timespan(w.event.start, w.event.end),
                    w.sub_theme.name if w.sub_theme else "–",
                ]
                for w in report.planned
            ],
        )

    document.add_heading(_("Workshop quota"), level=1)
    _docx_table(
        document,
        [_("Year") if plan.period.workshop_quota_unit == "year" else _("Period")]
        + [_("Quota"), _("Held"), _("Planned"), _("Remaining"), _("Extras")],
        [
            [
                str(quota.year) if quota.year else str(plan.period),
                *(str(n) for n in (quota.quota, quota.held, quota.planned, quota.remaining)),
                str(quota.extras),
            ]
            for quota in report.quotas
        ],
    )
    if plan.final_evaluation:
        document.add_heading(_("Final evaluation"), level=1)
        _docx_text(document, plan.final_evaluation)
    return document


def _docx_text(document, text: str) -> None:
    """A paragraph for each paragraph of the text; single line breaks stay breaks."""
    for block in [part for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]:
        paragraph = document.add_paragraph()
        for index, line in enumerate(block.split("\n")):
            if index:
                paragraph.runs[-1].add_break()
            paragraph.add_run(line)


def _docx_pairs(document, pairs) -> None:
    """Label–value rows as a two-column table, the labels bold."""
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in pairs:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(str(label)).bold = True
        cells[1].text = str(value)
    document.add_paragraph()


def _docx_table(document, header, rows) -> None:
    """A table with a bold header row that repeats on every page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    head = table.rows[0]
    for cell, label in zip(head.cells, header, strict=True):
        cell.paragraphs[0].add_run(str(label)).bold = True
    row_properties = head._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    row_properties.append(repeat)
    for values in rows:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = str(value or "")
    document.add_paragraph()
