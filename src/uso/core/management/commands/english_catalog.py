"""Fill the English catalog from the source strings (English is the source language).

Every message's translation is its msgid (each plural form its msgid or msgid_plural), and the
fuzzy guesses gettext made from similar old strings are dropped. `make messages` runs this.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Make the English catalog repeat every source string."

    def handle(self, *args, **options):
        import polib  # a development dependency, like the rest of `make messages`

        path = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.po"
        catalog = polib.pofile(str(path))
        for entry in catalog:
            if entry.obsolete:
                continue
            if entry.msgid_plural:
                entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
            else:
                entry.msgstr = entry.msgid
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgid_plural = None
        catalog.metadata["Language"] = "en"
        catalog.save()
        self.stdout.write(f"{len(catalog)} English messages.")
