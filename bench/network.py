"""Generate the USO network at ten times its real size, on a database of its own.

    .venv/bin/python bench/network.py --database-url postgres://postgres@127.0.0.1:5432/postgres
        [--name uso_bench_10x] [--scale 1.0] [--seed 2017]

Creates the database `--name` on the server (dropping one of that name first), migrates, loads
the demo network (`uso demo`) and grows it to: 309 member municipalities, 10 periods, 3,000
events, 20,000 people, 150,000 registrations, 10,000 materials, 50,000 discussion messages and
2,000 invoices. `--scale 0.1` makes a tenth of everything (the 309 municipalities stay), for a
quick look. The invoices come from real invoice runs (`billing.services.run_invoices`), each
timed: the run for 309 members is one of the benchmark's budgets (≤ 10 s). Prints the counts,
the times, and the database URL for `bench/run.py`. See bench/README.md.
"""

import argparse
import json
import random
import resource
import sys
import time
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import library_search  # noqa: E402  (the materials' generator, shared with the search benchmark)

TARGETS = {
    "periods": 10,
    "events": 3000,
    "people": 20000,
    "registrations": 150000,
    "materials": 10000,
    "posts": 50000,
    "invoices": 2000,
}
# The periods added before and after the demo's 2017–2018, besides the current one.
EXTRA_PERIOD_STARTS = [2007, 2009, 2011, 2013, 2015, 2019, 2021, 2023]
PASSWORD = "uso-bench-2017"
BATCH = 5000
FIRST_NAMES = [
    "Aino",
    "Anna",
    "Antti",
    "Eero",
    "Elina",
    "Emma",
    "Hanna",
    "Heikki",
    "Ilkka",
    "Jari",
    "Johanna",
    "Juha",
    "Kaisa",
    "Kari",
    "Laura",
    "Leena",
    "Liisa",
    "Marja",
    "Markku",
    "Matti",
    "Mikko",
    "Minna",
    "Niina",
    "Olli",
    "Paula",
    "Pekka",
    "Riikka",
    "Sari",
    "Seppo",
    "Tiina",
    "Timo",
    "Tuula",
    "Ville",
    "Anders",
    "Johan",
    "Karin",
    "Maria",
    "Erik",
    "Sofia",
]
LAST_NAMES = [
    "Korhonen",
    "Virtanen",
    "Mäkinen",
    "Nieminen",
    "Mäkelä",
    "Hämäläinen",
    "Laine",
    "Heikkinen",
    "Koskinen",
    "Järvinen",
    "Lehtonen",
    "Lehtinen",
    "Saarinen",
    "Salminen",
    "Heinonen",
    "Niemi",
    "Heikkilä",
    "Kinnunen",
    "Salonen",
    "Turunen",
    "Salo",
    "Laitinen",
    "Tuominen",
    "Rantanen",
    "Karjalainen",
    "Jokinen",
    "Mattila",
    "Savolainen",
    "Lahtinen",
    "Ahonen",
    "Lindqvist",
    "Johansson",
    "Nyström",
    "Holmberg",
]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/postgres",
        help="a PostgreSQL server (its database is only used to connect)",
    )
    parser.add_argument("--name", default="uso_bench_10x", help="the database to (re)create")
    parser.add_argument("--scale", type=float, default=1.0, help="share of the 10× sizes")
    parser.add_argument("--seed", type=int, default=2017)
    return parser.parse_args(argv)


@contextmanager
def timed(label: str, times: dict):
    started = time.perf_counter()
    print(f"{label} …", flush=True)
    yield
    times[label] = round(time.perf_counter() - started, 2)
    print(f"  {times[label]:.1f} s", flush=True)


@contextmanager
def own_timestamps(*models):
    """bulk_create would stamp every row with now; generated rows carry their own dates."""
    fields = [m._meta.get_field("created_at") for m in models]
    for field in fields:
        field.auto_now_add = False
    try:
        yield
    finally:
        for field in fields:
            field.auto_now_add = True


def aware(day: date, hour: int = 9) -> datetime:
    from django.utils import timezone

    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


# --- Periods and members ---------------------------------------------------------------------


