"""Finding materials: one search box over titles, summaries and full text, with facets.

PostgreSQL searches `MaterialText.search_vector` (built with the material's language
configuration — `finnish`, `swedish` or `english` — and a GIN index) and ranks with
`ts_rank`. SQLite searches the FTS5 table `library_material_fts`, which holds Snowball stems
made by PyStemmer, and ranks with `bm25`. Both match each query word as a prefix of its stem in
every language, so "strategia" finds "strategian" and "strategiaa" on either database.
Visibility is applied first, from `Material.objects.visible_to`, so a search can never find
what its user may not open.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, FloatField, Q, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from uso.network.models import SubTheme

from . import text
from .models import Material, MaterialText

FTS_TABLE = "library_material_fts"
PG_CONFIGS = {"fi": "finnish", "sv": "swedish", "en": "english"}
SNIPPET_SOURCE_CHARS = 60_000
INDEXED_CHARS = 300_000
SNIPPET_WORDS = 28


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


# --- Writing the index ---------------------------------------------------------------------


def index_material(material: Material, plain_text: str) -> None:
    """Store a material's searchable text and index it for this database.

    Only the first INDEXED_CHARS characters are indexed: PostgreSQL refuses a tsvector over
    1 MB, and a book-length file is found by its beginning as well as by its whole."""
    language = material.language
    plain_text = plain_text[:INDEXED_CHARS]
    extra_title = " ".join(text.index_words(material.title, language))
    MaterialText.objects.update_or_create(material=material, defaults={"text": plain_text})
    if uses_postgres():
        config = PG_CONFIGS.get(language, "finnish")
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE library_materialtext SET search_vector ="
                " setweight(to_tsvector(%s::regconfig, %s), 'A')"
                " || setweight(to_tsvector(%s::regconfig, %s), 'C')"
                " WHERE material_id = %s",
                [
                    config,
                    extra_title,
                    config,
                    " ".join(text.index_words(plain_text, language)),
                    material.pk,
                ],
            )
    else:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [material.pk])
            cursor.execute(
                f"INSERT INTO {FTS_TABLE} (rowid, title, body) VALUES (%s, %s, %s)",
                [
                    material.pk,
                    text.stemmed(material.title, language),
                    text.stemmed(plain_text, language),
                ],
            )


def remove_from_index(material_id: int) -> None:
    if not uses_postgres():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [material_id])


# --- Matching ------------------------------------------------------------------------------


def _fts5_expression(terms) -> str:
    def alternatives(prefixes):
        # A prefix that a shorter one already covers only makes the index do the work twice.
        starred = [p for p in prefixes if len(p) >= text.MIN_PREFIX]
        needed = {p for p in prefixes if not any(s != p and p.startswith(s) for s in starred)}
        return " OR ".join(
            f'"{p}"*' if len(p) >= text.MIN_PREFIX else f'"{p}"' for p in sorted(needed)
        )

    groups = []
    for _word, prefixes, parts in terms:
        group = alternatives(prefixes)
        if parts:
            group += " OR (" + " AND ".join(f"({alternatives(p)})" for p in parts) + ")"
        groups.append(f"({group})")
    return " AND ".join(groups)


def _pg_query(terms) -> SearchQuery | None:
    """One tsquery for all the words: each word (and its base forms) normalised by the
    `finnish`, `swedish` and `english` configurations in one round trip, the same lexeme only
    once, so that the planner estimates the match well and the GIN index is used."""
    wanted = []  # (term index, part index or None, form, configuration)
    for number, (word, prefixes, parts) in enumerate(terms):
        for form in {word, *text.base_forms(word)} & prefixes:
            wanted += [(number, None, form, config) for config in PG_CONFIGS.values()]
        for part_number, part in enumerate(parts):
            wanted.append((number, part_number, max(part, key=len), "finnish"))
    columns = ", ".join("to_tsquery(%s::regconfig, %s)::text" for _ in wanted)
    params = []
    for _number, _part, form, config in wanted:
        params += [config, f"{form}:*" if len(form) >= text.MIN_PREFIX else form]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}", params)
        normalised = cursor.fetchone()
    words: list[set[str]] = [set() for _ in terms]
    parts: list[list[set[str]]] = [[set() for _ in term[2]] for term in terms]
    for (number, part_number, _form, _config), lexemes in zip(wanted, normalised, strict=True):
        if not lexemes:  # a stop word in that language
            continue
        (words[number] if part_number is None else parts[number][part_number]).add(lexemes)
    groups = []
    for alternatives, compound in zip(words, parts, strict=True):
        options = sorted(alternatives)
        if compound and all(compound):
            options.append(
                "(" + " & ".join("(" + " | ".join(sorted(p)) + ")" for p in compound) + ")"
            )
        if options:
            groups.append("(" + " | ".join(options) + ")")
    if not groups:
        return None
    return SearchQuery(" & ".join(groups), config="simple", search_type="raw")


def matching(queryset, query: str):
    """Materials of `queryset` that match the query, annotated with `rank` (higher is better)."""
    terms = text.query_terms(query)
    if not terms:
        return queryset.annotate(rank=Value(0.0, output_field=FloatField()))
    if uses_postgres():
        search_query = _pg_query(terms)
        if search_query is None:  # only stop words
            return queryset.none().annotate(rank=Value(0.0, output_field=FloatField()))
        return queryset.filter(text__search_vector=search_query).annotate(
            rank=SearchRank(F("text__search_vector"), search_query)
        )
    expression = _fts5_expression(terms)
    table = Material._meta.db_table
    # The scores of all matches in one pass of the index, looked up per row: a MATCH inside
    # the correlated subquery would search the whole index again for every matching row.
    materialized = "MATERIALIZED " if connection.Database.sqlite_version_info >= (3, 35) else ""
    return queryset.filter(
        pk__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [expression])
    ).annotate(
        rank=RawSQL(
            f"(WITH scores AS {materialized}(SELECT rowid AS id, -bm25({FTS_TABLE}, 5.0, 1.0)"
            f" AS score FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)"
            f" SELECT score FROM scores WHERE scores.id = {table}.id)",
            [expression],
            output_field=FloatField(),
        )
    )


# --- Snippets ------------------------------------------------------------------------------


def snippets(materials, query: str) -> dict[int, str]:
    """A short passage of each material around the first words the query found, marked."""
    terms = text.query_terms(query)
    ids = [m.pk for m in materials]
    if not ids:
        return {}
    sources = dict(
        MaterialText.objects.filter(material_id__in=ids)
        .annotate(start=Substr("text", 1, SNIPPET_SOURCE_CHARS))
        .values_list("material_id", "start")
    )
    prefixes = set()
    for _word, word_prefixes, parts in terms:
        prefixes |= word_prefixes
        for part in parts:
            prefixes |= part
    return {m.pk: _snippet(sources.get(m.pk) or m.summary, m.language, prefixes) for m in materials}


def _snippet(source: str, language: str, prefixes: set[str]) -> str:
    source = source or ""
    matches: dict[str, bool] = {}  # each distinct word is stemmed once, not each occurrence

    def is_hit(match) -> bool:
        word = match.group()
        if word not in matches:
            matches[word] = bool(prefixes) and text.word_matches(word, language, prefixes)
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


def visible_results(user, query: LibraryQuery):
    """The materials the user may find, matching the words (not yet the facet filters)."""
    base = Material.objects.visible_to(user).published()
    return matching(base, query.q) if query.q.strip() else base


def results(user, query: LibraryQuery):
    found = visible_results(user, query).filter(query.filters())
    if query.sub_theme:
        found = found.distinct()
    if query.q.strip() and query.sort == "relevance":
        found = found.order_by("-rank", "-published_at", "-id")
    else:
        found = found.order_by("-published_at", "-id")
    return found.select_related("municipality").prefetch_related("sub_themes")


def facets(user, query: LibraryQuery) -> dict[str, list[tuple]]:
    """For each facet its values with counts, under every other filter that is set."""
    return facets_and_total(user, query)[0]


def facets_and_total(user, query: LibraryQuery) -> tuple[dict[str, list[tuple]], int]:
    """The facets, and how many materials pass every filter, from one pass over the matches.

    The words are matched once (the expensive part); the counting is done here: a material
    counts in a facet when it passes every other filter, and in the total when it passes all."""
    rows = (
        visible_results(user, query)
        .order_by()
        .values_list("id", "kind", "audience", "language", "published_at", "sub_themes")
    )
    materials: dict[int, list] = {}
    for pk, kind, audience, language, published_at, theme in rows.iterator(chunk_size=5000):
        entry = materials.get(pk)
        if entry is None:
            year = timezone.localtime(published_at).year if published_at else None
            entry = materials[pk] = [kind, audience, language, year, set()]
        if theme is not None:
            entry[4].add(theme)
    wanted = (query.kind, query.audience, query.language, query.year, query.sub_theme)
    names = ("kind", "audience", "language", "year", "sub_theme")
    counters = {name: Counter() for name in names}
    total = 0
    for kind, audience, language, year, themes in materials.values():
        values = (kind, audience, language, year)
        failed = [names[i] for i, value in enumerate(values) if wanted[i] and value != wanted[i]]
        if wanted[4] and wanted[4] not in themes:
            failed.append("sub_theme")
        if len(failed) > 1:
            continue
        if not failed:
            total += 1
        for i, name in enumerate(names[:4]):
            if (not failed or failed == [name]) and values[i] is not None:
                counters[name][values[i]] += 1
        if not failed or failed == ["sub_theme"]:
            counters["sub_theme"].update(themes)
    counted = {}
    for name in ("kind", "audience", "language"):
        choices = dict(Material._meta.get_field(name).choices)
        order = list(choices)
        counted[name] = sorted(
            ((value, choices.get(value, value), n) for value, n in counters[name].items()),
            key=lambda row, order=order: order.index(row[0]) if row[0] in order else 99,
        )
    counted["year"] = sorted(
        ((year, str(year), n) for year, n in counters["year"].items()), reverse=True
    )
    named = SubTheme.objects.in_bulk(list(counters["sub_theme"]))
    counted["sub_theme"] = sorted(
        ((pk, named[pk].name, n) for pk, n in counters["sub_theme"].items() if pk in named),
        key=lambda row: (-row[2], row[1]),
    )
    return counted, total
