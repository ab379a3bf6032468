"""Demo key figures: six indicators for every municipality of the registry for 2022–2024,
generated from a fixed seed so every run gives the same numbers. They are plausible in size
but NOT statistics: each is stored with source `demo`, and every page that shows one says
"Demo figures, not real statistics". A real import replaces a demo figure of the same
municipality, indicator and year; the demo never overwrites a figure that exists.

Also sets the current period's comparison (population, share of over-64s, unemployment rate
and annual margin, five nearest) unless the coordinator has set it.
"""

import math
import random
from decimal import Decimal

from django.db import transaction

from uso.network.models import Municipality, Period, Population

from .models import Comparison, Indicator, KeyFigure

YEARS = (2022, 2023, 2024)

# code: (fi, sv, en names), (fi, sv, en units), decimals
INDICATORS = {
    "population": (("Väkiluku", "Folkmängd", "Population"), ("as.", "inv.", "inh."), 0),
    "over_64_share": (
        ("Yli 64-vuotiaiden osuus", "Andelen över 64-åringar", "Share of over-64s"),
        ("%", "%", "%"),
        1,
    ),
    "unemployment_rate": (
        ("Työttömyysaste", "Arbetslöshetsgrad", "Unemployment rate"),
        ("%", "%", "%"),
        1,
    ),
    "income_tax_rate": (
        ("Tuloveroprosentti", "Inkomstskattesats", "Income tax rate"),
        ("%", "%", "%"),
        2,
    ),
    "annual_margin": (
        ("Vuosikate", "Årsbidrag", "Annual margin per inhabitant"),
        ("€/as.", "€/inv.", "€/inh."),
        0,
    ),
    "loan_stock": (
        ("Lainakanta", "Lånestock", "Loan stock per inhabitant"),
        ("€/as.", "€/inv.", "€/inh."),
        0,
    ),
}
COMPARE_BY = ["population", "over_64_share", "unemployment_rate", "annual_margin"]


def _clip(value, low, high):
    return max(low, min(high, value))


def _series(code: str, base_population: int | None) -> dict[str, list[Decimal]]:
    """Three years of each indicator for one municipality, from its own seeded generator."""
    rng = random.Random(f"uso-demo-key-figures-{code}")
    population = base_population or int(_clip(math.exp(rng.gauss(8.9, 1.1)), 700, 400000))
    size = math.log10(population)
    over_64 = _clip(36 - 5 * (size - 3.8) + rng.gauss(0, 2.5), 14, 48)
    unemployment = _clip(rng.gauss(9, 2.5) + 0.5 * (size - 4), 3, 18)
    tax = _clip(round(rng.gauss(21.6, 0.9) * 4) / 4, 18.5, 24)
    margin = rng.gauss(420, 220)
    loans = _clip(rng.gauss(3600, 1400) + 300 * (size - 4), 300, 11000)
    values: dict[str, list[Decimal]] = {key: [] for key in INDICATORS}
    for _year in YEARS:
        values["population"].append(Decimal(round(population)))
        values["over_64_share"].append(Decimal(f"{over_64:.1f}"))
        values["unemployment_rate"].append(Decimal(f"{unemployment:.1f}"))
        values["income_tax_rate"].append(Decimal(f"{tax:.2f}"))
        values["annual_margin"].append(Decimal(round(margin)))
        values["loan_stock"].append(Decimal(round(loans)))
        population *= 1 + rng.gauss(-0.004 + 0.003 * (size - 4), 0.006)
        over_64 = _clip(over_64 + rng.gauss(0.4, 0.2), 14, 50)
        unemployment = _clip(unemployment + rng.gauss(0.2, 0.6), 2.5, 20)
        if rng.random() < 0.2:
            tax = _clip(tax + 0.25, 18.5, 24)
        margin += rng.gauss(-30, 120)
        loans = _clip(loans + rng.gauss(120, 250), 300, 12000)
    return values


@transaction.atomic
def load_key_figures_demo(period: Period | None = None) -> int:
    """Create the demo indicators and figures (and the period's comparison when unset).
    Returns how many figures were created; a second run creates none."""
    indicators = {}
    for order, (code, (names, units, decimals)) in enumerate(INDICATORS.items(), start=1):
        indicators[code], _created = Indicator.objects.get_or_create(
            code=code,
            defaults={
                "name_fi": names[0],
                "name_sv": names[1],
                "name_en": names[2],
                "unit_fi": units[0],
                "unit_sv": units[1],
                "unit_en": units[2],
                "decimals": decimals,
                "order": order,
            },
        )
    populations = {}
    for municipality_id, inhabitants in Population.objects.order_by("year").values_list(
        "municipality_id", "inhabitants"
    ):
        populations[municipality_id] = inhabitants
    figures = []
    for municipality in Municipality.objects.filter(code__regex=r"^[0-9]{3}$").order_by("code"):
        for code, values in _series(municipality.code, populations.get(municipality.pk)).items():
            for year, value in zip(YEARS, values, strict=True):
                figures.append(
                    KeyFigure(
                        municipality=municipality,
                        indicator=indicators[code],
                        year=year,
                        value=value,
                        source=KeyFigure.Source.DEMO,
                    )
                )
    before = KeyFigure.objects.count()
    KeyFigure.objects.bulk_create(figures, batch_size=1000, ignore_conflicts=True)
    if period is not None and not Comparison.objects.filter(period=period).exists():
        comparison = Comparison.objects.create(period=period, count=5)
        comparison.indicators.set([indicators[code] for code in COMPARE_BY])
    return KeyFigure.objects.count() - before
