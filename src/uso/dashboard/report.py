"""The network's annual report as PDF: the dashboard's figures of one year as tables, made
with WeasyPrint from an HTML template in the chosen language, like the development plans'
progress reports and the invoices."""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from . import figures


def report_filename(period, year: int) -> str:
    return f"network-annual-report-{year}-period-{period.pk}.pdf"


def render_annual_report(period, year: int, *, language: str) -> bytes:
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string(
            "dashboard/annual_report_pdf.html",
            {
                "data": figures.dashboard(period, year),
                "language": language,
                "made_on": timezone.localdate(),
                "leaderships": figures.LEADERSHIPS,
            },
        )
    # Tagged, so screen readers follow the headings and tables.
    return HTML(string=html).write_pdf(pdf_tags=True)
