"""Benchmark the library search on a throw-away database.

    .venv/bin/python bench/library_search.py [--materials 10000] [--searches 200]
        [--database-url postgres://postgres@127.0.0.1:5432/postgres] [--analyze] [--keep]

Without --database-url the database is a new SQLite file in a temporary folder. With a
PostgreSQL URL the script connects there only to create a database of its own
(`uso_bench_<random>`), runs in it and drops it at the end.

It migrates, loads the demo network (periods, sub-themes, member municipalities and their
people), generates N materials of all kinds with Finnish (and some Swedish and English) text
made from a word list and sentence templates, and indexes them through
`uso.library.search.index_material`, as saving a material does. Then it runs the searches the
library page runs — `search.results` (the count and the first page of 20), `search.snippets`
for that page and `search.facets` — for varied queries and users, and prints the wall time per
search (count, p50, p95, max), where the time goes (per step and the slowest SQL), and the
peak memory. See bench/README.md.
"""

import argparse
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections import defaultdict
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PROJECT_DIR = Path(__file__).resolve().parent.parent
TARGET_P95_MS = 50.0
BATCH = 500

# --- Words -----------------------------------------------------------------------------------

# Finnish nouns: nominative, genitive, partitive, inessive, elative, illative, plural
# nominative, plural genitive. The order is their rough frequency in the network's texts.
NOUNS_FI = [
    "kunta kunnan kuntaa kunnassa kunnasta kuntaan kunnat kuntien",
    "valtuusto valtuuston valtuustoa valtuustossa valtuustosta valtuustoon valtuustot valtuustojen",
    "strategia strategian strategiaa strategiassa strategiasta strategiaan strategiat "
    "strategioiden",
    "johtaminen johtamisen johtamista johtamisessa johtamisesta johtamiseen johtamiset johtamisten",
    "talous talouden taloutta taloudessa taloudesta talouteen taloudet talouksien",
    "palvelu palvelun palvelua palvelussa palvelusta palveluun palvelut palvelujen",
    "muutos muutoksen muutosta muutoksessa muutoksesta muutokseen muutokset muutosten",
    "asukas asukkaan asukasta asukkaassa asukkaasta asukkaaseen asukkaat asukkaiden",
    "henkilöstö henkilöstön henkilöstöä henkilöstössä henkilöstöstä henkilöstöön henkilöstöt "
    "henkilöstöjen",
    "tavoite tavoitteen tavoitetta tavoitteessa tavoitteesta tavoitteeseen tavoitteet tavoitteiden",
    "päätös päätöksen päätöstä päätöksessä päätöksestä päätökseen päätökset päätösten",
    "hallitus hallituksen hallitusta hallituksessa hallituksesta hallitukseen hallitukset "
    "hallitusten",
    "verkosto verkoston verkostoa verkostossa verkostosta verkostoon verkostot verkostojen",
    "kaupunki kaupungin kaupunkia kaupungissa kaupungista kaupunkiin kaupungit kaupunkien",
    "kehittäminen kehittämisen kehittämistä kehittämisessä kehittämisestä kehittämiseen "
    "kehittämiset kehittämisten",
    "talousarvio talousarvion talousarviota talousarviossa talousarviosta talousarvioon "
    "talousarviot talousarvioiden",
    "hyvinvointi hyvinvoinnin hyvinvointia hyvinvoinnissa hyvinvoinnista hyvinvointiin "
    "hyvinvoinnit hyvinvointien",
    "yhteistyö yhteistyön yhteistyötä yhteistyössä yhteistyöstä yhteistyöhön yhteistyöt "
    "yhteistöiden",
    "osallisuus osallisuuden osallisuutta osallisuudessa osallisuudesta osallisuuteen "
    "osallisuudet osallisuuksien",
    "konserni konsernin konsernia konsernissa konsernista konserniin konsernit konsernien",
    "maakunta maakunnan maakuntaa maakunnassa maakunnasta maakuntaan maakunnat maakuntien",
    "elinvoima elinvoiman elinvoimaa elinvoimassa elinvoimasta elinvoimaan elinvoimat elinvoimien",
    "osaaminen osaamisen osaamista osaamisessa osaamisesta osaamiseen osaamiset osaamisten",
    "investointi investoinnin investointia investoinnissa investoinnista investointiin "
    "investoinnit investointien",
    "arviointi arvioinnin arviointia arvioinnissa arvioinnista arviointiin arvioinnit arviointien",
    "työpaja työpajan työpajaa työpajassa työpajasta työpajaan työpajat työpajojen",
    "seminaari seminaarin seminaaria seminaarissa seminaarista seminaariin seminaarit seminaarien",
    "mittari mittarin mittaria mittarissa mittarista mittariin mittarit mittareiden",
    "ohjelma ohjelman ohjelmaa ohjelmassa ohjelmasta ohjelmaan ohjelmat ohjelmien",
    "yritys yrityksen yritystä yrityksessä yrityksestä yritykseen yritykset yritysten",
    "viestintä viestinnän viestintää viestinnässä viestinnästä viestintään viestinnät viestintöjen",
    "riski riskin riskiä riskissä riskistä riskiin riskit riskien",
    "väestö väestön väestöä väestössä väestöstä väestöön väestöt väestöjen",
    "sopimus sopimuksen sopimusta sopimuksessa sopimuksesta sopimukseen sopimukset sopimusten",
    "kuntastrategia kuntastrategian kuntastrategiaa kuntastrategiassa kuntastrategiasta "
    "kuntastrategiaan kuntastrategiat kuntastrategioiden",
    "omistajaohjaus omistajaohjauksen omistajaohjausta omistajaohjauksessa "
    "omistajaohjauksesta omistajaohjaukseen omistajaohjaukset omistajaohjausten",
    "toimintaympäristö toimintaympäristön toimintaympäristöä toimintaympäristössä "
    "toimintaympäristöstä toimintaympäristöön toimintaympäristöt toimintaympäristöjen",
    "ennakointi ennakoinnin ennakointia ennakoinnissa ennakoinnista ennakointiin ennakoinnit "
    "ennakointien",
    "luottamushenkilö luottamushenkilön luottamushenkilöä luottamushenkilössä "
    "luottamushenkilöstä luottamushenkilöön luottamushenkilöt luottamushenkilöiden",
    "kumppanuus kumppanuuden kumppanuutta kumppanuudessa kumppanuudesta kumppanuuteen "
    "kumppanuudet kumppanuuksien",
    "hyvinvointialue hyvinvointialueen hyvinvointialuetta hyvinvointialueella "
    "hyvinvointialueelta hyvinvointialueelle hyvinvointialueet hyvinvointialueiden",
    "skenaario skenaarion skenaariota skenaariossa skenaariosta skenaarioon skenaariot "
    "skenaarioiden",
    "palveluverkko palveluverkon palveluverkkoa palveluverkossa palveluverkosta "
    "palveluverkkoon palveluverkot palveluverkkojen",
    "tilinpäätös tilinpäätöksen tilinpäätöstä tilinpäätöksessä tilinpäätöksestä "
    "tilinpäätökseen tilinpäätökset tilinpäätösten",
    "kuntalaisraati kuntalaisraadin kuntalaisraatia kuntalaisraadissa kuntalaisraadista "
    "kuntalaisraatiin kuntalaisraadit kuntalaisraatien",
]
# Verbs: singular, passive, plural, past.
VERBS_FI = [
    "edistää edistetään edistävät edisti",
    "tukee tuetaan tukevat tuki",
    "valmistelee valmistellaan valmistelevat valmisteli",
    "arvioi arvioidaan arvioivat arvioi",
    "seuraa seurataan seuraavat seurasi",
    "kehittää kehitetään kehittävät kehitti",
    "johtaa johdetaan johtavat johti",
    "päättää päätetään päättävät päätti",
    "vahvistaa vahvistetaan vahvistavat vahvisti",
    "linjaa linjataan linjaavat linjasi",
    "toteuttaa toteutetaan toteuttavat toteutti",
    "uudistaa uudistetaan uudistavat uudisti",
    "ohjaa ohjataan ohjaavat ohjasi",
    "ennakoi ennakoidaan ennakoivat ennakoi",
]
# Adjectives: nominative, genitive.
ADJECTIVES_FI = [
    "strateginen strategisen",
    "uusi uuden",
    "tuleva tulevan",
    "yhteinen yhteisen",
    "kestävä kestävän",
    "alueellinen alueellisen",
    "taloudellinen taloudellisen",
    "avoin avoimen",
    "pitkäjänteinen pitkäjänteisen",
    "osallistava osallistavan",
    "ajankohtainen ajankohtaisen",
    "keskeinen keskeisen",
    "paikallinen paikallisen",
]
LINKS_FI = ["ja", "sekä", "mutta myös", "erityisesti", "lisäksi", "samalla"]
OPENERS_FI = ["Lisäksi", "Erityisesti", "Vuonna 2024", "Kauden alussa", "Jatkossa", "Siksi"]

