"""Municipal key figures: reading a Statistics Finland (PxWeb) CSV, importing it all or nothing
after the coordinator has mapped its columns, the period's comparison setting, and finding a
municipality's comparable municipalities.

The import runs in two steps. `read_key_figure_csv` finds the header and the series a file
holds — a series is one column of values (`Alue;Vuosi;Väkiluku;Työttömyysaste, %`, or wide
`Alue;Työttömyysaste, % 2022;Työttömyysaste, % 2023`), or one value of a label column when the
export is long (`Alue;Vuosi;Tiedot;Arvo`, where `Tiedot` names the indicator on each row).
The coordinator maps each series to an indicator (or skips it) and, when the file has no year
column, to a year. `import_key_figures` then checks every row and writes either every figure
or none.

Comparable municipalities (`comparable_municipalities`) are the nearest ones by the indicators
the coordinator chose for the period: each indicator is standardised (z-score) over the
municipalities that have a figure for it in the year used, and the distance is Euclidean over
the standardised indicators. The year used is, per indicator, the latest year that has figures,
unless a year is chosen.

Missing values:
- an indicator the municipality itself has no figure for in the year used is left out of the
  distance (and named in `Comparables.unused`); if none is left, there are no comparables;
- a candidate municipality that lacks a figure for any indicator used is not compared at all,
  since its distance would rest on fewer dimensions than the others' (it is counted in
  `Comparables.excluded`);
- an indicator whose figures are all equal says nothing about nearness: its z-scores are 0.
"""

import csv
import io
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Count, Max, Min, Q
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from uso.core.errors import DomainError
from uso.network.models import Membership, Municipality, Period
from uso.network.services import (
    AREA_HEADERS,
    YEAR_HEADERS,
    RowError,
    decode_upload,
    municipality_lookup,
    resolve_area,
    year_of,
)

from .models import Comparison, Indicator, KeyFigure, KeyFigureImport

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_SERIES = 120  # six form fields each, under Django's 1,000 fields a request
MISSING_MARKERS = {"", ".", "..", "...", "…", "-", "–", "—", "x"}
LABEL_HEADERS = {"tiedot", "uppgifter", "information", "data", "indicator", "muuttuja", "variable"}
AGGREGATE = re.compile(r"^(SSS|KOKO MAA|HELA LANDET|WHOLE COUNTRY)|^(MK|SK|ELY|AVI)\d", re.I)
YEARS = (1900, 2100)


class KeyFigureError(DomainError):
    """The file cannot be read at all (not text, no header)."""


# --- Reading the file -----------------------------------------------------------------------


@dataclass
class Series:
    """One stream of values in the file: a column, or one label of a long file's label column."""

    key: str
    column: int
    header: str
    label: str = ""
    year: int | None = None  # from the header or label; None when the rows carry it or none
    sample: str = ""

    @property
    def title(self) -> str:
        return f"{self.label} · {self.header}" if self.label else self.header

    @property
    def name_guess(self) -> str:
        """The title without its year, for a new indicator's name."""
        text = self.label or self.header
        if self.year:
            text = text.replace(str(self.year), "")
        return " ".join(text.replace('"', " ").split()).strip(" ,;-")


@dataclass
class KeyFigureTable:
    header_line: int
    header: list[str]
    rows: list[tuple[int, list[str]]]
    area_column: int
    year_column: int | None
    label_column: int | None
    series: list[Series]

    @property
    def has_year_column(self) -> bool:
        return self.year_column is not None


def parse_number(text: str) -> Decimal | None:
    """`1 234,5`, `1 234,5` (no-break spaces), `-0,3`, `−0,3` or `1234.5` → Decimal; None when
    the text is not a number. Missing markers are the caller's business."""
    cleaned = (
        text.strip().replace("\xa0", "").replace("\u202f", "").replace(" ", "").replace("−", "-")
    )
    if "," in cleaned:
        if "." in cleaned:  # 1.234,5
            cleaned = cleaned.replace(".", "")
        cleaned = cleaned.replace(",", ".")
    if not re.fullmatch(r"[-+]?\d+(\.\d+)?", cleaned):
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def is_missing(text: str) -> bool:
    return text.strip().strip('"').strip().casefold() in MISSING_MARKERS


