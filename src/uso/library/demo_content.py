"""The demo library's content: current reviews (one in three languages), two checklists, a
video with its transcript, web links, a PDF guide, a Word template and a slide set whose text
the loader turns into real files, a workshop memo private to one municipality, a scheduled
review and a draft; two collections; ticks and subscriptions of the demo people.

Written for the demo in Finnish, with Swedish and English where shown. Sub-themes are named by
(theme area order, sub-theme order) of the current period, as in the development demo."""

from dataclasses import dataclass, field

from .models import Material

Kind, Audience, Visibility = Material.Kind, Material.Audience, Material.Visibility
COORDINATOR, CONSULTANT = "koordinaattori", "konsultti"
KUNTALIITTO = "Kaisa Koordinaattori, Suomen Kuntaliitto"


@dataclass
class MaterialSpec:
    key: str
    kind: str
    title: str
    summary: str
    sub_themes: list[tuple[int, int]]
    days_ago: int | None  # published this many days ago; negative: scheduled; None: a draft
    audience: str = Audience.EVERYONE
    visibility: str = Visibility.MEMBERS
    municipality: str = ""  # the code, for a material of one municipality only
    language: str = "fi"
    version_of: str = ""  # the key of the material this is a language version of
    authors: str = KUNTALIITTO
    by: str = COORDINATOR  # or the consultant of `municipality` (or of Helsinki)
    body: str = ""
    url: str = ""
    transcript: str = ""
    checklist: list[str] | None = None
    # (file name, content): HTML for a .pdf, Blocks for a .docx, Slides for a .pptx
    file: tuple[str, object] | None = None


@dataclass
class CollectionSpec:
    slug: str
    title: tuple[str, str, str]
    introduction: tuple[str, str, str]
    items: list[str]  # material keys in order
    featured: bool = False


@dataclass
class Slide:
    title: str
    bullets: list[str] = field(default_factory=list)
    notes: str = ""


# A Word document: ("title" | "heading" | "text" | "bullet", text) or ("table", rows).
Blocks = list[tuple[str, object]]

# --- The files -----------------------------------------------------------------------------

STRATEGY_GUIDE_HTML = """
<h1>Valtuustokauden strategiatyön opas</h1>
<p class="lead">Suomen Kuntaliitto · USO-verkosto · Uusien valtuustojen tukimateriaali</p>

<h2>Miksi kuntastrategia?</h2>
<p>Kuntalain mukaan kunnassa on oltava kuntastrategia, jossa valtuusto päättää kunnan
toiminnan ja talouden pitkän aikavälin tavoitteista. Strategia on valtuuston tärkein
johtamisen väline: se kertoo, mihin kunta pyrkii, mistä se ei tingi ja miten voimavarat
kohdennetaan. Strategia otetaan huomioon talousarviota ja -suunnitelmaa laadittaessa, ja sen
toteutumista arvioidaan ja se tarkistetaan vähintään kerran valtuustokaudessa.</p>

<h2>Strategiaprosessin vaiheet</h2>
<ol>
  <li><strong>Lähtötilanne.</strong> Kootaan tieto väestöstä, taloudesta, palveluista ja
  elinvoimasta sekä edellisen strategian arviointi.</li>
  <li><strong>Toimintaympäristön ennakointi.</strong> Tunnistetaan muutostekijät ja laaditaan
  vaihtoehtoiset skenaariot.</li>
  <li><strong>Visio ja painopisteet.</strong> Valtuusto linjaa seminaareissa, millainen kunta
  halutaan olla kauden lopussa.</li>
  <li><strong>Osallistaminen.</strong> Asukkaat, yritykset, järjestöt ja henkilöstö kommentoivat
  luonnosta.</li>
  <li><strong>Hyväksyminen ja toimeenpano.</strong> Valtuusto hyväksyy strategian, ja sen
  tavoitteet viedään talousarvioon, toimialojen suunnitelmiin ja omistajaohjaukseen.</li>
</ol>

<h2>Toimintaympäristön analyysi ja skenaariot</h2>
<p>Skenaariotyöskentely auttaa valtuustoa näkemään useamman kuin yhden mahdollisen
tulevaisuuden. Kolme tai neljä skenaariota riittää: esimerkiksi väestön kasvu, nykytilan
jatkuminen ja nopea väheneminen. Kunkin skenaarion kohdalla kysytään, mitä se merkitsisi
palveluverkolle, verotuloille ja investoinneille. Strategian tavoitteiden tulee kestää
kaikki skenaariot, vaikka keinot eroaisivat.</p>

<h2>Osallistava strategiaprosessi</h2>
<p>Asukkaiden osallistuminen on tehokkainta, kun kysymykset ovat konkreettisia ja vastaukset
näkyvät lopputuloksessa. Hyviä keinoja ovat verkkokyselyt, asukasillat, nuorisovaltuuston
työpajat ja kuntalaisraadit. Kerro osallistujille, miten palaute käsiteltiin.</p>

<h2>Strategian toteutumisen seuranta</h2>
<ul>
  <li>Jokaiselle tavoitteelle nimetään mittari, lähtötaso, tavoitetaso ja vastuutaho.</li>
  <li>Hallitus käsittelee strategian toteutumista vähintään puolivuosittain.</li>
  <li>Tilinpäätöksen toimintakertomus raportoi strategian edistymisestä valtuustolle.</li>
  <li>Valtuustokauden puolivälissä strategia arvioidaan ja tarvittaessa päivitetään.</li>
</ul>
<p class="small">Opas on USO-verkoston demoaineisto.</p>
"""

