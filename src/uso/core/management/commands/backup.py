from pathlib import Path

from django.core.management.base import BaseCommand

from uso.core.backup import default_backup_name, write_backup


class Command(BaseCommand):
    help = (
        "Back up the database and the stored files (public and private) into one .tar.gz; "
        "`uso restore` reads it back."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "output",
            nargs="?",
            type=Path,
            help="The file to write (default: var/backups/uso-<date>-<time>.tar.gz).",
        )

    def handle(self, *args, output=None, **options):
        path = output or default_backup_name()
        path.parent.mkdir(parents=True, exist_ok=True)
        summary = write_backup(path)
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {summary.objects} database objects and {summary.files} files "
                f"into {path}."
            )
        )
