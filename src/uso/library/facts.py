"""What the search's facets count and its results sort by, for every material, kept in memory.

A search that finds most of the library would otherwise read thousands of rows per request
to count them by type, audience, language, year and sub-theme. These facts are small (a few
hundred bytes per material) and change only when a material is saved, so each process keeps
them and reloads them when the version in the database (`SearchFactsVersion`) has moved: every
save, deletion and change of sub-themes counts it up in its own transaction, so any process —
the web server, a worker, `uso demo` — sees the new version exactly when it sees the change.

Who may see a material is never decided here: the search asks the database for the ids the
person may see (`Material.objects.visible_to`) on every request and only looks their facts up.
"""

import threading
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import F
from django.utils import timezone

from uso.core.request_memo import remember

from .models import Material, SearchFactsVersion


@dataclass(frozen=True, slots=True)
class Facts:
    kind: str
    audience: str
    language: str
    year: int | None
    sub_themes: frozenset[int]
    # The material's place in the library newest first (0 = newest), the results' date order.
    newest: int


class _Loaded:
    """One process's facts and the version they were read at."""

    def __init__(self, version=None, facts=None, newest_first=()):
        self.version = version
        self.facts: dict[int, Facts] = facts or {}
        self.newest_first: list[int] = list(newest_first)


_loaded = _Loaded()
_reloading = threading.Lock()


def changed() -> None:
    """Count a change to the materials (in the caller's transaction)."""
    if not SearchFactsVersion.objects.filter(pk=1).update(number=F("number") + 1):
        SearchFactsVersion.objects.get_or_create(pk=1, defaults={"number": 1})


def version() -> int:
    """How many changes to the materials have been counted (asked once a request)."""
    return remember(
        ("library-version",),
        lambda: (
            SearchFactsVersion.objects.filter(pk=1).values_list("number", flat=True).first() or 0
        ),
    )


def current(needed: set[int]) -> _Loaded:
    """The facts, with every material in `needed` (read again if one is missing: a change
    that did not count itself, such as a bulk insert)."""
    global _loaded
    version_now = version()
    loaded = _loaded
    if loaded.version != version_now or not needed <= loaded.facts.keys():
        with _reloading:
            loaded = _loaded = _read(version_now)
    return loaded


def _read(version) -> _Loaded:
    themes = defaultdict(set)
    through = Material.sub_themes.through.objects.values_list("material_id", "subtheme_id")
    for material_id, sub_theme_id in through.iterator(chunk_size=10_000):
        themes[material_id].add(sub_theme_id)
    rows = (
        Material.objects.order_by("-published_at", "-id")
        .values_list("id", "kind", "audience", "language", "published_at")
        .iterator(chunk_size=10_000)
    )
    facts, newest_first = {}, []
    for position, (pk, kind, audience, language, published_at) in enumerate(rows):
        year = timezone.localtime(published_at).year if published_at else None
        facts[pk] = Facts(kind, audience, language, year, frozenset(themes[pk]), position)
        newest_first.append(pk)
    return _Loaded(version, facts, newest_first)