def read_key_figure_csv(text: str) -> KeyFigureTable:
    """Find the header (the first row whose first cell is Alue, Område, Area, Kunta…) and the
    series. Raises KeyFigureError when there is no header or nothing to import."""
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    header_index = next(
        (i for i, row in enumerate(lines) if row and row[0].strip().casefold() in AREA_HEADERS),
        None,
    )
    if header_index is None:
        raise KeyFigureError(
            _("No header row found: the first column must be Alue, Område, Area or Kunta.")
        )
    header = [cell.strip() for cell in lines[header_index]]
    rows = [
        (number, [cell.strip() for cell in row])
        for number, row in enumerate(lines[header_index + 1 :], start=header_index + 2)
        if any(cell.strip() for cell in row) and not (len(row) == 1 and len(header) > 1)
    ]
    year_column = next(
        (i for i, h in enumerate(header) if i and h.casefold() in YEAR_HEADERS), None
    )
    label_column = _label_column(header, rows, year_column)
    value_columns = [i for i in range(1, len(header)) if i not in (year_column, label_column)]
    if not value_columns:
        raise KeyFigureError(_("The file has no columns of values."))
    series = []
    sampled = [(n, r) for n, r in rows if not AGGREGATE.match(r[0] if r else "")]
    if label_column is None:
        for i in value_columns:
            sample = next((r[i] for _n, r in sampled if i < len(r) and not is_missing(r[i])), "")
            year = None if year_column is not None else year_of(header[i])
            series.append(Series(f"c{i}", i, header[i], year=year, sample=sample))
    else:
        labels: dict[str, str] = {}
        for _number, row in rows:
            if label_column < len(row) and row[label_column] not in labels:
                labels[row[label_column]] = ""
        for i in value_columns:
            for position, label in enumerate(labels):
                sample = next(
                    (
                        r[i]
                        for _n, r in sampled
                        if max(i, label_column) < len(r)
                        and r[label_column] == label
                        and not is_missing(r[i])
                    ),
                    "",
                )
                year = None if year_column is not None else (year_of(header[i]) or year_of(label))
                series.append(
                    Series(f"c{i}l{position}", i, header[i], label=label, year=year, sample=sample)
                )
    if len(series) > MAX_SERIES:
        raise KeyFigureError(
            _(
                "The file has %(count)s columns of values; at most %(max)s can be mapped at "
                "once. Choose fewer indicators or years in PxWeb."
            )
            % {"count": len(series), "max": MAX_SERIES}
        )
    return KeyFigureTable(
        header_line=header_index + 1,
        header=header,
        rows=rows,
        area_column=0,
        year_column=year_column,
        label_column=label_column,
        series=series,
    )


def _label_column(header, rows, year_column) -> int | None:
    """A long file's column that names the indicator on each row: by its header, or the one
    column besides the area and year whose every cell is text."""
    for i, name in enumerate(header):
        if i and i != year_column and name.casefold() in LABEL_HEADERS:
            return i
    for i in range(1, len(header)):
        if i == year_column:
            continue
        cells = [r[i] for _n, r in rows if i < len(r)]
        if cells and all(not is_missing(c) and parse_number(c) is None for c in cells):
            return i
    return None


# --- The mapping and the import -------------------------------------------------------------


@dataclass
class NewIndicator:
    code: str
    name: str
    unit: str = ""
    decimals: int = 1


@dataclass
class SeriesMapping:
    """Where one series goes: an indicator (existing, or one to create) and a year unless the
    rows carry it."""

    key: str
    indicator: Indicator | NewIndicator
    year: int | None = None


@dataclass
class MissingValue:
    line: int
    column: str
    area: str

    def __str__(self):
        return _("Line %(line)s, “%(column)s”: no figure for %(area)s.") % {
            "line": self.line,
            "column": self.column,
            "area": self.area,
        }


