"""The demo programme's content: a year of USO events in Finnish, Swedish and English,
with dates relative to the day the demo is loaded."""

from dataclasses import dataclass, field

from .models import Audience, Event, EventFormat, EventKind

ORGANISERS = "Kuntaliitto, USO-verkosto"
KUNTATALO = ("Kuntatalo", "Toinen linja 14, 00530 Helsinki")
ONLINE = "https://meet.example.org/uso/"

# Peer groups of the demo period, by their Finnish names (see uso.network.demo).
SMALL = "5 000–9 999 asukkaan kunnat"
LARGE = "Yli 100 000 asukkaan kaupungit"
BILINGUAL = "Kaksikieliset kunnat"


@dataclass
class Spec:
    """One event of the demo programme; `day` counts from today (moved off weekends)."""

    kind: str
    day: int
    title: tuple[str, str, str]
    description: tuple[str, str, str]
    hours: tuple[tuple[int, int], tuple[int, int]] = ((9, 0), (16, 0))
    venue: tuple[str, str] = ("", "")
    format: str = EventFormat.ON_SITE
    online: str = ""
    audience: str = Audience.BOTH
    capacity: int | None = 80
    per_municipality_limit: int | None = None
    opens_before: int | None = 90  # days before the start; None: open at once
    closes_before: int | None = None  # days before the start; None: when it starts
    guests_allowed: bool = False
    speakers: str = ""
    agenda: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    sub_themes: list[tuple[int, int]] = field(default_factory=list)  # (area order, sub order)
    peer_group: str = ""
    round_key: str = ""  # parallel peer seminars share one
    regions: list[str] = field(default_factory=list)
    admitted: list[str] = field(default_factory=list)
    municipality: str = ""  # a workshop's municipality code
    status: str = Event.Status.PUBLISHED
    cancelled: bool = False
    attendees: str = "all"  # whose registrations: see _people_for
    slots: list[tuple[str, str]] = field(default_factory=list)  # (code, challenge) booked
    full: bool = False  # more registrations than seats: a waitlist


SEMINAR_AGENDA = [
    (
        "09:00",
        "Aamukahvi ja ilmoittautuminen",
        "Morgonkaffe och registrering",
        "Morning coffee and registration",
        "",
    ),
    (
        "09:30",
        "Avaus ja verkoston ajankohtaiset",
        "Öppning och aktuellt i nätverket",
        "Opening and network news",
        "Kaisa Koordinaattori, Kuntaliitto",
    ),
]
SEMINAR_CLOSE = [
    (
        "14:30",
        "Ryhmätyöt: mitä viemme omaan kuntaan?",
        "Grupparbete: vad tar vi med oss hem?",
        "Group work: what do we take home?",
        "Kalle Konsultti, Aino Asiantuntija",
    ),
    (
        "15:30",
        "Yhteenveto ja seuraavat askeleet",
        "Sammanfattning och nästa steg",
        "Summary and next steps",
        "Kaisa Koordinaattori",
    ),
]
CLINIC_AGENDA = [
    (
        "09:00",
        "Klinikan avaus: kuntien muutoshaasteet",
        "Klinikens öppning: kommunernas förändringsutmaningar",
        "Opening the clinic: the municipalities' change challenges",
        "Kalle Konsultti",
    ),
    (
        "09:15",
        "Henkilökohtaiset konsultaatiot (45 min)",
        "Individuella konsultationer (45 min)",
        "Individual consultations (45 min)",
        "Kalle Konsultti, Aino Asiantuntija",
    ),
    (
        "14:45",
        "Yhteiset havainnot",
        "Gemensamma iakttagelser",
        "Shared observations",
        "Aino Asiantuntija",
    ),
]
WORKSHOP_AGENDA = [
    (
        "12:00",
        "Lähtötilanne ja tavoitteet",
        "Utgångsläget och målen",
        "Where we start, and the goals",
        "Kalle Konsultti",
    ),
    ("13:00", "Työskentely pienryhmissä", "Arbete i smågrupper", "Work in small groups", ""),
    (
        "15:00",
        "Kehittämistoimet ja vastuut",
        "Utvecklingsåtgärder och ansvar",
        "Development actions and who does them",
        "Aino Asiantuntija",
    ),
]
MEETING_AGENDA = [
    ("14:00", "Kuulumiskierros", "Laget runt", "A round of news", ""),
    (
        "14:30",
        "Verkoston ajankohtaiset",
        "Aktuellt i nätverket",
        "Network news",
        "Kaisa Koordinaattori",
    ),
    ("15:15", "Seuraavat tapahtumat", "Kommande evenemang", "Coming events", ""),
]

