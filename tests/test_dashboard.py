"""The coordinator's network dashboard: each section's numbers equal those counted by hand from
the data (on the page, in the XLSX exports and in the annual report PDF), the filters, the
messages for a bad query string, and query counts that do not grow with the network."""

import io
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from uso.assessment.models import Questionnaire, Respondent, Round
from uso.billing import services as billing
from uso.billing.models import Invoice
from uso.community import services as community
from uso.community.models import Area, Post, Practice, Thread
from uso.dashboard import figures
from uso.development.models import DevelopmentPlan, Workshop
from uso.events.models import (
    Event,
    EventKind,
    FeedbackAnswer,
    FeedbackQuestion,
    FeedbackResponse,
    Registration,
)
from uso.network.models import Membership

from .billing_factories import fee_schedule
from .events_factories import EventFactory
from .factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

HELSINKI = ZoneInfo("Europe/Helsinki")
URL = reverse("dashboard:index")


def at(year, month, day, hour=9, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=HELSINKI)


@pytest.fixture
def midsummer_2017():
    with time_machine.travel(at(2017, 6, 15, 12), tick=False):
        yield


def event(world, kind, start, **kwargs):
    return EventFactory(
        period=world.period, kind=kind, start=start, end=start + timedelta(hours=6), **kwargs
    )


def register(event, person, *, attendance=""):
    return Registration.objects.create(
        event=event,
        person=person,
        municipality_id=person.municipality_id,
        status=Registration.Status.CONFIRMED,
        attendance=attendance,
        consent_to_list=False,
        feedback_token=f"t-{event.pk}-{person.pk}",
    )


def give_feedback(event, *scores):
    """One answer sheet with these scores to the event's scale questions, in order."""
    response = FeedbackResponse.objects.create(event=event, submitted_on=date(2017, 3, 11))
    questions = event.feedback_questions.filter(kind=FeedbackQuestion.Kind.SCALE).order_by("order")
    for question, score in zip(questions, scores, strict=False):
        FeedbackAnswer.objects.create(response=response, question=question, score=score)


def workshop(plan, start, approval=Workshop.Approval.WITHIN_QUOTA):
    item = EventFactory(
        period=plan.period,
        kind=EventKind.WORKSHOP,
        municipality=plan.municipality,
        start=start,
        end=start + timedelta(hours=3),
    )
    return Workshop.objects.create(event=item, plan=plan, approval=approval)


def post(thread, author, when, **kwargs):
    with time_machine.travel(when, tick=False):
        return Post.objects.create(
            thread=thread, author=author, body="x", html="<p>x</p>", **kwargs
        )


def thread(area, author, when, *, kind=Thread.Kind.DISCUSSION, title="Keskustelu"):
    with time_machine.travel(when, tick=False):
        item = Thread.objects.create(
            area=area, author=author, kind=kind, title=title, last_post_at=when
        )
    post(item, author, when)
    return item


