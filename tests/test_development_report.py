"""The municipality's progress report for its council, as PDF and DOCX: it carries the plan,
the goals with indicators, the actions, the workshop records and the quota, with Finnish
dates; only the municipality's people, its consultants and coordinators may print it."""

import io
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from uso.development.models import Action, DevelopmentPlan, Goal, Workshop, WorkshopRecord
from uso.network.models import SubTheme, ThemeArea

from .events_factories import EventFactory

pytestmark = pytest.mark.django_db


def at(year, month, day, hour=9):
    return timezone.make_aware(datetime(year, month, day, hour))


@pytest.fixture(autouse=True)
def autumn_2017():
    with time_machine.travel(at(2017, 11, 2, 12), tick=False):
        yield


@pytest.fixture
def plan(world):
    area = ThemeArea.objects.create(period=world.period, name="Hyvinvointi")
    sub_theme = SubTheme.objects.create(theme_area=area, name="Ikääntyneiden palvelut")
    plan = DevelopmentPlan.objects.create(
        municipality=world.municipality_a,
        period=world.period,
        status="agreed",
        starting_situation="Väestö ikääntyy nopeasti.\n\nPalvelut ovat hajallaan.",
        agreed_on=date(2017, 2, 14),
        agreed_by="Kunnanhallitus",
    )
    plan.priorities.add(sub_theme)
    goal = Goal.objects.create(
        plan=plan,
        order=1,
        title="Kotihoidon saatavuus paranee",
        sub_theme=sub_theme,
        indicator="Kotihoidon odotusaika (vrk)",
        baseline="14",
        target_value="7",
        target_date=date(2018, 12, 31),
    )
    Goal.objects.create(plan=plan, order=2, title="Järjestöyhteistyö vakiintuu")
    Action.objects.create(
        goal=goal,
        description="Kotihoidon tiimien yhdistäminen",
        owner=world.contact_a,
        due_date=date(2018, 3, 31),
        status="in_progress",
        progress_notes="Ensimmäinen tiimi aloitti.",
    )
    event = EventFactory(
        period=world.period,
        kind="workshop",
        municipality=world.municipality_a,
        title_fi="Kotihoidon työpaja",
        start=at(2017, 9, 12),
        end=at(2017, 9, 12, 12),
    )
    held = Workshop.objects.create(event=event, plan=plan, sub_theme=sub_theme)
    held.facilitators.add(world.consultant_a)
    WorkshopRecord.objects.create(
        workshop=held,
        summary="Käytiin läpi kotihoidon prosessi.",
        decisions="Tiimit yhdistetään keväällä.",
        written_by=world.consultant_a,
    )
    later = EventFactory(
        period=world.period,
        kind="workshop",
        municipality=world.municipality_a,
        title_fi="Seurantatyöpaja",
        start=at(2017, 12, 1),
        end=at(2017, 12, 1) + timedelta(hours=3),
    )
    Workshop.objects.create(event=later, plan=plan)
    return plan


def url(plan, fmt):
    return reverse("development:report", kwargs={"pk": plan.pk, "fmt": fmt})


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def docx_text(content: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(content))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_the_pdf_carries_the_plan_goals_actions_and_records(client, world, plan):
    client.force_login(world.contact_a)
    response = client.get(url(plan, "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = " ".join(pdf_text(response.content).split())
    for expected in [
        world.municipality_a.name_fi,
        "Kotihoidon saatavuus paranee",
        "Järjestöyhteistyö vakiintuu",
        "Kotihoidon odotusaika (vrk)",
        "31.12.2018",  # the target date, as Finns write it
        "Kotihoidon tiimien yhdistäminen",
        "31.3.2018",
        "Ensimmäinen tiimi aloitti.",
        "Käytiin läpi kotihoidon prosessi.",
        "Tiimit yhdistetään keväällä.",
        "Seurantatyöpaja",
        "Ikääntyneiden palvelut",
        "14.2.2017",
    ]:
        assert expected in text, expected


def test_the_docx_has_headings_and_tables(client, world, plan):
    from docx import Document

    client.force_login(world.contact_a)
    response = client.get(url(plan, "docx"))
    assert response.status_code == 200
    assert "wordprocessingml" in response["Content-Type"]
    assert "attachment" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    headings = [
        p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))
    ]
    assert "1. Kotihoidon saatavuus paranee" in headings
    assert "2. Järjestöyhteistyö vakiintuu" in headings
    assert any("Kotihoidon työpaja" in heading for heading in headings)
    text = docx_text(response.content)
    for expected in [
        "Kotihoidon odotusaika (vrk)",
        "31.12.2018",
        "Kotihoidon tiimien yhdistäminen",
        world.contact_a.get_full_name() or world.contact_a.email,
        "Käytiin läpi kotihoidon prosessi.",
        "Tiimit yhdistetään keväällä.",
        "Väestö ikääntyy nopeasti.",
    ]:
        assert expected in text, expected
    assert len(document.tables) >= 4


def test_the_report_is_in_the_readers_language(client, world, plan):
    world.contact_a.language = "en"
    world.contact_a.save()
    client.force_login(world.contact_a)
    text = docx_text(client.get(url(plan, "docx")).content)
    assert "Progress report of the development plan" in text
    assert "31.12.2018" in text  # Finnish dates in English too


def test_an_empty_plan_still_makes_a_report(client, world):
    empty = DevelopmentPlan.objects.create(municipality=world.municipality_b, period=world.period)
    client.force_login(world.coordinator)
    assert client.get(url(empty, "pdf")).status_code == 200
    assert client.get(url(empty, "docx")).status_code == 200


@pytest.mark.parametrize("role", ["coordinator", "consultant_a", "participant_a", "contact_a"])
def test_the_municipality_its_consultant_and_coordinators_print_it(client, world, plan, role):
    client.force_login(world.user(role))
    assert client.get(url(plan, "docx")).status_code == 200


@pytest.mark.parametrize("role", ["participant_b", "contact_b", "consultant_other"])
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_another_municipalitys_people_get_404(client, world, plan, role, fmt):
    client.force_login(getattr(world, role))
    assert client.get(url(plan, fmt)).status_code == 404


def test_a_shared_plan_is_readable_but_its_report_is_not_others(client, world, plan):
    plan.shared = True
    plan.save()
    client.force_login(world.contact_b)
    assert client.get(url(plan, "pdf")).status_code == 403


def test_an_unknown_format_is_404(client, world, plan):
    client.force_login(world.coordinator)
    assert client.get(url(plan, "odt")).status_code == 404


def test_anonymous_is_sent_to_log_in(client, world, plan):
    response = client.get(url(plan, "pdf"))
    assert response.status_code == 302 and "login" in response["Location"]
