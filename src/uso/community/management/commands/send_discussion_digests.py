from django.core.management.base import BaseCommand

from uso.community.services import send_daily_digests


class Command(BaseCommand):
    help = (
        "Send the daily digest of new messages in followed discussions. Run it once a day from "
        "cron where Celery beat does not run; each message is e-mailed to a person only once, "
        "however often it runs."
    )

    def handle(self, *args, **options):
        sent = send_daily_digests()
        self.stdout.write(f"{sent} digest(s) sent.")