CHALLENGES = {
    "091": "Konserniyhtiöiden omistajaohjauksen periaatteet ovat vanhentuneet; haemme mallia "
    "uudistukselle ja valtuuston roolille siinä.",
    "837": "Palveluverkkoselvitys etenee päätöksentekoon: miten valmistelemme linjaukset ja "
    "kerromme niistä kuntalaisille?",
    "564": "Hyvinvointialueen ja kaupungin yhdyspinta: mitä yhteistyösopimuksessa pitää varmistaa?",
    "179": "Elinvoimaohjelman mittarit ja seuranta: mitä kannattaa mitata ja kuka raportoi?",
    "638": "Kaksikielisten palvelujen järjestäminen organisaatiomuutoksen keskellä.",
    "545": "Hur leder vi en förändring av servicenätet så att personalen orkar och "
    "invånarna är med?",
    "016": "Henkilöstön jaksaminen ja johtaminen, kun tehtävät siirtyivät hyvinvointialueelle.",
    "758": "Pitkien etäisyyksien kunta: miten järjestämme palvelut ja osallisuuden digitaalisesti?",
}
OPEN_ANSWERS = [
    "Vertaiskuntien esimerkit olivat hyödyllisiä, ja saimme suoraan käyttöön sopivia malleja.",
    "Viemme osallistavan strategiaprosessin mallin valtuustoseminaariimme.",
    "Enemmän aikaa ryhmäkeskusteluille, vähemmän esityksiä.",
    "Materiaalit olisi hyvä saada etukäteen.",
    "Hyvä ja käytännönläheinen päivä, kiitos!",
    "Bra exempel från andra kommuner, tack.",
    "Johtoryhmämme käy läpi omistajaohjauksen periaatteet seuraavassa kokouksessa.",
]