STRATEGY_GUIDE_CSS = """
@page { size: A4; margin: 18mm 20mm; }
body { font-family: sans-serif; font-size: 10pt; line-height: 1.4; }
h1 { font-size: 18pt; margin: 0 0 4pt; color: #1c3f6e; }
h2 { font-size: 12pt; margin: 12pt 0 4pt; color: #1c3f6e; }
.lead { color: #555; margin-top: 0; }
.small { font-size: 8pt; color: #777; }
"""

OWNERSHIP_TEMPLATE: Blocks = [
    ("title", "Omistajaohjauksen periaatteet – mallipohja"),
    (
        "text",
        "Tämä mallipohja auttaa kirjoittamaan kunnan omistajapolitiikan ja konserniohjeen "
        "periaatteet valtuuston käsittelyyn. Täydennä hakasulkeissa olevat kohdat kunnan "
        "omilla tiedoilla.",
    ),
    ("heading", "1. Omistajapolitiikan tarkoitus"),
    (
        "text",
        "Omistajapolitiikka kertoo, miksi [kunta] omistaa yhtiöitä ja osuuksia "
        "kuntayhtymissä ja säätiöissä ja mitä niiltä odotetaan. Kuntalain mukaan "
        "omistajapolitiikka on osa kuntastrategiaa, ja valtuusto päättää "
        "konserniohjeesta.",
    ),
    ("heading", "2. Tytäryhteisöjen luokittelu"),
    (
        "text",
        "Tytäryhteisöt jaetaan strategisen merkityksen mukaan. Strategisesti tärkeissä "
        "yhteisöissä kunta käyttää aktiivista omistajaohjausta; muut voidaan harkita "
        "myytäviksi.",
    ),
    (
        "table",
        [
            ["Yhteisö", "Omistusosuus", "Strateginen merkitys"],
            ["[Vuokra-asunnot Oy]", "100 %", "Strategisesti tärkeä"],
            ["[Energia Oy]", "51 %", "Strategisesti tärkeä"],
            ["[Kehitysyhtiö Oy]", "34 %", "Tarkasteltava"],
        ],
    ),
    ("heading", "3. Hallitusten kokoonpano"),
    ("bullet", "Hallituksen jäsenillä on yhteisön toimialan ja talouden osaamista."),
    ("bullet", "Luottamushenkilöiden ja ammattijohdon roolit erotetaan toisistaan."),
    ("bullet", "Hallituksen jäsenet perehdytetään konserniohjeeseen kauden alussa."),
    ("heading", "4. Raportointi"),
    (
        "text",
        "Tytäryhteisöt raportoivat konsernijohdolle taloudesta ja omistajan asettamista "
        "tavoitteista neljännesvuosittain. Konsernijaosto käsittelee raportit, ja hallitus "
        "kertoo valtuustolle tavoitteiden toteutumisesta tilinpäätöksen yhteydessä.",
    ),
]

