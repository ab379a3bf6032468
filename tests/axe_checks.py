"""axe-core in a Playwright page, and the checks around it that axe does not make (issue 9).

Shared by `test_accessibility.py` (every page of every role) and `test_accessibility_states.py`
(pages in the states people see them in: long lists, forms with errors, after an htmx swap,
with a menu open).
"""

from functools import cache

from django.conf import settings

AXE_RUN = "axe.run(document, {resultTypes: ['violations']})"
BLOCKING = {"serious", "critical"}


@cache
def axe_script() -> str:
    """axe-core as axe-playwright-python bundles it (about 500 kB, read once)."""
    from axe_playwright_python.sync_playwright import Axe

    return Axe().axe_script


def signed_in_context(browser, live_server, client, **options):
    """A browser context sharing the test client's session (no sign-in form to fill)."""
    context = browser.new_context(locale="fi-FI", **options)
    session = client.cookies.get(settings.SESSION_COOKIE_NAME)
    if session is not None:
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session.value, "url": live_server.url}]
        )
    return context


def blocking_violations(page, where: str) -> list[str]:
    """axe-core's violations of impact serious or critical on the page as it is now."""
    results = page.evaluate(AXE_RUN)
    return [
        f"{where} {violation['id']} ({violation['impact']}, {len(violation['nodes'])} nodes): "
        f"{violation['nodes'][0]['target'] if violation['nodes'] else '?'}"
        for violation in results["violations"]
        if violation["impact"] in BLOCKING
    ]


# The same id twice: a label, aria-describedby or an htmx target then finds only the first one.
REPEATED_IDS = """() => {
  const seen = {};
  document.querySelectorAll('[id]').forEach((element) => {
    seen[element.id] = (seen[element.id] || 0) + 1;
  });
  return Object.keys(seen).filter((id) => seen[id] > 1);
}"""


def repeated_ids(page) -> list[str]:
    return page.evaluate(REPEATED_IDS)


# Each error message shown under a field must reach screen readers with the field (WCAG 3.3.1,
# 4.1.2): it has an id of its own; the control a person reaches (shown and in the tab order,
# such as Tom Select's combobox rather than the hidden <select> behind it), or the fieldset of
# a group of boxes, names it in aria-describedby; and the control, or each box of the group,
# says aria-invalid="true".
FIELD_ERRORS = """() => {
  const shown = (element) => element.checkVisibility();
  const problems = [];
  const links = [];
  const errors = Array.from(document.querySelectorAll('main .invalid-feedback')).filter(shown);
  const ids = errors.map((error) => error.id);
  for (const error of errors) {
    const text = error.textContent.replace(/\\s+/g, ' ').trim();
    if (!error.id) { problems.push(`an error without an id: “${text}”`); continue; }
    if (document.querySelectorAll(`[id="${CSS.escape(error.id)}"]`).length > 1) {
      problems.push(`the id ${error.id} is repeated: only the first message is read`);
    }
    const described = Array.from(document.querySelectorAll('[aria-describedby]')).filter(
      (element) => element.getAttribute('aria-describedby').split(/\\s+/).includes(error.id));
    const reached = described.filter((element) => element.tagName === 'FIELDSET'
      || (shown(element) && element.tabIndex >= 0 && !element.disabled));
    if (!reached.length) {
      const hidden = described.map((element) => element.id || element.tagName).join(', ');
      problems.push(`${error.id} is not tied to a field a person reaches`
        + (hidden ? ` (only to ${hidden})` : ''));
      continue;
    }
    for (const field of reached) {
      const controls = field.tagName === 'FIELDSET'
        ? Array.from(field.querySelectorAll('input, select, textarea')) : [field];
      for (const control of controls) {
        if (control.getAttribute('aria-invalid') !== 'true') {
          problems.push(`${control.id || control.name} has ${error.id} but no aria-invalid`);
        }
      }
      if (field.tagName !== 'FIELDSET' && field.id) {
        const parts = Array.from(error.querySelectorAll('p'));
        const texts = parts.length ? parts.map((part) => part.textContent.trim()) : [text];
        links.push({field: field.id, texts: texts});
      }
    }
  }
  return {ids: ids, problems: problems, links: links};
}"""


def field_errors(page) -> dict:
    """{"ids": the shown messages' ids, "problems": [...], "links": [{field, texts}]}."""
    return page.evaluate(FIELD_ERRORS)


def axe_context(browser, live_server, user=None, **options):
    """A browser context signed in as `user` (None: nobody), with axe-core on every page."""
    from django.test import Client

    client = Client()
    if user is not None:
        client.force_login(user)
    context = signed_in_context(browser, live_server, client, **options)
    context.add_init_script(script=axe_script())  # once, not 500 kB sent per page
    return context