NOUNS_SV = [
    "kommun",
    "kommunen",
    "kommunens",
    "kommuner",
    "kommunerna",
    "strategi",
    "strategin",
    "strategier",
    "fullmäktige",
    "ekonomi",
    "ekonomin",
    "ledarskap",
    "ledarskapet",
    "förändring",
    "förändringen",
    "förändringar",
    "tjänster",
    "invånare",
    "invånarna",
    "personal",
    "personalen",
    "nätverk",
    "nätverket",
    "ägarstyrning",
    "välfärd",
    "välfärdsområde",
    "välfärdsområdet",
    "beslut",
    "besluten",
    "mål",
    "målen",
    "koncern",
    "koncernen",
]
VERBS_SV = [
    "utvecklar",
    "bereder",
    "beslutar",
    "följer",
    "stöder",
    "leder",
    "förnyar",
    "bedömer",
    "styr",
]
NOUNS_EN = [
    "municipality",
    "municipalities",
    "council",
    "councils",
    "strategy",
    "strategies",
    "leadership",
    "change",
    "finances",
    "services",
    "residents",
    "staff",
    "network",
    "networks",
    "ownership",
    "steering",
    "region",
    "regions",
    "decision",
    "decisions",
    "goal",
    "goals",
    "group",
    "wellbeing",
]
VERBS_EN = [
    "develops",
    "prepares",
    "decides",
    "follows",
    "supports",
    "leads",
    "renews",
    "assesses",
    "steers",
]