CHANGE_SLIDES = [
    Slide(
        "Muutosjohtaminen kunnassa",
        ["Kehittämistyöpajan aineisto", "USO-verkosto"],
        "Avaus: kerrotaan työpajan tavoite ja kulku.",
    ),
    Slide(
        "Miksi muutokset epäonnistuvat?",
        [
            "Tavoite jää epäselväksi henkilöstölle",
            "Muutosvastarinta tulkitaan vastustukseksi eikä tiedoksi",
            "Esihenkilöt jäävät yksin muutoksen viestijöiksi",
            "Talouden vaikutuksia ei ole arvioitu",
        ],
        "Pyydä osallistujia nimeämään oma esimerkki jokaisesta kohdasta.",
    ),
    Slide(
        "Muutoksen neljä vaihetta",
        [
            "Valmistelu: miksi, mitä ja kuka vastaa",
            "Päätös ja viestintä",
            "Toimeenpano ja tuki esihenkilöille",
            "Arviointi ja vakiinnuttaminen",
        ],
    ),
    Slide(
        "Henkilöstö muutoksessa",
        [
            "Yhteistoiminta alkaa ennen päätöksiä, ei niiden jälkeen",
            "Muutoskeskustelut tiimeissä: mikä muuttuu minun työssäni?",
            "Osaamisen kehittäminen osaksi muutossuunnitelmaa",
        ],
    ),
    Slide(
        "Talous muutoksessa",
        [
            "Muutoksen kustannukset ja säästöt talousarvioon",
            "Investointien ja palveluverkon päätökset samaan aikatauluun",
            "Seuranta hallitukselle neljännesvuosittain",
        ],
    ),
    Slide(
        "Työpajan tehtävä",
        [
            "Valitkaa yksi käynnissä oleva muutos",
            "Käykää se läpi muutosjohtamisen tarkistuslistalla",
            "Sopikaa kolme seuraavaa askelta ja niiden vastuuhenkilöt",
        ],
        "Tehtävään varataan 45 minuuttia; purku yhteisesti.",
    ),
]

# --- The materials -------------------------------------------------------------------------

NEW_COUNCIL_REVIEW_FI = """
<h2>Perehdytys luo pohjan koko kaudelle</h2>
<p>Kuntavaalien jälkeen valtuustossa on aina paljon ensimmäistä kauttaan aloittavia jäseniä.
Hyvin suunniteltu perehdytys auttaa heitä ymmärtämään kunnan talouden, palvelut ja
päätöksenteon ennen ensimmäisiä suuria päätöksiä. Perehdytys kannattaa jakaa useaan
iltaan ja liittää kokouksiin, joissa käsitellään oikeita asioita.</p>
<h2>Kuntastrategia valmistellaan yhdessä</h2>
<p>Valtuusto päättää kuntastrategiasta, ja strategia tarkistetaan vähintään kerran
valtuustokaudessa. Ensimmäinen vuosi on strategiatyön aikaa:</p>
<ul>
  <li>valtuustoseminaarissa sovitaan strategian valmistelun aikataulu ja osallistumistavat</li>
  <li>toimintaympäristön analyysi kootaan kevään aikana</li>
  <li>asukkaat ja henkilöstö kommentoivat luonnosta ennen käsittelyä</li>
  <li>strategia hyväksytään viimeistään syksyllä, jotta se ohjaa seuraavaa talousarviota</li>
</ul>
<h2>Omistajaohjaus kuuluu valtuustolle</h2>
<p>Omistajapolitiikka on osa kuntastrategiaa. Uuden valtuuston kannattaa käydä konserniohje
läpi ja varmistaa, että yhtiöiden hallituksiin valitaan osaavia jäseniä.</p>
<h2>Lue lisää</h2>
<p>Katso myös <a href="https://www.kuntaliitto.fi/">Kuntaliiton verkkopalvelu</a> ja
verkoston oppaat uusille valtuustoille.</p>
"""

