from django.core.management.base import BaseCommand

from uso.library.services import send_weekly_digests


class Command(BaseCommand):
    help = (
        "Send the library's weekly digest of new materials to subscribers. Run it on Monday "
        "mornings from cron where Celery beat does not run; it sends each person at most one "
        "digest per week, however often it runs."
    )

    def handle(self, *args, **options):
        sent = send_weekly_digests()
        self.stdout.write(f"{sent} digest(s) sent.")
