"""The demo plans' content: goals, actions, comments, workshops and hours of the eight demo
municipalities, in Finnish with Swedish and English titles where shown."""

from dataclasses import dataclass, field

from .models import Action, DevelopmentPlan

Status = DevelopmentPlan.Status
Done, Doing, Todo, Dropped = (
    Action.Status.DONE,
    Action.Status.IN_PROGRESS,
    Action.Status.NOT_STARTED,
    Action.Status.DROPPED,
)
CONTACT, LEADER, COUNCIL, CONSULTANT = "yhdyshenkilo", "johtaja", "valtuusto", "konsultti"
# Days off with a fixed date (month, day): no workshop or hours fall on them.
HOLIDAYS = {(1, 1), (1, 6), (5, 1), (12, 6), (12, 24), (12, 25), (12, 26), (12, 31)}


@dataclass
class ActionSpec:
    description: str
    owner: str  # CONTACT, LEADER or COUNCIL of the municipality
    due: int  # days from today
    status: str = Todo
    notes: str = ""


@dataclass
class GoalSpec:
    title: str
    description: str
    sub_theme: tuple[int, int]  # (theme area order, sub-theme order)
    indicator: str
    baseline: str
    target: str
    target_in: int  # days from today
    actions: list[ActionSpec]
    shared: bool = False


@dataclass
class WorkshopSpec:
    day: int  # from today; held when in the past
    title: tuple[str, str, str]
    sub_theme: tuple[int, int]
    summary: str = ""  # the record of a held workshop
    decisions: str = ""
    follow_up: list[tuple[int, ActionSpec]] = field(default_factory=list)  # (goal index, action)
    from_events_demo: bool = False  # the events demo's workshop of the municipality


@dataclass
class PlanSpec:
    code: str
    status: str
    venue: tuple[str, str]
    starting_situation: str
    priorities: list[tuple[int, int]]
    goals: list[GoalSpec]
    workshops: list[WorkshopSpec]
    comments: list[tuple[str, int, int | None, str]]  # (who, goal, action or None, text)
    agreed_ago: int = 0
    agreed_by: str = ""
    final_evaluation: str = ""
    shared: bool = False
    extra_workshop: tuple[str, str, str] | None = None


def _workshop_title(fi: str, sv: str, en: str) -> tuple[str, str, str]:
    return (
        f"Kehittämistyöpaja: {fi}",
        f"Utvecklingsworkshop: {sv}",
        f"Development workshop: {en}",
    )


