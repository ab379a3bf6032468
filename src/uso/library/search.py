"""Finding materials: one search box over titles, summaries and full text, with facets.

PostgreSQL searches `MaterialText.search_vector` (built with the material's language
configuration — `finnish`, `swedish` or `english` — and a GIN index) and ranks with `ts_rank`
on `head_vector` (title and summary). SQLite searches the FTS5 table `library_material_fts`,
which holds Snowball stems made by PyStemmer, and ranks with `bm25` in
`library_material_head_fts`. Both match each query word as a prefix of its stem in every
language, so "strategia" finds "strategian" and "strategiaa" on either database.

Visibility comes from `Material.objects.visible_to` on every search, so a search can never
find what its user may not open. The facets count, and the results are filtered and sorted,
with facts about each material that the process keeps in memory (`facts.py`): that is what
keeps a search that finds most of the library within 50 ms (see bench/README.md).
"""

import hashlib
import re
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain, compress
from operator import attrgetter

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Q
from django.db.models.functions import Substr
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from uso.network.models import SubTheme

from . import facts, text
from .models import Material, MaterialText

FTS_TABLE = "library_material_fts"
HEAD_FTS_TABLE = "library_material_head_fts"
PG_CONFIGS = {"fi": "finnish", "sv": "swedish", "en": "english"}
SNIPPET_SOURCE_CHARS = 60_000
INDEXED_CHARS = 300_000
HEAD_CHARS = 2_000  # of the summary, for ranking
SNIPPET_WORDS = 28


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


# --- Writing the index ---------------------------------------------------------------------


def index_material(material: Material, plain_text: str) -> None:
    """Store a material's searchable text and index it for this database.

    Only the first INDEXED_CHARS characters are indexed: PostgreSQL refuses a tsvector over
    1 MB, and a book-length file is found by its beginning as well as by its whole."""
    plain_text = plain_text[:INDEXED_CHARS]
    MaterialText.objects.update_or_create(material=material, defaults={"text": plain_text})
    write_index(connection, material, plain_text)
    facts.changed()  # the cached hits of every search are out of date


def write_index(connection, material, plain_text: str) -> None:
    """Index a material (its pk, language, title and summary) and its stored text.

    Two indexes: all the words, to find materials (PostgreSQL's `search_vector`; SQLite's
    `library_material_fts`, which keeps no positions so that a common word's list stays small),
    and the title and summary alone, to rank what was found (`head_vector`;
    `library_material_head_fts`)."""
    language = material.language
    title = " ".join(text.index_words(material.title, language))
    summary = " ".join(text.index_words(material.summary[:HEAD_CHARS], language))
    body = " ".join(text.index_words(plain_text, language))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "UPDATE library_materialtext SET"
                " search_vector = setweight(to_tsvector(%(config)s::regconfig, %(title)s), 'A')"
                " || setweight(to_tsvector(%(config)s::regconfig, %(body)s), 'C'),"
                " head_vector = setweight(to_tsvector(%(config)s::regconfig, %(title)s), 'A')"
                " || setweight(to_tsvector(%(config)s::regconfig, %(summary)s), 'B')"
                " WHERE material_id = %(id)s",
                {
                    "config": PG_CONFIGS.get(language, "finnish"),
                    "title": title,
                    "summary": summary,
                    "body": body,
                    "id": material.pk,
                },
            )
            return
        stems = text.stemmer(language).stemWords
        for table in (FTS_TABLE, HEAD_FTS_TABLE):
            cursor.execute(f"DELETE FROM {table} WHERE rowid = %s", [material.pk])
        cursor.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, words) VALUES (%s, %s)",
            [material.pk, " ".join(stems(title.split() + body.split()))],
        )
        cursor.execute(
            f"INSERT INTO {HEAD_FTS_TABLE} (rowid, title, summary) VALUES (%s, %s, %s)",
            [material.pk, " ".join(stems(title.split())), " ".join(stems(summary.split()))],
        )


def remove_from_index(material_id: int) -> None:
    if not uses_postgres():
        with connection.cursor() as cursor:
            for table in (FTS_TABLE, HEAD_FTS_TABLE):
                cursor.execute(f"DELETE FROM {table} WHERE rowid = %s", [material_id])


