"""A keyboard-only journey (issue 9, quality gate): a participant registers for an event.

From the event page, with Tab, Shift+Tab, Space and Enter only (and typing into a text field),
the participant reaches the registration form past the skip link and the navigation, fills it
in and sends it; at every step the focused element shows a visible focus indicator (an outline
or a box shadow, not 'none' or zero wide).
"""

import pytest

from .factories import MembershipFactory, UserFactory
from .test_accessibility import signed_in_context
from .test_browser import browser  # noqa: F401  (the fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FOCUS = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  return {
    tag: element.tagName.toLowerCase(),
    type: element.getAttribute('type'),
    name: element.getAttribute('name'),
    text: (element.innerText || element.value || '').trim().slice(0, 60),
    inForm: !!element.closest('section[aria-labelledby=registration-heading] form'),
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth) || 0,
    boxShadow: style.boxShadow,
    visible: box.width > 0 && box.height > 0 && style.visibility !== 'hidden',
  };
}"""


def focused(page) -> dict:
    """The focused element, asserted to be shown and to have a visible focus indicator."""
    focus = page.evaluate(FOCUS)
    assert focus is not None, "the focus was lost to the page body"
    assert focus["visible"], f"focus on an invisible element: {focus}"
    outlined = focus["outlineStyle"] != "none" and focus["outlineWidth"] > 0
    shadowed = focus["boxShadow"] not in ("", "none")
    assert outlined or shadowed, f"no visible focus indicator: {focus}"
    return focus


def tab_until(page, predicate, limit=80) -> dict:
    for _step in range(limit):
        page.keyboard.press("Tab")
        focus = focused(page)
        if predicate(focus):
            return focus
    raise AssertionError(f"not reached with {limit} presses of Tab")


def test_a_participant_registers_for_an_event_with_the_keyboard_only(browser, live_server):  # noqa: F811
    from django.test import Client

    from uso.events.models import Registration

    from .events_factories import EventFactory

    membership = MembershipFactory()
    person = UserFactory(municipality=membership.municipality)
    event = EventFactory(period=membership.period, format="hybrid", title_fi="Näppäinseminaari")
    client = Client()
    client.force_login(person)
    context = signed_in_context(browser, live_server, client)
    page = context.new_page()
    page.goto(f"{live_server.url}/events/{event.pk}/")

    # The skip link comes first; then through the page to the form's first field.
    assert focused_after_tab(page)["tag"] == "a"
    first = tab_until(page, lambda f: f["inForm"])
    assert (first["tag"], first["name"]) == ("input", "mode")  # the checked radio button
    # Shift+Tab leaves the form backwards, Tab comes back: visible both ways.
    page.keyboard.press("Shift+Tab")
    assert not focused(page)["inForm"]
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "mode"

    dietary = tab_until(page, lambda f: f["name"] == "dietary", limit=5)
    assert dietary["tag"] == "textarea"
    page.keyboard.type("Gluteeniton")
    consent = tab_until(page, lambda f: f["name"] == "consent_to_list", limit=3)
    assert consent["type"] == "checkbox"
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.checked") is True
    submit = tab_until(page, lambda f: f["type"] == "submit", limit=3)
    assert submit["inForm"]
    with page.expect_navigation():
        page.keyboard.press("Enter")

    page.wait_for_selector("section[aria-labelledby=registration-heading] .alert-success")
    registration = Registration.objects.get(event=event, person=person)
    assert registration.status == "confirmed"
    assert registration.dietary == "Gluteeniton" and registration.consent_to_list is True
    # After the page has been sent, the keyboard still moves through it with a visible focus.
    tab_until(page, lambda f: "btn-outline-danger" in page.evaluate(
        "document.activeElement.className"))  # fmt: skip
    context.close()


def focused_after_tab(page) -> dict:
    page.keyboard.press("Tab")
    return focused(page)
