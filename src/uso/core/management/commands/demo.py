from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from uso.assessment.demo import load_assessment_demo
from uso.assessment.demo_figures import load_key_figures_demo
from uso.billing.demo import load_billing_demo
from uso.community.demo import load_community_demo
from uso.development.demo import load_development_demo
from uso.events.demo import load_events_demo
from uso.library.demo import load_library_demo
from uso.network.demo import load_current_period, load_demo
from uso.network.models import Period


class Command(BaseCommand):
    help = (
        "Load the demo data (the USO 2017–2018 period, and a current period with a year of "
        "events, the members' development plans, the library and the discussions). "
        "Idempotent; refuses with DEBUG off."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Skip when the database holds networks other than the demo one.",
        )

    def handle(self, *args, if_empty=False, **options):
        if not settings.DEBUG:
            raise CommandError("The demo data is never loaded with DEBUG off.")
        from uso.network.models import Network

        if if_empty and Network.objects.exclude(slug="uso").exists():
            self.stdout.write("The database has data of its own; no demo data loaded.")
            return
        # Loading is idempotent: a second run creates nothing and prints the accounts again.
        accounts = load_demo()
        load_billing_demo(Period.objects.get(network__slug="uso", start_date="2017-01-01"))
        # After the billing demo, so that the current period copies its fee schedule.
        current = load_current_period()
        load_events_demo(current)
        # After the events demo, whose workshops become workshops of the plans.
        load_development_demo(current)
        load_library_demo(current)
        load_community_demo(current)
        load_key_figures_demo(current)
        load_assessment_demo(current)
        self.stdout.write(self.style.SUCCESS("Demo data ready. Demo accounts:"))
        for role, email, password in accounts:
            self.stdout.write(f"  {role:<15} {email:<36} {password}")
        self.stdout.write("Coordinators set up two-factor authentication at their first sign-in.")