def rebuild_index() -> int:
    """Index every material again from its stored text: after a restore, whose database dump
    leaves out the indexes (they are the database's own, and a backup may move between SQLite
    and PostgreSQL). Returns how many materials were indexed."""
    if not uses_postgres():
        with connection.cursor() as cursor:
            for table in (FTS_TABLE, HEAD_FTS_TABLE):
                cursor.execute(f"DELETE FROM {table}")
    count = 0
    for stored in MaterialText.objects.select_related("material").iterator(chunk_size=500):
        write_index(connection, stored.material, stored.text)
        count += 1
    return count


# --- Matching ------------------------------------------------------------------------------


def _fts5_expression(terms) -> str:
    def alternatives(prefixes, word=""):
        starred = [p for p in prefixes if text.is_prefix(p, word)]
        # A prefix that a shorter one already covers only makes the index do the work twice.
        needed = {p for p in prefixes if not any(s != p and p.startswith(s) for s in starred)}
        return " OR ".join(
            f'"{p}"*' if text.is_prefix(p, word) else f'"{p}"' for p in sorted(needed)
        )

    groups = []
    for word, prefixes, parts in terms:
        group = alternatives(prefixes, word)
        if parts:
            group += " OR (" + " AND ".join(f"({alternatives(p)})" for p in parts) + ")"
        groups.append(f"({group})")
    return " AND ".join(groups)


def _pg_tsquery(terms) -> str | None:
    """One tsquery for all the words: each word (and its base forms) normalised by the
    `finnish`, `swedish` and `english` configurations in one round trip, the same lexeme only
    once. None when every word is a stop word."""
    wanted = []  # (term index, part index or None, form, configuration)
    for number, (word, prefixes, parts) in enumerate(terms):
        for form in {word, *text.base_forms(word)} & prefixes:
            wanted += [(number, None, form, config) for config in PG_CONFIGS.values()]
        for part_number, part in enumerate(parts):
            wanted.append((number, part_number, max(part, key=len), "finnish"))
    columns = ", ".join("to_tsquery(%s::regconfig, %s)::text" for _ in wanted)
    params = []
    for _number, _part, form, config in wanted:
        params += [config, form]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}", params)
        normalised = cursor.fetchone()
    words: list[set[str]] = [set() for _ in terms]
    parts: list[list[set[str]]] = [[set() for _ in term[2]] for term in terms]
    for (number, part_number, _form, _config), lexeme in zip(wanted, normalised, strict=True):
        if not lexeme:  # a stop word in that language
            continue
        typed = terms[number][0] if part_number is None else ""
        if text.is_prefix(lexeme.strip("'"), typed):
            lexeme += ":*"
        (words[number] if part_number is None else parts[number][part_number]).add(lexeme)
    groups = []
    for alternatives, compound in zip(words, parts, strict=True):
        options = _without_covered(alternatives)
        if compound and all(compound):
            options.append(
                "("
                + " & ".join("(" + " | ".join(_without_covered(p)) + ")" for p in compound)
                + ")"
            )
        if options:
            groups.append("(" + " | ".join(options) + ")")
    return " & ".join(groups) if groups else None


def _without_covered(operands: set[str]) -> list[str]:
    """The tsquery operands less those a shorter prefix already finds ('strategi':* beside
    'strateg':*): each one more is another walk through the index."""
    prefixes = [o[1:-3] for o in operands if o.endswith("':*")]
    return sorted(
        o
        for o in operands
        if not any(o.strip("':*") != p and o.strip("':*").startswith(p) for p in prefixes)
    )


@dataclass
class Hits:
    """Every material that matches the words, whoever may see it, with its rank: higher for
    the words in its title and summary, 0 for a material that has them only in its text."""

    ranks: dict[int, float]
    # The hits best first: by rank, then newest first. Sorted once when they are looked up
    # (thousands for a common word), not on every page of results.
    best_first: list[int] = field(default_factory=list)


