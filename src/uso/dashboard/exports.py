"""Each dashboard section as an XLSX workbook: the same figures as the page, one sheet per table.

Money goes in as numbers with a euro format and per cents as numbers, so Excel can sum them;
an empty cell means there is nothing to count (no one invited, no answers)."""

import io
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from uso.accounts.models import Leadership
from uso.events import statistics

from . import figures

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EURO = '#,##0.00 "€"'


def _leadership_label(key: str) -> str:
    return str(Leadership(key).label)


def members_sheets(data: figures.MembersAndFees) -> list:
    statuses = (
        _("Memberships"),
        [_("Status"), _("Memberships")],
        [[row.label, row.count] for row in data.statuses],
    )
    years = (
        _("Invoices by fee year"),
        [_("Year"), _("Invoices"), _("Invoiced"), _("Paid"), _("Open"), _("Overdue")],
        [
            [row.year, row.count, row.invoiced, row.paid, row.open, row.overdue]
            for row in data.fee_years
        ],
    )
    members = (
        _("Invoices %(year)s") % {"year": data.year},
        [_("Code"), _("Municipality"), _("Invoiced"), _("Paid"), _("Open")],
        [[row.code, row.name, row.invoiced, row.paid, row.open] for row in data.members_fees],
    )
    return [statuses, years, members]


def events_sheets(data: figures.EventFigures) -> list:
    summary = data.summary
    kinds = (
        _("Events per kind"),
        [_("Kind"), _("Held"), _("Planned"), _("In total")],
        [[str(row.label), row.held, row.planned, row.total] for row in summary.kinds],
    )
    seminars = (
        _("Seminars"),
        [_("Seminars held"), _("Seminars planned"), _("Seminars a year (target)")],
        [[summary.seminars_held, summary.seminars_planned, summary.target]],
    )
    header, rows = statistics.year_table(summary)
    return [kinds, seminars, (_("Participation by municipality"), header, rows)]


def workshops_sheets(data: figures.WorkshopFigures) -> list:
    return [
        (
            _("Workshops"),
            [
                _("Code"),
                _("Municipality"),
                _("Workshops held"),
                _("Workshops planned"),
                _("Quota"),
                _("Remaining"),
                _("Extras"),
            ],
            [
                [row.code, row.name, row.held, row.planned, row.quota, row.remaining, row.extras]
                for row in data.rows
            ],
        )
    ]


def assessment_sheets(data: figures.AssessmentFigures) -> list:
    header = [
        _("Round"),
        _("Code"),
        _("Municipality"),
        _("Invited"),
        _("Answered"),
        _("Response rate (%)"),
    ]
    for key in figures.LEADERSHIPS:
        label = _leadership_label(key)
        header += [
            _("Invited: %(leadership)s") % {"leadership": label},
            _("Answered: %(leadership)s") % {"leadership": label},
            _("Response rate (%%): %(leadership)s") % {"leadership": label},
        ]

    def cells(rate_total, by_leadership):
        row = [rate_total.invited, rate_total.answered, rate_total.percent]
        for key in figures.LEADERSHIPS:
            rate = by_leadership[key]
            row += [rate.invited, rate.answered, rate.percent]
        return row

    rows = []
    for item in data.rounds:
        label = str(item.round.get_kind_display())
        rows.append([label, "", _("All"), *cells(item.total, item.by_leadership)])
        for place in item.municipalities:
            rows.append([label, place.code, place.name, *cells(place.total, place.by_leadership)])
    return [(_("Response rates"), header, rows)]


def feedback_sheets(data: figures.FeedbackFigures) -> list:
    header = [
        _("Event"),
        _("Date"),
        _("Responses"),
        _("Asked for feedback"),
        _("Response rate (%)"),
        _("Scale answers"),
        _("Mean (1–5)"),
    ]
    rows = [
        [
            row.event.title,
            formats.date_format(row.event.start, "SHORT_DATE_FORMAT"),
            row.responses,
            row.invited,
            row.response_rate,
            row.answers,
            row.mean,
        ]
        for row in data.events
    ]
    rows.append(
        [_("All"), "", data.responses, data.invited, data.response_rate, data.answers, data.mean]
    )
    return [(_("Feedback"), header, rows)]


def discussions_sheets(data: figures.DiscussionFigures) -> list:
    months = (
        _("Per month"),
        [_("Month"), _("New discussions"), _("New messages")],
        [
            [formats.date_format(row.month, "YEAR_MONTH_FORMAT"), row.threads, row.posts]
            for row in data.months
        ],
    )
    totals = (
        _("In the year"),
        [_("Figure"), _("Number")],
        [
            [_("New discussions"), data.threads],
            [_("New messages"), data.posts],
            [_("People who wrote"), data.participants],
            [_("Municipalities taking part"), data.municipalities],
            [_("Questions asked"), data.questions],
            [_("Questions answered"), data.answered],
            [_("Practices added"), data.practices],
        ],
    )
    return [months, totals]


SHEETS = {
    "members": members_sheets,
    "events": events_sheets,
    "workshops": workshops_sheets,
    "assessment": assessment_sheets,
    "feedback": feedback_sheets,
    "discussions": discussions_sheets,
}


def _sheet_title(title: str) -> str:
    # Excel allows 31 characters and none of []:*?/\ in a sheet's name.
    for character in "[]:*?/\\":
        title = title.replace(character, " ")
    return title[:31]


def section_workbook(section: str, data) -> bytes:
    """The section's tables as an XLSX file: a bold header row on each sheet."""
    book = Workbook()
    book.remove(book.active)
    for title, header, rows in SHEETS[section](data):
        sheet = book.create_sheet(_sheet_title(str(title)))
        sheet.append([str(label) for label in header])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, Decimal) and header_is_money(header, cell.column - 1):
                    cell.number_format = EURO
        sheet.freeze_panes = "A2"
        sheet.column_dimensions["A"].width = 24
        sheet.column_dimensions["B"].width = 24
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def header_is_money(header, index: int) -> bool:
    money = {_("Invoiced"), _("Paid"), _("Open"), _("Overdue")}
    return index < len(header) and str(header[index]) in money