NEW_COUNCIL_REVIEW_SV = """
<h2>Introduktionen lägger grunden för hela perioden</h2>
<p>Efter kommunalvalet finns det alltid många nya ledamöter i fullmäktige. En väl planerad
introduktion hjälper dem att förstå kommunens ekonomi, tjänster och beslutsfattande innan de
första stora besluten fattas.</p>
<h2>Kommunstrategin bereds tillsammans</h2>
<p>Fullmäktige beslutar om kommunstrategin, och den ska ses över minst en gång per
fullmäktigeperiod. Det första året är strategiarbetets år:</p>
<ul>
  <li>vid fullmäktigeseminariet kommer man överens om tidtabellen och hur man deltar</li>
  <li>omvärldsanalysen sammanställs under våren</li>
  <li>invånarna och personalen kommenterar utkastet före behandlingen</li>
</ul>
<h2>Ägarstyrningen hör till fullmäktige</h2>
<p>Ägarpolitiken är en del av kommunstrategin. Det nya fullmäktige bör gå igenom
koncerndirektivet. Läs mer på <a href="https://www.kommunforbundet.fi/">Kommunförbundets
webbplats</a>.</p>
"""

NEW_COUNCIL_REVIEW_EN = """
<h2>Induction lays the foundation for the whole term</h2>
<p>After the municipal elections many councillors begin their first term. A well-planned
induction helps them understand the municipality's finances, services and decision-making
before the first major decisions.</p>
<h2>The municipal strategy is prepared together</h2>
<p>The council decides on the municipal strategy and reviews it at least once a council
term. The first year is the year of strategy work:</p>
<ul>
  <li>a council seminar agrees on the timetable and on how people take part</li>
  <li>the analysis of the operating environment is put together in spring</li>
  <li>residents and staff comment on the draft before the council discusses it</li>
</ul>
<h2>Ownership steering belongs to the council</h2>
<p>Ownership policy is part of the municipal strategy; a new council should review the group
guidelines early in its term.</p>
"""

FINANCES_REVIEW = """
<h2>Talous kiristyy, mutta eri tahtiin</h2>
<p>Kuntien talouden näkymät vaihtelevat paljon. Kasvavissa kaupungeissa investointitarve on
suuri, väestöltään vähenevissä kunnissa taas palveluverkko on mitoitettu suuremmalle
väestölle. Yhteistä on, että menojen kasvu on saatava vastaamaan tulojen kehitystä.</p>
<h2>Tasapainottaminen on muutosjohtamista</h2>
<p>Talouden tasapainottamisohjelma onnistuu, kun se valmistellaan avoimesti ja sen
vaikutukset henkilöstöön arvioidaan ajoissa. Hyväksi havaittuja keinoja:</p>
<ul>
  <li>palveluverkon tarkastelu väestöennusteen pohjalta</li>
  <li>tilojen käytön tehostaminen ja tarpeettomista tiloista luopuminen</li>
  <li>investointien priorisointi strategian painopisteiden mukaan</li>
  <li>säännöllinen seuranta hallituksessa ja valtuustossa</li>
</ul>
<p>Verkoston <a href="https://www.kuntaliitto.fi/">Kuntaliiton</a> asiantuntijat auttavat
tasapainottamisohjelman valmistelussa muutosklinikoilla.</p>
"""

REGIONS_REVIEW = """
<h2>Kunnan tehtävät muuttuivat</h2>
<p>Sosiaali- ja terveydenhuollon sekä pelastustoimen järjestämisvastuu siirtyi
hyvinvointialueille vuoden 2023 alussa. Kunnalle jäivät sivistys- ja vapaa-aikapalvelut,
elinvoima- ja työllisyystehtävät, kaavoitus ja yhdyskuntatekniikka sekä asukkaiden
hyvinvoinnin ja terveyden edistäminen.</p>
<h2>Rajapinnoilla tarvitaan sopimista</h2>
<p>Monet asukkaan palvelut syntyvät kunnan ja hyvinvointialueen yhteistyönä: lasten ja
nuorten hyvinvointi, ikäihmisten asuminen ja liikkuminen sekä työllisyys. Toimivia
käytäntöjä ovat</p>
<ul>
  <li>yhteinen hyvinvointikertomus ja sovitut hyvinvointitavoitteet</li>
  <li>säännölliset johtoryhmätapaamiset kunnan ja alueen välillä</li>
  <li>yhteiset kehittämishankkeet, joilla on nimetty omistaja molemmilla puolilla</li>
</ul>
<h2>Elinvoimakunta ja valtuuston rooli</h2>
<p>Valtuuston tehtävä on linjata, mitä elinvoimakunta tarkoittaa juuri tässä kunnassa, ja
huolehtia, että asukkaiden ääni kuuluu myös hyvinvointialueen päätöksissä.</p>
"""