def grow_periods(rng: random.Random) -> list:
    """Ten periods in all; every one of the 309 municipalities a member of the current one,
    between a half and all of them of each earlier one."""
    from uso.billing.services import copy_fee_schedule
    from uso.network.models import Membership, Municipality, Network, Period

    network = Network.objects.get(slug="uso")
    demo_period = Period.objects.get(network=network, start_date=date(2017, 1, 1))
    for year in EXTRA_PERIOD_STARTS:
        span = f"{year}–{year + 1}"
        period, created = Period.objects.get_or_create(
            network=network,
            start_date=date(year, 1, 1),
            defaults={
                "name_fi": f"USO {span}",
                "name_sv": f"USO {span}",
                "name_en": f"USO {span}",
                "end_date": date(year + 1, 12, 31),
            },
        )
        if created:
            copy_fee_schedule(source=demo_period, target=period)
    periods = list(Period.objects.filter(network=network).order_by("start_date"))
    current = periods[-1]
    municipalities = list(Municipality.objects.order_by("code"))
    population = {m.pk: int(rng.lognormvariate(9.2, 1.1)) + 700 for m in municipalities}
    rows = []
    for period in periods:
        taken = set(period.memberships.values_list("municipality_id", flat=True))
        members = (
            municipalities
            if period == current
            else rng.sample(municipalities, rng.randint(len(municipalities) // 2, 280))
        )
        rows += [
            Membership(
                municipality=m,
                period=period,
                status=Membership.Status.ACTIVE,
                joined_on=period.start_date,
                population_basis=population[m.pk],
                population_reference_date=date(period.start_date.year - 1, 12, 31),
                invoice_language=m.default_invoice_language,
                billing_contact_name=f"{m.name_fi}: talouspalvelut",
            )
            for m in members
            if m.pk not in taken
        ]
    Membership.objects.bulk_create(rows, batch_size=BATCH)
    return periods


# --- People ----------------------------------------------------------------------------------


def grow_people(total: int, rng: random.Random) -> None:
    """Participants and contact persons of every municipality, sharing one password hash:
    20,000 hashings would take longer than everything else together."""
    from django.contrib.auth.hashers import make_password

    from uso.accounts.models import Leadership, Role, User
    from uso.network.models import Municipality

    missing = total - User.objects.count()
    if missing <= 0:
        return
    password = make_password(PASSWORD)
    municipalities = list(Municipality.objects.values_list("pk", "language"))
    with_contact = set(
        User.objects.filter(role=Role.CONTACT).values_list("municipality_id", flat=True)
    )
    rows = []
    for n in range(missing):
        municipality, language = municipalities[n % len(municipalities)]
        contact = municipality not in with_contact
        with_contact.add(municipality)
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        rows.append(
            User(
                email=f"{first}.{last}.{n}@bench.example.org".lower(),
                first_name=first,
                last_name=last,
                password=password,
                role=Role.CONTACT if contact else Role.PARTICIPANT,
                municipality_id=municipality,
                leadership=rng.choice([Leadership.POLITICAL, Leadership.PROFESSIONAL]),
                position=rng.choice(["valtuutettu", "kunnanhallituksen jäsen", "johtaja"]),
                language="sv" if language == "sv" else "fi",
                date_joined=aware(date(2007, 1, 1) + timedelta(days=rng.randint(0, 7000))),
            )
        )
    User.objects.bulk_create(rows, batch_size=BATCH)


# --- Events and registrations ----------------------------------------------------------------

KINDS = {"theme_seminar": 40, "peer_seminar": 30, "contact_meeting": 15, "change_clinic": 15}


def grow_events(periods: list, total: int, rng: random.Random) -> None:
    from uso.accounts.models import Role, User
    from uso.events.models import Event

    missing = total - Event.objects.count()
    if missing <= 0:
        return
    coordinator = User.objects.filter(role=Role.COORDINATOR).order_by("pk").first()
    kinds, weights = list(KINDS), list(KINDS.values())
    rows = []
    for n in range(missing):
        period = periods[n % len(periods)]
        day = period.start_date + timedelta(days=rng.randint(10, 715))
        kind = rng.choices(kinds, weights)[0]
        start = aware(day, rng.choice([9, 10, 12, 13]))
        rows.append(
            Event(
                period=period,
                kind=kind,
                title=f"{library_search.TITLE_PREFIXES['article'][0]}"
                f"{rng.choice(['Talous', 'Strategia', 'Johtaminen', 'Elinvoima', 'Osallisuus'])}"
                f" {n}",
                description="Seminaarin ohjelma ja puhujat.\n\nTervetuloa!",
                start=start,
                end=start + timedelta(hours=rng.choice([2, 3, 6])),
                venue="Kuntatalo",
                address="Toinen linja 14, Helsinki",
                capacity=rng.choice([40, 60, 80, 120, 200]),
                registration_closes=start - timedelta(days=3),
                status=Event.Status.PUBLISHED,
                created_by=coordinator,
            )
        )
    Event.objects.bulk_create(rows, batch_size=BATCH)


def grow_registrations(total: int, rng: random.Random) -> None:
    """Each event's places go to people of the member municipalities, confirmed up to the
    capacity, then waitlisted; a few cancel."""
    from uso.accounts.models import Role, User
    from uso.events.models import Event, Registration

    missing = total - Registration.objects.count()
    if missing <= 0:
        return
    people = list(
        User.objects.filter(role__in=[Role.PARTICIPANT, Role.CONTACT]).values_list(
            "pk", "municipality_id"
        )
    )
    events = list(
        Event.objects.exclude(kind="workshop")
        .filter(registrations__isnull=True)  # the generated ones, not the demo's
        .values_list("pk", "capacity", "start")
    )
    per_event = missing / len(events)
    rows = []
    for event, capacity, start in events:
        count = min(len(people), max(1, round(rng.gauss(per_event, per_event / 3))))
        taken = rng.sample(people, count)
        for place, (person, municipality) in enumerate(taken):
            cancelled = rng.random() < 0.05
            status = (
                Registration.Status.CANCELLED
                if cancelled
                else Registration.Status.CONFIRMED
                if capacity is None or place < capacity
                else Registration.Status.WAITLISTED
            )
            registered = start - timedelta(days=rng.randint(4, 60), minutes=place)
            rows.append(
                Registration(
                    event_id=event,
                    person_id=person,
                    municipality_id=municipality,
                    status=status,
                    consent_to_list=rng.random() < 0.8,
                    created_at=registered,
                    confirmed_at=registered if status == "confirmed" else None,
                    cancelled_at=registered + timedelta(days=1) if cancelled else None,
                )
            )
        if len(rows) >= BATCH:
            Registration.objects.bulk_create(rows)
            rows = []
    Registration.objects.bulk_create(rows)


# --- Discussions -----------------------------------------------------------------------------


def grow_discussions(total: int, rng: random.Random) -> None:
    """Threads of 1–30 messages in the current period's areas and the demo period's."""
    from django.utils import timezone
    from django.utils.html import escape

    from uso.accounts.models import User
    from uso.community.models import Area, Post, Thread

    missing = total - Post.objects.count()
    if missing <= 0:
        return
    areas = list(Area.objects.values_list("pk", flat=True))
    authors = list(User.objects.filter(municipality__isnull=False).values_list("pk", flat=True))
    writer = library_search.Writer(rng)
    now = timezone.now()
    made = 0
    with own_timestamps(Thread, Post):
        while made < missing:
            threads, bodies = [], []
            for _ in range(500):
                writer.start_document()
                size = min(missing - made, rng.choice([1, 2, 3, 5, 8, 12, 20, 30]))
                if size <= 0:
                    break
                made += size
                opened = now - timedelta(days=rng.randint(0, 700), minutes=rng.randint(0, 900))
                stamps = sorted(opened + timedelta(hours=rng.randint(0, 500)) for _ in range(size))
                stamps[0] = opened
                threads.append(
                    Thread(
                        area_id=rng.choice(areas),
                        title=writer.title("article", "fi")[:200],
                        author_id=rng.choice(authors),
                        created_at=opened,
                        last_post_at=stamps[-1],
                        post_count=size,
                    )
                )
                bodies.append(
                    [(stamp, writer.text(rng.randint(20, 120), "fi")) for stamp in stamps]
                )
            created = Thread.objects.bulk_create(threads)
            Post.objects.bulk_create(
                (
                    Post(
                        thread_id=thread.pk,
                        author_id=rng.choice(authors),
                        body=body,
                        html="".join(f"<p>{escape(p)}</p>" for p in body.split("\n\n")),
                        created_at=stamp,
                    )
                    for thread, messages in zip(created, bodies, strict=True)
                    for stamp, body in messages
                ),
                batch_size=BATCH,
            )


# --- Invoices --------------------------------------------------------------------------------


def run_invoices(periods: list, total: int, times: dict) -> list[dict]:
    """Real invoice runs, newest year first, until the network has `total` invoices: each run
    timed, with its member count."""
    from uso.accounts.models import Role, User
    from uso.billing.models import Invoice
    from uso.billing.services import run_invoices as run

    coordinator = User.objects.filter(role=Role.COORDINATOR).order_by("pk").first()
    runs = []
    for period in reversed(periods):
        for year in (period.start_date.year, period.end_date.year):
            if Invoice.objects.count() >= total:
                return runs
            started = time.perf_counter()
            created = run(
                period=period,
                year=year,
                pro_rata=False,
                by=coordinator,
                invoice_date=date(year, 1, 15),
            )
            seconds = time.perf_counter() - started
            runs.append({"year": year, "invoices": len(created), "seconds": round(seconds, 2)})
            print(f"  invoice run {year}: {len(created)} invoices in {seconds:.1f} s", flush=True)
    return runs


def counts() -> dict:
    from uso.accounts.models import User
    from uso.billing.models import Invoice
    from uso.community.models import Post
    from uso.events.models import Event, Registration
    from uso.library.models import Material
    from uso.network.models import Membership, Period

    current = Period.objects.order_by("-start_date").first()
    return {
        "periods": Period.objects.count(),
        "members_now": Membership.objects.filter(period=current).count(),
        "events": Event.objects.count(),
        "people": User.objects.count(),
        "registrations": Registration.objects.count(),
        "materials": Material.objects.count(),
        "posts": Post.objects.count(),
        "invoices": Invoice.objects.count(),
    }


def main(argv=None) -> int:
    args = parse_args(argv)
    import psycopg

    server = library_search._libpq_url(args.database_url)
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{args.name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{args.name}"')
    from urllib.parse import urlsplit, urlunsplit

    url = urlunsplit(urlsplit(args.database_url)._replace(path=f"/{args.name}"))
    folder = Path(f"/tmp/{args.name}")
    folder.mkdir(exist_ok=True)
    library_search.configure(url, folder)

    from django.core.management import call_command
    from django.db import connection, transaction

    from uso.events.models import Registration
    from uso.library.models import Material

    rng = random.Random(args.seed)
    sizes = {name: int(value * args.scale) for name, value in TARGETS.items()}
    times: dict = {}
    with timed("Migrating and loading the demo network", times):
        call_command("migrate", verbosity=0)
        call_command("demo", verbosity=0)
    with timed("Periods and memberships", times), transaction.atomic():
        periods = grow_periods(rng)
    with timed(f"People ({sizes['people']})", times), transaction.atomic():
        grow_people(sizes["people"], rng)
    with timed(f"Events ({sizes['events']})", times), transaction.atomic():
        grow_events(periods, sizes["events"], rng)
    with (
        timed(f"Registrations ({sizes['registrations']})", times),
        transaction.atomic(),
        own_timestamps(Registration),
    ):
        grow_registrations(sizes["registrations"], rng)
    with timed(f"Discussion messages ({sizes['posts']})", times), transaction.atomic():
        grow_discussions(sizes["posts"], rng)
    materials = sizes["materials"] - Material.objects.count()
    with timed(f"Materials ({sizes['materials']})", times):
        if materials > 0:
            library_search.generate(materials, rng)
    with timed(f"Invoices ({sizes['invoices']})", times):
        runs = run_invoices(periods, sizes["invoices"], times)
    # What autovacuum keeps a live database like: statistics, and the visibility map without
    # which PostgreSQL cannot answer a count from an index alone.
    with timed("VACUUM ANALYZE", times), connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    result = {
        "database_url": url,
        "scale": args.scale,
        "counts": counts(),
        "seconds": times,
        "invoice_runs": runs,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))
    (folder / "generated.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