TITLE_PREFIXES = {
    "article": ["Ajankohtaiskatsaus: ", "Artikkeli: ", ""],
    "file": ["Opas: ", "Raportti: ", "Diat: ", "Mallipohja: ", ""],
    "video": ["Video: ", "Webinaaritallenne: "],
    "link": ["", "Verkkopalvelu: "],
    "checklist": ["Tarkistuslista: "],
}
# Words in the text (kind: (least, most)); files stand for their extracted text.
WORDS = {
    "article": (250, 900),
    "file": (500, 4000),
    "video": (100, 500),
    "link": (15, 60),
    "checklist": (60, 160),
}
KIND_WEIGHTS = {"file": 35, "article": 30, "video": 10, "link": 15, "checklist": 10}

# --- Queries ---------------------------------------------------------------------------------

SINGLE_WORDS = [
    "kunta",
    "strategia",
    "valtuusto",
    "johtaminen",
    "talous",
    "muutos",
    "omistajaohjaus",
    "skenaario",
    "kuntalaisraati",
    "palveluverkko",
    "ennakointi",
    "hyvinvointialue",
    "elinvoima",
    "tilinpäätös",
    "mittari",
]
INFLECTED = [
    "strategian",
    "valtuustojen",
    "kuntien",
    "muutoksessa",
    "talouden",
    "asukkaiden",
    "henkilöstön",
    "omistajaohjauksen",
    "päätöksistä",
    "investoinneista",
    "kuntastrategiaa",
    "kommunerna",
    "strategin",
    "councils",
]
TWO_WORDS = [
    "kunnan strategia",
    "valtuuston päätös",
    "muutoksen johtaminen",
    "talouden tasapainottaminen",
    "omistajaohjaus konserni",
    "asukkaiden osallisuus",
    "hyvinvointialueen yhteistyö",
    "skenaario ennakointi",
    "kunta palveluverkko",
    "strategian mittarit",
    "kommunens strategi",
    "council strategy",
]
PREFIXES = ["str", "valt", "joht", "kuntastr"]
COMPOUNDS = ["kuntastrategia", "strategiatyö", "valtuustokausi", "talousarvio"]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--materials", type=int, default=10_000)
    parser.add_argument("--searches", type=int, default=200)
    parser.add_argument(
        "--database-url",
        default="",
        help="a PostgreSQL server to create a throw-away database on (default: SQLite file)",
    )
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--slowest", type=int, default=8, help="SQL statements to show")
    parser.add_argument(
        "--analyze",
        action="store_true",
        help="run ANALYZE on SQLite before searching (PostgreSQL is always analysed, as "
        "autovacuum would have done)",
    )
    return parser.parse_args(argv)


