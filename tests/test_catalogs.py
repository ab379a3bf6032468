"""The fi, sv and en catalogs are complete, and the compiled .mo files match the .po files."""

import gettext
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parent.parent / "src" / "uso" / "locale"


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_catalog_is_complete_and_compiled(language):
    po_path = LOCALE / language / "LC_MESSAGES" / "django.po"
    catalog = polib.pofile(str(po_path))
    untranslated = [entry.msgid for entry in catalog.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalog.fuzzy_entries()]
    assert not untranslated, f"{language}: untranslated: {untranslated[:10]}"
    assert not fuzzy, f"{language}: fuzzy: {fuzzy[:10]}"

    with (po_path.with_suffix(".mo")).open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in catalog.translated_entries():
        if entry.msgid_plural:
            ok = compiled.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgstr_plural[0]
        else:
            key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
            ok = compiled._catalog.get(key) == entry.msgstr
        if not ok:
            stale.append(entry.msgid)
    assert not stale, f"{language}: .mo is out of date (make messages): {stale[:5]}"


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_every_message_drf_gives_an_api_client_is_translated(language):
    """DRF's own catalogs leave some in English; `uso/api/drf_messages.py` fills them in."""
    from django.utils import translation
    from rest_framework import fields, relations, serializers

    messages = []  # lazy strings: their hash depends on the active language
    for module in (fields, relations, serializers):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, fields.Field):
                messages += getattr(value, "default_error_messages", {}).values()
    with translation.override("en"):
        english = [str(message) for message in messages]
    with translation.override(language):
        translated = [str(message) for message in messages]
    untranslated = sorted({e for e, t in zip(english, translated, strict=True) if e == t})
    assert not untranslated, f"{language}: {untranslated}"