@pytest.fixture
def network(world, midsummer_2017):
    """The world's year 2017, in every section: see the comments for what counts."""
    w = world
    # Members: the world's three active ones, one applied and one declined.
    MembershipFactory(period=w.period, status=Membership.Status.APPLIED)
    MembershipFactory(period=w.period, status=Membership.Status.DECLINED)

    # Fees of 2017: A pays in full, B a part, the third is credited (not counted).
    fee_schedule(w.period)
    for index, membership in enumerate(Membership.objects.filter(period=w.period)):
        membership.population_basis = 4000 + 20000 * index
        membership.save()
    Membership.objects.filter(period=w.period).exclude(status="active").update(
        population_basis=None
    )
    invoices = {
        invoice.membership_id: invoice
        for invoice in billing.run_invoices(
            period=w.period, year=2017, pro_rata=False, by=None, invoice_date=date(2017, 2, 1)
        )
    }
    invoice_a = invoices[w.membership_a.pk]
    invoice_b = invoices[w.membership_b.pk]
    billing.record_payment(
        invoice=invoice_a, amount=invoice_a.gross, payment_date=date(2017, 3, 1), by=None
    )
    billing.record_payment(
        invoice=invoice_b, amount=Decimal("1000.00"), payment_date=date(2017, 3, 1), by=None
    )
    (third,) = [
        i
        for key, i in invoices.items()
        if key not in (invoice_a.membership_id, invoice_b.membership_id)
    ]
    billing.issue_credit_note(invoice=third, reason="Virhe", by=None)

    # Events: a theme seminar held in March, one planned for November, a clinic held in April,
    # a cancelled seminar and one of 2018 (not counted).
    w.participant_a.leadership = "political"
    w.participant_a.save()
    w.contact_a.leadership = "professional"
    w.contact_a.save()
    march = event(w, EventKind.THEME_SEMINAR, at(2017, 3, 10))
    event(w, EventKind.THEME_SEMINAR, at(2017, 11, 20))
    clinic = event(w, EventKind.CHANGE_CLINIC, at(2017, 4, 4))
    event(w, EventKind.THEME_SEMINAR, at(2017, 5, 5), status=Event.Status.CANCELLED)
    event(w, EventKind.THEME_SEMINAR, at(2018, 3, 3))
    register(march, w.participant_a, attendance="attended")
    register(march, w.contact_a, attendance="attended")
    register(march, w.participant_b)  # no leadership: unknown; confirmed, not attended
    register(clinic, w.participant_a, attendance="attended")

    # Feedback: March 5+4 and 3+4 (scale questions), the clinic 2.
    give_feedback(march, 5, 4)
    give_feedback(march, 3, 4)
    give_feedback(clinic, 2)

    # Workshops of A: one held, one planned, one pending extra; B none.
    plan = DevelopmentPlan.objects.create(municipality=w.municipality_a, period=w.period)
    workshop(plan, at(2017, 3, 1))
    workshop(plan, at(2017, 10, 1))
    workshop(plan, at(2017, 11, 1), approval=Workshop.Approval.PENDING)

    # Self-assessment: the start round in 2017, the end round in 2018.
    questionnaire = Questionnaire.objects.create(period=w.period)
    start = Round.objects.create(
        questionnaire=questionnaire,
        kind=Round.Kind.START,
        opens_on=date(2017, 2, 1),
        closes_on=date(2017, 3, 31),
    )
    Round.objects.create(
        questionnaire=questionnaire,
        kind=Round.Kind.END,
        opens_on=date(2018, 10, 1),
        closes_on=date(2018, 11, 30),
    )
    answered = at(2017, 2, 10)
    for index, (municipality, leadership, when) in enumerate(
        [
            (w.municipality_a, "political", answered),
            (w.municipality_a, "political", None),
            (w.municipality_a, "professional", answered),
            (w.municipality_b, "political", None),
            (w.municipality_b, "professional", answered),
        ]
    ):
        Respondent.objects.create(
            round=start,
            municipality=municipality,
            name=f"Vastaaja {index}",
            email=f"vastaaja{index}@example.org",
            leadership=leadership,
            answered_at=when,
        )

    # Discussions in the general area: two threads in March, a question in May answered by B,
    # a question in June unanswered; a removed and a hidden message; one from 2016.
    community.ensure_areas(period=w.period)
    area = Area.objects.get(period=w.period, kind=Area.Kind.GENERAL)
    first = thread(area, w.participant_a, at(2017, 3, 1))
    post(first, w.participant_b, at(2017, 3, 2))
    post(first, w.contact_a, at(2017, 3, 3))
    post(first, w.participant_b, at(2017, 3, 4), deleted_at=at(2017, 3, 5))
    post(first, w.participant_b, at(2017, 3, 6), hidden=True)
    # 00.30 on 1 April in Helsinki is still March in UTC: counted for April.
    thread(area, w.contact_a, at(2017, 4, 1, 0, 30))
    question = thread(area, w.contact_a, at(2017, 5, 2), kind=Thread.Kind.QUESTION)
    post(question, w.participant_b, at(2017, 5, 3))
    unanswered = thread(area, w.participant_a, at(2017, 6, 1), kind=Thread.Kind.QUESTION)
    post(unanswered, w.participant_b, at(2017, 6, 2), hidden=True)
    thread(area, w.participant_a, at(2016, 12, 31, 23, 0))
    for when in (at(2017, 2, 1), at(2017, 9, 1), at(2016, 5, 1)):
        with time_machine.travel(when, tick=False):
            Practice.objects.create(
                municipality=w.municipality_a, title="Käytäntö", problem="p", what_was_done="w"
            )
    return w


