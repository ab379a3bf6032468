"""Geometry for the results' charts, drawn as inline SVG by the templates. Each chart has its
data table beside it (the accessible alternative), so the SVG itself is hidden from readers."""

import math
import textwrap
from dataclasses import dataclass
from decimal import Decimal

# Colours with at least 3:1 contrast against white, told apart also by their pattern.
SERIES_STYLES = [
    {"colour": "#0b5394", "dash": ""},
    {"colour": "#b45f06", "dash": "6 3"},
    {"colour": "#38761d", "dash": "2 3"},
    {"colour": "#741b47", "dash": "8 3 2 3"},
]


@dataclass
class Bar:
    label: str
    value: Decimal | None
    width: float  # per cent of the scale 0–5
    colour: str


@dataclass
class BarGroup:
    label: str
    is_area: bool
    bars: list[Bar]


def bar_groups(lines, series: list[tuple[str, str, str]]) -> list[BarGroup]:
    """`series` are (group key, split key, label); one bar per series for each line."""
    return [
        BarGroup(
            label=line.label,
            is_area=line.is_area,
            bars=[
                Bar(
                    label=label,
                    value=line.scores[key][split],
                    width=float(line.scores[key][split] or 0) * 20,
                    colour=SERIES_STYLES[number % len(SERIES_STYLES)]["colour"],
                )
                for number, (key, split, label) in enumerate(series)
            ],
        )
        for line in lines
    ]


@dataclass
class RadarSeries:
    label: str
    points: str  # "x,y x,y …" for <polygon points>
    colour: str
    dash: str


@dataclass
class Spoke:
    x: float  # the spoke's outer end (score 5)
    y: float
    label: str
    anchor: str  # text-anchor of the label
    label_x: float
    label_y: float
    lines: list[str]  # the label wrapped to fit beside the drawing


@dataclass
class Radar:
    width: int
    size: int  # the height
    centre_x: float
    centre: float
    rings: list[str]
    spokes: list[Spoke]
    series: list[RadarSeries]


def radar(labels: list[str], series: list[tuple[str, list[Decimal | None]]], size=360) -> Radar:
    """A radar over the theme areas on the scale 1–5; a missing value sits at the centre. The
    drawing is wider than high, so that the labels beside it have room."""
    margin = 170
    width, height = size + 2 * margin, size + 60
    centre_x, centre = width / 2, height / 2 + 10
    radius = size / 2 - 40
    count = max(len(labels), 3)

    def point(index: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        share = max(0.0, (value - 1) / 4)
        return (
            centre_x + radius * share * math.cos(angle),
            centre + radius * share * math.sin(angle),
        )

    rings = [
        " ".join("{:.1f},{:.1f}".format(*point(i, level)) for i in range(count))
        for level in (2, 3, 4, 5)
    ]
    spokes = []
    for index, label in enumerate(labels):
        x, y = point(index, 5)
        lx, ly = point(index, 5.5)
        anchor = "middle" if abs(lx - centre_x) < 10 else ("start" if lx > centre_x else "end")
        lines = textwrap.wrap(label, 22)
        if len(lines) > 3:
            lines = [*lines[:2], textwrap.shorten(" ".join(lines[2:]), 22, placeholder="…")]
        # Labels above the centre grow upwards, so that they do not cross the drawing.
        if ly < centre:
            ly -= 14 * (len(lines) - 1)
        spokes.append(Spoke(x, y, label, anchor, lx, ly, lines))
    drawn = []
    for number, (label, values) in enumerate(series):
        style = SERIES_STYLES[number % len(SERIES_STYLES)]
        points = " ".join(
            "{:.1f},{:.1f}".format(*point(i, float(v) if v is not None else 1))
            for i, v in enumerate(values)
        )
        drawn.append(RadarSeries(label, points, style["colour"], style["dash"]))
    return Radar(
        width=width,
        size=size,
        centre_x=centre_x,
        centre=centre,
        rings=rings,
        spokes=spokes,
        series=drawn,
    )