# How long the hits of a query are kept. They are the same for everyone (who may see what is
# decided after), and their key holds the materials' change count, so a change to any material
# makes them be looked up again; the time limit only keeps the cache small.
HITS_CACHE_SECONDS = 600


def find(terms) -> Hits:
    """The hits of the query words (see `Hits`), from the cache when no material has changed
    since the same words were last looked up: a common word matches most of the library, and
    matching and ranking it again cost 15–25 ms on every page of results."""
    expression = _pg_tsquery(terms) if uses_postgres() else _fts5_expression(terms)
    if expression is None:  # only stop words
        return Hits({})
    digest = hashlib.sha256(expression.encode()).hexdigest()[:32]
    key = f"uso:library-hits-2:{connection.vendor}:{facts.version()}:{digest}"
    hits = cache.get(key)
    if hits is None:
        hits = _match(expression)
        hits.best_first = _best_first(hits.ranks)
        cache.set(key, hits, HITS_CACHE_SECONDS)
    return hits


def _best_first(ranks: dict[int, float]) -> list[int]:
    """By rank, then newest first. A hit without facts (its material is gone, and the index
    not yet told) goes last; it is never shown, since only visible materials are."""
    newest = facts.current(set()).facts
    last = len(newest)
    return sorted(ranks, key=lambda pk: (-ranks[pk], newest[pk].newest if pk in newest else last))


def _match(expression: str) -> Hits:
    """PostgreSQL matches through the GIN index on `search_vector` and ranks with `ts_rank` on
    `head_vector`, a few hundred bytes: ranking by the full vector would read every match's
    whole text back from TOAST storage, hundreds of milliseconds for a common word. SQLite
    matches in `library_material_fts` and ranks with `bm25` in `library_material_head_fts`.
    Matches of the same rank are listed newest first."""
    if uses_postgres():
        with _index_scans(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT material_id, ts_rank(head_vector, CAST(%s AS tsquery))"
                " FROM library_materialtext WHERE search_vector @@ CAST(%s AS tsquery)",
                [expression, expression],
            )
            return Hits(dict(cursor.fetchall()))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, 0.0 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [expression]
        )
        ranks = dict(cursor.fetchall())
        cursor.execute(
            f"SELECT rowid, -bm25({HEAD_FTS_TABLE}, 5.0, 1.0) FROM {HEAD_FTS_TABLE}"
            f" WHERE {HEAD_FTS_TABLE} MATCH %s",
            [expression],
        )
        for pk, rank in cursor.fetchall():
            if pk in ranks:  # the compound rule can differ between title and text
                ranks[pk] = rank
    return Hits(ranks)


