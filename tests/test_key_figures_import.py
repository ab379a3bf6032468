"""Key figures from a Statistics Finland (PxWeb) CSV: upload, map the columns, all or nothing."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from uso.assessment.figures import is_missing, parse_number
from uso.assessment.models import Indicator, KeyFigure, KeyFigureImport
from uso.network.models import Municipality

DATA = Path(__file__).parent / "data"


@pytest.fixture
def signed_in(client, coordinator):
    """A coordinator reading English, so the messages read as in the source."""
    client.force_login(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def indicators(db):
    return {
        "population": Indicator.objects.create(
            code="population", name_fi="Väkiluku", name_en="Population", decimals=0, order=1
        ),
        "unemployment": Indicator.objects.create(
            code="unemployment", name_fi="Työttömyysaste", name_en="Unemployment rate", unit="%"
        ),
    }


def upload(client, name, content: bytes | None = None):
    data = content if content is not None else (DATA / name).read_bytes()
    return client.post(
        reverse("figures:import"), {"file": SimpleUploadedFile(name, data, "text/csv")}
    )


def map_columns(client, **fields):
    return client.post(reverse("figures:import_mapping"), fields)


def value(code, indicator, year):
    return KeyFigure.objects.get(
        municipality__code=code, indicator__code=indicator, year=year
    ).value


def test_numbers_in_finnish_format_are_read():
    assert parse_number("1 234,5") == Decimal("1234.5")
    assert parse_number("674\xa0500") == Decimal("674500")
    assert parse_number("−0,3") == Decimal("-0.3")
    assert parse_number("1.234,5") == Decimal("1234.5")
    assert parse_number("12.5") == Decimal("12.5")
    assert parse_number("kahdeksan") is None
    assert parse_number("1,2,3") is None
    assert all(is_missing(marker) for marker in ["..", ".", "-", "…", ""])


def test_the_mapping_step_shows_the_detected_columns_with_their_years(signed_in, indicators):
    response = upload(signed_in, "key_figures_wide.csv")
    assert response.status_code == 302
    assert response["Location"] == reverse("figures:import_mapping")
    page = signed_in.get(response["Location"]).content.decode()
    assert "Väkiluku 2023" in page
    assert "Työttömyysaste, % 2022" in page
    assert 'value="2022"' in page  # the year read from the column's name
    assert "674\xa0500" in page and "5\xa0603\xa0851" not in page  # examples skip totals
    # The existing indicator whose name the column carries is proposed.
    assert '<option value="unemployment" selected>' in page


def test_wide_file_with_indicator_and_year_columns_imports_every_figure(signed_in, indicators):
    upload(signed_in, "key_figures_wide.csv")
    response = map_columns(
        signed_in,
        s0_indicator="population",
        s0_year="2023",
        s1_indicator="unemployment",
        s1_year="2022",
        s2_indicator="unemployment",
        s2_year="2023",
    )
    assert response.status_code == 302, response.content.decode()
    assert value("091", "population", 2023) == 674500
    assert value("049", "population", 2023) == 314024
    assert value("235", "unemployment", 2022) == Decimal("4.9")  # Kauniainen by its name
    assert value("545", "unemployment", 2023) == Decimal("3.9")  # Närpes
    # Närpes 2022 is ".." in the file: missing, not an error and not a zero.
    assert not KeyFigure.objects.filter(municipality__code="545", year=2022).exists()
    # The country and the region are totals, skipped.
    assert KeyFigure.objects.count() == 4 + 3 + 4
    record = KeyFigureImport.objects.get()
    assert record.figure_count == 11 and record.file_name == "key_figures_wide.csv"
    assert KeyFigure.objects.filter(imported_from=record, source="statfin").count() == 11
    followed = signed_in.get(response["Location"]).content.decode()
    assert "Imported 11 key figures from key_figures_wide.csv." in followed
    assert "1 figure was marked missing" in followed


def test_long_file_with_a_tiedot_column_maps_each_label(signed_in, indicators):
    upload(signed_in, "key_figures_long.csv")
    page = signed_in.get(reverse("figures:import_mapping")).content.decode()
    assert "Väkiluku · Kuntien avainluvut" in page
    response = map_columns(signed_in, s0_indicator="population", s1_indicator="unemployment")
    assert response.status_code == 302, response.content.decode()
    assert value("091", "population", 2022) == 664028
    assert value("091", "unemployment", 2023) == Decimal("10.6")
    assert value("049", "unemployment", 2023) == Decimal("8.2")
    assert KeyFigure.objects.count() == 5  # Helsinki's 2022 unemployment is "-"


def test_a_new_indicator_is_created_from_the_mapping(signed_in, indicators):
    upload(signed_in, "key_figures_columns.csv")
    response = map_columns(
        signed_in,
        s0_indicator="population",
        s1_indicator="__new__",
        s1_code="over_64_share",
        s1_name="Yli 64-vuotiaiden osuus",
        s1_unit="%",
        s1_decimals="1",
        s2_indicator="__new__",
        s2_code="annual_margin",
        s2_name="Vuosikate",
        s2_unit="€/as.",
        s2_decimals="0",
    )
    assert response.status_code == 302, response.content.decode()
    created = Indicator.objects.get(code="over_64_share")
    assert created.name_fi == "Yli 64-vuotiaiden osuus" and created.unit == "%"
    assert value("837", "over_64_share", 2023) == Decimal("21.4")
    assert value("091", "annual_margin", 2023) == Decimal("-120")  # a Unicode minus
    assert not KeyFigure.objects.filter(municipality__code="837", indicator=2023).exists()


def test_a_bad_file_saves_nothing_and_lists_each_bad_row(signed_in, indicators):
    upload(signed_in, "key_figures_bad.csv")
    response = map_columns(
        signed_in,
        s0_indicator="population",
        s1_indicator="__new__",
        s1_code="unemployment_rate",
        s1_name="Työttömyysaste",
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "nothing was saved" in page
    assert "Line 3: Unknown municipality “Atlantis”." in page
    assert "Line 4: “Työttömyysaste, %”: “kahdeksan” is not a number" in page
    assert "Line 5: “vuosi” is not a year." in page
    assert "Line 6: “Väkiluku”: 091 2023 is already on line 2" in page
    assert KeyFigure.objects.count() == 0
    assert KeyFigureImport.objects.count() == 0
    assert not Indicator.objects.filter(code="unemployment_rate").exists()
    # The file waits for a corrected mapping; cancelling drops it.
    response = signed_in.post(reverse("figures:import_mapping"), {"cancel": "1"})
    assert response["Location"] == reverse("figures:index")
    assert signed_in.get(reverse("figures:import_mapping"))["Location"] == reverse("figures:import")


def test_a_file_without_year_column_needs_a_year_for_each_chosen_column(signed_in, indicators):
    text = '"Alue";"Väkiluku"\n"KU091 Helsinki";674500\n'
    upload(signed_in, "vaesto.csv", text.encode())
    response = map_columns(signed_in, s0_indicator="population", s0_year="")
    assert response.status_code == 200
    assert "Choose the year of the figures." in response.content.decode()
    assert not KeyFigure.objects.exists()
    response = map_columns(signed_in, s0_indicator="population", s0_year="2024")
    assert response.status_code == 302
    assert value("091", "population", 2024) == 674500


def test_a_new_indicator_needs_a_valid_free_code_and_a_name(signed_in, indicators):
    upload(signed_in, "key_figures_columns.csv")
    response = map_columns(
        signed_in,
        s0_indicator="__new__",
        s0_code="population",
        s1_indicator="__new__",
        s1_code="not a slug",
        s2_indicator="__new__",
        s2_code="margin",
        s2_name="",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "An indicator with this code exists" in page
    assert "Letters, digits, hyphens and underscores only" in page
    assert "Give the new indicator a name." in page
    assert not KeyFigure.objects.exists()


def test_nothing_chosen_is_refused(signed_in, indicators):
    upload(signed_in, "key_figures_columns.csv")
    response = map_columns(signed_in)
    assert "Choose an indicator for at least one column." in response.content.decode()


def test_an_import_replaces_a_demo_figure_of_the_same_year(signed_in, indicators):
    helsinki = Municipality.objects.get(code="091")
    KeyFigure.objects.create(
        municipality=helsinki,
        indicator=indicators["population"],
        year=2023,
        value=1,
        source=KeyFigure.Source.DEMO,
    )
    upload(signed_in, "key_figures_long.csv")
    map_columns(signed_in, s0_indicator="population", s1_indicator="")
    figure = KeyFigure.objects.get(municipality=helsinki, year=2023)
    assert figure.value == 674500 and figure.source == KeyFigure.Source.STATISTICS_FINLAND


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("taulu.xlsx", b"PK\x03\x04rest", "Choose a .csv file."),
        ("taulu.csv", b"PK\x03\x04\x00\x00rest", "export the table as CSV"),
        ("kuva.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a CSV text file"),
        ("iso.csv", b"a" * (2 * 1024 * 1024 + 1), "larger than 2 MB"),
        ("ei.csv", b'"Kunta ja vuosi"\n"x";1\n'.replace(b"Kunta ja", b"Jotain"), "No header"),
    ],
)
def test_files_that_are_not_pxweb_csv_are_refused_with_a_message(signed_in, name, content, message):
    response = upload(signed_in, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "key_figures_upload" not in signed_in.session


def test_a_windows_1252_file_is_read(signed_in, indicators):
    text = '"Alue";"Vuosi";"Väkiluku"\n"Närpes";"2023";9391\n'
    upload(signed_in, "vanha.csv", text.encode("cp1252"))
    response = map_columns(signed_in, s0_indicator="population")
    assert response.status_code == 302
    assert value("545", "population", 2023) == 9391


def test_only_coordinators_import(client, world):
    client.force_login(world.contact_a)
    data = (DATA / "key_figures_long.csv").read_bytes()
    response = client.post(
        reverse("figures:import"), {"file": SimpleUploadedFile("a.csv", data, "text/csv")}
    )
    assert response.status_code == 403
    assert "key_figures_upload" not in client.session


def test_a_file_with_more_columns_than_can_be_mapped_is_refused(signed_in):
    header = ";".join(['"Alue"'] + [f'"Sarake {n} 2023"' for n in range(130)])
    row = ";".join(['"KU091 Helsinki"'] + ["1"] * 130)
    response = upload(signed_in, "leveä.csv", f"{header}\n{row}\n".encode())
    assert "at most 120 can be mapped at once" in response.content.decode()


def test_an_upload_that_no_longer_reads_is_dropped(signed_in):
    session = signed_in.session
    session["key_figures_upload"] = {"name": "vanha.csv", "text": "ei otsikkoa"}
    session.save()
    response = signed_in.get(reverse("figures:import_mapping"))
    assert response["Location"] == reverse("figures:import")
    assert "key_figures_upload" not in signed_in.session