# --- The throw-away database -----------------------------------------------------------------


class Database:
    """A temporary SQLite file, or a new database on the given PostgreSQL server."""

    def __init__(self, server_url: str, keep: bool):
        self.server_url = server_url
        self.keep = keep
        self.folder = Path(tempfile.mkdtemp(prefix="uso-bench-"))
        self.name = ""

    def __enter__(self) -> str:
        if not self.server_url:
            return f"sqlite:///{self.folder / 'bench.sqlite3'}"
        import psycopg

        self.name = f"uso_bench_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(_libpq_url(self.server_url), autocommit=True) as server:
            server.execute(f'CREATE DATABASE "{self.name}"')
        parts = urlsplit(self.server_url)
        return urlunsplit(parts._replace(path=f"/{self.name}"))

    def __exit__(self, *exc):
        from django.conf import settings

        if settings.configured:
            from django.db import connections

            connections.close_all()
        if self.keep:
            print(f"Kept: {self.name or self.folder}")
            return
        if self.name:
            import psycopg

            with psycopg.connect(_libpq_url(self.server_url), autocommit=True) as server:
                server.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        shutil.rmtree(self.folder, ignore_errors=True)


def _libpq_url(url: str) -> str:
    parts = urlsplit(url)
    scheme = "postgresql" if parts.scheme in ("postgres", "postgresql", "pgsql") else parts.scheme
    return urlunsplit(parts._replace(scheme=scheme))


def configure(database_url: str, folder: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "uso.settings"
    os.environ["DEBUG"] = "1"
    os.environ["DATABASE_URL"] = database_url
    os.environ["MEDIA_ROOT"] = str(folder / "media")
    os.environ["PRIVATE_MEDIA_ROOT"] = str(folder / "private")
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(PROJECT_DIR / "src"))
    import django

    django.setup()


# --- Generating materials --------------------------------------------------------------------


class Writer:
    """Sentences of the network's words. Each document has a vocabulary of its own: a few of
    the general words (the more common, the more often), some topical words and compound
    words made of two nouns ("henkilöstöstrategian"), so that common words are found in most
    documents, topical ones in some and compounds in few, as in a real library."""

    GENERAL = 12  # the first nouns are general words; the rest are topical

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.all_nouns = [line.split() for line in NOUNS_FI]
        self.general = self.all_nouns[: self.GENERAL]
        self.general_weights = [1 / (rank + 1) for rank in range(self.GENERAL)]
        self.topical = self.all_nouns[self.GENERAL :]
        self.verbs = [line.split() for line in VERBS_FI]
        self.adjectives = [line.split() for line in ADJECTIVES_FI]
        self.start_document()

    def _compound(self) -> list[str]:
        first, second = self.rng.sample(self.all_nouns, 2)
        head = first[0][:-3] + "s" if first[0].endswith("nen") else first[0]
        return [head + form for form in second]

    def start_document(self) -> None:
        r = self.rng
        general = {tuple(r.choices(self.general, self.general_weights)[0]) for _ in range(4)}
        topical = r.sample(self.topical, r.randint(4, 10))
        compounds = [self._compound() for _ in range(r.randint(1, 5))]
        self.nouns = [list(n) for n in general] * 3 + topical + compounds

    def noun(self, case: int) -> str:
        return self.rng.choice(self.nouns)[case]

    def sentence_fi(self) -> str:
        r = self.rng
        adjective, verb = r.choice(self.adjectives), r.choice(self.verbs)
        n = self.noun
        pattern = r.randrange(6)
        if pattern == 0:
            words = [adjective[0], n(0), verb[0], n(1), n(2)]
        elif pattern == 1:
            words = [n(3), verb[1], n(2), r.choice(LINKS_FI), n(2)]
        elif pattern == 2:
            words = [n(1), n(0), verb[0], adjective[1], n(1), n(2)]
        elif pattern == 3:
            words = [r.choice(OPENERS_FI), n(6), verb[2], n(7), n(2), n(4), "käsin"]
        elif pattern == 4:
            words = [n(7), n(6), verb[3], adjective[1], n(1), n(5)]
        else:
            words = [n(0), "ja", n(0), verb[1], n(3), r.choice(LINKS_FI), n(3)]
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def sentence_other(self, language: str) -> str:
        nouns, verbs = (NOUNS_SV, VERBS_SV) if language == "sv" else (NOUNS_EN, VERBS_EN)
        r = self.rng
        text = " ".join(
            [r.choice(nouns), r.choice(verbs), r.choice(nouns), r.choice(["och", "and"])]
            + [r.choice(nouns)]
        )
        return text[0].upper() + text[1:] + "."

    def text(self, words: int, language: str) -> str:
        sentences, count = [], 0
        while count < words:
            sentence = self.sentence_fi() if language == "fi" else self.sentence_other(language)
            sentences.append(sentence)
            count += sentence.count(" ") + 1
        paragraphs = [" ".join(sentences[i : i + 6]) for i in range(0, len(sentences), 6)]
        return "\n\n".join(paragraphs)

    def title(self, kind: str, language: str) -> str:
        if language != "fi":
            return self.sentence_other(language).rstrip(".")
        adjective = self.rng.choice(self.adjectives)
        body = f"{adjective[0].capitalize()} {self.noun(0)}: {self.noun(1)} {self.noun(0)}"
        return self.rng.choice(TITLE_PREFIXES[kind]) + body


