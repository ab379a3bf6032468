"""Journeys in a real browser: Playwright driving Debian's Chromium (no browser download).

Without Chromium the tests are skipped with a message; with CI=true a missing browser fails.
"""

import os
import shutil

import pytest
from django.db import connections

from .factories import PASSWORD, MembershipFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def chromium_path() -> str | None:
    for candidate in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(candidate)
        if path:
            return path
    return None


@pytest.fixture
def browser(monkeypatch):
    path = chromium_path()
    if path is None:
        message = "Chromium is not installed (apt-get install chromium): browser tests skipped."
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own database
    # work is done before and after the browser steps, never concurrently.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        yield browser
        browser.close()
        # What the test asked the database while Playwright's event loop ran went through a
        # connection of that context (Django's connections are per context, not per thread):
        # closed here, or it stays open after the run and the test database cannot be dropped.
        connections.close_all()


def sign_in(page, live_server, email):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail", exact=False).or_(page.locator("input[name=login]")).first.fill(
        email
    )
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"{live_server.url}/dashboard/")


def test_contact_person_signs_in_switches_to_swedish_and_sees_the_dashboard(browser, live_server):
    from uso.accounts.models import Role
    from uso.network.models import Municipality

    narpes = Municipality.objects.get(code="545")
    MembershipFactory(municipality=narpes)
    contact = UserFactory(municipality=narpes, role=Role.CONTACT, first_name="Jonas")

    page = browser.new_page()
    sign_in(page, live_server, contact.email)
    assert page.locator("html").get_attribute("lang") == "fi"
    assert "Tervetuloa, Jonas" in page.locator("h1").inner_text()

    page.select_option("#language-select", "sv")
    page.click("#language-submit")  # no change of context on selection alone (WCAG 3.2.2)
    page.wait_for_load_state("load")
    page.wait_for_function("document.documentElement.lang === 'sv'")
    assert page.url.endswith("/dashboard/")
    assert "Välkommen, Jonas" in page.locator("h1").inner_text()
    assert "Närpes" in page.locator("main").inner_text()  # the Swedish name in Swedish
    # Keyboard users reach the content first: the skip link is the first focusable element.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"


def test_coordinator_sets_up_two_factor_authentication_at_first_sign_in(browser, live_server):
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    from .factories import CoordinatorFactory

    coordinator = CoordinatorFactory(totp=False)
    page = browser.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=login]").fill(coordinator.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    # Before activating, allauth asks for the password once more.
    page.wait_for_url(f"{live_server.url}/accounts/reauthenticate/**")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"{live_server.url}/accounts/2fa/totp/activate/")

    secret = page.locator("#authenticator_secret").input_value()
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    page.locator("input[name=code]").fill(code)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state("load")

    page.goto(f"{live_server.url}/periods/")
    assert page.url.endswith("/periods/")
    assert page.locator("h1").inner_text() in ("Kaudet", "Periods")


def test_register_full_waitlist_cancel_and_the_waiting_person_is_promoted(browser, live_server):
    from django.core import mail

    from uso.events.models import Registration

    from .events_factories import EventFactory

    membership = MembershipFactory()
    first = UserFactory(municipality=membership.municipality, first_name="Eka")
    second = UserFactory(municipality=membership.municipality, first_name="Toka")
    event = EventFactory(period=membership.period, capacity=1, title_fi="Täysi seminaari")
    event_url = f"{live_server.url}/events/{event.pk}/"
    registration_box = "section[aria-labelledby=registration-heading]"

    first_page = browser.new_context().new_page()
    sign_in(first_page, live_server, first.email)
    first_page.goto(event_url)
    first_page.locator(f"{registration_box} form button[type=submit]").click()
    first_page.wait_for_selector(f"{registration_box} .alert-success")

    second_page = browser.new_context().new_page()
    sign_in(second_page, live_server, second.email)
    second_page.goto(event_url)
    assert "1 / 1" in second_page.locator(registration_box).inner_text().replace(" of ", " / ") or (
        Registration.objects.filter(event=event, status="confirmed").count() == 1
    )
    second_page.locator(f"{registration_box} form button[type=submit]").click()
    second_page.wait_for_selector(f"{registration_box} .alert-secondary")
    assert Registration.objects.get(person=second).status == "waitlisted"

    first_page.goto(event_url)
    first_page.locator(f"{registration_box} a.btn-outline-danger").click()
    first_page.locator("main form button.btn-danger").click()
    first_page.wait_for_url(event_url)

    second_page.reload()
    second_page.wait_for_selector(f"{registration_box} .alert-success")
    assert Registration.objects.get(person=second).status == "confirmed"
    promoted = [m for m in mail.outbox if second.email in m.to]
    assert len(promoted) == 2  # the waitlist notice, then the promotion with its calendar entry
    assert promoted[-1].attachments and "BEGIN:VEVENT" in promoted[-1].attachments[0][1]


