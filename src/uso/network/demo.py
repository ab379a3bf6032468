"""The demo data set: the USO 2017–2018 period as the brochure describes it, and a period
running today that follows it (for the demo's events).

Populations here are demo figures (rounded, marked as such in the data), not statistics.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from uso.accounts.models import Leadership, Role, User

from .models import (
    ConsultantAssignment,
    JoinApplication,
    Membership,
    Municipality,
    Network,
    PeerGroup,
    Period,
    Population,
    SubTheme,
    ThemeArea,
)
from .services import rebuild_peer_group, start_next_period
from .sizes import SizeClass

DEMO_PASSWORD = "uso-demo-2017"

# code: demo population (rounded, not official statistics)
MEMBERS = {
    "091": 650000,
    "837": 235000,
    "564": 200000,
    "853": 190000,
    "179": 140000,
    "297": 118000,
    "398": 120000,
    "609": 85000,
    "167": 76000,
    "743": 62000,
    "698": 62000,
    "491": 54000,
    "638": 50000,
    "272": 47000,
    "106": 46000,
    "543": 42000,
    "710": 28000,
    "235": 9600,
    "598": 19000,
    "240": 21000,
    "139": 9900,
    "305": 15500,
    "758": 8600,
    "445": 15300,
    "545": 9300,
    "010": 11500,
    "016": 8200,
    "777": 8300,
}
PEOPLE_FOR = ["091", "837", "564", "179", "638", "545", "016", "758"]

THEMES = [
    {
        "fi": "Kuntakonsernin mahdollisuudet, riskit ja strategiset tavoitteet",
        "sv": "Kommunkoncernens möjligheter, risker och strategiska mål",
        "en": "The municipal group's opportunities, risks and strategic goals",
        "subs": [
            (
                "Strateginen johtaminen ja osallistava strategiaprosessi",
                "Strategiskt ledarskap och en delaktig strategiprocess",
                "Strategic leadership and a participatory strategy process",
            ),
            (
                "Toimintaympäristön muutosten ennakointi osana strategiatyötä",
                "Att förutse förändringar i omvärlden som en del av strategiarbetet",
                "Anticipating changes in the operating environment as part of strategy work",
            ),
            (
                "Kuntakonsernin johtaminen, konsernipolitiikka ja omistajaohjaus",
                "Ledning av kommunkoncernen, koncernpolitik och ägarstyrning",
                "Leading the municipal group, group policy and ownership steering",
            ),
        ],
    },
    {
        "fi": "Tulevaisuuden kunnan toiminta, verkostot ja kumppanuudet",
        "sv": "Framtidens kommun: verksamhet, nätverk och partnerskap",
        "en": "The future municipality's operations, networks and partnerships",
        "subs": [
            (
                "Tulevaisuuden kunnan roolien konkretisointi ja toimeenpano",
                "Att konkretisera och genomföra framtidens kommuns roller",
                "Making the future municipality's roles concrete, and implementing them",
            ),
            (
                "Kuntayhteisön johtaminen ja osallisuus",
                "Ledning av kommunsamfundet och delaktighet",
                "Leading the municipal community, and participation",
            ),
            (
                "Verkostojen ja kumppanuuksien tavoitteellinen ja toimiva johtaminen",
                "Målinriktad och fungerande ledning av nätverk och partnerskap",
                "Goal-oriented, working management of networks and partnerships",
            ),
        ],
    },
    {
        "fi": "Muutoksessa johtaminen ja osaamisen kehittäminen",
        "sv": "Ledarskap i förändring och kompetensutveckling",
        "en": "Leading in change and developing competence",
        "subs": [
            (
                "Muutosjohtaminen: toimintatavat, henkilöstö ja talous",
                "Förändringsledning: arbetssätt, personal och ekonomi",
                "Change leadership: ways of working, personnel and finances",
            ),
            (
                "Kuntien ja maakuntien rajapinnat sekä niiden ratkaisut ja toimintamallit",
                "Gränsytorna mellan kommuner och landskap samt lösningar och modeller för dem",
                "Interfaces between municipalities and regions, and the solutions and operating "
                "models for them",
            ),
            (
                "Johtamisosaamisen kehittäminen ja uusien valtuustojen valmiudet",
                "Utveckling av ledarskapskompetensen och de nya fullmäktiges beredskap",
                "Developing leadership competence, and the readiness of the new councils",
            ),
        ],
    },
]


@transaction.atomic
def load_demo() -> list[tuple[str, str, str]]:
    """Create the demo network once; return (role, e-mail, password) for each demo account."""
    network = _network()
    period = _period(network)
    _memberships(period)
    accounts = _people(period)
    _peer_groups(period)
    return accounts


@transaction.atomic
def load_current_period() -> Period:
    """The period running now, following 2017–2018, so that the demo's events can take
    registrations: from 1 January this year to the end of next year, with the same theme areas,
    peer groups and fee schedule (copied as a coordinator would start the next period) and the
    same active members. Created once; a later run returns the period it made."""
    previous = Period.objects.get(network__slug="uso", start_date=date(2017, 1, 1))
    period = previous.followed_by.order_by("start_date").first()
    if period is not None:
        return period
    year = timezone.localdate().year
    span = f"{year}–{year + 1}"
    coordinator = User.objects.filter(role=Role.COORDINATOR).order_by("pk").first()
    period = start_next_period(
        previous=previous,
        names={
            "fi": f"USO-verkosto {span}",
            "sv": f"USO-nätverket {span}",
            "en": f"USO network {span}",
        },
        start_date=date(year, 1, 1),
        end_date=date(year + 1, 12, 31),
        by=coordinator,
    )
    copied = [
        "population_basis",
        "population_reference_date",
        "business_id",
        "einvoice_address",
        "einvoice_operator",
        "billing_address",
        "billing_contact_name",
        "billing_contact_email",
        "invoice_language",
        "buyer_reference",
    ]
    old_memberships = previous.memberships.active().prefetch_related("assignments")
    for old in old_memberships:
        membership = Membership.objects.create(
            municipality_id=old.municipality_id,
            period=period,
            status=Membership.Status.ACTIVE,
            joined_on=period.start_date,
            **{name: getattr(old, name) for name in copied},
        )
        for assignment in old.assignments.all():
            ConsultantAssignment.objects.create(
                membership=membership, consultant_id=assignment.consultant_id
            )
    for group in period.peer_groups.all():
        rebuild_peer_group(group=group)
    _pending_application(period)  # waits in the running period, where it can be approved
    return period


def _network() -> Network:
    network, _created = Network.objects.get_or_create(
        slug="uso",
        defaults={
            "name": "USO-verkosto",
            "description_fi": "Uuden sukupolven organisaatiot -verkosto kehittää kuntien "
            "strategista johtamista, verkosto- ja konsernijohtamista sekä muutoksessa johtamista.",
            "description_sv": "Nätverket Nästa generations organisationer utvecklar kommunernas "
            "strategiska ledarskap, nätverks- och koncernledning samt ledarskap i förändring.",
            "description_en": "The Next Generation Organisations network develops "
            "municipalities' strategic leadership, network and group leadership, and leading "
            "in change.",
            "seller_name": "Suomen Kuntaliitto ry",
            "seller_business_id": "0926151-4",
            "seller_vat_id": "FI09261514",
            "seller_street": "Toinen linja 14",
            "seller_postal_code": "00530",
            "seller_city": "Helsinki",
            "seller_iban": "FI7944052020036082",
            "seller_bic": "NDEAFIHH",
            "seller_email": "uso@example.org",
        },
    )
    return network


def _period(network: Network) -> Period:
    period, created = Period.objects.get_or_create(
        network=network,
        start_date=date(2017, 1, 1),
        defaults={
            "name_fi": "USO 2017–2018",
            "name_sv": "USO 2017–2018",
            "name_en": "USO 2017–2018",
            "end_date": date(2018, 12, 31),
            "seminars_per_year": 4,
            "workshop_quota": 3,
            "workshop_quota_unit": Period.QuotaUnit.YEAR,
        },
    )
    if created:
        for order, theme in enumerate(THEMES, start=1):
            area = ThemeArea.objects.create(
                period=period,
                order=order,
                name_fi=theme["fi"],
                name_sv=theme["sv"],
                name_en=theme["en"],
            )
            for sub_order, (fi, sv, en) in enumerate(theme["subs"], start=1):
                SubTheme.objects.create(
                    theme_area=area, order=sub_order, name_fi=fi, name_sv=sv, name_en=en
                )
    return period


def _memberships(period: Period) -> None:
    municipalities = Municipality.objects.in_bulk(list(MEMBERS), field_name="code")
    for code, inhabitants in MEMBERS.items():
        municipality = municipalities[code]
        Population.objects.get_or_create(
            municipality=municipality,
            year=2016,
            defaults={"inhabitants": inhabitants, "source": Population.Source.DEMO},
        )
        Membership.objects.get_or_create(
            municipality=municipality,
            period=period,
            defaults={
                "status": Membership.Status.ACTIVE,
                "joined_on": period.start_date,
                "population_basis": inhabitants,
                "population_reference_date": date(2016, 12, 31),
                "invoice_language": municipality.default_language,
                "billing_contact_name": f"{municipality.name_fi}: talouspalvelut",
            },
        )


def _person(email, *, role, municipality=None, first, last, position="", leadership=""):
    user, created = User.objects.get_or_create(
        email=email,
        defaults={
            "role": role,
            "municipality": municipality,
            "first_name": first,
            "last_name": last,
            "position": position,
            "leadership": leadership,
            "language": municipality.default_language if municipality else "fi",
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def _people(period: Period) -> list[tuple[str, str, str]]:
    accounts = []
    coordinator = _person(
        "koordinaattori@uso.example",
        role=Role.COORDINATOR,
        first="Kaisa",
        last="Koordinaattori",
        position="verkostokoordinaattori",
    )
    accounts.append(("coordinator", coordinator.email))
    consultants = [
        _person(
            "konsultti1@uso.example",
            role=Role.CONSULTANT,
            first="Kalle",
            last="Konsultti",
            position="johtava konsultti",
        ),
        _person(
            "konsultti2@uso.example",
            role=Role.CONSULTANT,
            first="Aino",
            last="Asiantuntija",
            position="erityisasiantuntija",
        ),
    ]
    for consultant in consultants:
        accounts.append(("consultant", consultant.email))
    memberships = period.memberships.select_related("municipality").order_by("municipality__code")
    for index, membership in enumerate(memberships):
        ConsultantAssignment.objects.get_or_create(
            membership=membership, consultant=consultants[index % 2]
        )
    for code in PEOPLE_FOR:
        municipality = Municipality.objects.get(code=code)
        contact = _person(
            f"yhdyshenkilo.{code}@kunta.example",
            role=Role.CONTACT,
            municipality=municipality,
            first="Yhdys",
            last=municipality.name_fi,
            position="kehittämisjohtaja",
            leadership=Leadership.PROFESSIONAL,
        )
        _person(
            f"valtuusto.{code}@kunta.example",
            role=Role.PARTICIPANT,
            municipality=municipality,
            first="Valtuusto",
            last=municipality.name_fi,
            position="valtuuston puheenjohtaja",
            leadership=Leadership.POLITICAL,
        )
        _person(
            f"johtaja.{code}@kunta.example",
            role=Role.PARTICIPANT,
            municipality=municipality,
            first="Johtaja",
            last=municipality.name_fi,
            position="kunnanjohtaja",
            leadership=Leadership.PROFESSIONAL,
        )
        if code in ("091", "545"):
            accounts.append(("contact person", contact.email))
            accounts.append(("participant", f"valtuusto.{code}@kunta.example"))
    return [(role, email, DEMO_PASSWORD) for role, email in accounts]


def _peer_groups(period: Period) -> None:
    rules = [
        (
            {
                "name_fi": "5 000–9 999 asukkaan kunnat",
                "name_sv": "Kommuner med 5 000–9 999 invånare",
                "name_en": "Municipalities of 5,000–9,999 inhabitants",
            },
            {"rule_size_class": SizeClass.FROM_5K},
        ),
        (
            {
                "name_fi": "Yli 100 000 asukkaan kaupungit",
                "name_sv": "Städer över 100 000 invånare",
                "name_en": "Cities over 100,000",
            },
            {"rule_size_class": SizeClass.FROM_100K},
        ),
        (
            {
                "name_fi": "Kaksikieliset kunnat",
                "name_sv": "Tvåspråkiga kommuner",
                "name_en": "Bilingual municipalities",
            },
            {"rule_language": "fi+sv"},
        ),
    ]
    for names, rule in rules:
        group, created = PeerGroup.objects.get_or_create(
            period=period, name_fi=names["name_fi"], defaults={**names, **rule}
        )
        if created:
            rebuild_peer_group(group=group)


def _pending_application(period: Period) -> None:
    municipality = Municipality.objects.get(code="905")  # Vaasa
    membership, created = Membership.objects.get_or_create(
        municipality=municipality,
        period=period,
        defaults={"status": Membership.Status.APPLIED, "invoice_language": "sv"},
    )
    if created:
        JoinApplication.objects.create(
            membership=membership,
            contact_name="Vera Vaasalainen",
            contact_title="kanslichef",
            contact_email="vera.vaasalainen@kunta.example",
            message="Vi vill gärna delta i nätverkets kamratstöd.",
        )