def _theme_seminars() -> list[Spec]:
    return [
        Spec(
            kind=EventKind.THEME_SEMINAR,
            day=-160,
            title=(
                "Teemaseminaari: Strategisen johtamisen uudistus",
                "Temaseminarium: Förnyelse av det strategiska ledarskapet",
                "Theme seminar: Renewing strategic leadership",
            ),
            description=(
                "<p>Miten strategia ohjaa arjen päätöksiä? Seminaarissa kuullaan kolmen kunnan "
                "kokemukset osallistavasta strategiaprosessista.</p>",
                "<p>Hur styr strategin vardagens beslut? Tre kommuner berättar om en delaktig "
                "strategiprocess.</p>",
                "<p>How does a strategy steer everyday decisions? Three municipalities tell "
                "how they ran a participatory strategy process.</p>",
            ),
            venue=KUNTATALO,
            capacity=120,
            closes_before=7,
            guests_allowed=True,
            speakers="Liisa Lehtonen (Tampereen yliopisto), Kalle Konsultti",
            agenda=[
                *SEMINAR_AGENDA,
                (
                    "10:00",
                    "Strategia valtuustokauden johtamisen välineenä",
                    "Strategin som verktyg för ledarskapet under fullmäktigeperioden",
                    "The strategy as a tool for leading the council term",
                    "Liisa Lehtonen, Tampereen yliopisto",
                ),
                (
                    "11:15",
                    "Kuntaesimerkit: osallistava strategiaprosessi",
                    "Kommunexempel: en delaktig strategiprocess",
                    "Municipal cases: a participatory strategy process",
                    "Helsinki, Oulu ja Asikkala",
                ),
                *SEMINAR_CLOSE,
            ],
            sub_themes=[(1, 1), (1, 2)],
        ),
        Spec(
            kind=EventKind.THEME_SEMINAR,
            day=-55,
            title=(
                "Teemaseminaari: Kuntakonsernin omistajaohjaus",
                "Temaseminarium: Ägarstyrning i kommunkoncernen",
                "Theme seminar: Ownership steering in the municipal group",
            ),
            description=(
                "<p>Konsernipolitiikka, omistajastrategiat ja yhtiöiden hallitusten "
                "kokoonpanot: mitä valtuusto päättää ja mitä johto valmistelee?</p>",
                "<p>Koncernpolitik, ägarstrategier och bolagsstyrelser: vad beslutar "
                "fullmäktige och vad bereder ledningen?</p>",
                "<p>Group policy, ownership strategies and company boards: what the council "
                "decides and what the management prepares.</p>",
            ),
            venue=("Tampere-talo", "Yliopistonkatu 55, 33100 Tampere"),
            format=EventFormat.HYBRID,
            online=ONLINE + "omistajaohjaus",
            capacity=100,
            closes_before=7,
            guests_allowed=True,
            speakers="Markku Mäkinen (Kuntaliitto), Aino Asiantuntija",
            agenda=[
                *SEMINAR_AGENDA,
                (
                    "10:00",
                    "Omistajaohjauksen hyvät käytännöt",
                    "God praxis i ägarstyrningen",
                    "Good practice in ownership steering",
                    "Markku Mäkinen, Kuntaliitto",
                ),
                (
                    "11:15",
                    "Paneeli: valtuuston ja yhtiöiden vuoropuhelu",
                    "Panel: dialogen mellan fullmäktige och bolagen",
                    "Panel: the council and the companies in dialogue",
                    "",
                ),
                *SEMINAR_CLOSE,
            ],
            sub_themes=[(1, 3)],
        ),
        Spec(
            kind=EventKind.THEME_SEMINAR,
            day=45,
            title=(
                "Teemaseminaari: Verkostojen ja kumppanuuksien johtaminen",
                "Temaseminarium: Att leda nätverk och partnerskap",
                "Theme seminar: Leading networks and partnerships",
            ),
            description=(
                "<p>Kunta toimii yhä useammin verkostoissa: hyvinvointialueen, yritysten ja "
                "järjestöjen kanssa. Miten verkostoja johdetaan tavoitteellisesti?</p>",
                "<p>Kommunen arbetar allt oftare i nätverk med välfärdsområdet, företag och "
                "organisationer. Hur leder man nätverk målinriktat?</p>",
                "<p>Municipalities increasingly work in networks with the wellbeing services "
                "county, companies and associations. How are networks led with a purpose?</p>",
            ),
            venue=("Oulun kaupungintalo", "Torikatu 10, 90100 Oulu"),
            capacity=12,
            closes_before=7,
            guests_allowed=True,
            speakers="Sanna Salo (Oulun yliopisto), Kalle Konsultti",
            agenda=[
                *SEMINAR_AGENDA,
                (
                    "10:00",
                    "Verkostojohtamisen perusteet",
                    "Grunderna i nätverksledning",
                    "The basics of leading networks",
                    "Sanna Salo, Oulun yliopisto",
                ),
                (
                    "11:15",
                    "Kumppanuusohjelmat kunnissa",
                    "Partnerskapsprogram i kommunerna",
                    "Partnership programmes in municipalities",
                    "Oulu ja Jyväskylä",
                ),
                *SEMINAR_CLOSE,
            ],
            sub_themes=[(2, 1), (2, 3)],
            full=True,
        ),
        Spec(
            kind=EventKind.THEME_SEMINAR,
            day=150,
            title=(
                "Teemaseminaari: Muutosjohtaminen ja osaamisen kehittäminen",
                "Temaseminarium: Förändringsledning och kompetensutveckling",
                "Theme seminar: Change leadership and developing competence",
            ),
            description=(
                "<p>Muutoksessa johtaminen vaatii sekä suunnan että jaksamisen johtamista. "
                "Seminaari käsittelee toimintatapoja, henkilöstöä ja taloutta.</p>",
                "<p>Ledarskap i förändring kräver både riktning och ork. Seminariet handlar om "
                "arbetssätt, personal och ekonomi.</p>",
                "<p>Leading in change needs both a direction and care for people's energy. The "
                "seminar covers ways of working, personnel and finances.</p>",
            ),
            venue=("Jyväskylän Paviljonki", "Lutakonaukio 12, 40100 Jyväskylä"),
            capacity=120,
            closes_before=7,
            guests_allowed=True,
            opens_before=90,
            speakers="Aino Asiantuntija",
            agenda=[
                *SEMINAR_AGENDA,
                (
                    "10:00",
                    "Muutosjohtaminen kunnissa",
                    "Förändringsledning i kommunerna",
                    "Change leadership in municipalities",
                    "Aino Asiantuntija",
                ),
                *SEMINAR_CLOSE,
            ],
            sub_themes=[(3, 1), (3, 3)],
            attendees="none",
        ),
    ]