def in_english(client, user):
    """Signed in, reading the page in English (the source strings the tests look for)."""
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def page(client, world, **params):
    in_english(client, world.coordinator)
    response = client.get(URL, {"period": world.period.pk, "year": 2017, **params})
    assert response.status_code == 200
    return response


# --- Independent counts ------------------------------------------------------------------------


def expected_fees(period, year):
    """Invoiced, paid and open of the year's invoices, added up row by row in Python."""
    rows = [
        invoice
        for invoice in Invoice.objects.filter(membership__period=period, year=year)
        if invoice.kind == Invoice.Kind.INVOICE and invoice.status != Invoice.Status.CREDITED
    ]
    invoiced = sum((invoice.gross for invoice in rows), Decimal("0.00"))
    paid = sum((invoice.paid_amount for invoice in rows), Decimal("0.00"))
    return len(rows), invoiced, paid, invoiced - paid


def test_members_and_fees_equal_the_invoices_added_up_by_hand(client, network):
    data = page(client, network).context["data"].members
    assert {row.status: row.count for row in data.statuses} == {
        "active": 3,
        "applied": 1,
        "declined": 1,
        "ended": 0,
    }
    count, invoiced, paid, open_ = expected_fees(network.period, 2017)
    assert count == 2  # the credited one is left out
    chosen = data.chosen
    assert (chosen.count, chosen.invoiced, chosen.paid, chosen.open) == (
        count,
        invoiced,
        paid,
        open_,
    )
    invoice_b = Invoice.objects.get(membership=network.membership_b, year=2017, kind="invoice")
    assert open_ == invoice_b.gross - Decimal("1000.00")
    by_member = {row.code: (row.invoiced, row.paid) for row in data.members_fees}
    assert by_member[network.municipality_b.code] == (invoice_b.gross, Decimal("1000.00"))


