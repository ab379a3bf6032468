"""The self-assessment in a real browser: a contact person invites a councillor, who answers
through the e-mailed link without signing in; after the round has closed the municipality's
people see the comparison chart and its table."""

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from uso.accounts.models import Role
from uso.assessment.models import Respondent, Round
from uso.network.models import Population

from .assessment_factories import answered, questionnaire_with_statements
from .factories import MembershipFactory, PeriodFactory, UserFactory
from .test_browser import browser, sign_in  # noqa: F401  (the fixture and the helper)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_invited_councillor_answers_and_the_municipality_sees_the_comparison(
    browser,  # noqa: F811
    live_server,
):
    today = timezone.localdate()
    period = PeriodFactory(
        start_date=date(today.year - 1, 1, 1), end_date=date(today.year + 1, 12, 31)
    )
    members = [MembershipFactory(period=period).municipality for _ in range(3)]
    for municipality in members:
        Population.objects.create(
            municipality=municipality, year=today.year - 1, inhabitants=9000, source="manual"
        )
    own = members[0]
    questionnaire = questionnaire_with_statements(period, areas=3, sub_themes=1)
    round = Round.objects.create(
        questionnaire=questionnaire,
        kind=Round.Kind.START,
        opens_on=today - timedelta(days=5),
        closes_on=today + timedelta(days=5),
    )
    contact = UserFactory(municipality=own, role=Role.CONTACT, leadership="professional")
    councillor = UserFactory(
        municipality=own, leadership="political", first_name="Ville", last_name="Valtuutettu"
    )
    for municipality in members:
        for _ in range(3):
            answered(round, municipality, score=3)

    page = browser.new_page()
    sign_in(page, live_server, contact.email)
    page.goto(f"{live_server.url}/assessment/municipalities/{own.code}/")
    page.get_by_label(re.compile("Ville Valtuutettu")).check()
    page.get_by_role("button", name="Lähetä kutsut").click()
    page.wait_for_selector("text=Kutsuja lähetetty: 1")
    (invitation,) = [m for m in mail.outbox if m.to == [councillor.email]]
    path = re.search(r"/assessment/answer/\S+/", invitation.body).group(0)

    respondent = browser.new_page()
    respondent.goto(live_server.url + path)
    for fieldset in respondent.locator("fieldset").all():
        fieldset.get_by_label("5", exact=True).check()
    respondent.get_by_label("Avoin kysymys 1").fill("Yhteiset iltakoulut")
    respondent.get_by_role("button", name="Tallenna vastaukseni").click()
    respondent.wait_for_selector("text=Kiitos")
    assert Respondent.objects.get(email=councillor.email).answered_at is not None

    # The round closes; the results appear the next day.
    Round.objects.filter(pk=round.pk).update(
        opens_on=today - timedelta(days=10), closes_on=today - timedelta(days=1)
    )
    page.goto(f"{live_server.url}/assessment/municipalities/{own.code}/results/")
    main = page.locator("main")
    assert "Koko verkosto" in main.inner_text()
    table = page.get_by_role("table", name=re.compile("Tulokset teema-alueittain|alateemoittain"))
    # The municipality's own: (3 × 3 + 5) / 4 = 3,50; the network: (9 × 3 + 5) / 10 = 3,20.
    assert "3,50" in table.inner_text() and "3,20" in table.inner_text()
    assert page.locator("svg").count() >= 1