def generate(count: int, rng: random.Random) -> tuple[float, int]:
    """Create `count` materials with their texts; return (seconds, indexed characters)."""
    from django.db import transaction
    from django.utils import timezone

    from uso.accounts.models import Role, User
    from uso.library import facts, search
    from uso.library.models import Material
    from uso.network.models import Membership, Period, SubTheme

    period = Period.objects.filter(network__slug="uso").current()
    sub_themes = list(SubTheme.objects.filter(theme_area__period=period))
    municipalities = list(
        Membership.objects.filter(period=period).values_list("municipality_id", flat=True)
    )
    authors = list(User.objects.filter(role__in=[Role.COORDINATOR, Role.CONSULTANT]))
    writer = Writer(rng)
    now = timezone.now()
    Through = Material.sub_themes.through
    kinds, weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    started = time.perf_counter()
    characters = 0
    for first in range(0, count, BATCH):
        rows, texts = [], []
        for _ in range(min(BATCH, count - first)):
            kind = rng.choices(kinds, weights)[0]
            writer.start_document()
            language = rng.choices(["fi", "sv", "en"], [85, 10, 5])[0]
            visibility = rng.choices(["public", "members", "municipality"], [30, 62, 8])[0]
            draft = rng.random() < 0.04
            rows.append(
                Material(
                    kind=kind,
                    title=writer.title(kind, language),
                    summary=writer.text(rng.randint(15, 45), language),
                    language=language,
                    audience=rng.choice(Material.Audience.values),
                    period=period,
                    authors="Kaisa Koordinaattori",
                    status="draft" if draft else "published",
                    published_at=None
                    if draft
                    else now - timedelta(days=rng.randint(-20, 3 * 365), minutes=rng.random()),
                    visibility=visibility,
                    municipality_id=rng.choice(municipalities)
                    if visibility == "municipality"
                    else None,
                    url="https://www.kuntaliitto.fi/" if kind == "link" else "",
                    file_format=rng.choice(["pdf", "docx", "pptx"]) if kind == "file" else "",
                    extraction="done" if kind == "file" else "not_needed",
                    created_by=rng.choice(authors),
                )
            )
            low, high = WORDS[kind]
            texts.append(writer.text(rng.randint(low, high), language))
        with transaction.atomic():
            created = Material.objects.bulk_create(rows)
            Through.objects.bulk_create(
                Through(material_id=material.pk, subtheme_id=theme.pk)
                for material in created
                for theme in rng.sample(sub_themes, rng.choice([1, 1, 2, 3]))
            )
            for material, body in zip(created, texts, strict=True):
                plain = f"{material.summary}\n{body}"
                characters += len(plain)
                search.index_material(material, plain)
        done = first + len(rows)
        if sys.stdout.isatty():
            print(f"\r  {done:>6} / {count} materials", end="", flush=True)
        elif done % 2000 == 0 or done == count:
            print(f"  {done:>6} / {count} materials", flush=True)
    if sys.stdout.isatty():
        print()
    facts.changed()  # bulk_create sends no signals
    return time.perf_counter() - started, characters


