"""Population figures from a Statistics Finland (PxWeb) CSV export: all rows or none."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from uso.network.models import Municipality, Population

LONG = """\
"Väestö 31.12. muuttujina Alue, Vuosi ja Tiedot"

"Alue";"Vuosi";"Väestö 31.12. (lkm)"
"KOKO MAA";"2023";5603851
"KU091 Helsinki";"2023";674500
"KU049 Espoo";"2023";314024
"Kauniainen";"2023";10278
"Närpes";"2023";9391
"""

WIDE = """\
"Alue";"2022 Väestö 31.12.";"2023 Väestö 31.12."
"KU091 Helsinki";664028;674500
"837";249009;255050
"""

BAD = """\
"Alue";"Vuosi";"Väestö 31.12. (lkm)"
"KU091 Helsinki";"2023";674500
"Atlantis";"2023";1000
"KU049 Espoo";"2023";".."
"KU091 Helsinki";"2023";674500
"""


def upload(client, text, encoding="utf-8"):
    return client.post(
        reverse("network:population_import"),
        {"file": SimpleUploadedFile("vaesto.csv", text.encode(encoding), "text/csv")},
    )


@pytest.fixture
def signed_in(client, coordinator):
    client.force_login(coordinator)
    return client


def figure(code, year):
    return Population.objects.get(municipality__code=code, year=year).inhabitants


def test_long_export_with_codes_and_both_languages_names_is_imported(signed_in):
    response = upload(signed_in, LONG)
    assert response.status_code == 302
    assert figure("091", 2023) == 674500
    assert figure("049", 2023) == 314024
    assert figure("235", 2023) == 10278  # Kauniainen by its Finnish name
    assert figure("545", 2023) == 9391  # Närpiö by its Swedish name, Närpes
    assert Population.objects.count() == 4  # the country total was skipped


def test_wide_export_with_a_column_a_year_is_imported(signed_in):
    upload(signed_in, WIDE)
    assert figure("091", 2022) == 664028
    assert figure("837", 2023) == 255050


def test_windows_1252_export_is_read(signed_in):
    upload(signed_in, LONG, encoding="cp1252")
    assert figure("545", 2023) == 9391


def test_reimport_updates_figures_instead_of_duplicating(signed_in):
    upload(signed_in, LONG)
    upload(signed_in, LONG.replace("674500", "675000"))
    assert figure("091", 2023) == 675000
    assert Population.objects.filter(municipality__code="091").count() == 1


def test_bad_rows_are_listed_by_line_and_nothing_is_written(signed_in):
    response = upload(signed_in, BAD)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Atlantis" in page and ("Line 3" in page or "Rivi 3" in page)
    assert "Line 4" in page or "Rivi 4" in page
    assert "Line 5" in page or "Rivi 5" in page  # Helsinki 2023 twice
    assert not Population.objects.exists()  # not even Helsinki on line 2


def test_a_file_without_header_gets_a_clear_error(signed_in):
    response = upload(signed_in, "just some text\nwithout columns\n")
    assert response.status_code == 200
    assert not Population.objects.exists()
    assert response.context["errors"]


def test_binary_garbage_is_rejected_without_error_page(signed_in):
    response = signed_in.post(
        reverse("network:population_import"),
        {"file": SimpleUploadedFile("x.csv", bytes(range(256)) * 4, "text/csv")},
    )
    assert response.status_code == 200
    assert not Population.objects.exists()


def test_coordinator_enters_a_figure_by_hand(signed_in):
    helsinki = Municipality.objects.get(code="091")
    signed_in.post(
        reverse("network:population_add", args=["091"]), {"year": 2024, "inhabitants": 684018}
    )
    assert helsinki.latest_population().inhabitants == 684018