@contextmanager
def _index_scans():
    """On PostgreSQL, have the planner read the GIN index. It prices a sequential scan without
    the de-TOASTing of each row's vector that the scan really does, so for a common word it
    scans the table (≈ 35 ms over 10,000 materials) instead of the index (≈ 5 ms)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('enable_seqscan', 'off', true)")
        yield
        cursor.execute("SELECT set_config('enable_seqscan', 'on', true)")


class RankedMaterials:
    """The materials a search found, in the order it listed them, read a slice at a time (one
    statement for the slice's materials, one for their sub-themes). It offers what paginators,
    templates and tests use of a queryset: count(), len(), exists(), slicing and iteration."""

    def __init__(self, ids: list[int]):
        self.ids = ids

    def count(self) -> int:
        return len(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def exists(self) -> bool:
        return bool(self.ids)

    def __iter__(self):
        return iter(self[:])

    def __getitem__(self, index):
        if isinstance(index, int):
            return self[index : index + 1][0]
        ids = self.ids[index]
        loaded = (
            Material.objects.select_related("municipality")
            .prefetch_related("sub_themes")
            .in_bulk(ids)
        )
        return [loaded[pk] for pk in ids if pk in loaded]


# --- Snippets ------------------------------------------------------------------------------


def snippets(materials, query: str) -> dict[int, str]:
    """A short passage of each material around the first words the query found, marked.

    Kept in the cache like the hits, under the materials' change count: making them reads up
    to 60,000 characters of each material's text, the same for everyone who searches for the
    same words."""
    terms = text.query_terms(query)
    if not materials:
        return {}
    words = " ".join(word for word, _prefixes, _parts in terms)  # what the rest comes from
    digest = hashlib.sha256(words.encode()).hexdigest()[:32]
    prefix = f"uso:library-snippet:{connection.vendor}:{facts.version()}:{digest}:"
    keys = {m.pk: f"{prefix}{m.pk}" for m in materials}
    cached = cache.get_many(keys.values())
    found = {pk: cached[key] for pk, key in keys.items() if key in cached}
    missing = [m for m in materials if m.pk not in found]
    if missing:
        made = _make_snippets(missing, terms)
        cache.set_many({keys[pk]: snippet for pk, snippet in made.items()}, HITS_CACHE_SECONDS)
        found.update(made)
    return found


def _make_snippets(materials, terms) -> dict[int, str]:
    sources = dict(
        MaterialText.objects.filter(material_id__in=[m.pk for m in materials])
        .annotate(start=Substr("text", 1, SNIPPET_SOURCE_CHARS))
        .values_list("material_id", "start")
    )
    operands = text.query_operands(terms)
    return {m.pk: _snippet(sources.get(m.pk) or m.summary, m.language, operands) for m in materials}


def _snippet(source: str, language: str, operands: tuple[set[str], set[str]]) -> str:
    source = source or ""
    starts, wholes = operands
    prefixes = starts | wholes
    matches: dict[str, bool] = {}  # each distinct word is stemmed once, not each occurrence

    def is_hit(match) -> bool:
        word = match.group()
        if word not in matches:
            matches[word] = bool(prefixes) and text.word_matches(word, language, starts, wholes)
        return matches[word]

    # Read the words up to the first hit, then only as many as the window needs.
    words = re.finditer(r"\w+", source)
    found, first_hit = [], None
    for match in words:
        found.append(match)
        if is_hit(match):
            first_hit = len(found) - 1
            break
        if not prefixes and len(found) > SNIPPET_WORDS:
            break
    if not found:
        return ""
    first = max(0, first_hit - SNIPPET_WORDS // 3) if first_hit is not None else 0
    window = found[first:]
    for match in words:
        if len(window) > SNIPPET_WORDS:
            break
        window.append(match)
    more = len(window) > SNIPPET_WORDS
    window = window[:SNIPPET_WORDS]
    start, end = window[0].start(), window[-1].end()
    pieces, position = [], start
    for match in window:
        if is_hit(match):
            pieces.append(escape(source[position : match.start()]))
            pieces.append(f"<mark>{escape(match.group())}</mark>")
            position = match.end()
    pieces.append(escape(source[position:end]))
    html = " ".join("".join(pieces).split())
    prefix = "… " if first > 0 else ""
    suffix = " …" if more else ""
    return mark_safe(prefix + html + suffix)  # noqa: S308 — every piece of the source is escaped


def plain_summary(material, length=40) -> str:
    return Truncator(material.summary).words(length)


# --- Filters and facets --------------------------------------------------------------------

FACETS = ("kind", "sub_theme", "audience", "year", "language")


@dataclass
class LibraryQuery:
    q: str = ""
    kind: str = ""
    sub_theme: int | None = None
    audience: str = ""
    year: int | None = None
    language: str = ""
    sort: str = "relevance"
    extra: dict = field(default_factory=dict)

    def filters(self, without: str | None = None) -> Q:
        condition = Q()
        if self.kind and without != "kind":
            condition &= Q(kind=self.kind)
        if self.sub_theme and without != "sub_theme":
            condition &= Q(sub_themes=self.sub_theme)
        if self.audience and without != "audience":
            condition &= Q(audience=self.audience)
        if self.year and without != "year":
            condition &= Q(published_at__year=self.year)
        if self.language and without != "language":
            condition &= Q(language=self.language)
        return condition


class Search:
    """One person's search: the words matched once, the materials they may see read once, then
    the facets, the total and the results from those two, with the facts kept in memory (see
    `facts.py`).

    A facet counts the materials that pass every other filter that is set; the total and the
    results are those that pass them all. Results are listed best first — by rank, then newest
    first — or newest first when sorted by date or searched without words."""

    def __init__(self, user, query: LibraryQuery):
        self.user = user
        self.query = query
        self.terms = text.query_terms(query.q)

    @cached_property
    def hits(self) -> Hits | None:
        return find(self.terms) if self.terms else None

    @cached_property
    def _found(self):
        """(ids of the visible matches, their facts, the filters' tests on each)."""
        visible = _visible(self.user).order_by().values_list("id")
        with connection.cursor() as cursor:  # plain rows: thousands of ids, no model fields
            cursor.execute(*visible.query.sql_with_params())
            ids = [pk for (pk,) in cursor.fetchall()]
        if self.hits is not None:
            ranks = self.hits.ranks
            ids = [pk for pk in ids if pk in ranks]
        loaded = facts.current(set(ids))
        rows = [loaded.facts[pk] for pk in ids]
        return ids, rows, self._tests(rows), loaded

    def _tests(self, rows) -> dict[str, list[bool]]:
        query = self.query
        wanted = {
            "kind": query.kind,
            "audience": query.audience,
            "language": query.language,
            "year": query.year,
        }
        tests = {
            name: [found == value for found in map(attrgetter(name), rows)]
            for name, value in wanted.items()
            if value
        }
        if query.sub_theme:
            tests["sub_theme"] = [query.sub_theme in row.sub_themes for row in rows]
        return tests

    @staticmethod
    def _passing(items, tests: dict[str, list[bool]], without: str | None = None) -> list:
        masks = [mask for name, mask in tests.items() if name != without]
        if not masks:
            return list(items)
        return list(compress(items, map(all, zip(*masks, strict=True))))

    def facets_and_total(self) -> tuple[dict[str, list[tuple]], int]:
        ids, rows, tests, _loaded = self._found
        counters = {}
        for name in FACETS:
            passing = self._passing(rows, tests, without=name)
            if name == "sub_theme":
                themes = map(attrgetter("sub_themes"), passing)
                counters[name] = Counter(chain.from_iterable(themes))
            else:
                counters[name] = Counter(map(attrgetter(name), passing))
        total = len(self._passing(ids, tests))
        return _named(counters), total

    def results(self):
        if self.hits is None:
            return (
                _visible(self.user)
                .filter(self.query.filters())
                .order_by("-published_at", "-id")
                .select_related("municipality")
                .prefetch_related("sub_themes")
            )
        ids, _rows, tests, loaded = self._found
        passing = set(self._passing(ids, tests))
        ordered = self.hits.best_first if self.query.sort == "relevance" else loaded.newest_first
        return RankedMaterials([pk for pk in ordered if pk in passing])


def _visible(user):
    return Material.objects.visible_to(user).published()


def results(user, query: LibraryQuery):
    """The materials the person may open that match the query and its filters: without words
    a queryset, newest first; with words `RankedMaterials`, best first unless sorted by date."""
    return Search(user, query).results()


def facets(user, query: LibraryQuery) -> dict[str, list[tuple]]:
    """For each facet its values with counts, under every other filter that is set."""
    return Search(user, query).facets_and_total()[0]


def facets_and_total(user, query: LibraryQuery) -> tuple[dict[str, list[tuple]], int]:
    return Search(user, query).facets_and_total()


def _named(counters: dict[str, Counter]) -> dict[str, list[tuple]]:
    """Each facet's (value, label, count), in the order the page shows them."""
    counted = {}
    for name in ("kind", "audience", "language"):
        choices = dict(Material._meta.get_field(name).choices)
        order = list(choices)
        counted[name] = sorted(
            ((value, choices.get(value, value), n) for value, n in counters[name].items()),
            key=lambda row, order=order: order.index(row[0]) if row[0] in order else 99,
        )
    counted["year"] = sorted(
        ((year, str(year), n) for year, n in counters["year"].items() if year is not None),
        reverse=True,
    )
    named = SubTheme.objects.in_bulk(list(counters["sub_theme"]))
    counted["sub_theme"] = sorted(
        ((pk, named[pk].name, n) for pk, n in counters["sub_theme"].items() if pk in named),
        key=lambda row: (-row[2], row[1]),
    )
    return counted