def _peer_seminars() -> list[Spec]:
    first = (
        "<p>Vertaiskunnat vertailevat talouden tasapainottamisen keinoja ja palveluverkon "
        "muutoksia.</p>",
        "<p>Kamratkommunerna jämför sätt att balansera ekonomin och förändra servicenätet.</p>",
        "<p>Peer municipalities compare ways to balance the budget and change the service "
        "network.</p>",
    )
    second = (
        "<p>Miten kuntalaiset saadaan mukaan päätösten valmisteluun? Vertaiskuntien "
        "kokeilut ja opit.</p>",
        "<p>Hur får vi invånarna med i beredningen av besluten? Kamratkommunernas försök och "
        "lärdomar.</p>",
        "<p>How do residents take part in preparing decisions? Experiments and lessons from "
        "peer municipalities.</p>",
    )
    agenda_first = [
        (
            "10:00",
            "Kuntien tilannekatsaukset",
            "Kommunernas lägesrapporter",
            "Where each municipality stands",
            "",
        ),
        (
            "11:00",
            "Palveluverkon muutos: kokemuksia",
            "Förändring av servicenätet: erfarenheter",
            "Changing the service network: experiences",
            "Kalle Konsultti",
        ),
        (
            "13:00",
            "Vertaissparraus pienryhmissä",
            "Kamratsparring i smågrupper",
            "Peer sparring in small groups",
            "",
        ),
    ]
    agenda_second = [
        (
            "10:00",
            "Osallisuuden kokeilut",
            "Försök med delaktighet",
            "Participation experiments",
            "Aino Asiantuntija",
        ),
        (
            "11:00",
            "Kuntalaisraadit ja osallistuva budjetointi",
            "Medborgarpaneler och deltagande budgetering",
            "Citizens' panels and participatory budgeting",
            "",
        ),
        (
            "13:00",
            "Vertaissparraus pienryhmissä",
            "Kamratsparring i smågrupper",
            "Peer sparring in small groups",
            "",
        ),
    ]
    common = {"kind": EventKind.PEER_SEMINAR, "hours": ((10, 0), (15, 0)), "capacity": 40}
    return [
        Spec(
            **common,
            day=-95,
            title=(
                "Vertaisseminaari: Talous ja palveluverkko pienissä kunnissa",
                "Referensgruppsseminarium: Ekonomi och servicenät i små kommuner",
                "Peer seminar: Finances and the service network in small municipalities",
            ),
            description=first,
            venue=("Sodankylän kunnantalo", "Jäämerentie 1, 99600 Sodankylä"),
            agenda=agenda_first,
            sub_themes=[(3, 1)],
            peer_group=SMALL,
            round_key="peer-1",
        ),
        Spec(
            **common,
            day=-95,
            title=(
                "Vertaisseminaari: Talous ja palveluverkko suurissa kaupungeissa",
                "Referensgruppsseminarium: Ekonomi och servicenät i stora städer",
                "Peer seminar: Finances and the service network in large cities",
            ),
            description=first,
            venue=("Tampereen raatihuone", "Keskustori 10, 33100 Tampere"),
            agenda=agenda_first,
            sub_themes=[(3, 1)],
            peer_group=LARGE,
            round_key="peer-1",
        ),
        Spec(
            **common,
            day=-95,
            title=(
                "Vertaisseminaari: Talous ja palveluverkko kaksikielisissä kunnissa",
                "Referensgruppsseminarium: Ekonomi och servicenät i tvåspråkiga kommuner",
                "Peer seminar: Finances and the service network in bilingual municipalities",
            ),
            description=first,
            venue=("Porvoon kaupungintalo", "Porvoo"),
            agenda=agenda_first,
            sub_themes=[(3, 1)],
            peer_group=BILINGUAL,
            round_key="peer-1",
        ),
        Spec(
            **common,
            day=70,
            title=(
                "Vertaisseminaari: Osallisuus pienissä kunnissa",
                "Referensgruppsseminarium: Delaktighet i små kommuner",
                "Peer seminar: Participation in small municipalities",
            ),
            description=second,
            venue=("Asikkalan kunnantalo", "Vääksy, Asikkala"),
            agenda=agenda_second,
            sub_themes=[(2, 2)],
            peer_group=SMALL,
            round_key="peer-2",
        ),
        Spec(
            **common,
            day=70,
            title=(
                "Vertaisseminaari: Osallisuus suurissa kaupungeissa",
                "Referensgruppsseminarium: Delaktighet i stora städer",
                "Peer seminar: Participation in large cities",
            ),
            description=second,
            venue=("Jyväskylän kaupungintalo", "Jyväskylä"),
            agenda=agenda_second,
            sub_themes=[(2, 2)],
            peer_group=LARGE,
            round_key="peer-2",
        ),
        Spec(
            **common,
            day=70,
            title=(
                "Vertaisseminaari: Osallisuus kaksikielisissä kunnissa",
                "Referensgruppsseminarium: Delaktighet i tvåspråkiga kommuner",
                "Peer seminar: Participation in bilingual municipalities",
            ),
            description=second,
            venue=("Helsingin kaupungintalo", "Pohjoisesplanadi 11–13, 00170 Helsinki"),
            agenda=agenda_second,
            sub_themes=[(2, 2)],
            peer_group=BILINGUAL,
            round_key="peer-2",
        ),
    ]


