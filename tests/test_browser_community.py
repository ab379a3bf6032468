"""A discussion in a real browser: a member starts one in Markdown, another replies and
mentions her, and the daily digest tells her once."""

import pytest
from django.core import mail

from uso.community import services
from uso.community.models import Thread

from .factories import MembershipFactory, UserFactory
from .test_browser import browser, sign_in  # noqa: F401  (the fixture and the helper)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_member_starts_a_discussion_another_replies_and_the_digest_tells_her(
    browser,  # noqa: F811
    live_server,
):
    period = MembershipFactory().period
    first = UserFactory(municipality=MembershipFactory(period=period).municipality)
    second = UserFactory(municipality=MembershipFactory(period=period).municipality)
    first.first_name, first.last_name = "Aino", "Aaltonen"
    first.save()

    page = browser.new_page()
    sign_in(page, live_server, first.email)
    page.get_by_role("link", name="Keskustelut").first.click()
    page.get_by_role("link", name="Yleinen keskustelu").click()
    page.get_by_role("link", name="Aloita keskustelu").click()
    page.get_by_label("Otsikko").fill("Valtuutettujen perehdytys")
    page.get_by_label("Viesti").fill("Miten perehdytätte **uudet** valtuutetut?")
    page.get_by_role("button", name="Lähetä").click()
    page.wait_for_selector("article strong")
    assert page.locator("article .post-body strong").inner_text() == "uudet"

    other = browser.new_page()
    sign_in(other, live_server, second.email)
    other.goto(f"{live_server.url}/community/")
    assert "Valtuutettujen perehdytys" in other.locator("main").inner_text()
    other.get_by_role("link", name="Valtuutettujen perehdytys").first.click()
    other.get_by_label("Viesti").fill("Kahdella iltakoululla, @[Aino Aaltonen].")
    other.get_by_role("button", name="Lähetä").click()
    other.wait_for_selector("text=@Aino Aaltonen")

    page.goto(f"{live_server.url}/community/")
    assert "uusia viestejä" in page.locator("main").inner_text()
    thread = Thread.objects.get()
    assert thread.post_count == 2
    mail.outbox.clear()
    assert services.send_daily_digests() == 1
    assert services.send_daily_digests() == 0
    (digest,) = mail.outbox
    assert digest.to == [first.email]
    assert "Kahdella iltakoululla" in digest.body and "Sinut mainittiin" in digest.body