def test_the_page_shows_the_fees_in_finnish_format(client, network):
    client.force_login(network.coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fi"
    html = client.get(URL, {"period": network.period.pk, "year": 2017}).content.decode()
    _count, invoiced, paid, open_ = expected_fees(network.period, 2017)

    def finnish(amount):
        whole, cents = f"{amount:.2f}".split(".")
        grouped = f"{int(whole):,}".replace(",", "\xa0")
        return f"{grouped},{cents}\xa0€"

    for amount in (invoiced, paid, open_):
        assert finnish(amount) in html


def test_events_are_the_events_apps_year_summary(client, network):
    data = page(client, network).context["data"].events
    summary = data.summary
    assert (summary.seminars_held, summary.seminars_planned, summary.target) == (1, 1, 4)
    kinds = {row.kind: (row.held, row.planned) for row in summary.kinds}
    assert kinds[EventKind.THEME_SEMINAR] == (1, 1)
    assert kinds[EventKind.CHANGE_CLINIC] == (1, 0)
    totals = summary.totals
    # Confirmed: A's political and professional in March and A's political at the clinic;
    # B's person has no leadership.
    assert totals["confirmed"] == {"political": 2, "professional": 1, "unknown": 1}
    assert totals["attended"] == {"political": 2, "professional": 1, "unknown": 0}
    assert data.seminar_share == 25


def test_feedback_means_are_the_mean_of_every_scale_answer(client, network):
    data = page(client, network).context["data"].feedback
    by_title = {row.event.title: row for row in data.events}
    march = Event.objects.get(kind=EventKind.THEME_SEMINAR, start=at(2017, 3, 10))
    clinic = Event.objects.get(kind=EventKind.CHANGE_CLINIC)
    assert set(by_title) == {march.title, clinic.title}  # November's has not ended
    scores = [
        answer.score
        for answer in FeedbackAnswer.objects.filter(question__event=march)
        if answer.score is not None
    ]
    assert scores and sorted(scores) == [3, 4, 4, 5]
    assert by_title[march.title].mean == Decimal("4.0")
    assert by_title[march.title].responses == 2
    assert by_title[march.title].invited == 3
    assert by_title[clinic.title].mean == Decimal("2.0")
    # Overall: (5 + 4 + 3 + 4 + 2) / 5 = 3.6, not the mean of the means (3.0).
    assert data.mean == Decimal("3.6")
    assert data.answers == 5


def test_workshops_follow_the_quota_as_the_development_overview_counts(client, network):
    data = page(client, network).context["data"].workshops
    rows = {row.code: row for row in data.rows}
    row_a = rows[network.municipality_a.code]
    assert (row_a.held, row_a.planned, row_a.extras, row_a.quota, row_a.remaining) == (
        1,
        1,
        1,
        3,
        1,
    )
    assert (rows[network.municipality_b.code].held, data.held, data.planned) == (0, 1, 1)
    assert data.quota_total == 9  # three active members, three each


def test_assessment_response_rates_per_round_municipality_and_leadership(client, network):
    data = page(client, network).context["data"].assessment
    assert data.has_questionnaire and data.other_rounds == 1
    (item,) = data.rounds
    respondents = list(Respondent.objects.filter(round=item.round))
    answered = [r for r in respondents if r.answered_at]
    assert (item.total.invited, item.total.answered) == (len(respondents), len(answered))
    assert item.total.percent == 60  # 3 of 5
    assert item.by_leadership["political"].percent == 33  # 1 of 3
    assert item.by_leadership["professional"].percent == 100  # 2 of 2
    places = {place.code: place for place in item.municipalities}
    assert places[network.municipality_a.code].total.percent == 67  # 2 of 3
    assert places[network.municipality_b.code].by_leadership["political"].percent == 0
    html = page(client, network).content.decode()
    assert "60 %" in html and "67 %" in html


def test_assessment_says_so_when_the_period_has_no_questionnaire(client, world):
    response = page(client, world)
    assert not response.context["data"].assessment.has_questionnaire
    assert "The period has no self-assessment questionnaire." in response.content.decode()


def test_discussion_activity_by_helsinki_month(client, network):
    data = page(client, network).context["data"].discussions
    months = {row.month.month: (row.threads, row.posts) for row in data.months}
    assert months[3] == (1, 3)  # the removed and the hidden message are not counted
    assert months[4] == (1, 1)  # 00.30 Helsinki time on 1 April
    assert months[5] == (1, 2)
    assert months[6] == (1, 1)
    assert (data.threads, data.posts) == (4, 7)
    assert data.participants == 3  # participant A, contact A, participant B
    assert data.municipalities == 2
    assert (data.questions, data.answered) == (2, 1)
    assert data.practices == 2


# --- Exports and the annual report -------------------------------------------------------------


def export(client, world, section, year=2017):
    client.force_login(world.coordinator)
    url = reverse("dashboard:export", kwargs={"section": section})
    response = client.get(url, {"period": world.period.pk, "year": year})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def test_the_exports_hold_the_pages_numbers(client, network):
    book = export(client, network, "members")
    years = list(book.worksheets[1].values)
    _count, invoiced, paid, open_ = expected_fees(network.period, 2017)
    (row_2017,) = [row for row in years[1:] if row[0] == 2017]
    assert row_2017[1:5] == (2, float(invoiced), float(paid), float(open_))

    events = list(export(client, network, "events").worksheets[1].values)
    assert events[1] == (1, 1, 4)

    workshops = list(export(client, network, "workshops").active.values)
    (row_a,) = [row for row in workshops if row[0] == network.municipality_a.code]
    assert row_a[2:] == (1, 1, 3, 1, 1)

    rates = list(export(client, network, "assessment").active.values)
    assert rates[1][3:6] == (5, 3, 60)

    feedback = list(export(client, network, "feedback").active.values)
    assert (feedback[-1][2], feedback[-1][3], feedback[-1][5], feedback[-1][6]) == (3, 4, 5, 3.6)

    totals = dict(list(export(client, network, "discussions").worksheets[1].values)[1:])
    assert list(totals.values()) == [4, 7, 3, 2, 2, 1, 2]


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_annual_report_pdf_holds_the_years_figures(client, network):
    client.force_login(network.coordinator)
    response = client.get(
        reverse("dashboard:annual_report"),
        {"period": network.period.pk, "year": 2017, "language": "en"},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content).split())
    _count, invoiced, paid, open_ = expected_fees(network.period, 2017)
    assert "Annual report 2017" in text
    for amount in (invoiced, paid, open_):
        whole, cents = f"{amount:.2f}".split(".")
        assert f"{int(whole):,}".replace(",", " ") + f",{cents} €" in text.replace("\xa0", " ")
    assert "1 held and 1 planned" in text
    assert "Held 1 and planned 1 of 9" in text
    assert "60 %" in text and "67 %" in text
    assert "3,6" in text  # the feedback mean, Finnish format
    assert "New messages 7" in text
    assert "Questions answered 1" in text