def _clinics() -> list[Spec]:
    description = (
        "<p>Muutosklinikassa kunta saa 45 minuutin konsultaation asiantuntijalta omaan "
        "muutoshaasteeseensa. Varaa aika ja kerro haasteesta etukäteen.</p>",
        "<p>På förändringskliniken får kommunen en konsultation på 45 minuter med en expert om "
        "sin egen förändringsutmaning. Boka en tid och beskriv utmaningen i förväg.</p>",
        "<p>At the change clinic a municipality gets a 45-minute consultation with an expert on "
        "its own change challenge. Book a slot and describe the challenge in advance.</p>",
    )
    common = {
        "kind": EventKind.CHANGE_CLINIC,
        "description": description,
        "hours": ((9, 0), (15, 0)),
        "audience": Audience.PROFESSIONAL,
        "capacity": 30,
        "agenda": CLINIC_AGENDA,
        "attendees": "professional",
        "speakers": "Kalle Konsultti, Aino Asiantuntija",
    }
    return [
        Spec(
            **common,
            day=-120,
            title=(
                "Valtakunnallinen muutosklinikka",
                "Nationell förändringsklinik",
                "National change clinic",
            ),
            venue=KUNTATALO,
            slots=[(code, CHALLENGES[code]) for code in ("091", "837", "545", "016", "638")],
        ),
        Spec(
            **common,
            day=-35,
            title=(
                "Alueellinen muutosklinikka: Pohjois-Suomi",
                "Regional förändringsklinik: Norra Finland",
                "Regional change clinic: Northern Finland",
            ),
            venue=("Oulun kaupungintalo", "Torikatu 10, 90100 Oulu"),
            regions=["MK17", "MK19"],
            slots=[(code, CHALLENGES[code]) for code in ("564", "758")],
        ),
        Spec(
            **common,
            day=25,
            title=(
                "Valtakunnallinen muutosklinikka verkossa",
                "Nationell förändringsklinik på nätet",
                "National change clinic online",
            ),
            format=EventFormat.ONLINE,
            online=ONLINE + "muutosklinikka",
            slots=[(code, CHALLENGES[code]) for code in ("179", "091")],
        ),
        Spec(
            **common,
            day=80,
            title=(
                "Alueellinen muutosklinikka: Pirkanmaa, Keski-Suomi ja Päijät-Häme",
                "Regional förändringsklinik: Birkaland, Mellersta Finland och Päijänne-Tavastland",
                "Regional change clinic: Pirkanmaa, Central Finland and Päijät-Häme",
            ),
            venue=("Tampere-talo", "Yliopistonkatu 55, 33100 Tampere"),
            regions=["MK06", "MK13", "MK07"],
            admitted=["638"],
            slots=[(code, CHALLENGES[code]) for code in ("837", "638")],
        ),
        Spec(
            **common,
            day=15,
            title=(
                "Alueellinen muutosklinikka: Pohjanmaa",
                "Regional förändringsklinik: Österbotten",
                "Regional change clinic: Ostrobothnia",
            ),
            venue=("Vaasan kaupungintalo", "Vaasa"),
            regions=["MK15"],
            cancelled=True,
        ),
    ]


