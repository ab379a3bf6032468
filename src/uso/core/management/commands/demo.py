from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from uso.network.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo data (the USO 2017–2018 period). Idempotent; refuses with DEBUG off."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Only when no network exists yet."
        )

    def handle(self, *args, if_empty=False, **options):
        if not settings.DEBUG:
            raise CommandError("The demo data is never loaded with DEBUG off.")
        from uso.network.models import Network

        if if_empty and Network.objects.exists():
            self.stdout.write("The database has data already; no demo data loaded.")
            return
        accounts = load_demo()
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Demo accounts:"))
        for role, email, password in accounts:
            self.stdout.write(f"  {role:<15} {email:<36} {password}")
        self.stdout.write("Coordinators set up two-factor authentication at their first sign-in.")
