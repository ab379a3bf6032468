"""The footer pages start with a real first version that coordinators then complete."""

from django.db import migrations

PAGES = {
    "privacy": {
        "title_fi": "Tietosuojaseloste",
        "title_sv": "Dataskyddsbeskrivning",
        "title_en": "Privacy notice",
        "body_fi": (
            "<h2>Rekisterinpitäjä</h2><p>Suomen Kuntaliitto ry, USO-verkosto.</p>"
            "<h2>Käsiteltävät tiedot</h2><p>Verkoston jäsenkuntien yhteyshenkilöiden ja "
            "osallistujien nimi, sähköpostiosoite, puhelinnumero, asema ja kunta; "
            "jäsenyyksien ja laskutuksen tiedot; palvelun käyttöön liittyvät lokitiedot.</p>"
            "<h2>Käsittelyn tarkoitus ja peruste</h2><p>Verkostotoiminnan järjestäminen: "
            "jäsenyydet, tilaisuudet, aineistot ja laskutus. Peruste on rekisterinpitäjän ja "
            "jäsenkunnan välinen sopimus ja oikeutettu etu.</p>"
            "<h2>Säilytys</h2><p>Henkilötiedot poistetaan tai anonymisoidaan, kun henkilö ei "
            "enää osallistu verkostoon. Kirjanpitoaineisto säilytetään kirjanpitolain "
            "mukaisesti vähintään kuusi vuotta.</p>"
            "<h2>Oikeutesi</h2><p>Voit ladata kaikki itseäsi koskevat tiedot ja poistaa "
            "tilisi kohdassa Oma tili. Muissa asioissa ota yhteyttä verkoston "
            "koordinaattoriin.</p>"
        ),
        "body_sv": (
            "<h2>Personuppgiftsansvarig</h2><p>Finlands Kommunförbund rf, USO-nätverket.</p>"
            "<h2>Uppgifter som behandlas</h2><p>Namn, e-postadress, telefonnummer, ställning "
            "och kommun för medlemskommunernas kontaktpersoner och deltagare; uppgifter om "
            "medlemskap och fakturering; loggar över användningen av tjänsten.</p>"
            "<h2>Syfte och grund</h2><p>Att ordna nätverkets verksamhet: medlemskap, "
            "evenemang, material och fakturering, på grund av avtal och berättigat intresse.</p>"
            "<h2>Lagring</h2><p>Personuppgifter raderas eller anonymiseras när personen inte "
            "längre deltar i nätverket. Bokföringsmaterial sparas minst sex år enligt "
            "bokföringslagen.</p>"
            "<h2>Dina rättigheter</h2><p>Du kan ladda ner alla uppgifter om dig och radera "
            "ditt konto under Mitt konto. Kontakta nätverkets koordinator i övriga frågor.</p>"
        ),
        "body_en": (
            "<h2>Controller</h2><p>The Association of Finnish Municipalities, USO network.</p>"
            "<h2>Data processed</h2><p>Name, e-mail address, phone number, position and "
            "municipality of member municipalities' contact persons and participants; "
            "membership and invoicing details; logs of the use of the service.</p>"
            "<h2>Purpose and legal basis</h2><p>Running the network: memberships, events, "
            "materials and invoicing, on the basis of contract and legitimate interest.</p>"
            "<h2>Retention</h2><p>Personal data is erased or anonymised when a person no "
            "longer takes part in the network. Accounting records are kept at least six "
            "years as the Accounting Act requires.</p>"
            "<h2>Your rights</h2><p>You can download everything held about you and delete "
            "your account under My account. For anything else, contact the network "
            "coordinator.</p>"
        ),
    },
    "accessibility": {
        "title_fi": "Saavutettavuusseloste",
        "title_sv": "Tillgänglighetsutlåtande",
        "title_en": "Accessibility statement",
        "body_fi": (
            "<p>Tämä saavutettavuusseloste koskee USO-verkoston palvelua. Palvelu on "
            "suunniteltu täyttämään WCAG 2.1 -ohjeiston AA-tason vaatimukset (laki "
            "digitaalisten palvelujen tarjoamisesta 306/2019).</p>"
            "<h2>Palautetta saavutettavuudesta</h2><p>Jos huomaat puutteen, kerro siitä "
            "verkoston koordinaattorille. Vastaamme kahden viikon kuluessa.</p>"
            "<h2>Valvontaviranomainen</h2><p>Jos et ole tyytyväinen saamaasi vastaukseen, "
            "voit tehdä ilmoituksen Etelä-Suomen aluehallintovirastolle "
            "(saavutettavuusvaatimukset.fi).</p>"
        ),
        "body_sv": (
            "<p>Detta tillgänglighetsutlåtande gäller USO-nätverkets tjänst. Tjänsten är "
            "utformad för att uppfylla nivå AA i WCAG 2.1 (lagen om tillhandahållande av "
            "digitala tjänster 306/2019).</p>"
            "<h2>Respons om tillgängligheten</h2><p>Om du märker en brist, meddela nätverkets "
            "koordinator. Vi svarar inom två veckor.</p>"
            "<h2>Tillsynsmyndighet</h2><p>Om du inte är nöjd med svaret kan du göra en "
            "anmälan till Regionförvaltningsverket i Södra Finland "
            "(tillganglighetskrav.fi).</p>"
        ),
        "body_en": (
            "<p>This accessibility statement covers the USO network's service. The service "
            "is designed to meet level AA of WCAG 2.1 (Act on the Provision of Digital "
            "Services 306/2019).</p>"
            "<h2>Feedback on accessibility</h2><p>If you notice a shortcoming, tell the "
            "network coordinator. We answer within two weeks.</p>"
            "<h2>Enforcement</h2><p>If you are not satisfied with the answer, you can notify "
            "the Regional State Administrative Agency for Southern Finland "
            "(webbtillganglighet.fi).</p>"
        ),
    },
}


def create_pages(apps, schema_editor):
    SitePage = apps.get_model("core", "SitePage")
    for slug, fields in PAGES.items():
        SitePage.objects.get_or_create(
            slug=slug, defaults={**fields, "title": fields["title_fi"], "body": fields["body_fi"]}
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(create_pages, migrations.RunPython.noop)]