PLANS = [
    PlanSpec(
        code="091",
        status=Status.FOLLOW_UP,
        venue=("Helsingin kaupungintalo", "Pohjoisesplanadi 11–13, 00170 Helsinki"),
        agreed_ago=150,
        agreed_by="Kaupunginhallitus",
        starting_situation=(
            "Kaupunkistrategia hyväksyttiin valtuustossa kauden alussa. Sen toimeenpano on "
            "hajautunut toimialoille, eikä tavoitteiden toteutumista seurata yhtenäisesti. "
            "Asukkaat osallistuvat strategian valmisteluun, mutta eivät sen arviointiin."
        ),
        priorities=[(1, 1), (2, 2)],
        goals=[
            GoalSpec(
                title="Strategian toteutumista seurataan yhdellä mittaristolla",
                description="Toimialojen omat mittarit korvataan yhteisellä mittaristolla, "
                "jota kaupunginhallitus käsittelee neljännesvuosittain.",
                sub_theme=(1, 1),
                indicator="Strategiatavoitteet, joilla on mittari ja vastuutaho",
                baseline="40 %",
                target="100 %",
                target_in=300,
                shared=True,
                actions=[
                    ActionSpec(
                        "Kootaan toimialojen nykyiset mittarit ja karsitaan päällekkäisyydet",
                        LEADER,
                        -30,
                        Done,
                        "Mittariluettelo valmis: 212 mittarista jäi 64.",
                    ),
                    ActionSpec(
                        "Strategiamittaristo kaupunginhallituksen käsittelyyn",
                        CONTACT,
                        45,
                        Doing,
                        "Luonnos esiteltiin johtoryhmälle, kommentit toimialoilta kootaan.",
                    ),
                ],
            ),
            GoalSpec(
                title="Asukkaat mukaan strategian arviointiin",
                description="Kaupunginosien asukkaat arvioivat vuosittain, miten strategian "
                "tavoitteet näkyvät heidän arjessaan.",
                sub_theme=(2, 2),
                indicator="Asukasraadit vuodessa",
                baseline="0",
                target="4",
                target_in=400,
                actions=[
                    ActionSpec("Asukasraadin pilotti kahdessa kaupunginosassa", COUNCIL, 90),
                ],
            ),
            GoalSpec(
                title="Valtuutetut tuntevat strategian seurannan",
                description="Valtuutetut osaavat käyttää mittaristoa talousarvion käsittelyssä.",
                sub_theme=(3, 3),
                indicator="Valtuutettujen arvio strategiaprosessin ymmärrettävyydestä (1–5)",
                baseline="2,9",
                target="4,0",
                target_in=330,
                actions=[
                    ActionSpec(
                        "Valtuustoseminaari strategian seurannasta",
                        COUNCIL,
                        25,
                        Doing,
                        "Päivä sovittu, ohjelma valmisteilla.",
                    ),
                ],
            ),
        ],
        workshops=[
            WorkshopSpec(
                day=-120,
                title=_workshop_title(
                    "Helsingin strategiamittaristo",
                    "Helsingfors strategimätare",
                    "Helsinki's strategy indicators",
                ),
                sub_theme=(1, 1),
                summary="Käytiin läpi toimialojen mittarit ja sovittiin mittariston "
                "rakenteesta: neljä näkökulmaa, enintään 16 päämittaria.",
                decisions="Mittaristo rakennetaan strategian neljän painopisteen mukaan. "
                "Kaupunginkanslia kokoaa luonnoksen.",
                follow_up=[
                    (
                        0,
                        ActionSpec("Mittariston käyttöönottosuunnitelma toimialoille", CONTACT, 60),
                    ),
                ],
            ),
            WorkshopSpec(
                day=-45,
                title=_workshop_title(
                    "Asukkaat strategian arvioijina",
                    "Invånarna som bedömare av strategin",
                    "Residents assessing the strategy",
                ),
                sub_theme=(2, 2),
                summary="Tutustuttiin asukasraatien malleihin muista kaupungeista ja "
                "valittiin pilottialueet.",
                decisions="Pilotit Malmissa ja Kalliossa. Raadin jäsenet arvotaan.",
                follow_up=[
                    (
                        1,
                        ActionSpec(
                            "Asukasraadin toimintamalli ja kutsukäytäntö",
                            LEADER,
                            30,
                            Doing,
                            "Arvontamenettely sovittu, kutsukirjeen luonnos tehty.",
                        ),
                    ),
                ],
            ),
            WorkshopSpec(
                day=20,
                title=_workshop_title(
                    "Valtuustoseminaarin valmistelu",
                    "Förberedelse av fullmäktigeseminariet",
                    "Preparing the council seminar",
                ),
                sub_theme=(3, 3),
            ),
        ],
        extra_workshop=_workshop_title(
            "Toimialojen strategiakortit",
            "Sektorernas strategikort",
            "The divisions' strategy cards",
        ),
        comments=[
            (
                CONTACT,
                0,
                None,
                "Mittaristo kannattaa esitellä myös lautakuntien "
                "puheenjohtajille ennen kaupunginhallitusta.",
            ),
            (
                CONSULTANT,
                0,
                1,
                "Hyvä eteneminen. Ehdotan, että luonnokseen lisätään "
                "jokaiselle mittarille tavoitetaso.",
            ),
        ],
    ),
    PlanSpec(
        code="837",
        status=Status.AGREED,
        venue=("Tampereen keskusvirastotalo", "Aleksis Kiven katu 14–16, 33210 Tampere"),
        agreed_ago=40,
        agreed_by="Kaupunginhallitus",
        starting_situation=(
            "Kaupunkikonserniin kuuluu 14 tytäryhtiötä. Omistajaohjaus on ollut "
            "tapauskohtaista, ja yhteistyö elinkeinoelämän kanssa perustuu yksittäisiin "
            "hankkeisiin."
        ),
        priorities=[(1, 3), (2, 3)],
        goals=[
            GoalSpec(
                title="Omistajaohjauksen vuosikello käyttöön",
                description="Jokaisen tytäryhtiön kanssa käydään omistajaohjauskeskustelu "
                "sovitussa vaiheessa vuotta.",
                sub_theme=(1, 3),
                indicator="Tytäryhtiöt, joiden kanssa keskustelut käydään vuosikellon mukaan",
                baseline="5 / 14",
                target="14 / 14",
                target_in=360,
                shared=True,
                actions=[
                    ActionSpec(
                        "Vuosikellon luonnos konsernijaostolle",
                        LEADER,
                        30,
                        Doing,
                        "Luonnos valmis, konsernijaosto käsittelee seuraavassa kokouksessa.",
                    ),
                    ActionSpec("Tytäryhtiöiden hallitusten jäsenten perehdytys", CONTACT, 120),
                ],
            ),
            GoalSpec(
                title="Kumppanuusohjelma elinkeinoelämän kanssa",
                description="Yhteistyö yritysten ja oppilaitosten kanssa sovitaan "
                "pitkäjänteisiksi kumppanuuksiksi.",
                sub_theme=(2, 3),
                indicator="Voimassa olevat kumppanuussopimukset",
                baseline="2",
                target="8",
                target_in=420,
                actions=[
                    ActionSpec(
                        "Kartoitetaan nykyiset yhteistyösopimukset",
                        CONTACT,
                        15,
                        Doing,
                        "Kartoitus puolivälissä.",
                    ),
                ],
            ),
        ],
        workshops=[
            WorkshopSpec(
                day=-60,
                title=_workshop_title(
                    "Tampereen konserniohjauksen vuosikello",
                    "Tammerfors årsklocka för koncernstyrning",
                    "Tampere's group-steering calendar",
                ),
                sub_theme=(1, 3),
                summary="Konsernijohto ja tytäryhtiöiden toimitusjohtajat kävivät läpi "
                "nykyisen ohjauksen kipukohdat.",
                decisions="Vuosikello otetaan käyttöön asteittain. Konserniohjeen "
                "päivitystarpeet kartoitetaan.",
                follow_up=[
                    (0, ActionSpec("Konserniohjeen päivitystarpeiden kartoitus", LEADER, 50)),
                ],
            ),
            WorkshopSpec(
                day=40,
                title=_workshop_title(
                    "Kumppanuuksien johtaminen",
                    "Ledning av partnerskap",
                    "Leading partnerships",
                ),
                sub_theme=(2, 3),
            ),
        ],
        comments=[
            (CONTACT, 1, None, "Kauppakamari on lupautunut mukaan ensimmäiseen kumppanuuspöytään."),
            (
                CONSULTANT,
                0,
                0,
                "Vuosikelloon kannattaa merkitä myös tilinpäätöksen ja talousarvion käsittelyajat.",
            ),
        ],
    ),
    PlanSpec(
        code="564",
        status=Status.DRAFT,
        venue=("Oulun kaupungintalo", "Torikatu 10, 90100 Oulu"),
        starting_situation=(
            "Talousarvion alijäämä on kasvanut kahtena vuonna peräkkäin. Palvelujen "
            "yhteensovittaminen hyvinvointialueen kanssa on vasta alussa."
        ),
        priorities=[(3, 1), (3, 2)],
        goals=[
            GoalSpec(
                title="Talous tasapainoon muutosjohtamisen keinoin",
                description="Toimintatapoja uudistetaan yhdessä henkilöstön kanssa niin, "
                "että talous on tasapainossa suunnittelukauden lopussa.",
                sub_theme=(3, 1),
                indicator="Toimintakatteen ero talousarvioon",
                baseline="−12 milj. €",
                target="0 €",
                target_in=500,
                actions=[ActionSpec("Toimialojen säästöpotentiaalin arviointi", LEADER, 60)],
            ),
            GoalSpec(
                title="Yhteiset palveluketjut hyvinvointialueen kanssa",
                description="Lasten, nuorten ja ikääntyneiden palveluketjut kuvataan ja "
                "sovitaan yhdessä.",
                sub_theme=(3, 2),
                indicator="Sovitut yhteiset palveluketjut",
                baseline="1",
                target="5",
                target_in=450,
                shared=True,
                actions=[
                    ActionSpec(
                        "Yhteistyöryhmän kokoonpano ja tehtävät",
                        CONTACT,
                        30,
                        Doing,
                        "Hyvinvointialueen edustajat nimetty.",
                    ),
                ],
            ),
        ],
        workshops=[
            WorkshopSpec(
                day=-25,
                title=_workshop_title(
                    "Oulun kehittämissuunnitelman lähtötilanne",
                    "Utgångsläget för Uleåborgs utvecklingsplan",
                    "Where Oulu's development plan starts",
                ),
                sub_theme=(3, 1),
                summary="Koottiin suunnitelman lähtötilanne ja luonnosteltiin tavoitteet.",
                decisions="Suunnitelmaan kaksi päätavoitetta. Palveluketjuista aloitetaan "
                "lasten ja nuorten palveluilla.",
                follow_up=[
                    (
                        1,
                        ActionSpec("Lasten ja nuorten palveluketjun kuvaus", CONTACT, 75),
                    ),
                ],
            ),
            WorkshopSpec(
                day=35,
                title=_workshop_title(
                    "Hyvinvointialueen rajapinnat",
                    "Gränsytorna mot välfärdsområdet",
                    "The interfaces with the wellbeing services county",
                ),
                sub_theme=(3, 2),
            ),
        ],
        comments=[
            (CONTACT, 0, None, "Talousjohtaja toivoo, että tavoite sidotaan talousarvion raamiin."),
            (CONSULTANT, 1, 0, "Ryhmään kannattaa kutsua myös järjestöjen edustaja."),
        ],
    ),
    PlanSpec(
        code="179",
        status=Status.DRAFT,
        venue=("Jyväskylän kaupungintalo", "Vapaudenkatu 32, 40100 Jyväskylä"),
        starting_situation=(
            "Kaupungissa on vahva osaamiskeskittymä, mutta ennakointitieto ei juuri näy "
            "strategiatyössä. Henkilöstökyselyssä muutosvalmius on laskenut."
        ),
        priorities=[(1, 2), (3, 1)],
        goals=[
            GoalSpec(
                title="Ennakointi osaksi strategiatyötä",
                description="Valtuusto saa säännöllisesti katsauksen toimintaympäristön "
                "muutoksista.",
                sub_theme=(1, 2),
                indicator="Ennakointikatsaukset valtuustolle vuodessa",
                baseline="0",
                target="2",
                target_in=380,
                actions=[ActionSpec("Ennakointiverkoston perustaminen", LEADER, 45)],
            ),
            GoalSpec(
                title="Henkilöstö mukaan muutokseen",
                description="Esihenkilöt saavat valmennusta muutoksen johtamiseen.",
                sub_theme=(3, 1),
                indicator="Henkilöstökyselyn muutosvalmiusindeksi (1–5)",
                baseline="3,1",
                target="3,6",
                target_in=420,
                actions=[ActionSpec("Esihenkilöiden muutosvalmennus", CONTACT, 90)],
            ),
            GoalSpec(
                title="Kumppanuudet korkeakoulujen kanssa",
                description="Yliopiston ja ammattikorkeakoulun kanssa sovitaan yhteiset "
                "kehittämishankkeet.",
                sub_theme=(2, 3),
                indicator="Yhteiset kehittämishankkeet",
                baseline="3",
                target="6",
                target_in=450,
                actions=[ActionSpec("Korkeakoulujen kanssa yhteinen aiekirja", LEADER, 120)],
            ),
        ],
        workshops=[
            WorkshopSpec(
                day=-15,
                title=_workshop_title(
                    "Ennakointi ja skenaariot Jyväskylässä",
                    "Framsyn och scenarier i Jyväskylä",
                    "Foresight and scenarios in Jyväskylä",
                ),
                sub_theme=(1, 2),
                summary="Laadittiin kolme skenaariota kaupungin kehityksestä vuoteen 2035.",
                decisions="Skenaariot viimeistellään ja esitellään valtuustoseminaarissa.",
                follow_up=[
                    (0, ActionSpec("Skenaariotyön aikataulu ja osallistujat", CONTACT, 20)),
                ],
            ),
            WorkshopSpec(
                day=50,
                title=_workshop_title(
                    "Muutosvalmennuksen suunnittelu",
                    "Planering av förändringsträningen",
                    "Planning the change coaching",
                ),
                sub_theme=(3, 1),
            ),
        ],
        comments=[
            (CONTACT, 2, None, "Ammattikorkeakoulun rehtori on kiinnostunut yhteistyöstä."),
            (CONSULTANT, 0, None, "Ennakointikatsauksen malliksi sopii Sitran megatrendiaineisto."),
        ],
    ),
    PlanSpec(
        code="638",
        status=Status.FOLLOW_UP,
        venue=("Porvoon kaupungintalo", "Raatihuoneenkatu 5, 06100 Porvoo"),
        agreed_ago=190,
        agreed_by="Kaupunginvaltuusto",
        shared=True,
        starting_situation=(
            "Kaupungin konserniohje on vuodelta 2013. Kaksikielisyys näkyy palveluissa, "
            "mutta ruotsinkieliset asukkaat osallistuvat kehittämiseen vähemmän kuin "
            "suomenkieliset."
        ),
        priorities=[(1, 3), (2, 2)],
        goals=[
            GoalSpec(
                title="Konserniohje uudistetaan",
                description="Uusi konserniohje selkeyttää tytäryhtiöiden raportointia ja "
                "omistajan odotuksia.",
                sub_theme=(1, 3),
                indicator="Valtuuston hyväksymä konserniohje",
                baseline="Ohje vuodelta 2013",
                target="Uusi ohje hyväksytty",
                target_in=200,
                shared=True,
                actions=[
                    ActionSpec(
                        "Konserniohjeen luonnos",
                        LEADER,
                        -20,
                        Done,
                        "Luonnos lähetetty lausunnoille.",
                    ),
                    ActionSpec(
                        "Lausuntokierros tytäryhtiöille",
                        CONTACT,
                        25,
                        Doing,
                        "Kolme lausuntoa kuudesta saatu.",
                    ),
                ],
            ),
            GoalSpec(
                title="Osallisuus kahdella kielellä",
                description="Kaikki asukkaat voivat osallistua omalla kielellään.",
                sub_theme=(2, 2),
                indicator="Ruotsinkielisten osuus osallisuuskyselyn vastaajista",
                baseline="4 %",
                target="10 %",
                target_in=400,
                actions=[
                    ActionSpec("Ruotsinkieliset asukastilaisuudet", COUNCIL, 60),
                    ActionSpec(
                        "Erillinen ruotsinkielinen verkkopaneeli",
                        COUNCIL,
                        -10,
                        Dropped,
                        "Korvattiin kaksikielisellä kyselyllä.",
                    ),
                ],
            ),
        ],
        workshops=[
            WorkshopSpec(
                day=-140,
                title=_workshop_title(
                    "Porvoon omistajapolitiikan linjaukset",
                    "Borgås ägarpolitiska riktlinjer",
                    "Porvoo's ownership policy",
                ),
                sub_theme=(1, 3),
                summary="Kaupunginhallitus ja tytäryhtiöiden johto linjasivat omistajan "
                "tavoitteet yhtiöittäin.",
                decisions="Omistajapoliittiset linjaukset kirjataan osaksi konserniohjetta.",
                follow_up=[
                    (0, ActionSpec("Linjausten kirjaus konserniohjeeseen", LEADER, -40, Done)),
                ],
            ),
            WorkshopSpec(
                day=-70,
                title=_workshop_title(
                    "Porvoon konserniohjauksen uudistus",
                    "Förnyelsen av Borgås koncernstyrning",
                    "Renewing Porvoo's group steering",
                ),
                sub_theme=(1, 3),
                from_events_demo=True,
                summary="Käytiin läpi konserniohjeen luonnos ja tytäryhtiöiden raportointimalli.",
                decisions="Raportointi neljännesvuosittain yhteisellä pohjalla. Luonnos "
                "lausunnoille.",
                follow_up=[
                    (
                        0,
                        ActionSpec(
                            "Yhteinen raportointipohja tytäryhtiöille",
                            CONTACT,
                            15,
                            Doing,
                            "Pohja testissä kahdella yhtiöllä.",
                        ),
                    ),
                ],
            ),
            WorkshopSpec(
                day=25,
                title=_workshop_title(
                    "Osallisuus kahdella kielellä",
                    "Delaktighet på två språk",
                    "Participation in two languages",
                ),
                sub_theme=(2, 2),
            ),
        ],
        comments=[
            (CONTACT, 0, None, "Tytäryhtiöiden lausunnot ovat olleet myönteisiä."),
            (CONSULTANT, 1, 1, "Kaksikielinen kysely on hyvä ratkaisu; seurataan vastausmääriä."),
        ],
    ),
    PlanSpec(
        code="545",
        status=Status.AGREED,
        venue=("Närpiön kaupungintalo", "Närpes"),
        agreed_ago=20,
        agreed_by="Kaupunginvaltuusto",
        starting_situation=(
            "Närpiön elinvoima nojaa kasvihuoneviljelyyn ja maahanmuuttajien työpanokseen. "
            "Elinvoimatyöllä ei ole yhteistä ohjelmaa eikä mittareita."
        ),
        priorities=[(2, 1), (2, 2)],
        goals=[
            GoalSpec(
                title="Elinvoimaohjelma mittareineen",
                description="Kaupungille laaditaan elinvoimaohjelma, jonka jokaisella "
                "mittarilla on vastuuhenkilö.",
                sub_theme=(2, 1),
                indicator="Ohjelman mittarit, joilla on vastuuhenkilö",
                baseline="0 / 10",
                target="10 / 10",
                target_in=300,
                shared=True,
                actions=[
                    ActionSpec(
                        "Elinvoimaohjelman luonnos",
                        LEADER,
                        40,
                        Doing,
                        "Yrittäjien kuuleminen pidetty.",
                    ),
                ],
            ),
            GoalSpec(
                title="Maahanmuuttajat mukaan päätöksentekoon",
                description="Kotoutumisfoorumi tuo maahanmuuttajien näkemykset valmisteluun.",
                sub_theme=(2, 2),
                indicator="Kotoutumisfoorumin kokoukset vuodessa",
                baseline="0",
                target="4",
                target_in=380,
                actions=[ActionSpec("Kotoutumisfoorumin perustaminen", CONTACT, 80)],
            ),
        ],
        workshops=[
            WorkshopSpec(
                day=-50,
                title=_workshop_title(
                    "Närpiön elinvoiman lähtötilanne",
                    "Utgångsläget för Närpes livskraft",
                    "Where Närpes's vitality stands",
                ),
                sub_theme=(2, 1),
                summary="Koottiin elinvoiman vahvuudet ja haasteet yrittäjien ja "
                "luottamushenkilöiden kanssa.",
                decisions="Elinvoimaohjelma valmistellaan seuraavaan työpajaan mennessä.",
                follow_up=[
                    (0, ActionSpec("Elinvoiman tilannekuva tilastoista", CONTACT, 20, Doing)),
                ],
            ),
            WorkshopSpec(
                day=60,
                title=_workshop_title(
                    "Närpiön elinvoimaohjelma",
                    "Närpes livskraftsprogram",
                    "Närpes's vitality programme",
                ),
                sub_theme=(2, 1),
                from_events_demo=True,
            ),
        ],
        comments=[
            (CONTACT, 0, 0, "Luonnos käännetään myös suomeksi valtuuston käsittelyä varten."),
            (CONSULTANT, 1, None, "Foorumiin voisi kutsua myös työnantajien edustajia."),
        ],
    ),
    PlanSpec(
        code="016",
        status=Status.CLOSED,
        venue=("Asikkalan kunnantalo", "Asikkala"),
        agreed_ago=250,
        agreed_by="Kunnanhallitus",
        final_evaluation=(
            "Suunnitelman molemmat tavoitteet saavutettiin: kuntastrategia päivitettiin ja "
            "seutuyhteistyöstä sovittiin. Jatkossa kehittämistä ohjaa kuntastrategia, ja "
            "seutuyhteistyön seuranta siirtyy kunnanhallitukselle."
        ),
        starting_situation=(
            "Kuntastrategia oli vanhentunut, ja seutuyhteistyön sopimukset olivat päättymässä."
        ),
        priorities=[(1, 1), (2, 3)],
        goals=[
            GoalSpec(
                title="Kuntastrategia päivitetään",
                description="Strategia päivitetään valtuustokauden tavoitteisiin.",
                sub_theme=(1, 1),
                indicator="Valtuuston hyväksymä strategia",
                baseline="Ei",
                target="Kyllä",
                target_in=-30,
                actions=[
                    ActionSpec(
                        "Strategialuonnos valtuustolle",
                        LEADER,
                        -60,
                        Done,
                        "Valtuusto hyväksyi strategian yksimielisesti.",
                    ),
                    ActionSpec(
                        "Strategiaviestintä kuntalaisille",
                        CONTACT,
                        -40,
                        Done,
                        "Strategia jaettiin kaikkiin talouksiin.",
                    ),
                ],
            ),
            GoalSpec(
                title="Seutuyhteistyön sopimukset uusitaan",
                description="Naapurikuntien kanssa sovitaan yhteistyöstä elinkeino- ja "
                "ympäristöpalveluissa.",
                sub_theme=(2, 3),
                indicator="Uusitut yhteistyösopimukset",
                baseline="0 / 3",
                target="3 / 3",
                target_in=-20,
                actions=[
                    ActionSpec("Elinkeinopalvelujen sopimus", LEADER, -50, Done),
                    ActionSpec(
                        "Yhteinen matkailuyhtiö",
                        COUNCIL,
                        -45,
                        Dropped,
                        "Naapurikunnat eivät lähteneet mukaan.",
                    ),
                ],
            ),
        ],
        workshops=[
            WorkshopSpec(
                day=-160,
                title=_workshop_title(
                    "Asikkalan strategian päivitys",
                    "Uppdateringen av Asikkalas strategi",
                    "Updating Asikkala's strategy",
                ),
                sub_theme=(1, 1),
                summary="Valtuutetut ja johtoryhmä päivittivät strategian visiota ja "
                "painopisteitä.",
                decisions="Kolme painopistettä: elinvoima, hyvinvointi ja kestävä talous.",
                follow_up=[
                    (0, ActionSpec("Painopisteiden mittarit", CONTACT, -100, Done)),
                ],
            ),
            WorkshopSpec(
                day=-90,
                title=_workshop_title(
                    "Seutuyhteistyö Päijänteen rannalla",
                    "Regionalt samarbete vid Päijänne",
                    "Regional co-operation on Lake Päijänne",
                ),
                sub_theme=(2, 3),
                summary="Naapurikuntien johtajat kävivät läpi yhteistyön vaihtoehdot.",
                decisions="Elinkeinopalveluista ja ympäristöpalveluista tehdään sopimukset.",
            ),
        ],
        comments=[
            (CONTACT, 0, 1, "Strategiaviestinnästä tuli paljon hyvää palautetta."),
            (
                CONSULTANT,
                1,
                None,
                "Seutuyhteistyön tulokset kannattaa esitellä vertaisseminaarissa.",
            ),
        ],
    ),
    PlanSpec(
        code="758",
        status=Status.FOLLOW_UP,
        venue=("Sodankylän kunnantalo", "Jäämerentie 1, 99600 Sodankylä"),
        agreed_ago=130,
        agreed_by="Kunnanvaltuusto",
        starting_situation=(
            "Sodankylä on pinta-alaltaan Suomen toiseksi suurin kunta. Palvelujen "
            "saavutettavuus ja kylien osallisuus ovat kunnan keskeiset haasteet."
        ),
        priorities=[(2, 1), (2, 2)],
        goals=[
            GoalSpec(
                title="Palvelut pitkien etäisyyksien kunnassa",
                description="Palveluja tuodaan kyliin monipalvelupisteiden ja etäpalvelujen "
                "avulla.",
                sub_theme=(2, 1),
                indicator="Etäpalveluina saatavat palvelut",
                baseline="6",
                target="15",
                target_in=400,
                shared=True,
                actions=[
                    ActionSpec(
                        "Monipalvelupisteen pilotti Vuotsossa",
                        LEADER,
                        90,
                        Doing,
                        "Tilat sovittu kyläkoululta.",
                    ),
                ],
            ),
            GoalSpec(
                title="Kyläyhdistykset mukaan päätöksentekoon",
                description="Kyläyhdistyksiä kuullaan säännöllisesti ennen päätöksiä.",
                sub_theme=(2, 2),
                indicator="Kyläyhdistysten kuulemiset vuodessa",
                baseline="1",
                target="6",
                target_in=350,
                actions=[
                    ActionSpec(
                        "Kyläkierros valtuutetuille",
                        COUNCIL,
                        -5,
                        Done,
                        "Kahdeksan kylää kierretty.",
                    ),
                ],
            ),
        ],
        workshops=[
            WorkshopSpec(
                day=-100,
                title=_workshop_title(
                    "Sodankylän palveluverkko",
                    "Servicenätet i Sodankylä",
                    "Sodankylä's service network",
                ),
                sub_theme=(2, 1),
                summary="Kartoitettiin palvelujen saavutettavuus kylittäin.",
                decisions="Monipalvelupisteen pilotti käynnistetään Vuotsossa.",
                follow_up=[
                    (0, ActionSpec("Etäpalvelujen laitteet kirjastoihin", CONTACT, 45, Doing)),
                ],
            ),
            WorkshopSpec(
                day=30,
                title=_workshop_title(
                    "Sodankylän palvelut ja osallisuus",
                    "Service och delaktighet i Sodankylä",
                    "Services and participation in Sodankylä",
                ),
                sub_theme=(2, 2),
                from_events_demo=True,
            ),
        ],
        comments=[
            (CONTACT, 1, 0, "Kyläkierroksen palaute kootaan kunnanhallitukselle."),
            (CONSULTANT, 0, 0, "Pilotista kannattaa kerätä käyttäjäpalaute heti alusta."),
        ],
    ),
]