# --- Searching -------------------------------------------------------------------------------


def queries(total: int, rng: random.Random):
    """(label, LibraryQuery) pairs: words of every sort, with and without facet filters."""
    from uso.library.models import Material
    from uso.library.search import LibraryQuery
    from uso.network.models import Period, SubTheme

    period = Period.objects.filter(network__slug="uso").current()
    themes = list(SubTheme.objects.filter(theme_area__period=period).values_list("pk", flat=True))
    year = period.start_date.year
    words = (
        [("word", w) for w in SINGLE_WORDS]
        + [("inflected", w) for w in INFLECTED]
        + [("two words", w) for w in TWO_WORDS]
        + [("prefix", w) for w in PREFIXES]
        + [("compound", w) for w in COMPOUNDS]
    )
    made = []
    for index in range(total):
        label, q = words[index % len(words)]
        query = LibraryQuery(q=q)
        if index % 10 == 9:
            label, query.q = "no words", ""
        roll = rng.random()
        if roll < 0.15:
            query.kind = rng.choice(list(KIND_WEIGHTS))
        elif roll < 0.25:
            query.sub_theme = rng.choice(themes)
        elif roll < 0.32:
            query.audience = rng.choice(Material.Audience.values)
        elif roll < 0.38:
            query.year = rng.choice([year - 2, year - 1, year])
        elif roll < 0.44:
            query.language = rng.choice(["fi", "sv"])
        elif roll < 0.5:
            query.kind, query.language = "file", "fi"
        if rng.random() < 0.1:
            query.sort = "date"
        filtered = any([query.kind, query.sub_theme, query.audience, query.year, query.language])
        made.append((label + (" + filter" if filtered else ""), query))
    return made


def users():
    from django.contrib.auth.models import AnonymousUser

    from uso.accounts.models import User

    return [
        ("anonymous", AnonymousUser()),
        ("member", User.objects.get(email="valtuusto.091@kunta.example")),
        ("contact", User.objects.get(email="yhdyshenkilo.545@kunta.example")),
        ("consultant", User.objects.get(email="konsultti1@uso.example")),
        ("coordinator", User.objects.get(email="koordinaattori@uso.example")),
    ]


def one_search(user, query) -> tuple[dict[str, float], int]:
    """What the library page does for one request: the page of results, snippets, facets."""
    from django.core.paginator import Paginator

    from uso.library import search

    steps = {}
    started = time.perf_counter()
    # As the page does: one search gives the facets, the paginator's count and the results.
    found = search.Search(user, query)
    _facets, total = found.facets_and_total()
    steps["facets"] = time.perf_counter() - started
    mark = time.perf_counter()
    paginator = Paginator(found.results(), 20)
    paginator.count = total
    page = paginator.page(1)
    materials = list(page)
    steps["results"] = time.perf_counter() - mark
    mark = time.perf_counter()
    if query.q.strip():  # the page shows summaries when browsing without words
        search.snippets(materials, query.q)
    steps["snippets"] = time.perf_counter() - mark
    steps["total"] = time.perf_counter() - started
    return steps, page.paginator.count


