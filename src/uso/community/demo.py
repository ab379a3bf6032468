"""Demo discussions for the current demo period: a conversation in the general area, in each
theme area and in each peer group's area, written by the demo people through the services
(so Markdown is rendered and followers are recorded), dated over the past weeks. Loaded once:
a period whose areas have threads gets nothing more.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from uso.accounts.models import Role, User
from uso.library.models import Material
from uso.network.models import Period

from . import services
from .models import Area, Notification, Post, Practice, Thread

# (author e-mail, days ago, text). The first message opens the thread.
GENERAL = (
    "Tervetuloa keskustelemaan verkoston tapaamisten välillä",
    [
        (
            "koordinaattori@uso.example",
            20,
            "Tämä on verkoston yhteinen keskustelualue. Kysykää, kertokaa kokeiluistanne ja "
            "jakakaa materiaaleja — **kaikki jäsenkuntien** valtuutetut ja viranhaltijat "
            "lukevat tätä.\n\nTeema-alueiden keskustelut löytyvät omilta alueiltaan.",
        ),
        (
            "valtuusto.091@kunta.example",
            19,
            "Kiitos! Olisi hyödyllistä kuulla, miten muut kunnat perehdyttävät uudet "
            "valtuutetut kauden alussa.",
        ),
        (
            "yhdyshenkilo.638@kunta.example",
            17,
            "Porvoossa pidimme kaksi iltakoulua ja kokosimme tärkeimmät asiakirjat yhdelle "
            "sivulle. Kirjaston *uusien valtuustojen tukimateriaali* oli hyvä runko.",
        ),
    ],
)
THEMES = [
    (
        "Miten osallistitte valtuutetut strategiatyöhön?",
        [
            (
                "yhdyshenkilo.837@kunta.example",
                14,
                "Valmistelemme kuntastrategian päivitystä. Miten muut ovat saaneet koko "
                "valtuuston mukaan jo luonnosvaiheessa?",
            ),
            (
                "johtaja.179@kunta.example",
                13,
                "Jyväskylässä teimme kolme työpajaa:\n\n1. nykytila ja skenaariot\n"
                "2. tavoitteet ja mittarit\n3. luonnoksen kommentointi\n\n"
                "Osallistuminen oli parempaa, kun työpajat olivat ennen valtuuston kokousta.",
            ),
            (
                "valtuusto.564@kunta.example",
                12,
                "Meillä toimi myös kuntalaisraati, jonka havainnot esiteltiin valtuustolle.",
            ),
        ],
    ),
    (
        "Konserniohjauksen vuosikello",
        [
            (
                "johtaja.091@kunta.example",
                10,
                "Onko jollakulla valmis vuosikello omistajaohjauksen raportoinnista? "
                "Etsimme mallia tytäryhteisöjen raportoinnin aikatauluun.",
            ),
            (
                "konsultti1@uso.example",
                9,
                "Hyvä kysymys seuraavaan muutosklinikkaan. Kirjastossa on omistajaohjauksen "
                "periaatteista tehty katsaus, josta saa pohjan.",
            ),
        ],
    ),
    (
        "Muutosjohtaminen henkilöstön näkökulmasta",
        [
            (
                "johtaja.545@kunta.example",
                8,
                "Miten olette viestineet henkilöstölle organisaatiomuutoksesta? Meillä "
                "kysymyksiä tuli eniten esihenkilöiltä.",
            ),
            (
                "yhdyshenkilo.016@kunta.example",
                6,
                "Kokeilimme esihenkilöille viikoittaista lyhyttä infoa ennen yleistä "
                "tiedotusta. Se vähensi huhuja selvästi.",
            ),
        ],
    ),
]
# By the peer group's Finnish name; written by people of the group's municipalities.
PEER_GROUPS = {
    "Yli 100 000 asukkaan kaupungit": (
        "Suurten kaupunkien palveluverkkoselvitykset",
        [
            (
                "johtaja.837@kunta.example",
                5,
                "Käynnistämme palveluverkkoselvityksen. Mitä tietoja olette käyttäneet "
                "väestöennusteen lisäksi?",
            ),
            (
                "johtaja.091@kunta.example",
                4,
                "Saavutettavuusanalyysi joukkoliikenteellä oli meillä ratkaiseva.",
            ),
        ],
    ),
    "Kaksikieliset kunnat": (
        "Kaksikielinen viestintä / Tvåspråkig kommunikation",
        [
            (
                "yhdyshenkilo.638@kunta.example",
                3,
                "Miten teillä käännetään valtuuston materiaalit? Meillä käännös viivästyttää "
                "esityslistojen julkaisua.",
            ),
            (
                "valtuusto.091@kunta.example",
                2,
                "Vi publicerar sammandrag på svenska samtidigt och hela översättningen senare.",
            ),
        ],
    ),
    "5 000–9 999 asukkaan kunnat": (
        "Yhteiset hankinnat naapurikuntien kanssa",
        [
            (
                "johtaja.016@kunta.example",
                7,
                "Onko teillä kokemuksia yhteisestä hankintarenkaasta? Pienessä kunnassa "
                "yksittäinen kilpailutus vie kohtuuttomasti aikaa.",
            ),
            (
                "yhdyshenkilo.758@kunta.example",
                6,
                "Meillä yhteishankinnat hoitaa seudullinen yksikkö. Sopimuksessa kannattaa "
                "sopia selvästi, kuka vastaa valvonnasta.",
            ),
            (
                "johtaja.545@kunta.example",
                1,
                "Vi har goda erfarenheter av samma modell i Närpes.",
            ),
        ],
    ),
}


# A question to the network in the general area: (asker, answers, the answer marked useful).
QUESTION = (
    "Miten arvioitte valtuustokauden tavoitteiden toteutumista?",
    [
        (
            "yhdyshenkilo.179@kunta.example",
            9,
            "Valmistelemme valtuustokauden puoliväliarviota. Mitä mittareita ja aineistoja "
            "olette käyttäneet? Vastauksia toivotaan kolmen viikon sisällä.",
        ),
        (
            "johtaja.837@kunta.example",
            8,
            "Kokosimme strategian mittarit yhteen tilannekuvaan, jota päivitetään kahdesti "
            "vuodessa. Valtuusto käsittelee sen talousarvion yhteydessä.",
        ),
        (
            "yhdyshenkilo.016@kunta.example",
            7,
            "Meillä valtuutetut arvioivat itse onnistumista lyhyellä kyselyllä — tulokset "
            "olivat hyvä keskustelun avaus.",
        ),
    ],
    1,  # the first answer is marked useful
)
# Good practices: (author, title, problem, what was done, results, lessons, tried by).
PRACTICES = [
    (
        "yhdyshenkilo.837@kunta.example",
        "Kuntalaisraati talousarvion valmistelussa",
        "Asukkaat eivät osallistuneet talousarvion valmisteluun, ja säästökohteista päätettiin "
        "ilman heidän näkemystään.",
        "Arvoimme **kuntalaisraadin** (24 asukasta), joka kokoontui kolme kertaa ja kuuli "
        "talousjohtajaa ja lautakuntien puheenjohtajia.",
        "Raadin suositukset käsiteltiin valtuustossa; kaksi niistä toteutettiin.",
        "Aikataulu kannattaa sopia talousarvioprosessin alussa.",
        ["yhdyshenkilo.638@kunta.example", "johtaja.179@kunta.example"],
    ),
    (
        "johtaja.564@kunta.example",
        "Strategiakortit tiimeille",
        "Kuntastrategia ei näkynyt henkilöstön arjessa.",
        "Jokainen tiimi teki yhden sivun strategiakortin: mitä strategia tarkoittaa meille, "
        "mitä teemme toisin ja miten sen huomaa.",
        "Henkilöstökyselyssä strategian tuntemus parani selvästi.",
        "Esihenkilöt tarvitsevat korttien tekemiseen tuen ja mallin.",
        ["johtaja.091@kunta.example"],
    ),
]


def load_community_demo(period: Period | None = None) -> list[Thread]:
    """Create the demo discussions once; return the new threads."""
    period = period or Period.objects.filter(network__slug="uso").current()
    if period is None or Thread.objects.filter(area__period=period).exists():
        return []
    people = {user.email: user for user in User.objects.filter(is_active=True)}
    coordinator = User.objects.filter(role=Role.COORDINATOR).order_by("pk").first()
    with transaction.atomic():
        areas = services.ensure_areas(period=period)
        general = [a for a in areas if a.kind == Area.Kind.GENERAL]
        themes = [a for a in areas if a.kind == Area.Kind.THEME]
        groups = [a for a in areas if a.kind == Area.Kind.PEER_GROUP]
        planned = list(zip(general, [GENERAL], strict=False))
        planned += list(zip(themes, THEMES, strict=False))
        planned += [
            (area, PEER_GROUPS[area.peer_group.name_fi])
            for area in groups
            if area.peer_group.name_fi in PEER_GROUPS
        ]
        threads = [
            _conversation(area, title, messages, people, coordinator)
            for area, (title, messages) in planned
        ]
        if general:
            threads.append(_question(general[0], people, coordinator))
        _practices(period, people, coordinator)
        # The demo's past is not news: nobody gets its messages by e-mail (also those the
        # question's audience is told of after the commit, which run before this).
        transaction.on_commit(
            lambda: Notification.objects.filter(sent_at__isnull=True).update(sent_at=timezone.now())
        )
    return threads


def _conversation(area, title, messages, people, fallback) -> Thread:
    (first_email, _first_days, first_text), *replies = messages
    thread = services.start_thread(
        area=area, author=people.get(first_email, fallback), title=title, body=first_text
    )
    for email, _days, text in replies:
        services.post_reply(thread=thread, author=people.get(email, fallback), body=text)
    _backdate(thread, messages)
    return thread


def _backdate(thread, messages) -> None:
    """Spread the conversation over the past days, as written in `messages`."""
    now = timezone.now()
    for post, (_email, days, _text) in zip(thread.posts.order_by("id"), messages, strict=True):
        Post.objects.filter(pk=post.pk).update(created_at=now - timedelta(days=days, hours=2))
    Thread.objects.filter(pk=thread.pk).update(
        created_at=now - timedelta(days=messages[0][1], hours=2),
        last_post_at=now - timedelta(days=messages[-1][1], hours=2),
    )


def _question(area, people, fallback) -> Thread:
    title, messages, useful = QUESTION
    (asker_email, days, text), *answers = messages
    asker = people.get(asker_email, fallback)
    thread = services.start_thread(
        area=area,
        author=asker,
        title=title,
        body=text,
        kind=Thread.Kind.QUESTION,
        deadline=timezone.localdate() + timedelta(days=21),
        audience=Thread.Audience.MEMBERS,
    )
    for email, _days, answer in answers:
        services.post_reply(thread=thread, author=people.get(email, fallback), body=answer)
    marked = thread.posts.order_by("id")[useful]
    services.mark_useful(post=marked, by=asker, useful=True)
    _backdate(thread, messages)
    return thread


def _practices(period, people, fallback) -> None:
    from uso.network.models import SubTheme

    themes = list(SubTheme.objects.filter(theme_area__period=period).order_by("pk")[:2])
    for number, (email, title, problem, done, results, lessons, tried_by) in enumerate(PRACTICES):
        author = people.get(email, fallback)
        practice = Practice(
            municipality=author.municipality,
            title=title,
            problem=problem,
            what_was_done=done,
            results=results,
            lessons=lessons,
            contact_person=author,
        )
        practice = services.save_practice(
            practice=practice, by=author, sub_themes=themes[number : number + 1]
        )
        for other in tried_by:
            services.set_trying(practice=practice, by=people[other], trying=True)
        # Shared some weeks ago, in the library since then too.
        shared_at = timezone.now() - timedelta(days=30 + 10 * number)
        Practice.objects.filter(pk=practice.pk).update(created_at=shared_at)
        Material.objects.filter(pk=practice.material_id).update(published_at=shared_at)
        services.comment_practice(
            practice=practice,
            author=people.get(tried_by[0], fallback),
            body="Kiitos kortista! Kokeilemme tätä ensi vuonna.",
        )
