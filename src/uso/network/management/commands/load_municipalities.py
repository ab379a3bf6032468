from django.core.management.base import BaseCommand

from uso.network.services import load_municipalities


class Command(BaseCommand):
    help = "Create or update the 309 municipalities and 19 regions from the bundled CSV."

    def handle(self, *args, **options):
        count = load_municipalities()
        self.stdout.write(self.style.SUCCESS(f"{count} municipalities up to date."))
