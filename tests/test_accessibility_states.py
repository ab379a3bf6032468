"""axe-core on pages in the states people meet them in (issue 9, accessibility).

`test_accessibility.py` runs axe on every page of every role with the permission walk's few
rows. Here the same gate (no violation of impact serious or critical) meets the pages as they
are used, with what axe cannot see checked beside it:

- the demo network loaded (`uso demo`): the long lists and busy pages of a coordinator, a
  municipality's contact person and a member (the programme, an event with its registrations,
  the municipalities, the invoices, library results with facets, the discussions and a thread
  with replies, the network dashboard, self-assessment results, a development plan with its
  workshops), and a Swedish-speaking member's pages in Swedish;
- forms sent empty or wrong: each message is tied to its field for screen readers (WCAG 3.3.1,
  4.1.2): the control a person reaches names the message in aria-describedby and says
  aria-invalid, Tom Select's combobox included, and a field's several messages are all read;
- after an htmx swap (the library search, the municipalities' and the programme's filters, a
  checklist tick) and a calendar month change: ids stay unique, the results' live region is the
  same element before and after (so the change is announced), and the focus stays on the ticked
  item's button;
- with the header's menus open (management and account, and the collapsed menu on a phone).

There is no modal dialog to open: confirmations use the browser's own `confirm()`.
"""

import io
import re
import time

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.test import override_settings
from django.utils import translation

from uso.accounts.models import User
from uso.events.models import Event, EventFormat, EventKind

from . import library_factories
from .axe_checks import axe_context, blocking_violations, field_errors, repeated_ids
from .events_factories import EventFactory
from .test_browser import browser  # noqa: F401  (the fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The demo's accounts, as `uso demo` prints them.
DEMO_COORDINATOR = "koordinaattori@uso.example"
DEMO_CONTACT = "yhdyshenkilo.091@kunta.example"  # Helsinki
DEMO_MEMBER = "valtuusto.091@kunta.example"
DEMO_SWEDISH_MEMBER = "valtuusto.545@kunta.example"  # Närpes: Swedish in the profile


def load_the_demo():
    with override_settings(DEBUG=True):
        call_command("demo", stdout=io.StringIO())


def demo_user(email):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from allauth.mfa.utils import is_mfa_enabled

    user = User.objects.get(email=email)
    if user.is_coordinator and not is_mfa_enabled(user):
        TOTP.activate(user, generate_totp_secret())  # as at the coordinator's first sign-in
    return user


def axe_on_pages(browser, live_server, user, urls, *, language="fi") -> list[str]:  # noqa: F811
    context = axe_context(browser, live_server, user)
    page = context.new_page()
    failures = []
    for url in urls:
        response = page.goto(f"{live_server.url}{url}")
        assert response is not None and response.status == 200, f"{user.email} {url}"
        assert page.evaluate("document.documentElement.lang") == language, url
        failures += blocking_violations(page, f"{url} [{user.email}]")
        failures += [f"{url} [{user.email}] id repeated: {id_}" for id_ in repeated_ids(page)]
    context.close()
    return failures


def test_the_demo_networks_long_pages_pass_axe_for_coordinator_contact_member_and_in_swedish(
    browser,  # noqa: F811
    live_server,
):
    from uso.community.models import Thread
    from uso.development.models import DevelopmentPlan

    started = time.monotonic()
    load_the_demo()
    loaded = time.monotonic() - started
    busiest = Event.objects.annotate(n=Count("registrations")).order_by("-n", "pk").first()
    thread = (
        Thread.objects.filter(area__kind="general")
        .annotate(n=Count("posts"))
        .order_by("-n", "pk")
        .first()
    )
    helsinki = DevelopmentPlan.objects.filter(municipality__code="091").latest("pk")
    narpes = DevelopmentPlan.objects.filter(municipality__code="545").latest("pk")
    # The states are the busy ones: many rows, replies, workshops.
    assert busiest.n >= 15 and thread.n >= 3 and helsinki.workshops.count() >= 5
    event, plan = f"/events/{busiest.pk}/", f"/plans/{helsinki.pk}/"

    failures = axe_on_pages(
        browser,
        live_server,
        demo_user(DEMO_COORDINATOR),
        [
            "/dashboard/",
            "/events/",
            event,
            f"{event}registrations/",
            "/municipalities/",
            "/billing/invoices/",
            "/library/?q=strategia",
            "/community/",
            f"/community/threads/{thread.pk}/",
            "/network-dashboard/",
            "/assessment/municipalities/091/results/",
            "/plans/overview/",
            plan,
            f"{plan}workshops/",
        ],
    )
    failures += axe_on_pages(
        browser,
        live_server,
        demo_user(DEMO_CONTACT),
        ["/billing/invoices/", "/municipalities/091/people/"],
    )
    failures += axe_on_pages(
        browser,
        live_server,
        demo_user(DEMO_MEMBER),
        [
            "/dashboard/",
            "/events/",
            event,
            "/library/?q=strategia",
            f"/community/threads/{thread.pk}/",
            "/assessment/municipalities/091/results/",
            plan,
            f"{plan}workshops/",
        ],
    )
    failures += axe_on_pages(
        browser,
        live_server,
        demo_user(DEMO_SWEDISH_MEMBER),
        ["/dashboard/", "/library/?q=strategi", f"/plans/{narpes.pk}/"],
        language="sv",
    )
    print(f"demo loaded in {loaded:.0f} s, checked in {time.monotonic() - started - loaded:.0f} s")
    assert not failures, "\n".join(failures)