OWNERSHIP_REVIEW = """
<h2>Omistajaohjaus kuntakonsernissa</h2>
<p>Kuntakonsernin yhtiöissä on merkittävä osa kunnan varallisuudesta ja riskeistä.
Omistajaohjauksen kysymykset ovat nousseet esiin erityisesti energia- ja asuntoyhtiöissä,
joiden talous on ollut koetuksella.</p>
<ul>
  <li>päivittäkää konserniohje vastaamaan kunnan uusia tehtäviä</li>
  <li>asettakaa yhtiöille mitattavat tavoitteet, joiden toteutumista seurataan</li>
  <li>arvioikaa konsernin riskit osana talousarvion valmistelua</li>
</ul>
"""

PRIVATE_MEMO = """
<h2>Työpajan tavoite</h2>
<p>Työpajassa tarkasteltiin kuntastrategian päivitystä valtuustokauden puolivälissä.
Mukana olivat kunnanhallitus, valtuuston puheenjohtajisto ja johtoryhmä.</p>
<h2>Keskeiset havainnot</h2>
<ul>
  <li>Vetovoimatavoite on toteutunut: muuttotappio on kääntynyt lievään voittoon.</li>
  <li>Elinvoiman mittarit ovat liian yleisiä; yritysten määrä ja työpaikat lisätään.</li>
  <li>Osallisuuden tavoitteesta puuttuu vastuutaho.</li>
</ul>
<h2>Sovitut jatkotoimet</h2>
<p>Kunnanjohtaja tuo päivitetyn strategiamittariston hallituksen käsittelyyn. Seuraava
työpaja pidetään syksyllä.</p>
"""

PARTICIPATION_DRAFT = """
<h2>Osallisuus päätöksenteon tukena</h2>
<p>Luonnos: kootaan verkoston kuntien kokemuksia asukasraadeista, osallistuvasta
budjetoinnista ja vaikuttamistoimielinten työstä.</p>
"""

VIDEO_TRANSCRIPT = """Tervetuloa USO-verkoston videolle strategisesta johtamisesta.

Ensimmäinen näkökulma on valtuuston. Valtuusto päättää kuntastrategiasta, ja hyvä strategia
on lyhyt: muutama painopiste, joiden toteutumista voidaan seurata. Valtuutetun kannattaa
kysyä jokaisen suuren päätöksen kohdalla, miten se edistää strategiaa.

Toinen näkökulma on kunnanjohtajan ja johtoryhmän. Strategia muuttuu arjeksi vasta, kun sen
tavoitteet näkyvät talousarviossa, toimialojen suunnitelmissa ja esihenkilöiden
keskusteluissa. Johtoryhmä seuraa mittareita säännöllisesti ja nostaa poikkeamat esiin
ajoissa.

Kolmas näkökulma on asukkaan. Osallistava strategiaprosessi tekee strategiasta yhteisen:
asukkaat tunnistavat siitä omat toiveensa ja näkevät, miten heidän palautteensa vaikutti.

Videon lopuksi kolme kysymystä omaan valtuustoryhmään: Mitkä ovat kuntamme kolme tärkeintä
tavoitetta? Miten tiedämme, onnistuimmeko? Kuka vastaa kustakin tavoitteesta?"""

CHANGE_CHECKLIST = [
    "Muutoksen tavoite ja perustelut on kirjattu ja käsitelty johtoryhmässä.",
    "Muutokselle on nimetty omistaja ja vastuuhenkilöt.",
    "Henkilöstön edustajat ovat mukana valmistelussa alusta alkaen.",
    "Muutoksen vaikutukset talouteen on arvioitu ja otettu huomioon talousarviossa.",
    "Viestintäsuunnitelma kertoo, kuka viestii mitä, kenelle ja milloin.",
    "Esihenkilöt on valmennettu käymään muutoskeskusteluja tiimiensä kanssa.",
    "Onnistumista seurataan sovituilla mittareilla, ja tilanne raportoidaan hallitukselle.",
    "Muutos arvioidaan jälkikäteen, ja opit kirjataan seuraavaa muutosta varten.",
]