def test_consultant_records_a_held_workshop_and_its_action_appears_in_the_plan(
    browser, live_server
):
    from datetime import timedelta

    from django.utils import timezone

    from uso.development.models import Action, DevelopmentPlan, Goal, Workshop

    from .events_factories import EventFactory
    from .factories import AssignmentFactory, ConsultantFactory

    membership = MembershipFactory()
    consultant = ConsultantFactory(first_name="Kalle")
    AssignmentFactory(consultant=consultant, membership=membership)
    plan = DevelopmentPlan.objects.create(
        municipality=membership.municipality, period=membership.period
    )
    goal = Goal.objects.create(plan=plan, title="Strategia arkeen")
    held = timezone.now() - timedelta(days=2)
    event = EventFactory(
        period=membership.period,
        kind="workshop",
        municipality=membership.municipality,
        start=held,
        end=held + timedelta(hours=3),
        title_fi="Strategiatyöpaja",
    )
    workshop = Workshop.objects.create(event=event, plan=plan)

    page = browser.new_page()
    sign_in(page, live_server, consultant.email)
    page.goto(f"{live_server.url}/workshops/{workshop.pk}/record/")
    page.fill("#id_summary", "Käytiin läpi strategian mittarit.")
    page.select_option("#id_actions-0-goal", str(goal.pk))
    page.fill("#id_actions-0-description", "Mittaristo valtuustolle")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state("load")

    action = Action.objects.get(description="Mittaristo valtuustolle")
    assert action.goal == goal and action.from_record == workshop.record
    page.goto(f"{live_server.url}/plans/{plan.pk}/")
    assert "Mittaristo valtuustolle" in page.locator("main").inner_text()


def test_a_member_finds_a_checklist_by_an_inflected_word_and_ticks_an_item(browser, live_server):
    from uso.library.models import ChecklistTick

    from .library_factories import material

    membership = MembershipFactory()
    person = UserFactory(municipality=membership.municipality)
    material(
        title="Muutosjohtamisen tarkistuslista",
        summary="Kunnan strategian toimeenpano askel askeleelta.",
        kind="checklist",
        visibility="members",
        checklist=["Nimeä muutoksen omistaja", "Sovi mittarit"],
    )
    material(title="Talousarvion opas", summary="Talous ja budjetointi.")

    page = browser.new_page()
    sign_in(page, live_server, person.email)
    page.goto(f"{live_server.url}/library/")
    page.fill("#id_q", "strategia")
    page.locator("form[role=search] button[type=submit]").click()
    page.wait_for_selector("mark")
    results = page.locator("#results").inner_text()
    assert "Muutosjohtamisen tarkistuslista" in results and "Talousarvion opas" not in results
    page.get_by_role("link", name="Muutosjohtamisen tarkistuslista").click()
    page.wait_for_selector("ol.list-group")
    page.locator("ol.list-group li").first.locator("button").click()
    page.wait_for_selector("ol.list-group li .btn-success")
    assert ChecklistTick.objects.filter(municipality=membership.municipality).count() == 1
    page.reload()
    assert page.locator("ol.list-group li .btn-success").count() == 1


def test_the_admins_language_tabs_work_under_the_content_security_policy(browser, live_server):
    """django-modeltranslation's tabs (fi, sv, en) need jQuery UI, served by the platform."""
    from django.test import Client

    from .factories import CoordinatorFactory, PeriodFactory

    period = PeriodFactory()
    client = Client()
    client.force_login(CoordinatorFactory())
    context = browser.new_context()
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/admin/network/period/{period.pk}/change/")
    tabs = page.locator(".ui-tabs-nav").first
    tabs.wait_for()
    assert tabs.get_by_text("sv").count() >= 1
    assert not errors
    context.close()


def test_a_form_that_comes_back_with_errors_puts_the_focus_on_the_first_field_to_fix(
    browser, live_server
):
    from django.test import Client

    from uso.network.models import Municipality

    from .factories import PeriodFactory

    period = PeriodFactory()
    inari = Municipality.objects.get(code="148")
    MembershipFactory(period=period, municipality=inari)
    contact = UserFactory(municipality=inari, role="contact")
    client = Client()
    client.force_login(contact)
    context = browser.new_context()
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/municipalities/148/people/invite/")
    page.locator("input[name=first_name]").fill("Ilkka")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    focused = page.evaluate(
        "() => [document.activeElement.name, document.activeElement.getAttribute('aria-invalid')]"
    )
    assert focused == ["email", "true"]
    assert page.locator("input[name=first_name]").input_value() == "Ilkka"
    context.close()
