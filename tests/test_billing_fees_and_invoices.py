"""Fee schedules, VAT by date, invoice runs, numbering and credit notes."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from uso.billing import services
from uso.billing.models import FeeSchedule, Invoice
from uso.billing.references import is_valid_finnish_reference, is_valid_rf_reference
from uso.core.errors import DomainError

from .billing_factories import billed_period
from .factories import MembershipFactory, PeriodFactory

pytestmark = pytest.mark.django_db


def test_bands_with_a_gap_and_an_overlap_are_refused_with_both_named():
    from django.utils import translation

    with translation.override("fi"):
        problems = services.band_problems([(0, 4999), (6000, 20000), (15000, None)])
    text = " ".join(problems)
    assert "5\xa0000–5\xa0999" in text and "6\xa0000" in text and "15\xa0000" in text
    assert services.band_problems([(0, 4999), (5000, None)]) == []
    assert services.band_problems([(100, None)])  # 0–99 missing
    assert services.band_problems([(0, 5000)])  # no upper end


def test_coordinator_saves_a_fee_schedule_and_a_gap_changes_nothing(client, world):
    client.force_login(world.coordinator)
    url = reverse("billing:fee_schedule", args=[world.period.pk])
    form = {
        "bands-TOTAL_FORMS": "2",
        "bands-INITIAL_FORMS": "0",
        "bands-0-min_population": "0",
        "bands-0-max_population": "9999",
        "bands-0-annual_fee": "8000",
        "bands-1-min_population": "10000",
        "bands-1-max_population": "",
        "bands-1-annual_fee": "16000",
        "schedule-extra_workshop_price": "1500",
    }
    assert client.post(url, form).status_code == 302
    schedule = FeeSchedule.objects.get(period=world.period)
    assert [b.annual_fee for b in schedule.bands.all()] == [Decimal("8000"), Decimal("16000")]
    response = client.post(url, {**form, "bands-1-min_population": "12000"})
    assert response.status_code == 200 and "10\xa0000–11\xa0999" in response.content.decode()
    assert schedule.bands.count() == 2 and schedule.bands.last().min_population == 10000


def test_fee_follows_the_band_and_an_override_needs_a_reason():
    period, (small, middle, big) = billed_period()
    assert services.annual_fee_of(small) == Decimal("8000.00")
    assert services.annual_fee_of(big) == Decimal("12000.00")
    with pytest.raises(DomainError):
        services.set_fee_override(membership=small, annual_fee=Decimal("5000"), reason="", by=None)
    services.set_fee_override(
        membership=small, annual_fee=Decimal("5000"), reason="Hallituksen päätös", by=None
    )
    small.refresh_from_db()
    assert services.annual_fee_of(small) == Decimal("5000")
    assert small.fee_override.history.first().reason == "Hallituksen päätös"


def test_a_year_across_the_vat_change_is_split_by_months():
    period, (membership,) = billed_period(1, start=date(2024, 1, 1), end=date(2025, 12, 31))
    membership.population_basis = 30000
    membership.save()
    (invoice,) = services.run_invoices(period=period, year=2024, pro_rata=False, by=None)
    lines = list(invoice.lines.all())
    assert [(line.vat_rate, line.net, line.vat, int(line.quantity)) for line in lines] == [
        (Decimal("24.00"), Decimal("8000.00"), Decimal("1920.00"), 8),
        (Decimal("25.50"), Decimal("4000.00"), Decimal("1020.00"), 4),
    ]
    assert (lines[0].supply_end, lines[1].supply_start) == (date(2024, 8, 31), date(2024, 9, 1))
    assert invoice.net + invoice.vat == invoice.gross == Decimal("14940.00")
    assert [row["vat_rate"] for row in invoice.vat_breakdown()] == [Decimal("24"), Decimal("25.5")]


def test_cents_are_rounded_half_up_per_line_and_add_up():
    period, (membership,) = billed_period(1)
    services.set_fee_override(
        membership=membership, annual_fee=Decimal("1000.05"), reason="x", by=None
    )
    membership.joined_on = date(2017, 6, 1)
    membership.save()
    (invoice,) = services.run_invoices(period=period, year=2017, pro_rata=True, by=None)
    line = invoice.lines.get()
    assert line.quantity == 7 and line.net == Decimal("583.36")  # 1000.05 × 7/12 = 583.3625
    assert line.vat == Decimal("140.01")  # 583.36 × 24 % = 140.0064
    assert line.gross == line.net + line.vat


def test_mid_year_joiner_pays_whole_months_when_chosen():
    period, (membership,) = billed_period(1)
    membership.joined_on = date(2017, 3, 15)
    membership.save()
    drafts = services.plan_invoice_run(period=period, year=2017, pro_rata=True)
    assert drafts[0].lines[0].months == 9  # April–December
    full = services.plan_invoice_run(period=period, year=2017, pro_rata=False)
    assert full[0].lines[0].months == 12


def test_preview_creates_nothing_and_a_repeated_run_creates_nothing_twice():
    period, memberships = billed_period(3)
    drafts = services.plan_invoice_run(period=period, year=2017, pro_rata=False)
    assert len(drafts) == 3 and not Invoice.objects.exists()
    first = services.run_invoices(period=period, year=2017, pro_rata=False, by=None)
    assert len(first) == 3
    assert services.run_invoices(period=period, year=2017, pro_rata=False, by=None) == []
    numbers = sorted(Invoice.objects.values_list("number", flat=True))
    assert numbers == list(range(numbers[0], numbers[0] + 3))


def test_members_without_a_fee_basis_are_listed_not_invoiced():
    period, _memberships = billed_period(1)
    MembershipFactory(period=period, population_basis=None)
    drafts = services.plan_invoice_run(period=period, year=2017, pro_rata=False)
    assert sorted(bool(d.problem) for d in drafts) == [False, True]
    assert len(services.run_invoices(period=period, year=2017, pro_rata=False, by=None)) == 1


def test_invoice_carries_what_the_vat_act_asks():
    period, (membership,) = billed_period(1)
    (invoice,) = services.run_invoices(
        period=period, year=2017, pro_rata=False, by=None, invoice_date=date(2017, 2, 1)
    )
    assert invoice.seller_business_id and invoice.seller_vat_id and invoice.seller_iban
    assert invoice.buyer_address and invoice.buyer_business_id == "0201256-6"
    assert invoice.due_date == date(2017, 2, 15)
    assert (invoice.supply_start, invoice.supply_end) == (date(2017, 1, 1), date(2017, 12, 31))
    assert is_valid_finnish_reference(invoice.reference)
    assert is_valid_rf_reference(invoice.rf_reference)
    assert len(invoice.virtual_barcode) == 54 and invoice.virtual_barcode.startswith("4")
    # Addresses are copied: changing the membership later does not change the invoice.
    membership.billing_address = "Muuttunut"
    membership.save()
    invoice.refresh_from_db()
    assert invoice.buyer_address != "Muuttunut"


def test_credit_note_has_its_own_number_and_refers_to_the_original(client, world):
    period, (membership,) = billed_period(1)
    (invoice,) = services.run_invoices(period=period, year=2017, pro_rata=False, by=None)
    client.force_login(world.coordinator)
    client.post(reverse("billing:credit", args=[invoice.pk]), {"reason": "Väärä väkiluku"})
    credit = Invoice.objects.get(kind=Invoice.Kind.CREDIT_NOTE)
    assert credit.credited_invoice == invoice and credit.display_number.startswith("H")
    assert credit.gross == -invoice.gross and credit.reference != invoice.reference
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.CREDITED
    with pytest.raises(DomainError):
        services.issue_credit_note(invoice=invoice, reason="again", by=None)
    # The credited year can be invoiced again, correctly this time; once.
    (again,) = services.run_invoices(period=period, year=2017, pro_rata=False, by=None)
    assert again.pk != invoice.pk and again.status == Invoice.Status.OPEN
    assert services.run_invoices(period=period, year=2017, pro_rata=False, by=None) == []
    assert invoice.open_amount == 0 and credit.open_amount == 0


def test_invoice_run_pages_preview_then_issue(client, world):
    period, memberships = billed_period(2)
    memberships[1].billing_address = "Kunta\nPL 1"  # no postal code and town: no Finvoice
    memberships[1].billing_contact_email = ""  # and no reminders by e-mail
    memberships[1].save()
    client.force_login(world.coordinator)
    preview = client.get(reverse("billing:invoice_run"), {"period": period.pk, "year": 2017})
    assert preview.status_code == 200 and len(preview.context["drafts"]) == 2
    einvoiceable = {d.membership: d.can_be_einvoiced for d in preview.context["drafts"]}
    assert einvoiceable == {memberships[0]: True, memberships[1]: False}
    assert preview.content.decode().count("Ei Finvoicea") == 1
    assert preview.content.decode().count("Ei laskutuksen yhteyshenkilön sähköpostia") == 1
    assert not Invoice.objects.exists()
    response = client.post(reverse("billing:invoice_run"), {"period": period.pk, "year": 2017})
    assert response.status_code == 302 and Invoice.objects.count() == 2
    bad = client.get(reverse("billing:invoice_run"), {"period": period.pk, "year": 2030})
    assert bad.context["form"].errors["year"]


def test_contact_person_sees_own_invoices_only(client, world):
    services_period = world.period
    from .billing_factories import fee_schedule

    fee_schedule(services_period)
    for membership in (world.membership_a, world.membership_b):
        membership.population_basis = 12000
        membership.save()
    services.run_invoices(period=services_period, year=2017, pro_rata=False, by=None)
    own = Invoice.objects.get(membership=world.membership_a)
    other = Invoice.objects.get(membership=world.membership_b)
    client.force_login(world.contact_a)
    listed = client.get(reverse("billing:invoices")).context["object_list"]
    assert list(listed) == [own]
    assert client.get(reverse("billing:invoice", args=[other.pk])).status_code == 404
    assert client.get(reverse("billing:invoice_pdf", args=[other.pk])).status_code == 404
    assert client.get(reverse("billing:invoice_pdf", args=[own.pk])).status_code == 200
    client.force_login(world.participant_a)
    assert client.get(reverse("billing:invoice", args=[own.pk])).status_code == 403


def test_period_without_fee_schedule_says_so():
    period = PeriodFactory()
    MembershipFactory(period=period, population_basis=1000)
    (draft,) = services.plan_invoice_run(period=period, year=2017, pro_rata=False)
    assert draft.problem


def test_fee_schedule_page_shows_saved_fees_in_finnish_and_takes_commas(client, world):
    from .billing_factories import fee_schedule

    fee_schedule(world.period)
    client.force_login(world.coordinator)
    url = reverse("billing:fee_schedule", args=[world.period.pk])
    page = client.get(url).content.decode()
    assert 'value="8000,00"' in page and 'value="16000,00"' in page
    response = client.post(
        url,
        {
            "bands-TOTAL_FORMS": "2",
            "bands-INITIAL_FORMS": "0",
            "bands-0-min_population": "0",
            "bands-0-max_population": "4999",
            "bands-0-annual_fee": "8000,50",
            "bands-1-min_population": "5000",
            "bands-1-max_population": "",
            "bands-1-annual_fee": "9000,00",
            "schedule-extra_workshop_price": "1500,00",
        },
    )
    assert response.status_code == 302
    assert FeeSchedule.objects.get(period=world.period).bands.first().annual_fee == Decimal(
        "8000.50"
    )


def test_a_member_who_joined_after_the_year_is_not_billed_for_it():
    period, (membership,) = billed_period(1)
    membership.joined_on = date(2026, 11, 28)
    membership.save()
    (draft,) = services.plan_invoice_run(period=period, year=2018, pro_rata=False)
    assert draft.problem and not draft.lines


def test_a_swedish_invoice_counts_months_in_swedish_whoever_runs_it():
    from django.utils import translation

    period, (membership,) = billed_period(1)
    membership.invoice_language = "sv"
    membership.save()
    with translation.override("fi"):
        (invoice,) = services.run_invoices(period=period, year=2017, pro_rata=False, by=None)
    assert {line.unit for line in invoice.lines.all()} == {"mån"}