INDUCTION_CHECKLIST = [
    "Valtuutetut ovat saaneet perehdytysaineiston ja kokouskalenterin.",
    "Kunnan talouden tila ja talousarvion rakenne on esitelty valtuustolle.",
    "Hallintosääntö ja luottamushenkilöiden toimintatavat on käyty läpi.",
    "Sidonnaisuusilmoitukset on pyydetty ja esteellisyydestä on ohjeistettu.",
    "Kuntakonsernin yhtiöt ja omistajaohjauksen periaatteet on esitelty.",
    "Kuntastrategian valmistelun aikataulu ja osallistumistavat on sovittu.",
]

MATERIALS = [
    MaterialSpec(
        key="review_new_council",
        kind=Kind.ARTICLE,
        title="Ajankohtaiskatsaus: uusi valtuusto aloittaa",
        summary="Valtuustokauden ensimmäinen vuosi ratkaisee paljon: valtuusto perehtyy "
        "tehtäviinsä, valmistelee kuntastrategian ja linjaa omistajaohjauksen. Katsaus kokoaa "
        "keskeiset tehtävät ja aikataulun.",
        sub_themes=[(3, 3), (1, 1)],
        days_ago=150,
        audience=Audience.NEW_COUNCILS,
        visibility=Visibility.PUBLIC,
        body=NEW_COUNCIL_REVIEW_FI,
    ),
    MaterialSpec(
        key="review_new_council_sv",
        kind=Kind.ARTICLE,
        title="Aktuell översikt: det nya fullmäktige inleder sitt arbete",
        summary="Fullmäktigeperiodens första år avgör mycket: fullmäktige sätter sig in i sina "
        "uppgifter, bereder kommunstrategin och drar upp linjerna för ägarstyrningen.",
        sub_themes=[(3, 3), (1, 1)],
        days_ago=148,
        audience=Audience.NEW_COUNCILS,
        visibility=Visibility.PUBLIC,
        language="sv",
        version_of="review_new_council",
        authors="Kaisa Koordinaattori, Finlands Kommunförbund",
        body=NEW_COUNCIL_REVIEW_SV,
    ),
    MaterialSpec(
        key="review_new_council_en",
        kind=Kind.ARTICLE,
        title="Current review: a new council begins",
        summary="The first year of a council term decides a lot: the council learns its "
        "tasks, prepares the municipal strategy and sets the lines of ownership steering.",
        sub_themes=[(3, 3), (1, 1)],
        days_ago=148,
        audience=Audience.NEW_COUNCILS,
        visibility=Visibility.PUBLIC,
        language="en",
        version_of="review_new_council",
        authors="Kaisa Koordinaattori, Association of Finnish Municipalities",
        body=NEW_COUNCIL_REVIEW_EN,
    ),
    MaterialSpec(
        key="review_finances",
        kind=Kind.ARTICLE,
        title="Ajankohtaiskatsaus: kuntatalouden näkymät ja talouden tasapainottaminen",
        summary="Menojen kasvu on saatava vastaamaan tulojen kehitystä. Katsaus kertoo, miten "
        "tasapainottamisohjelma valmistellaan muutosjohtamisen keinoin.",
        sub_themes=[(3, 1)],
        days_ago=62,
        audience=Audience.PROFESSIONAL,
        body=FINANCES_REVIEW,
    ),
    MaterialSpec(
        key="review_regions",
        kind=Kind.ARTICLE,
        title="Ajankohtaiskatsaus: kunnan rooli hyvinvointialueiden rinnalla",
        summary="Kunnan ja hyvinvointialueen rajapinnoilla syntyy monta asukkaan palvelua. "
        "Katsaus kokoaa toimivia yhteistyön käytäntöjä ja valtuuston roolin elinvoimakunnassa.",
        sub_themes=[(3, 2), (2, 1)],
        days_ago=19,
        audience=Audience.POLITICAL,
        body=REGIONS_REVIEW,
    ),
    MaterialSpec(
        key="review_ownership",
        kind=Kind.ARTICLE,
        title="Ajankohtaiskatsaus: omistajaohjauksen ajankohtaiset kysymykset",
        summary="Kuntakonsernin yhtiöissä on merkittävä osa kunnan varallisuudesta ja "
        "riskeistä. Katsaus julkaistaan konsernijohtamisen seminaarin alla.",
        sub_themes=[(1, 3)],
        days_ago=-12,
        audience=Audience.POLITICAL,
        body=OWNERSHIP_REVIEW,
    ),
    MaterialSpec(
        key="checklist_change",
        kind=Kind.CHECKLIST,
        title="Muutosjohtamisen tarkistuslista",
        summary="Kahdeksan kohtaa, joilla johtoryhmä varmistaa, että muutos on valmisteltu, "
        "viestitty ja seurattu hyvin. Merkitse tehdyt kohdat kunnallesi.",
        sub_themes=[(3, 1)],
        days_ago=90,
        audience=Audience.PROFESSIONAL,
        checklist=CHANGE_CHECKLIST,
    ),
    MaterialSpec(
        key="checklist_induction",
        kind=Kind.CHECKLIST,
        title="Uuden valtuuston perehdytyksen tarkistuslista",
        summary="Mitä uuden valtuuston perehdytyksessä on hyvä käydä läpi ennen ensimmäisiä "
        "suuria päätöksiä.",
        sub_themes=[(3, 3)],
        days_ago=140,
        audience=Audience.NEW_COUNCILS,
        visibility=Visibility.PUBLIC,
        checklist=INDUCTION_CHECKLIST,
    ),
    MaterialSpec(
        key="video_strategy",
        kind=Kind.VIDEO,
        title="Video: strateginen johtaminen kunnassa – kolme näkökulmaa",
        summary="Valtuuston, johtoryhmän ja asukkaan näkökulmat kuntastrategiaan. Kesto noin "
        "12 minuuttia; tekstivastine alla.",
        sub_themes=[(1, 1)],
        days_ago=110,
        audience=Audience.NEW_COUNCILS,
        visibility=Visibility.PUBLIC,
        authors="Kalle Konsultti ja Aino Asiantuntija",
        # A placeholder address: the demo names no real video.
        url="https://www.youtube.com/watch?v=USOdemo0001",
        transcript=VIDEO_TRANSCRIPT,
    ),
    MaterialSpec(
        key="link_kuntaliitto",
        kind=Kind.LINK,
        title="Kuntaliiton verkkopalvelu",
        summary="Suomen Kuntaliiton ajankohtaiset tiedot, oppaat ja asiantuntijat kuntien "
        "johtamisesta, taloudesta ja palveluista.",
        sub_themes=[(2, 1)],
        days_ago=160,
        visibility=Visibility.PUBLIC,
        authors="Suomen Kuntaliitto",
        url="https://www.kuntaliitto.fi/",
    ),
    MaterialSpec(
        key="link_kommunforbundet",
        kind=Kind.LINK,
        title="Kommunförbundets webbtjänst",
        summary="Finlands Kommunförbunds aktuella information, handböcker och experter på svenska.",
        sub_themes=[(2, 1)],
        days_ago=160,
        visibility=Visibility.PUBLIC,
        language="sv",
        version_of="link_kuntaliitto",
        authors="Finlands Kommunförbund",
        url="https://www.kommunforbundet.fi/",
    ),
    MaterialSpec(
        key="guide_strategy",
        kind=Kind.FILE,
        title="Valtuustokauden strategiatyön opas",
        summary="Opas kuntastrategian valmisteluun uudelle valtuustolle: prosessin vaiheet, "
        "toimintaympäristön ennakointi, osallistaminen ja toteutumisen seuranta.",
        sub_themes=[(1, 1), (1, 2)],
        days_ago=120,
        audience=Audience.NEW_COUNCILS,
        visibility=Visibility.PUBLIC,
        file=("valtuustokauden-strategiatyon-opas.pdf", STRATEGY_GUIDE_HTML),
    ),
    MaterialSpec(
        key="template_ownership",
        kind=Kind.FILE,
        title="Omistajaohjauksen periaatteet – mallipohja",
        summary="Word-pohja omistajapolitiikan ja konserniohjeen periaatteiden kirjoittamiseen "
        "valtuuston käsittelyyn.",
        sub_themes=[(1, 3)],
        days_ago=45,
        audience=Audience.POLITICAL,
        file=("omistajaohjauksen-periaatteet.docx", OWNERSHIP_TEMPLATE),
    ),
    MaterialSpec(
        key="slides_change",
        kind=Kind.FILE,
        title="Muutosjohtaminen kunnassa – työpajan diat",
        summary="Kehittämistyöpajan diat: miksi muutokset epäonnistuvat, muutoksen vaiheet, "
        "henkilöstö ja talous muutoksessa sekä työpajatehtävä.",
        sub_themes=[(3, 1)],
        days_ago=33,
        audience=Audience.PROFESSIONAL,
        authors="Kalle Konsultti",
        by=CONSULTANT,
        file=("muutosjohtaminen-tyopaja.pptx", CHANGE_SLIDES),
    ),
    MaterialSpec(
        key="memo_asikkala",
        kind=Kind.ARTICLE,
        title="Asikkalan strategiatyöpajan muistio",
        summary="Kuntastrategian väliarvioinnin työpaja: havainnot ja sovitut jatkotoimet.",
        sub_themes=[(1, 1)],
        days_ago=26,
        audience=Audience.PROFESSIONAL,
        visibility=Visibility.MUNICIPALITY,
        municipality="016",
        authors="Työpajan fasilitaattori",
        by=CONSULTANT,
        body=PRIVATE_MEMO,
    ),
    MaterialSpec(
        key="draft_participation",
        kind=Kind.ARTICLE,
        title="Osallisuuden keinot kunnan päätöksenteossa",
        summary="Verkoston kuntien kokemuksia asukasraadeista ja osallistuvasta budjetoinnista.",
        sub_themes=[(2, 2)],
        days_ago=None,
        audience=Audience.POLITICAL,
        authors="Aino Asiantuntija",
        by=CONSULTANT,
        body=PARTICIPATION_DRAFT,
    ),
]

