"""axe-core in Chromium on every HTML page of every role (issue 9, quality gate).

Coverage: the rows of the permission walk (`tests/test_permission_walk.py` TABLE, with the
per-app rows of `tests/walk_*.py`), so a new page gets checked as soon as its row is written.
For each role of `ROLES` (anonymous included), every URL name the table lets that role open is
loaded once in a signed-in Chromium against the live server, and axe-core (bundled by
axe-playwright-python) runs on it; no violation of impact "serious" or "critical" may remain.

De-duplication, to keep the run short: a URL name whose table rows differ only in whose object
they show (A's or B's municipality, a public or a members-only material…) renders the same
template, so each role sees it once, through its first row that the role may open. The checked
pages are those that answer GET with 200 and HTML: POST-only views (405), downloads (PDF, XLSX,
CSV, ICS, ZIP, DOCX), redirects and the JSON API (names outside the project's namespaces) are
skipped, and so is Django's own admin (its templates are not ours). The sign-in pages
(allauth's views, our templates) are added by name.
"""

import time

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from .axe_checks import axe_script, blocking_violations, signed_in_context
from .conftest import ROLES
from .test_browser import browser  # noqa: F401  (the fixture)
from .test_permission_walk import OWN_NAMESPACES, TABLE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Rows whose `fmt` makes a download; other downloads are found by their content type.
DOWNLOAD_KWARG_FORMATS = {"pdf", "docx", "csv", "xlsx"}


def is_own_page(name: str) -> bool:
    """Not the API (its names have no namespace) nor a third party's URL such as the admin."""
    return ":" in name and name.split(":", 1)[0] in OWN_NAMESPACES


# The sign-in pages are allauth's views (no rows in the walk) but our templates.
ACCOUNT_PAGES = {
    "anonymous": ["account_login", "account_reset_password"],
    "participant_a": ["account_change_password", "mfa_index"],
    "coordinator": ["mfa_index"],
}


def pages_per_role(world) -> dict[str, list[str]]:
    """{role: [url, …]}: each URL name once per role, through the first row it may open."""
    made: dict[int, dict] = {}
    urls: dict[str, list[str]] = {role: [] for role in ROLES}
    seen: dict[str, set[str]] = {role: set() for role in ROLES}
    for name, maker, allowed in TABLE:
        if not is_own_page(name):
            continue
        roles = [role for role in ROLES if role in allowed and name not in seen[role]]
        if not roles:
            continue
        if id(maker) not in made:
            try:
                with transaction.atomic():
                    made[id(maker)] = maker(world)
            except IntegrityError:
                # A maker that repeats another's unique object (the walk makes each in its own
                # test): only the assessment's POST-only respondent_remove row does.
                made[id(maker)] = None
        kwargs = made[id(maker)]
        if kwargs is None or kwargs.get("fmt") in DOWNLOAD_KWARG_FORMATS:
            continue
        url = reverse(name, kwargs=kwargs)
        for role in roles:
            seen[role].add(name)
            urls[role].append(url)
    for role, names in ACCOUNT_PAGES.items():
        urls[role].extend(reverse(name) for name in names)
    return urls


def html_pages(client, urls: list[str]) -> tuple[list[str], int]:
    """The URLs that answer GET with 200 and HTML (not a download, a 405 or a redirect)."""
    pages = []
    for url in urls:
        response = client.get(url, HTTP_ACCEPT="text/html")
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            pages.append(url)
        response.close()
    return pages, len(urls) - len(pages)


def test_no_serious_or_critical_axe_violations_on_any_page_of_any_role(
    browser,  # noqa: F811
    live_server,
    world,
):
    started = time.monotonic()
    urls = pages_per_role(world)
    failures: list[str] = []
    checked = skipped = 0
    for role in ROLES:
        client = Client()
        if world.user(role) is not None:
            client.force_login(world.user(role))  # coordinators' factory gives them TOTP
        pages, not_pages = html_pages(client, urls[role])
        skipped += not_pages
        context = signed_in_context(browser, live_server, client)
        context.add_init_script(script=axe_script())  # once, not 500 kB sent per page
        page = context.new_page()
        for url in pages:
            response = page.goto(f"{live_server.url}{url}")
            assert response is not None and response.status == 200, f"{role} {url}"
            checked += 1
            failures += blocking_violations(page, f"{url} [{role}]")
        context.close()
    print(f"axe: {checked} pages × roles checked, {skipped} skipped, "
          f"{time.monotonic() - started:.0f} s")  # fmt: skip
    assert checked > 100
    assert not failures, "\n".join(failures)