def test_the_annual_report_in_finnish(client, network):
    client.force_login(network.coordinator)
    response = client.get(
        reverse("dashboard:annual_report"),
        {"period": network.period.pk, "year": 2017, "language": "fi"},
    )
    assert response.status_code == 200
    assert pdf_text(response.content)


# --- Filters and bad query strings -------------------------------------------------------------


def test_the_defaults_are_the_current_period_and_this_year(client, network):
    client.force_login(network.coordinator)
    response = client.get(URL)
    assert (response.context["period"], response.context["year"]) == (network.period, 2017)


def test_another_year_of_the_period(client, network):
    data = page(client, network, year=2018).context["data"]
    assert data.year == 2018
    assert data.events.summary.seminars_planned == 1
    assert data.discussions.posts == 0


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"period": "999999"}, "There is no such period"),
        ({"period": "abc"}, "There is no such period"),
        ({"year": "1999"}, "1999 is not a year of the period"),
        ({"year": "x"}, "x is not a year of the period"),
    ],
)
def test_a_bad_period_or_year_is_explained_not_an_error(client, world, params, message):
    in_english(client, world.coordinator)
    response = client.get(URL, params)
    assert response.status_code == 200
    assert message in response.content.decode()


@pytest.mark.parametrize("params", [{"period": "999999"}, {"year": "1999"}, {"period": "x"}])
def test_a_download_of_a_bad_period_or_year_is_not_found(client, world, params):
    client.force_login(world.coordinator)
    for url in (
        reverse("dashboard:export", kwargs={"section": "events"}),
        reverse("dashboard:annual_report"),
    ):
        assert client.get(url, params).status_code == 404


def test_an_unknown_section_or_language_is_not_found(client, world):
    client.force_login(world.coordinator)
    assert client.get(reverse("dashboard:export", kwargs={"section": "nope"})).status_code == 404
    response = client.get(reverse("dashboard:annual_report"), {"language": "de"})
    assert response.status_code == 404


def test_the_coordinators_navigation_links_to_the_dashboard(client, world):
    client.force_login(world.coordinator)
    assert URL in client.get(reverse("core:dashboard")).content.decode()
    client.force_login(world.contact_a)
    assert URL not in client.get(reverse("core:dashboard")).content.decode()


def test_figures_module_has_a_reader_for_every_export(client, world):
    from uso.dashboard import exports

    assert set(exports.SHEETS) == set(figures.SECTIONS)


# --- Query counts ------------------------------------------------------------------------------