COLLECTIONS = [
    CollectionSpec(
        slug="uusien-valtuustojen-tuki",
        title=(
            "Uusien valtuustojen tukimateriaali",
            "Stödmaterial för de nya fullmäktige",
            "Support material for the new councils",
        ),
        introduction=(
            "Aineistot valtuustokauden alkuun: perehdytys, kuntastrategian valmistelu ja "
            "omistajaohjauksen perusteet. Koottu uusille valtuutetuille ja heidän tukenaan "
            "toimiville viranhaltijoille.",
            "Material för början av fullmäktigeperioden: introduktion, beredning av "
            "kommunstrategin och grunderna för ägarstyrning.",
            "Material for the start of the council term: induction, preparing the municipal "
            "strategy and the basics of ownership steering.",
        ),
        items=[
            "review_new_council",
            "checklist_induction",
            "guide_strategy",
            "video_strategy",
            "template_ownership",
            "link_kuntaliitto",
        ],
        featured=True,
    ),
    CollectionSpec(
        slug="muutosjohtaminen",
        title=("Muutosjohtaminen", "Förändringsledning", "Change leadership"),
        introduction=(
            "Tarkistuslista, työpajan diat ja ajankohtaiskatsaukset muutoksen johtamiseen: "
            "toimintatavat, henkilöstö ja talous.",
            "Checklista, bilder och aktuella översikter om förändringsledning.",
            "A checklist, workshop slides and current reviews on leading change.",
        ),
        items=["checklist_change", "slides_change", "review_finances", "review_regions"],
    ),
]

# (checklist, municipality code, the indexes of the items its contact person has ticked)
TICKS = [
    ("checklist_change", "091", [0, 1, 2, 4, 6]),
    ("checklist_change", "545", [0, 1]),
    ("checklist_induction", "016", [0, 1, 2]),
]

# (the demo person's e-mail, the sub-themes they follow)
SUBSCRIPTIONS = [
    ("yhdyshenkilo.091@kunta.example", [(1, 1), (3, 1)]),
    ("valtuusto.091@kunta.example", [(3, 3)]),
    ("johtaja.545@kunta.example", [(1, 3), (3, 1)]),
    ("yhdyshenkilo.016@kunta.example", [(2, 2)]),
]