def percentile(values, share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run_searches(total: int, rng: random.Random, slowest: int) -> dict:
    from django.db import connection, reset_queries

    people = users()
    planned = [
        (label, query, people[i % len(people)])
        for i, (label, query) in enumerate(queries(total, rng))
    ]
    for _label, query, (_who, user) in planned[:10]:  # warm up: caches, Voikko, the database
        one_search(user, query)
    times, by_step, by_label, by_user, sql = [], defaultdict(list), defaultdict(list), {}, []
    found_counts = []
    for label, query, (who, user) in planned:
        reset_queries()
        steps, found = one_search(user, query)
        found_counts.append(found)
        ms = steps["total"] * 1000
        times.append(ms)
        for step, seconds in steps.items():
            by_step[step].append(seconds * 1000)
        by_label[label].append(ms)
        by_user.setdefault(who, []).append(ms)
        for statement in connection.queries:
            sql.append((float(statement["time"]) * 1000, label, who, query.q, statement["sql"]))
    # Python's peak allocation for one search, measured apart so that tracing does not slow
    # the timed run.
    tracemalloc.start()
    peak = 0
    for _label, query, (_who, user) in planned[:: max(1, len(planned) // 40)]:
        tracemalloc.reset_peak()
        one_search(user, query)
        peak = max(peak, tracemalloc.get_traced_memory()[1])
    tracemalloc.stop()
    return {
        "times": times,
        "by_step": by_step,
        "by_label": by_label,
        "by_user": by_user,
        "sql": sorted(sql, key=lambda row: row[0], reverse=True)[:slowest],
        "peak_search_bytes": peak,
        "queries_per_search": len(sql) / max(1, len(planned)),
        "found": found_counts,
    }


def report(vendor: str, count: int, generated: tuple[float, int], result: dict) -> bool:
    times = result["times"]
    p95 = percentile(times, 0.95)
    print(f"\nDatabase: {vendor}; materials: {count}; searches: {len(times)}")
    print(f"Statistics: {result['analyzed']}")
    seconds, characters = generated
    print(f"Generated and indexed in {seconds:.1f} s ({characters / 1e6:.1f} M characters)")
    print(
        f"Search ms: p50 {percentile(times, 0.5):.1f}  p95 {p95:.1f}  max {max(times):.1f}  "
        f"mean {statistics.mean(times):.1f}"
    )
    found = result["found"]
    print(
        f"Materials found per search: median {percentile(found, 0.5)}, "
        f"p95 {percentile(found, 0.95)}, none found {sum(1 for n in found if n == 0)} times"
    )
    print("Per step (p50 / p95 ms):")
    for step in ("results", "snippets", "facets"):
        values = result["by_step"][step]
        print(f"  {step:<9} {percentile(values, 0.5):7.1f} {percentile(values, 0.95):7.1f}")
    print("Per query sort (n, p50 / p95 ms):")
    for label, values in sorted(result["by_label"].items()):
        print(
            f"  {label:<22} {len(values):>4} {percentile(values, 0.5):7.1f} "
            f"{percentile(values, 0.95):7.1f}"
        )
    print("Per user (p50 / p95 ms):")
    for who, values in result["by_user"].items():
        print(f"  {who:<12} {percentile(values, 0.5):7.1f} {percentile(values, 0.95):7.1f}")
    print(f"SQL statements per search: {result['queries_per_search']:.1f}; slowest:")
    for ms, label, who, q, statement in result["sql"]:
        print(f"  {ms:7.1f} ms  [{label}; {who}; q={q!r}] {statement[:300]}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    print(
        f"Peak memory: process {rss:.0f} MB (max RSS, generation included); one search "
        f"{result['peak_search_bytes'] / 1e6:.1f} MB (tracemalloc peak)"
    )
    ok = p95 <= TARGET_P95_MS
    print(f"Target p95 ≤ {TARGET_P95_MS:.0f} ms: {'met' if ok else 'NOT met'}")
    return ok


def main(argv=None) -> int:
    args = parse_args(argv)
    database = Database(args.database_url, args.keep)
    with database as url:
        configure(url, database.folder)
        from django.core.management import call_command
        from django.db import connection

        from uso.network.demo import load_current_period, load_demo

        print(f"Migrating {connection.vendor} …")
        call_command("migrate", verbosity=0)
        load_demo()
        load_current_period()
        rng = random.Random(args.seed)
        print(f"Generating {args.materials} materials …")
        generated = generate(args.materials, rng)
        if connection.vendor == "postgresql" or args.analyze:
            # On PostgreSQL what autovacuum would have done by the time anyone searches;
            # SQLite has no statistics unless someone runs ANALYZE (or PRAGMA optimize).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"Searching {args.searches} times …")
        result = run_searches(args.searches, rng, args.slowest)
        result["analyzed"] = (
            "ANALYZE run" if connection.vendor == "postgresql" or args.analyze else "none"
        )
        ok = report(connection.vendor, args.materials, generated, result)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