def grow(world, members=12):
    """More of everything: members with fee invoices, payments, registrations, feedback,
    workshops, respondents, discussions and practices."""
    period = world.period
    plan_round = Round.objects.get(questionnaire__period=period, kind=Round.Kind.START)
    area = Area.objects.get(period=period, kind=Area.Kind.GENERAL)
    for index in range(members):
        membership = MembershipFactory(period=period, population_basis=30000 + index)
        municipality = membership.municipality
        person = UserFactory(municipality=municipality, leadership="professional")
        seminar = event(world, EventKind.THEME_SEMINAR, at(2017, 2, 1 + index))
        register(seminar, person, attendance="attended")
        give_feedback(seminar, 4, 5)
        plan = DevelopmentPlan.objects.create(municipality=municipality, period=period)
        workshop(plan, at(2017, 4, 1 + index))
        Respondent.objects.create(
            round=plan_round,
            municipality=municipality,
            name="Vastaaja",
            email=f"grow{index}@example.org",
            leadership="political",
            answered_at=at(2017, 2, 10) if index % 2 else None,
        )
        item = thread(area, person, at(2017, 1 + index % 12, 3), title=f"Aihe {index}")
        post(item, world.participant_a, at(2017, 1 + index % 12, 4))
        with time_machine.travel(at(2017, 5, 5), tick=False):
            Practice.objects.create(
                municipality=municipality, title="Käytäntö", problem="p", what_was_done="w"
            )
    for invoice in billing.run_invoices(
        period=period, year=2017, pro_rata=False, by=None, invoice_date=date(2017, 2, 1)
    ):
        billing.record_payment(
            invoice=invoice, amount=Decimal("100.00"), payment_date=date(2017, 3, 1), by=None
        )


def queries_for(action) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        action()
    return len(queries)


def test_each_section_costs_the_same_queries_however_large_the_network(network):
    readers = figures.SECTIONS
    for read in readers.values():
        read(network.period, 2017)  # warm the caches (the current language, content types)
    few = {
        name: queries_for(lambda read=read: read(network.period, 2017))
        for name, read in readers.items()
    }
    grow(network)
    many = {
        name: queries_for(lambda read=read: read(network.period, 2017))
        for name, read in readers.items()
    }
    assert few == many
    assert len(figures.workshops(network.period, 2017).rows) == 15


def test_the_page_exports_and_report_cost_the_same_queries_however_large(
    client, network, django_assert_num_queries
):
    client.force_login(network.coordinator)
    params = {"period": network.period.pk, "year": 2017}
    urls = [URL, reverse("dashboard:annual_report")] + [
        reverse("dashboard:export", kwargs={"section": name}) for name in figures.SECTIONS
    ]
    client.get(URL, params)  # warm
    few = {url: queries_for(lambda url=url: fresh_get(client, url, params)) for url in urls}
    grow(network)
    for url in urls:
        with django_assert_num_queries(few[url]):
            assert fresh_get(client, url, params).status_code == 200


def fresh_get(client, url, params):
    cache.clear()  # the page's figures are made again, not taken from the cache
    return client.get(url, params)


def test_the_page_keeps_its_figures_five_minutes_and_says_how_old_they_are(client, network):
    client.force_login(network.coordinator)
    params = {"period": network.period.pk, "year": 2017}
    with time_machine.travel(datetime(2017, 6, 1, 9, 30, tzinfo=HELSINKI), tick=False):
        first = client.get(URL, params)
    assert "9.30" in first.content.decode()
    before = first.context["data"].members
    grow(network)
    with time_machine.travel(datetime(2017, 6, 1, 9, 34, tzinfo=HELSINKI), tick=False):
        assert client.get(URL, params).context["data"].members == before
    with time_machine.travel(datetime(2017, 6, 1, 9, 36, tzinfo=HELSINKI), tick=False):
        assert client.get(URL, params).context["data"].members != before


def test_without_any_period_the_page_says_so_and_downloads_are_not_found(client, coordinator):
    in_english(client, coordinator)
    response = client.get(URL)
    assert response.status_code == 200
    assert "There are no periods yet." in response.content.decode()
    assert client.get(reverse("dashboard:annual_report")).status_code == 404
    url = reverse("dashboard:export", kwargs={"section": "members"})
    assert client.get(url).status_code == 404
