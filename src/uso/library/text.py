"""Words for the search index: Snowball stems (PyStemmer) and, where Voikko is installed,
the base forms and parts of Finnish compound words ("kuntastrategia" → kunta, strategia).

Without Voikko a compound is found by its whole word and its beginning only: "kunta" finds
"kuntastrategia", "strategia" does not.
"""

import logging
import re
from functools import lru_cache

import Stemmer

log = logging.getLogger(__name__)

WORD = re.compile(r"\w+", re.UNICODE)
NOT_WORD = re.compile(r"\W+", re.UNICODE)
STEMMERS = {"fi": "finnish", "sv": "swedish", "en": "english"}
# Query words shorter than this match only whole words: a prefix of two letters finds everything.
MIN_PREFIX = 3
# A stem or base form made from the query word matches as a prefix only from this length: the
# Finnish stem of "kunta" is "kun", which as a prefix would find every "kun" ("when") and
# "kuningas"; as a whole word it still finds "kunnan" and "kunnassa" (whose stem is "kun" too).
STEM_PREFIX = 4


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text or "") if not w.isdigit() or len(w) == 4]


@lru_cache(maxsize=3)
def stemmer(language: str):
    return Stemmer.Stemmer(STEMMERS.get(language, "finnish"))


def stem(word: str, language: str) -> str:
    return stemmer(language).stemWord(word)


@lru_cache(maxsize=1)
def voikko():
    """Voikko's Finnish analyser, or None when libvoikko and its dictionary are not installed."""
    try:
        import libvoikko

        return libvoikko.Voikko("fi")
    except Exception as error:  # OSError (no library) or libvoikko.VoikkoException (no dictionary)
        log.info("Voikko is not available, compound words are not split: %s", error)
        return None


SEGMENT = re.compile(r"\+([^+(]*)\(([^)]*)\)")


def _parts(analysis) -> list[str]:
    """The parts of a compound from Voikko's WORDBASES, e.g. "+kunta(kunta)+strategia(strategia)"
    → kunta, strategia. A derivational ending ("+omista(omistaa)+ja(+ja)") stays with the stem
    it belongs to, so "omistajaohjaus" gives omistaja, ohjaus — never a bare "ja"."""
    parts: list[list[str]] = []  # [surface so far, form to index]
    for surface, base in SEGMENT.findall(analysis.get("WORDBASES", "")):
        if base.startswith("+") and parts:
            parts[-1][0] += surface
            parts[-1][1] = parts[-1][0]
        else:
            parts.append([surface, base])
    forms = [_one_word(form) for _surface, form in parts]
    return [form for form in forms if len(form) > 2]


def _one_word(form: str) -> str:
    """Voikko's form as one word: it marks the joints of some compounds ("hyvin=vointi")."""
    return NOT_WORD.sub("", form).lower()


@lru_cache(maxsize=50_000)
def _analyses(word: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(base form, compound parts) of each of Voikko's readings of a Finnish word."""
    analyser = voikko()
    if analyser is None or len(word) < 4:
        return ()
    return tuple(
        (_one_word(analysis.get("BASEFORM") or ""), tuple(_parts(analysis)))
        for analysis in analyser.analyze(word)
    )


def base_forms(word: str) -> tuple[str, ...]:
    """Voikko's base forms of a Finnish word other than the word itself ("strategian" →
    strategia)."""
    return tuple(sorted({base for base, _parts in _analyses(word) if base and base != word}))


def finnish_forms(word: str) -> tuple[str, ...]:
    """Base forms of a Finnish word and of its compound parts, other than the word itself."""
    forms = set(base_forms(word))
    for _base, parts in _analyses(word):
        if len(parts) > 1:
            forms.update(parts)
    forms.discard(word)
    return tuple(sorted(forms))


def compound_parts(word: str) -> tuple[str, ...]:
    """The parts of a Finnish compound query word, e.g. ("kunta", "strategia"); () if none."""
    for _base, parts in _analyses(word):
        if len(parts) > 1:
            return parts
    return ()


def index_words(text: str, language: str) -> list[str]:
    """The words of a text plus, for Finnish, the base forms and compound parts Voikko finds."""
    result = []
    for word in words(text):
        result.append(word)
        if language == "fi":
            result.extend(finnish_forms(word))
    return result


def query_terms(query: str) -> list[tuple[str, set[str], list[set[str]]]]:
    """Each query word as (word, prefixes, compound parts' prefixes).

    A word matches a document word whose stem begins with the word's stem in Finnish, Swedish
    or English: "strategia" (stem "strateg") finds "strategian" and "strategiaa". A Finnish
    compound also matches when all its parts do."""
    terms = []
    for word in dict.fromkeys(words(query)):
        forms = {word, *base_forms(word)}
        prefixes = forms | {stem(form, language) for form in forms for language in STEMMERS}
        parts = [{part} | {stem(part, "fi")} for part in compound_parts(word)]
        terms.append((word, {p for p in prefixes if p}, parts))
    return terms


def is_prefix(form: str, word: str = "") -> bool:
    """Whether a query form matches the beginning of indexed words, not only whole words: the
    typed word from MIN_PREFIX letters (search as you type), its stems and base forms from
    STEM_PREFIX."""
    return len(form) >= STEM_PREFIX or (form == word and len(form) >= MIN_PREFIX)


def word_matches(word: str, language: str, starts: set[str], wholes: set[str]) -> bool:
    """Whether a word of a text is one the query found: its stem or itself begins with one of
    `starts` or is one of `wholes` (see `is_prefix`)."""
    candidates = (word.lower(), stem(word.lower(), language))
    return any(c.startswith(p) for c in candidates for p in starts) or any(
        c in wholes for c in candidates
    )


def query_operands(terms) -> tuple[set[str], set[str]]:
    """All the forms of the query terms split into those matched as prefixes and as whole
    words."""
    starts, wholes = set(), set()
    for word, prefixes, parts in terms:
        for form in prefixes.union(*parts):
            (starts if is_prefix(form, word) else wholes).add(form)
    return starts, wholes
