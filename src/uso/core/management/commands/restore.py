from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from uso.core.backup import BackupError, read_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `uso backup`: the database (all or nothing) and the stored "
        "files. Refuses a database that holds data unless --replace is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="The .tar.gz written by `uso backup`.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete everything in the database first (it must hold data of no value).",
        )

    def handle(self, *args, backup, replace=False, **options):
        if not backup.exists():
            raise CommandError(f"No such file: {backup}")
        try:
            summary = read_backup(backup, replace=replace)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {summary.objects} database objects and {summary.files} files "
                f"from {backup}."
            )
        )
