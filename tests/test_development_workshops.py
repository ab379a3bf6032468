"""Development workshops: the quota per year and per period, planning beyond it, the
coordinator's approval with its invoice, declining, records with follow-up actions, and who
may do each."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from uso.billing.models import FeeSchedule, Invoice, InvoiceSeries
from uso.core.errors import DomainError
from uso.development.models import Action, DevelopmentPlan, Goal, Workshop
from uso.development.quota import workshop_quota, would_exceed_quota
from uso.development.workshops import (
    WorkshopDetails,
    decide_extra_workshop,
    plan_workshop,
    write_record,
)
from uso.events import services as event_services
from uso.events.models import Event
from uso.network.models import Period, SubTheme, ThemeArea

from .billing_factories import fee_schedule
from .factories import MembershipFactory

pytestmark = pytest.mark.django_db

EXTRA_PRICE = Decimal("1200.00")


def at(year, month, day, hour=9):
    return timezone.make_aware(datetime(year, month, day, hour))


# The tests live in the middle of the test period (2017–2018), so some workshops are
# already held and some still planned.
NOW = at(2017, 6, 15, 12)


@pytest.fixture(autouse=True)
def midsummer_2017():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def plan(world):
    schedule = fee_schedule(world.period)
    schedule.extra_workshop_price = EXTRA_PRICE
    schedule.save()
    return DevelopmentPlan.objects.create(municipality=world.municipality_a, period=world.period)


def plan_one(plan, start, *, by=None, title="Työpaja", **kwargs):
    details = WorkshopDetails(
        title=title, start=start, end=start + timedelta(hours=3), venue="Kunnantalo", **kwargs
    )
    return plan_workshop(plan=plan, details=details, by=by)


def form_data(start, **extra):
    data = {
        "title": "Hyvinvointityöpaja",
        "start": start.strftime("%Y-%m-%dT%H:%M"),
        "end": (start + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
        "format": "on_site",
        "venue": "Valtuustosali",
        "confirm_extra": "False",
    }
    data.update(extra)
    return data


# --- Quota arithmetic --------------------------------------------------------------------------


def test_yearly_quota_counts_held_and_planned_workshops_of_each_year_apart(world, plan):
    plan_one(plan, at(2017, 3, 1))  # held
    plan_one(plan, at(2017, 9, 1))  # planned
    plan_one(plan, at(2018, 2, 1))  # next year

    this_year = workshop_quota(plan, year=2017)
    assert (this_year.quota, this_year.unit, this_year.year) == (3, "year", 2017)
    assert (this_year.held, this_year.planned, this_year.remaining, this_year.extras) == (
        1,
        1,
        1,
        0,
    )
    next_year = workshop_quota(plan, year=2018)
    assert (next_year.held, next_year.planned, next_year.remaining) == (0, 1, 2)
    assert workshop_quota(plan).year == 2017  # today's year by default


def test_cancelled_and_declined_workshops_do_not_count(world, plan):
    for month in (3, 4, 5):
        plan_one(plan, at(2017, month, 1))
    cancelled = Workshop.objects.order_by("pk").first()
    event_services.cancel_event(event=cancelled.event)
    assert workshop_quota(plan, year=2017).remaining == 1

    plan_one(plan, at(2017, 10, 1))  # takes the freed place
    declined = plan_one(plan, at(2017, 11, 1))
    assert declined.approval == Workshop.Approval.PENDING
    decide_extra_workshop(workshop=declined, approve=False, by=world.coordinator)

    quota = workshop_quota(plan, year=2017)
    assert (quota.held, quota.planned, quota.remaining, quota.extras) == (2, 1, 0, 0)


def test_an_approved_extra_is_shown_apart_and_does_not_use_the_quota(world, plan):
    for month in (3, 9, 10):
        plan_one(plan, at(2017, month, 1))
    extra = plan_one(plan, at(2017, 11, 1))
    decide_extra_workshop(workshop=extra, approve=True, by=world.coordinator)

    quota = workshop_quota(plan, year=2017)
    assert (quota.held, quota.planned, quota.remaining, quota.extras) == (1, 2, 0, 1)
    assert would_exceed_quota(plan, start=at(2017, 12, 1))
    assert not would_exceed_quota(plan, start=at(2018, 1, 10))


def test_a_quota_per_period_counts_both_years_together(world, plan):
    Period.objects.filter(pk=world.period.pk).update(workshop_quota=4, workshop_quota_unit="period")
    plan.refresh_from_db()
    plan.period.refresh_from_db()
    plan_one(plan, at(2017, 3, 1))
    plan_one(plan, at(2017, 9, 1))
    plan_one(plan, at(2018, 3, 1))

    quota = workshop_quota(plan)
    assert (quota.unit, quota.year, quota.quota) == ("period", None, 4)
    assert (quota.held, quota.planned, quota.remaining) == (1, 2, 1)

    plan_one(plan, at(2018, 5, 1))
    assert plan_one(plan, at(2018, 6, 1)).approval == Workshop.Approval.PENDING


def test_a_workshop_outside_the_period_is_refused(world, plan):
    with pytest.raises(DomainError) as error:
        plan_one(plan, at(2019, 2, 1))
    assert error.value.field == "start"
    assert not Workshop.objects.exists()


def test_facilitators_are_the_municipalitys_consultants_or_coordinators(world, plan):
    workshop = plan_one(plan, at(2017, 9, 1), facilitators=[world.consultant_a, world.coordinator])
    assert set(workshop.facilitators.all()) == {world.consultant_a, world.coordinator}
    with pytest.raises(DomainError):
        plan_one(plan, at(2017, 9, 2), facilitators=[world.consultant_other])


# --- Planning through the page, beyond the quota -----------------------------------------------


def test_within_the_quota_the_workshop_is_published_as_an_event_of_the_municipality(
    client, world, plan
):
    area = ThemeArea.objects.create(period=world.period, name_fi="Hyvinvointi")
    sub_theme = SubTheme.objects.create(theme_area=area, name_fi="Osallisuus")
    client.force_login(world.consultant_a)
    response = client.post(
        reverse("development:workshop_add", kwargs={"pk": plan.pk}),
        form_data(at(2017, 9, 5), sub_theme=sub_theme.pk, facilitators=[world.consultant_a.pk]),
    )
    assert response.status_code == 302
    workshop = Workshop.objects.select_related("event").get()
    event = workshop.event
    assert workshop.approval == Workshop.Approval.WITHIN_QUOTA
    assert (event.kind, event.status) == ("workshop", Event.Status.PUBLISHED)
    assert (event.municipality, event.period) == (world.municipality_a, world.period)
    assert list(event.sub_themes.all()) == [sub_theme]
    assert event.feedback_questions.exists()  # made by the events service

    page = client.get(reverse("development:workshops", kwargs={"pk": plan.pk})).content.decode()
    assert "Hyvinvointityöpaja" in page and "Osallisuus" in page
    assert reverse("events:materials", kwargs={"pk": event.pk}) in page
    assert reverse("events:participants", kwargs={"pk": event.pk}) in page


def test_the_form_warns_with_the_price_before_a_workshop_goes_beyond_the_quota(
    client, world, plan, run_on_commit, mailoutbox
):
    for month in (3, 9, 10):
        plan_one(plan, at(2017, month, 1))
    world.coordinator.language = "en"
    world.coordinator.save()
    client.force_login(world.contact_a)
    url = reverse("development:workshop_add", kwargs={"pk": plan.pk})

    notice = client.get(url, {"start": "2017-11-07T09:00"}, HTTP_HX_REQUEST="true")
    assert "1\xa0200,00\xa0€" in notice.content.decode()  # the price, in Finnish format
    assert "1\xa0488,00\xa0€" in notice.content.decode()  # with VAT 24 %

    response = client.post(url, form_data(at(2017, 11, 7)))
    assert response.status_code == 200
    assert "1\xa0200,00\xa0€" in response.content.decode()
    assert 'type="checkbox" name="confirm_extra"' in response.content.decode()
    assert not Workshop.objects.filter(event__start=at(2017, 11, 7)).exists()

    with run_on_commit():
        response = client.post(url, form_data(at(2017, 11, 7), confirm_extra="on"))
    assert response.status_code == 302
    extra = Workshop.objects.get(event__start=at(2017, 11, 7))
    assert extra.approval == Workshop.Approval.PENDING
    assert extra.event.status == Event.Status.DRAFT
    assert extra.invoice is None
    (message,) = mailoutbox
    assert message.to == [world.coordinator.email]
    assert "Extra workshop for approval" in message.subject
    assert reverse("development:workshop_decide", kwargs={"pk": extra.pk}) in message.body


def test_approving_an_extra_issues_one_invoice_line_at_the_extra_price_with_vat(
    client, world, plan, run_on_commit, mailoutbox
):
    for month in (3, 9, 10):
        plan_one(plan, at(2017, month, 1))
    extra = plan_one(plan, at(2017, 11, 7), by=world.contact_a)
    next_number = InvoiceSeries.objects.get(code="invoice").next_number

    client.force_login(world.coordinator)
    url = reverse("development:workshop_decide", kwargs={"pk": extra.pk})
    page = client.get(url).content.decode()
    assert "1\xa0488,00\xa0€" in page
    with run_on_commit():
        response = client.post(url, {"decision": "approve"})
    assert response.status_code == 302

    extra.refresh_from_db()
    assert extra.approval == Workshop.Approval.APPROVED
    assert extra.decided_by == world.coordinator and extra.decided_at is not None
    assert extra.event.status == Event.Status.PUBLISHED
    invoice = extra.invoice
    assert invoice.number == next_number
    assert InvoiceSeries.objects.get(code="invoice").next_number == next_number + 1
    assert invoice.membership == world.membership_a
    assert (invoice.net, invoice.vat, invoice.gross) == (
        Decimal("1200.00"),
        Decimal("288.00"),
        Decimal("1488.00"),
    )
    (line,) = invoice.lines.all()
    assert (line.quantity, line.unit_price, line.vat_rate) == (
        Decimal("1"),
        EXTRA_PRICE,
        Decimal("24.00"),
    )
    assert line.unit in {"kpl", "pcs"}  # one workshop, not a month of fees
    assert "Työpaja" in line.description
    assert line.supply_start == line.supply_end == extra.event.start.date()
    # The planner hears of the decision.
    assert [m.to for m in mailoutbox] == [[world.contact_a.email]]

    # A second decision is refused and issues nothing.
    with pytest.raises(DomainError):
        decide_extra_workshop(workshop=extra, approve=True, by=world.coordinator)
    assert Invoice.objects.count() == 1


def test_declining_an_extra_cancels_its_event_without_an_invoice(client, world, plan):
    for month in (3, 9, 10):
        plan_one(plan, at(2017, month, 1))
    extra = plan_one(plan, at(2017, 11, 7))
    client.force_login(world.coordinator)
    response = client.post(
        reverse("development:workshop_decide", kwargs={"pk": extra.pk}), {"decision": "decline"}
    )
    assert response.status_code == 302
    extra.refresh_from_db()
    assert extra.approval == Workshop.Approval.DECLINED
    assert extra.event.status == Event.Status.CANCELLED
    assert extra.invoice is None and not Invoice.objects.exists()
    with pytest.raises(DomainError):
        decide_extra_workshop(workshop=extra, approve=False, by=world.coordinator)


def test_without_an_extra_price_approval_is_refused_and_takes_no_number(world, plan):
    FeeSchedule.objects.filter(period=world.period).update(extra_workshop_price=Decimal("0"))
    for month in (3, 9, 10):
        plan_one(plan, at(2017, month, 1))
    extra = plan_one(plan, at(2017, 11, 7))
    next_number = InvoiceSeries.objects.get(code="invoice").next_number
    with pytest.raises(DomainError):
        decide_extra_workshop(workshop=extra, approve=True, by=world.coordinator)
    extra.refresh_from_db()
    assert extra.approval == Workshop.Approval.PENDING
    assert extra.event.status == Event.Status.DRAFT
    assert InvoiceSeries.objects.get(code="invoice").next_number == next_number


def test_without_a_fee_schedule_approval_is_refused(world, plan):
    FeeSchedule.objects.filter(period=world.period).delete()
    for month in (3, 9, 10):
        plan_one(plan, at(2017, month, 1))
    extra = plan_one(plan, at(2017, 11, 7))
    with pytest.raises(DomainError):
        decide_extra_workshop(workshop=extra, approve=True, by=world.coordinator)
    assert not Invoice.objects.exists()


def test_an_extra_workshop_invoice_and_the_years_fee_invoice_live_side_by_side(world, plan):
    from uso.billing import services as billing

    world.membership_a.population_basis = 12000
    world.membership_a.save()
    for month in (3, 9, 10):
        plan_one(plan, at(2017, month, 1))
    extra = plan_one(plan, at(2017, 11, 7))
    decide_extra_workshop(workshop=extra, approve=True, by=world.coordinator)
    fee_invoices = billing.run_invoices(period=world.period, year=2017, pro_rata=False, by=None)
    assert world.membership_a in [invoice.membership for invoice in fee_invoices]


# --- Pending extras ------------------------------------------------------------------------------


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_pending_extras_list_costs_the_same_for_few_and_many(client, world, plan):
    Period.objects.filter(pk=world.period.pk).update(workshop_quota=0)  # every one is extra

    def extras(count):
        for _index in range(count):
            membership = MembershipFactory(period=world.period)
            other = DevelopmentPlan.objects.create(
                municipality=membership.municipality, period=world.period
            )
            plan_one(other, at(2017, 9, 1), by=world.contact_a)

    client.force_login(world.coordinator)
    extras(2)
    few = queries_for(client, reverse("development:pending_extras"))
    extras(20)
    many = queries_for(client, reverse("development:pending_extras"))
    assert few == many, f"{few} queries for 2 extras, {many} for 22"
    page = client.get(reverse("development:pending_extras")).content.decode()
    assert page.count("/decide/") == 22


# --- Records -----------------------------------------------------------------------------------


def test_a_record_turns_its_follow_up_actions_into_actions_of_the_plan(client, world, plan):
    goal = Goal.objects.create(plan=plan, title="Osallisuus kasvaa")
    workshop = plan_one(plan, at(2017, 6, 1))
    client.force_login(world.consultant_a)
    url = reverse("development:workshop_record", kwargs={"pk": workshop.pk})
    response = client.post(
        url,
        {
            "summary": "Käytiin läpi nuorisovaltuuston rooli.",
            "decisions": "Nuorisovaltuusto mukaan budjettiin.",
            "actions-TOTAL_FORMS": "3",
            "actions-INITIAL_FORMS": "0",
            "actions-0-goal": goal.pk,
            "actions-0-description": "Kutsu nuorisovaltuusto budjettiseminaariin",
            "actions-0-owner": world.participant_a.pk,
            "actions-0-due_date": "2017-09-30",
        },
    )
    assert response.status_code == 302
    workshop.refresh_from_db()
    record = workshop.record
    assert record.written_by == world.consultant_a
    (action,) = Action.objects.all()
    assert (action.goal, action.from_record, action.owner) == (goal, record, world.participant_a)
    assert action.description == "Kutsu nuorisovaltuusto budjettiseminaariin"

    # The municipality's people read it; the action is in the plan.
    client.force_login(world.participant_a)
    page = client.get(url).content.decode()
    assert "nuorisovaltuuston rooli" in page and "budjettiseminaariin" in page
    assert list(goal.actions.filter(from_record__isnull=False)) == [action]
    event_link = reverse("events:event", args=[workshop.event_id])
    assert event_link in page

    # Another municipality reads the shared plan's record: the workshop's event is not theirs
    # to open, so its title is not a link to a 404.
    DevelopmentPlan.objects.filter(pk=plan.pk).update(shared=True)
    client.force_login(world.participant_b)
    page = client.get(url).content.decode()
    assert "nuorisovaltuuston rooli" in page and workshop.event.title in page
    assert event_link not in page
    assert reverse("events:materials", args=[workshop.event_id]) not in page


def test_a_refused_action_row_saves_neither_the_record_nor_any_action(client, world, plan):
    goal = Goal.objects.create(plan=plan, title="Osallisuus kasvaa")
    workshop = plan_one(plan, at(2017, 6, 1))
    client.force_login(world.coordinator)
    response = client.post(
        reverse("development:workshop_record", kwargs={"pk": workshop.pk}),
        {
            "summary": "Yhteenveto",
            "actions-TOTAL_FORMS": "2",
            "actions-INITIAL_FORMS": "0",
            "actions-0-goal": goal.pk,
            "actions-0-description": "Hyvä toimenpide",
            "actions-1-goal": goal.pk,
            "actions-1-description": "   ",
        },
    )
    assert response.status_code == 200
    assert not Action.objects.exists()
    assert not hasattr(Workshop.objects.get(pk=workshop.pk), "record")


def test_the_record_waits_for_the_workshop_to_start_and_can_be_edited_later(world, plan):
    workshop = plan_one(plan, at(2017, 9, 1))
    with pytest.raises(DomainError):
        write_record(workshop=workshop, summary="Liian aikaisin", decisions="", by=None)
    with time_machine.travel(at(2017, 9, 1, 10), tick=False):
        write_record(workshop=workshop, summary="Ensimmäinen", decisions="", by=world.consultant_a)
    with time_machine.travel(at(2017, 10, 1), tick=False):
        record = write_record(
            workshop=workshop, summary="Korjattu", decisions="Päätös", by=world.coordinator
        )
    assert (record.summary, record.decisions) == ("Korjattu", "Päätös")
    assert record.history.count() == 2


# --- Who may do what -----------------------------------------------------------------------------


def test_a_consultant_of_another_municipality_gets_404_for_the_plans_workshops(client, world, plan):
    workshop = plan_one(plan, at(2017, 6, 1))
    client.force_login(world.consultant_other)
    for url in (
        reverse("development:workshops", kwargs={"pk": plan.pk}),
        reverse("development:workshop_add", kwargs={"pk": plan.pk}),
        reverse("development:workshop_record", kwargs={"pk": workshop.pk}),
    ):
        assert client.get(url).status_code == 404
    client.force_login(world.contact_b)
    assert client.get(reverse("development:workshops", kwargs={"pk": plan.pk})).status_code == 404


def test_a_participant_reads_the_workshops_but_cannot_plan_one(client, world, plan):
    client.force_login(world.participant_a)
    assert client.get(reverse("development:workshops", kwargs={"pk": plan.pk})).status_code == 200
    url = reverse("development:workshop_add", kwargs={"pk": plan.pk})
    assert client.get(url).status_code == 403
    assert client.post(url, form_data(at(2017, 9, 5))).status_code == 403
    assert not Workshop.objects.exists()


def test_only_coordinators_decide_on_extras(client, world, plan):
    for month in (3, 9, 10):
        plan_one(plan, at(2017, month, 1))
    extra = plan_one(plan, at(2017, 11, 7))
    url = reverse("development:workshop_decide", kwargs={"pk": extra.pk})
    for person in (world.contact_a, world.consultant_a):
        client.force_login(person)
        assert client.post(url, {"decision": "approve"}).status_code == 403
        assert client.get(reverse("development:pending_extras")).status_code == 403
    extra.refresh_from_db()
    assert extra.approval == Workshop.Approval.PENDING


def test_only_the_plans_consultants_and_coordinators_write_records(client, world, plan):
    workshop = plan_one(plan, at(2017, 6, 1))
    url = reverse("development:workshop_record", kwargs={"pk": workshop.pk})
    client.force_login(world.contact_a)
    assert client.get(url).status_code == 200
    assert client.post(url, {"summary": "x"}).status_code == 403


def test_the_empty_form_already_warns_when_its_default_time_is_beyond_the_quota(
    client, world, plan
):
    for month in (3, 9, 10):
        plan_one(plan, at(2017, month, 1))
    client.force_login(world.coordinator)
    page = client.get(reverse("development:workshop_add", kwargs={"pk": plan.pk}))
    assert "1\xa0200,00\xa0€" in page.content.decode()


def test_the_plan_page_shows_each_years_quota_as_the_workshops_page_does(client, world, plan):
    client.force_login(world.contact_a)
    page = client.get(reverse("development:plan", args=[plan.pk]))
    assert [quota.year for quota in page.context["quotas"]] == list(world.period.years)