def send_with_errors(page, live_server, url, fill) -> tuple[list[str], list[str]]:
    """Open the form, fill the named fields (others left empty) and send it; the page comes back
    with its error messages. A GET form (the invoice run's preview) is sent by its URL."""
    from playwright.sync_api import expect

    page.goto(f"{live_server.url}{url}")
    if fill is not None:
        form = page.locator("main form[method=post]").first
        for name, value in fill.items():
            form.locator(f"[name={name}]").fill(value)
        with page.expect_navigation() as navigation:
            form.locator("button[type=submit]").first.click()
        assert navigation.value is not None and navigation.value.status == 200, url
    found = field_errors(page)
    failures = [f"{url}: {problem}" for problem in found["problems"]]
    failures += blocking_violations(page, url)
    # What a screen reader says on the field: its description has each of its messages.
    for link in found["links"]:
        described = page.locator(f"[id='{link['field']}']")
        for text in link["texts"]:
            try:
                expect(described).to_have_accessible_description(
                    re.compile(re.escape(text)), timeout=1000
                )
            except AssertionError:
                failures.append(f"{url}: {link['field']} is not described by “{text}”")
    return failures, found["ids"]


def test_forms_sent_empty_or_wrong_tie_each_message_to_its_field_and_pass_axe(
    browser,  # noqa: F811
    live_server,
    world,
):
    from uso.community.services import ensure_areas
    from uso.events.forms import RegistrationForm

    event = EventFactory(period=world.period, format=EventFormat.HYBRID)
    general = next(area for area in ensure_areas(period=world.period) if area.kind == "general")
    cases = {
        world.contact_a: [
            # Registering others without choosing anyone: the person is a Tom Select combobox.
            (f"/events/{event.pk}/register-others/", {}, {"id_person"}),
        ],
        None: [
            ("/join/", {"contact_email": "ei-osoite"}, {"id_municipality", "id_contact_email"}),
        ],
        world.coordinator: [
            ("/billing/runs/?period=&year=1999", None, {"id_period", "id_year"}),
            ("/library/materials/add/file/", {}, {"id_title", "id_upload"}),
        ],
        world.participant_a: [
            (f"/community/areas/{general.pk}/new/", {}, {"id_title", "id_body"}),
            ("/me/", {"phone": "soittakaa"}, {"id_phone"}),
            ("/me/delete/", {}, {"id_confirm"}),  # a required checkbox
            (  # several messages on one field (too short, too common, only digits)
                "/accounts/password/change/",
                {"oldpassword": "väärä", "password1": "1234", "password2": "1234"},
                {"id_oldpassword", "id_password1"},
            ),
        ],
    }
    failures = []
    for user, forms in cases.items():
        context = axe_context(browser, live_server, user)
        page = context.new_page()
        for url, fill, fields in forms:
            found, ids = send_with_errors(page, live_server, url, fill)
            failures += found
            missing = {f"{field}_error" for field in fields} - set(ids)
            assert not missing, f"{url}: no message shown for {missing}"
        context.close()

    # A hybrid event's choice of taking part on site or remotely is a group named by its
    # question, so each radio button is read with it.
    context = axe_context(browser, live_server, world.participant_a)
    page = context.new_page()
    page.goto(f"{live_server.url}/events/{event.pk}/")
    with translation.override("fi"):
        question = str(RegistrationForm.base_fields["mode"].label)
    group = page.get_by_role("group", name=question)
    inside = (
        "(group) => Array.from(group.querySelectorAll('label')).every((label) =>"
        " label.getBoundingClientRect().bottom <= group.getBoundingClientRect().bottom)"
    )
    if group.get_by_role("radio").count() != 2:
        failures.append(f"/events/{event.pk}/: the radio buttons are not in a group “{question}”")
    elif not group.evaluate(inside):  # the labels drawn over the next field
        failures.append(f"/events/{event.pk}/: the radio buttons' labels overflow their group")
    failures += blocking_violations(page, f"/events/{event.pk}/")
    context.close()
    assert not failures, "\n".join(failures)


WAIT_FOR_SWAP = """() => {
  const results = document.getElementById('results');
  if (results) results.keptAcrossSwap = true;
  window.swapped = new Promise((done) => document.body.addEventListener(
    'htmx:afterSettle', () => done(true), {once: true}));
}"""
# The swap, or false after 10 s: a swap that never comes fails the test instead of hanging it.
SWAPPED = """() => Promise.race([
  window.swapped, new Promise((done) => setTimeout(() => done(false), 10000))])"""
