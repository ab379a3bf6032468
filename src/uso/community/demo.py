"""Demo discussions for the current demo period: a conversation in the general area, in each
theme area and in each peer group's area, written by the demo people through the services
(so Markdown is rendered and followers are recorded), dated over the past weeks. Loaded once:
a period whose areas have threads gets nothing more.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from uso.accounts.models import Role, User
from uso.network.models import Period

from . import services
from .models import Area, Notification, Post, Thread

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
        # The demo's past is not news: nobody gets its messages by e-mail.
        Notification.objects.filter(sent_at__isnull=True).update(sent_at=timezone.now())
    return threads


def _conversation(area, title, messages, people, fallback) -> Thread:
    now = timezone.now()
    (first_email, first_days, first_text), *replies = messages
    thread = services.start_thread(
        area=area, author=people.get(first_email, fallback), title=title, body=first_text
    )
    for email, _days, text in replies:
        services.post_reply(thread=thread, author=people.get(email, fallback), body=text)
    for post, (_email, days, _text) in zip(thread.posts.order_by("id"), messages, strict=True):
        Post.objects.filter(pk=post.pk).update(created_at=now - timedelta(days=days, hours=2))
    Thread.objects.filter(pk=thread.pk).update(
        created_at=now - timedelta(days=first_days, hours=2),
        last_post_at=now - timedelta(days=messages[-1][1], hours=2),
    )
    return thread