def _meetings() -> list[Spec]:
    description = (
        "<p>Yhdyshenkilöiden tapaaminen verkossa: kuulumiset, verkoston ajankohtaiset ja "
        "tulevat tapahtumat.</p>",
        "<p>Kontaktpersonernas möte på nätet: nyheter, aktuellt i nätverket och kommande "
        "evenemang.</p>",
        "<p>The contact persons' online meeting: news from the municipalities and the network, "
        "and coming events.</p>",
    )
    common = {
        "kind": EventKind.CONTACT_MEETING,
        "description": description,
        "hours": ((14, 0), (15, 30)),
        "format": EventFormat.ONLINE,
        "online": ONLINE + "yhdyshenkilot",
        "audience": Audience.CONTACTS,
        "capacity": None,
        "opens_before": None,
        "agenda": MEETING_AGENDA,
        "attendees": "contacts",
    }
    return [
        Spec(
            **common,
            day=-140,
            title=(
                "Yhdyshenkilötapaaminen: verkoston ajankohtaiset",
                "Kontaktpersonsmöte: aktuellt i nätverket",
                "Contact-person meeting: network news",
            ),
        ),
        Spec(
            **common,
            day=-20,
            title=(
                "Yhdyshenkilötapaaminen: kehittämissuunnitelmien tilannekatsaus",
                "Kontaktpersonsmöte: lägesöversikt över utvecklingsplanerna",
                "Contact-person meeting: the development plans, where we stand",
            ),
        ),
        Spec(
            **common,
            day=40,
            title=(
                "Yhdyshenkilötapaaminen: seminaarien palaute ja seuraavat teemat",
                "Kontaktpersonsmöte: respons på seminarierna och kommande teman",
                "Contact-person meeting: seminar feedback and the next themes",
            ),
        ),
        Spec(
            **common,
            day=120,
            title=(
                "Yhdyshenkilötapaaminen: seuraavan kauden suunnittelu",
                "Kontaktpersonsmöte: planering av nästa period",
                "Contact-person meeting: planning the next period",
            ),
            status=Event.Status.DRAFT,
        ),
    ]


def _workshops() -> list[Spec]:
    common = {
        "kind": EventKind.WORKSHOP,
        "hours": ((12, 0), (16, 0)),
        "capacity": 25,
        "opens_before": 75,
        "agenda": WORKSHOP_AGENDA,
        "speakers": "Kalle Konsultti, Aino Asiantuntija",
    }
    return [
        Spec(
            **common,
            day=-70,
            title=(
                "Kehittämistyöpaja: Porvoon konserniohjauksen uudistus",
                "Utvecklingsworkshop: Förnyelsen av Borgås koncernstyrning",
                "Development workshop: Renewing Porvoo's group steering",
            ),
            description=(
                "<p>Porvoon kaupungin johtoryhmän ja kaupunginhallituksen yhteinen työpaja.</p>",
                "<p>En gemensam workshop för Borgå stads ledningsgrupp och stadsstyrelse.</p>",
                "<p>A joint workshop of Porvoo's management team and city board.</p>",
            ),
            venue=("Porvoon kaupungintalo", "Porvoo"),
            municipality="638",
            sub_themes=[(1, 3)],
        ),
        Spec(
            **common,
            day=30,
            title=(
                "Kehittämistyöpaja: Sodankylän palvelut ja osallisuus",
                "Utvecklingsworkshop: Service och delaktighet i Sodankylä",
                "Development workshop: Services and participation in Sodankylä",
            ),
            description=(
                "<p>Miten palvelut ja osallisuus järjestetään pitkien etäisyyksien kunnassa?</p>",
                "<p>Hur ordnar en kommun med långa avstånd sin service och delaktighet?</p>",
                "<p>How does a municipality of long distances organise services and "
                "participation?</p>",
            ),
            venue=("Sodankylän kunnantalo", "Jäämerentie 1, 99600 Sodankylä"),
            municipality="758",
            sub_themes=[(2, 2)],
        ),
        Spec(
            **common,
            day=60,
            title=(
                "Kehittämistyöpaja: Närpiön elinvoimaohjelma",
                "Utvecklingsworkshop: Närpes livskraftsprogram",
                "Development workshop: Närpes's vitality programme",
            ),
            description=(
                "<p>Elinvoimaohjelman tavoitteet, mittarit ja vastuut.</p>",
                "<p>Livskraftsprogrammets mål, mätare och ansvar.</p>",
                "<p>The vitality programme's goals, indicators and responsibilities.</p>",
            ),
            venue=("Närpiön kaupungintalo", "Närpes"),
            municipality="545",
            sub_themes=[(2, 1)],
        ),
    ]


def demo_programme() -> list[Spec]:
    return [*_theme_seminars(), *_peer_seminars(), *_clinics(), *_meetings(), *_workshops()]