AFTER_SWAP = """() => ({
  kept: document.getElementById('results')?.keptAcrossSwap === true,
  text: document.getElementById('results')?.innerText || '',
})"""


def after_swap(page, where, action, expected_text) -> list[str]:
    """Do `action` (typing, choosing) and check the page once htmx has swapped the results."""
    page.evaluate(WAIT_FOR_SWAP)
    action()
    assert page.evaluate(SWAPPED), f"{where}: htmx did not swap the results"
    state = page.evaluate(AFTER_SWAP)
    assert expected_text in state["text"], f"{where}: the results did not change"
    failures = blocking_violations(page, where)
    failures += [f"{where}: id repeated: {id_}" for id_ in repeated_ids(page)]
    if not state["kept"]:
        failures.append(f"{where}: the results' live region was replaced, not updated")
    return failures


def test_pages_after_htmx_swaps_a_month_change_and_with_menus_open_pass_axe(
    browser,  # noqa: F811
    live_server,
    world,
):
    from uso.library.models import Material

    for n, kind in enumerate(["article", "file", "link", "video", "article", "link"]):
        library_factories.material(
            title=f"Strategiatyön opas {n}", summary="Strategia ja sen seuranta.", kind=kind
        )
    checklist = library_factories.material(
        title="Valtuustokauden alun tarkistuslista",
        kind=Material.Kind.CHECKLIST,
        visibility=Material.Visibility.MEMBERS,
        checklist=["Perehdytys", "Strategiatyön aikataulu", "Omistajaohjauksen linjaukset"],
    )
    library_factories.material(title="Talousarvion laadinta", kind="article")  # not found
    for kind in (EventKind.THEME_SEMINAR, EventKind.PEER_SEMINAR, EventKind.CHANGE_CLINIC):
        EventFactory(period=world.period, kind=kind)
    with translation.override("fi"):
        peer_seminar = str(EventKind.PEER_SEMINAR.label)

    failures = []
    context = axe_context(browser, live_server, world.coordinator)
    page = context.new_page()
    page.goto(f"{live_server.url}/library/")
    page.fill("#id_q", "strategia")
    assert "Artikkeli (3)" in page.locator("#facets").inner_text()
    failures += after_swap(
        page, "library search", lambda: page.press("#id_q", "Enter"), "Strategiatyön opas"
    )
    # The facets were swapped too: they count what the words found.
    assert "Artikkeli (2)" in page.locator("#facets").inner_text()
    page.goto(f"{live_server.url}/municipalities/")
    failures += after_swap(
        page,
        "municipalities' filter",
        lambda: page.locator("#id_q").press_sequentially("kau"),
        "Kauniainen",
    )
    page.goto(f"{live_server.url}/events/")
    failures += after_swap(
        page,
        "programme's filter",
        lambda: page.select_option("#id_kind", EventKind.PEER_SEMINAR.value),
        peer_seminar,
    )
    # The calendar's next month is a page of its own.
    page.goto(f"{live_server.url}/events/month/")
    with page.expect_navigation():
        page.locator("main a[href^='?month=']").last.click()
    failures += blocking_violations(page, "the next month")
    # The header's menus open: the coordinators' management menu, then the account menu.
    page.goto(f"{live_server.url}/dashboard/")
    for toggle in page.locator("header .dropdown-toggle").all():
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true"
        page.wait_for_selector("header .dropdown-menu.show")
        failures += blocking_violations(page, f"menu {toggle.inner_text()} open")
    context.close()

    # A member on a phone: the collapsed main menu opened, then the account menu in it.
    context = axe_context(
        browser, live_server, world.participant_a, viewport={"width": 375, "height": 740}
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/dashboard/")
    page.locator("header .navbar-toggler").click()
    page.wait_for_selector("#main-nav.show")
    failures += blocking_violations(page, "the phone's menu open")
    page.locator("header .dropdown-toggle").last.click()
    page.wait_for_selector("header .dropdown-menu.show")
    failures += blocking_violations(page, "the phone's account menu open")
    # Ticking a checklist item with the keyboard: the swapped item keeps the focus.
    item = checklist.checklist_items.first()
    page.goto(f"{live_server.url}/library/materials/{checklist.pk}/")
    page.locator(f"#item-{item.pk} button").focus()
    page.evaluate(WAIT_FOR_SWAP)
    page.keyboard.press("Enter")
    assert page.evaluate(SWAPPED), "the checklist tick: htmx did not swap the item"
    focus = page.evaluate(
        "() => ({item: document.activeElement.closest('li')?.id,"
        " pressed: document.activeElement.getAttribute('aria-pressed')})"
    )
    if focus != {"item": f"item-{item.pk}", "pressed": "true"}:
        failures.append(f"the checklist tick: the focus went to {focus}, not the ticked item")
    failures += blocking_violations(page, "the checklist ticked")
    context.close()
    assert not failures, "\n".join(failures)