@dataclass
class KeyFigureImportResult:
    figures: list[tuple[Municipality, object, int, Decimal]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    missing: list[MissingValue] = field(default_factory=list)
    skipped_totals: int = 0
    record: KeyFigureImport | None = None


def check_key_figures(
    *, table: KeyFigureTable, mappings: list[SeriesMapping]
) -> KeyFigureImportResult:
    """Every row against the mapping; nothing is written. Each bad row is listed with its line
    and column; PxWeb's missing markers (`..`, `.`, `-`, `…`) are listed as missing figures."""
    result = KeyFigureImportResult()
    by_key = {series.key: series for series in table.series}
    mapped = [(by_key[m.key], m) for m in mappings if m.key in by_key]
    if not mapped:
        result.errors.append(RowError(table.header_line, _("No column was chosen for import.")))
        return result
    for series, mapping in mapped:
        if not table.has_year_column and not mapping.year:
            result.errors.append(
                RowError(
                    table.header_line,
                    _("“%(column)s”: choose the year.") % {"column": series.title},
                )
            )
    if result.errors:
        return result
    lookup = municipality_lookup()
    seen: dict[tuple, tuple[int, str]] = {}
    for line, row in table.rows:
        area = row[0] if row else ""
        if AGGREGATE.match(area):
            result.skipped_totals += 1
            continue
        municipality = resolve_area(area, lookup) if area else None
        if municipality is None:
            result.errors.append(RowError(line, _("Unknown municipality “%s”.") % area))
            continue
        row_year = None
        if table.has_year_column:
            cell = row[table.year_column] if table.year_column < len(row) else ""
            row_year = year_of(cell)
            if row_year is None:
                result.errors.append(
                    RowError(line, _("“%(value)s” is not a year.") % {"value": cell})
                )
                continue
        for series, mapping in mapped:
            if series.label and (
                table.label_column >= len(row) or row[table.label_column] != series.label
            ):
                continue
            value = row[series.column] if series.column < len(row) else ""
            if is_missing(value):
                result.missing.append(MissingValue(line, series.title, municipality.name))
                continue
            number = parse_number(value)
            if number is None or abs(number) >= Decimal("1e12"):
                result.errors.append(
                    RowError(
                        line,
                        _("“%(column)s”: “%(value)s” is not a number (%(area)s).")
                        % {"column": series.title, "value": value, "area": area},
                    )
                )
                continue
            year = row_year or mapping.year
            indicator_key = _indicator_key(mapping.indicator)
            where = (municipality.pk, indicator_key, year)
            if where in seen:
                result.errors.append(
                    RowError(
                        line,
                        _(
                            "“%(column)s”: %(area)s %(year)s is already on line %(line)s "
                            "(“%(other)s”)."
                        )
                        % {
                            "column": series.title,
                            "area": area,
                            "year": year,
                            "line": seen[where][0],
                            "other": seen[where][1],
                        },
                    )
                )
                continue
            seen[where] = (line, series.title)
            result.figures.append((municipality, mapping.indicator, year, number))
    if not result.figures and not result.errors:
        result.errors.append(
            RowError(table.header_line + 1, _("The file has no figures for the chosen columns."))
        )
    return result


def _indicator_key(indicator) -> str:
    return indicator.code


def import_key_figures(
    *, table: KeyFigureTable, mappings: list[SeriesMapping], file_name: str, by
) -> KeyFigureImportResult:
    """All or nothing: if any row is bad, nothing is written (not even new indicators) and
    every bad row is listed. A figure already in the database for the same municipality,
    indicator and year is replaced, and becomes a Statistics Finland figure."""
    result = check_key_figures(table=table, mappings=mappings)
    if result.errors:
        return result
    with transaction.atomic():
        indicators = _ensure_indicators([m.indicator for m in mappings])
        record = KeyFigureImport.objects.create(
            file_name=file_name[:200], imported_by=by, figure_count=len(result.figures)
        )
        KeyFigure.objects.bulk_create(
            [
                KeyFigure(
                    municipality=municipality,
                    indicator=indicators[indicator.code],
                    year=year,
                    value=value,
                    source=KeyFigure.Source.STATISTICS_FINLAND,
                    imported_from=record,
                )
                for municipality, indicator, year, value in result.figures
            ],
            batch_size=500,
            update_conflicts=True,
            unique_fields=["municipality", "indicator", "year"],
            update_fields=["value", "source", "imported_from"],
        )
    result.record = record
    return result


def _ensure_indicators(chosen) -> dict[str, Indicator]:
    """The existing indicators by code, and the new ones created (once per code)."""
    found: dict[str, Indicator] = {}
    for indicator in chosen:
        if indicator.code in found:
            continue
        if isinstance(indicator, Indicator):
            found[indicator.code] = indicator
            continue
        existing = Indicator.objects.filter(code=indicator.code).first()
        if existing is None:
            # In Finnish, the language every other one falls back to; the other languages'
            # names can be added in the admin.
            existing = Indicator(
                code=indicator.code,
                name_fi=indicator.name,
                unit_fi=indicator.unit,
                decimals=indicator.decimals,
                order=(Indicator.objects.aggregate(m=Max("order"))["m"] or 0) + 1,
            )
            existing.full_clean()
            existing.save()
        found[indicator.code] = existing
    return found


def guess_indicator(series: Series, indicators) -> Indicator | None:
    """An existing indicator whose code or name (any language) the series' title contains."""
    title = series.name_guess.casefold()
    for indicator in indicators:
        names = [indicator.code, indicator.name_fi, indicator.name_sv, indicator.name_en]
        if any(name and name.casefold() == title for name in names):
            return indicator
    for indicator in indicators:
        names = [indicator.name_fi, indicator.name_sv, indicator.name_en]
        if any(name and len(name) > 3 and name.casefold() in title for name in names):
            return indicator
    return None


# --- Reads for the pages --------------------------------------------------------------------


def indicator_summary():
    """The indicators with their figure counts, first and latest year and demo count."""
    return Indicator.objects.annotate(
        figure_count=Count("figures"),
        first_year=Min("figures__year"),
        latest_year=Max("figures__year"),
        demo_count=Count("figures", filter=Q(figures__source=KeyFigure.Source.DEMO)),
    )


def year_summary():
    return list(
        KeyFigure.objects.values("year")
        .annotate(figure_count=Count("id"), municipality_count=Count("municipality", distinct=True))
        .order_by("-year")
    )


def format_figure(value, decimals: int) -> str:
    """A figure as the reader's language writes it: `1 234,5` in Finnish; `–` for none."""
    if value is None:
        return "–"
    rounded = Decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return number_format(rounded, decimals, use_l10n=True, force_grouping=True)


@dataclass
class FigureCell:
    value: Decimal | None
    is_demo: bool = False
    decimals: int = 1

    def __str__(self):
        return format_figure(self.value, self.decimals)


@dataclass
class MunicipalityFigures:
    """A municipality's figures: one row per indicator, one column per year."""

    years: list[int]
    rows: list[tuple[Indicator, list[FigureCell]]]
    has_demo: bool


def municipality_figures(municipality, *, latest_years: int = 5) -> MunicipalityFigures:
    figures = list(
        KeyFigure.objects.filter(municipality=municipality).values_list(
            "indicator_id", "year", "value", "source"
        )
    )
    years = sorted({year for _i, year, _v, _s in figures}, reverse=True)[:latest_years]
    cells = {
        (i, year): (value, source == KeyFigure.Source.DEMO) for i, year, value, source in figures
    }
    indicator_ids = {i for i, _y, _v, _s in figures}
    rows = [
        (
            indicator,
            [
                FigureCell(*cells.get((indicator.pk, year), (None, False)), indicator.decimals)
                for year in years
            ],
        )
        for indicator in Indicator.objects.filter(pk__in=indicator_ids)
    ]
    has_demo = any(source == KeyFigure.Source.DEMO for *_rest, source in figures)
    return MunicipalityFigures(years=years, rows=rows, has_demo=has_demo)


# --- The comparison setting and the comparables ---------------------------------------------


def save_comparison(
    *, period: Period, indicators, count: int, members_only: bool, by
) -> Comparison:
    """Set how the period finds each member's comparable municipalities."""
    with transaction.atomic():
        comparison, _created = Comparison.objects.select_for_update().get_or_create(
            period=period, defaults={"count": count, "members_only": members_only}
        )
        comparison.count = count
        comparison.members_only = members_only
        comparison.updated_by = by
        comparison.full_clean(exclude=["updated_by"])  # none when the demo or a script sets it
        comparison.save()
        comparison.indicators.set(indicators)
    return comparison


@dataclass
class ComparableRow:
    municipality: Municipality
    distance: float
    values: list[FigureCell]


@dataclass
class Comparables:
    """A municipality's comparable municipalities in a period, and the figures they were found
    by. `problem` says in words why there are none, if there are none."""

    municipality: Municipality
    period: Period | None
    setting: Comparison | None
    indicators: list[Indicator] = field(default_factory=list)  # those used for the distance
    years: dict[int, int] = field(default_factory=dict)  # indicator id → year used
    own: list[FigureCell] = field(default_factory=list)
    rows: list[ComparableRow] = field(default_factory=list)
    average: list[FigureCell] = field(default_factory=list)
    unused: list[Indicator] = field(default_factory=list)  # chosen, but no own figure
    excluded: int = 0  # candidates without a figure for some indicator
    chosen_year: int | None = None
    problem: str = ""

    @property
    def has_demo(self) -> bool:
        return any(c.is_demo for c in self.own) or any(
            c.is_demo for row in self.rows for c in row.values
        )

    @property
    def columns(self) -> list[tuple[Indicator, int]]:
        return [(indicator, self.years[indicator.pk]) for indicator in self.indicators]

    @property
    def used_years(self) -> list[int]:
        return sorted(set(self.years.values()))


def comparable_municipalities(
    *, municipality: Municipality, period: Period | None, year: int | None = None
) -> Comparables:
    """The `count` municipalities nearest to `municipality` by the period's chosen indicators,
    nearest first, with their figures and the comparables' average per indicator.

    The number of queries does not depend on how many municipalities or figures there are.
    """
    comparables = Comparables(municipality=municipality, period=period, setting=None)
    comparables.chosen_year = year
    setting = (
        Comparison.objects.filter(period=period).prefetch_related("indicators").first()
        if period is not None
        else None
    )
    comparables.setting = setting
    if setting is None:
        comparables.problem = _(
            "The coordinator has not yet chosen how comparable municipalities are found "
            "for this period."
        )
        return comparables
    chosen = sorted(setting.indicators.all(), key=lambda i: (i.order, i.name))
    if not chosen:
        comparables.problem = _("No indicators have been chosen for the comparison.")
        return comparables
    if year is not None:
        years = {indicator.pk: year for indicator in chosen}
    else:
        years = dict(
            KeyFigure.objects.filter(indicator__in=chosen)
            .values("indicator")
            .annotate(latest=Max("year"))
            .values_list("indicator", "latest")
        )
    figures = KeyFigure.objects.filter(
        indicator__in=chosen, year__in=set(years.values())
    ).values_list("municipality_id", "indicator_id", "year", "value", "source")
    if setting.members_only:
        members = set(
            Membership.objects.filter(period=period, status=Membership.Status.ACTIVE).values_list(
                "municipality_id", flat=True
            )
        )
        figures = figures.filter(municipality_id__in=members | {municipality.pk})
    decimals = {indicator.pk: indicator.decimals for indicator in chosen}
    values: dict[int, dict[int, FigureCell]] = defaultdict(dict)
    for municipality_id, indicator_id, figure_year, value, source in figures:
        if years.get(indicator_id) == figure_year:
            values[municipality_id][indicator_id] = FigureCell(
                value, source == KeyFigure.Source.DEMO, decimals[indicator_id]
            )
    own = values.get(municipality.pk, {})
    used = [i for i in chosen if i.pk in own]
    comparables.unused = [i for i in chosen if i.pk not in own]
    comparables.indicators = used
    comparables.years = {i.pk: years[i.pk] for i in used}
    comparables.own = [own[i.pk] for i in used]
    if not used:
        comparables.problem = _(
            "There are no key figures for this municipality in the indicators and years of the "
            "comparison."
        )
        return comparables
    candidates = {
        m: cells
        for m, cells in values.items()
        if m != municipality.pk and all(i.pk in cells for i in used)
    }
    comparables.excluded = len(values) - 1 - len(candidates)
    if not candidates:
        comparables.problem = _("No other municipality has figures for the same indicators.")
        return comparables
    scales = {}
    for indicator in used:
        # Over every municipality of the pool that has the figure, compared or not.
        column = [
            float(cells[indicator.pk].value) for cells in values.values() if indicator.pk in cells
        ]
        mean = sum(column) / len(column)
        spread = math.sqrt(sum((x - mean) ** 2 for x in column) / len(column))
        scales[indicator.pk] = (mean, spread)

    def z(cell, indicator_id):
        mean, spread = scales[indicator_id]
        return 0.0 if spread == 0 else (float(cell.value) - mean) / spread

    target = {i.pk: z(own[i.pk], i.pk) for i in used}
    distances = sorted(
        (
            math.sqrt(sum((z(cells[i.pk], i.pk) - target[i.pk]) ** 2 for i in used)),
            municipality_id,
        )
        for municipality_id, cells in candidates.items()
    )[: setting.count]
    nearest = Municipality.objects.in_bulk([m for _d, m in distances])
    comparables.rows = [
        ComparableRow(nearest[m], distance, [candidates[m][i.pk] for i in used])
        for distance, m in distances
    ]
    comparables.average = [
        FigureCell(
            sum((row.values[n].value for row in comparables.rows), Decimal(0))
            / len(comparables.rows),
            decimals=indicator.decimals,
        )
        for n, indicator in enumerate(used)
    ]
    return comparables


def available_years() -> list[int]:
    return list(KeyFigure.objects.values_list("year", flat=True).distinct().order_by("-year"))


def check_upload(data: bytes) -> str:
    """The uploaded bytes as text, or KeyFigureError for a binary or over-size file."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise KeyFigureError(_("The file is larger than 2 MB."))
    if data.startswith(b"PK\x03\x04"):
        raise KeyFigureError(_("This is an Excel or zip file: export the table as CSV."))
    if b"\x00" in data[:4096]:
        raise KeyFigureError(_("The file is not a CSV text file."))
    try:
        text = decode_upload(data)
    except UnicodeDecodeError:
        raise KeyFigureError(_("The file is not text in UTF-8 or Windows-1252.")) from None
    if sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\r\n\t") > 4:
        raise KeyFigureError(_("The file is not a CSV text file."))
    return text
