"""Writes in the network domain: registry loads, population imports, applications, peer groups."""

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from uso.accounts.models import Role
from uso.core.errors import DomainError
from uso.core.mail import queue_email

from .models import JoinApplication, Membership, Municipality, PeerGroup, Population, Region

MUNICIPALITIES_CSV = Path(__file__).parent / "data" / "municipalities.csv"


def load_municipalities(*, region_model=Region, municipality_model=Municipality) -> int:
    """Create or update the regions and municipalities from the bundled CSV. Idempotent.

    Takes the model classes so that the data migration can pass its historical models.
    """
    with MUNICIPALITIES_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    regions = {}
    for row in rows:
        if row["region_code"] not in regions:
            regions[row["region_code"]], _created = region_model.objects.update_or_create(
                code=row["region_code"],
                defaults={"name_fi": row["region_fi"], "name_sv": row["region_sv"]},
            )
    for row in rows:
        municipality_model.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_fi": row["name_fi"],
                "name_sv": row["name_sv"],
                "region": regions[row["region_code"]],
                "language": row["language"],
            },
        )
    return len(rows)


# --- Population -------------------------------------------------------------------------------


@transaction.atomic
def set_population(
    *,
    municipality: Municipality,
    year: int,
    inhabitants: int,
    source: str = Population.Source.MANUAL,
) -> Population:
    population, _created = Population.objects.update_or_create(
        municipality=municipality,
        year=year,
        defaults={"inhabitants": inhabitants, "source": source},
    )
    return population


@dataclass
class RowError:
    line: int
    message: str

    def __str__(self):
        return _("Line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class PopulationImport:
    figures: list[tuple[Municipality, int, int]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    skipped_totals: int = 0


AGGREGATE_PREFIXES = ("SSS", "MK", "KOKO MAA", "HELA LANDET", "WHOLE COUNTRY")
AREA_HEADERS = {"alue", "område", "area", "kunta", "kommun", "municipality"}
YEAR_HEADERS = {"vuosi", "år", "year"}


def decode_upload(data: bytes) -> str:
    """Statistics Finland serves UTF-8 (often with a BOM); older exports are Windows-1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def municipality_lookup() -> dict[str, Municipality]:
    lookup = {}
    for municipality in Municipality.objects.all():
        lookup[municipality.code] = municipality
        lookup[municipality.name_fi.casefold()] = municipality
        lookup[municipality.name_sv.casefold()] = municipality
    return lookup


def resolve_area(area: str, lookup: dict) -> Municipality | None:
    """`KU091 Helsinki`, `091`, `91` or a Finnish or Swedish name."""
    text = area.strip()
    if text[:2].upper() == "KU" and text[2:5].isdigit():
        return lookup.get(text[2:5])
    if text.isdigit():
        return lookup.get(text.zfill(3))
    return lookup.get(text.casefold())


def _parse_count(value: str) -> int | None:
    cleaned = value.replace("\xa0", "").replace(" ", "").strip()
    return int(cleaned) if cleaned.isdigit() else None


def year_of(header: str) -> int | None:
    for token in header.replace('"', " ").split():
        if len(token) == 4 and token.isdigit() and 1900 <= int(token) <= 2100:
            return int(token)
    return None


def parse_population_csv(text: str) -> PopulationImport:
    """Read a PxWeb semicolon-separated export, long (area;year;value) or wide (a column a year).

    Title lines before the header and the country and region totals are skipped. Every bad
    row is reported with its line number; nothing is written here.
    """
    result = PopulationImport()
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    header_index = next(
        (i for i, row in enumerate(lines) if row and row[0].strip().casefold() in AREA_HEADERS),
        None,
    )
    if header_index is None:
        result.errors.append(
            RowError(1, _("No header row found: the first column must be Alue, Område or Area."))
        )
        return result
    header = [cell.strip() for cell in lines[header_index]]
    year_column = next((i for i, h in enumerate(header) if h.casefold() in YEAR_HEADERS), None)
    year_columns = {i: year_of(h) for i, h in enumerate(header) if i and year_of(h)}
    if year_column is None and not year_columns:
        result.errors.append(
            RowError(header_index + 1, _("No year column and no column named by a year."))
        )
        return result
    lookup = municipality_lookup()
    seen: dict[tuple[int, int], int] = {}
    for index, row in enumerate(lines[header_index + 1 :], start=header_index + 2):
        if not any(cell.strip() for cell in row):
            continue
        area = row[0].strip()
        if area.upper().startswith(AGGREGATE_PREFIXES):
            result.skipped_totals += 1
            continue
        municipality = resolve_area(area, lookup)
        if municipality is None:
            result.errors.append(RowError(index, _("Unknown municipality “%s”.") % area))
            continue
        if year_column is not None:
            pairs = [(year_of(row[year_column]) if year_column < len(row) else None, row[-1])]
        else:
            pairs = [(year, row[i] if i < len(row) else "") for i, year in year_columns.items()]
        for year, value in pairs:
            count = _parse_count(value)
            if year is None:
                result.errors.append(RowError(index, _("The year is missing or not a year.")))
            elif count is None:
                result.errors.append(
                    RowError(
                        index,
                        _("“%(value)s” is not a number of inhabitants (%(area)s, %(year)s).")
                        % {"value": value.strip(), "area": area, "year": year},
                    )
                )
            elif (municipality.pk, year) in seen:
                result.errors.append(
                    RowError(
                        index,
                        _("%(area)s %(year)s appears already on line %(line)s.")
                        % {"area": area, "year": year, "line": seen[(municipality.pk, year)]},
                    )
                )
            else:
                seen[(municipality.pk, year)] = index
                result.figures.append((municipality, year, count))
    if not result.figures and not result.errors:
        result.errors.append(RowError(header_index + 2, _("The file has no population figures.")))
    return result


@transaction.atomic
def import_population(*, data: bytes) -> PopulationImport:
    """All or nothing: if any row is bad, nothing is written and every bad row is listed."""
    try:
        text = decode_upload(data)
    except UnicodeDecodeError:
        result = PopulationImport()
        result.errors.append(RowError(1, _("The file is not text in UTF-8 or Windows-1252.")))
        return result
    result = parse_population_csv(text)
    if result.errors:
        return result
    for municipality, year, inhabitants in result.figures:
        set_population(
            municipality=municipality,
            year=year,
            inhabitants=inhabitants,
            source=Population.Source.STATISTICS_FINLAND,
        )
    return result


# --- Applications to join ----------------------------------------------------------------------


@transaction.atomic
def apply_to_join(
    *,
    period,
    municipality: Municipality,
    contact_name: str,
    contact_title: str,
    contact_email: str,
    contact_phone: str = "",
    message: str = "",
) -> Membership:
    if not period.is_open_for_applications:
        raise DomainError(_("This period does not take applications."))
    existing = Membership.objects.filter(period=period, municipality=municipality).first()
    if existing is not None:
        if existing.status == Membership.Status.APPLIED:
            raise DomainError(
                _(
                    "%(municipality)s has already applied to %(period)s. The coordinator will "
                    "be in touch."
                )
                % {"municipality": municipality, "period": period},
                field="municipality",
            )
        raise DomainError(
            _(
                "%(municipality)s already has a membership in %(period)s (%(status)s). Please "
                "contact the network coordinator."
            )
            % {
                "municipality": municipality,
                "period": period,
                "status": existing.get_status_display(),
            },
            field="municipality",
        )
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                period=period,
                municipality=municipality,
                status=Membership.Status.APPLIED,
                invoice_language=municipality.default_language,
            )
    except IntegrityError as error:  # a simultaneous application won the race
        raise DomainError(
            _("%(municipality)s has already applied to %(period)s.")
            % {"municipality": municipality, "period": period},
            field="municipality",
        ) from error
    JoinApplication.objects.create(
        membership=membership,
        contact_name=contact_name,
        contact_title=contact_title,
        contact_email=contact_email.lower(),
        contact_phone=contact_phone,
        message=message,
    )
    return membership


@transaction.atomic
def approve_application(*, membership: Membership, by) -> Membership:
    from uso.accounts.services import invite_person

    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.status != Membership.Status.APPLIED:
        raise DomainError(_("Only an application that waits for a decision can be approved."))
    if membership.period.end_date < timezone.localdate():
        raise DomainError(
            _(
                "The period %(period)s has ended: decline the application, or ask the "
                "municipality to apply for a period that is running."
            )
            % {"period": membership.period}
        )
    application = membership.application
    membership.status = Membership.Status.ACTIVE
    membership.joined_on = timezone.localdate()
    membership.save()
    application.decided_at = timezone.now()
    application.decided_by = by
    application.save()
    first_name, _space, last_name = application.contact_name.strip().partition(" ")
    invite_person(
        email=application.contact_email,
        first_name=first_name,
        last_name=last_name,
        municipality=membership.municipality,
        role=Role.CONTACT,
        position=application.contact_title,
        phone=application.contact_phone,
        language=membership.invoice_language,
        invited_by=by,
        update_existing=True,  # the municipality's own person may already have an account
    )
    return membership


@transaction.atomic
def decline_application(*, membership: Membership, by) -> Membership:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.status != Membership.Status.APPLIED:
        raise DomainError(_("Only an application that waits for a decision can be declined."))
    membership.status = Membership.Status.DECLINED
    membership.save()
    membership.application.decided_at = timezone.now()
    membership.application.decided_by = by
    membership.application.save()
    return membership


# --- Peer groups -------------------------------------------------------------------------------


@transaction.atomic
def rebuild_peer_group(*, group: PeerGroup) -> PeerGroup:
    """Set a rule-based group's members to the period's active members that match the rule."""
    if not group.has_rule:
        return group
    candidates = Municipality.objects.members_of(group.period).with_population()
    if group.rule_size_class:
        candidates = candidates.in_size_class(group.rule_size_class)
    if group.rule_region_id:
        candidates = candidates.filter(region_id=group.rule_region_id)
    if group.rule_language:
        candidates = candidates.filter(language=group.rule_language)
    group.members.set(list(candidates.values_list("pk", flat=True)))
    return group


@transaction.atomic
def assign_consultants(*, membership: Membership, consultants) -> Membership:
    from .models import ConsultantAssignment

    wanted = {consultant.pk for consultant in consultants}
    # One row at a time, so that the history records who removed or added each consultant.
    for assignment in membership.assignments.exclude(consultant_id__in=wanted):
        assignment.delete()
    have = set(membership.assignments.values_list("consultant_id", flat=True))
    for consultant_id in wanted - have:
        ConsultantAssignment.objects.create(membership=membership, consultant_id=consultant_id)
    return membership


# --- The next period ---------------------------------------------------------------------------


@transaction.atomic
def start_next_period(*, previous, names: dict, start_date, end_date, by):
    """A new period from the last one: its theme areas, fee bands and peer groups copied."""
    from uso.billing.services import copy_fee_schedule

    from .models import Period

    if start_date <= previous.end_date:
        raise DomainError(
            _("The new period must start after %(period)s ends.") % {"period": previous},
            field="start_date",
        )
    if end_date <= start_date:
        raise DomainError(_("The period must end after it starts."), field="end_date")
    period = Period(
        network=previous.network,
        follows=previous,
        start_date=start_date,
        end_date=end_date,
        seminars_per_year=previous.seminars_per_year,
        workshop_quota=previous.workshop_quota,
        workshop_quota_unit=previous.workshop_quota_unit,
        is_open_for_applications=True,
        **{f"name_{lang}": names.get(lang, "") for lang in ("fi", "sv", "en")},
        **{
            f"description_{lang}": getattr(previous, f"description_{lang}")
            for lang in ("fi", "sv", "en")
        },
    )
    period.full_clean()
    period.save()
    for area in previous.theme_areas.prefetch_related("sub_themes"):
        subs = list(area.sub_themes.all())
        area.pk, area.period = None, period
        area.save()
        for sub in subs:
            sub.pk, sub.theme_area = None, area
            sub.save()
    for group in previous.peer_groups.prefetch_related("members"):
        members = list(group.members.all())
        group.pk, group.period = None, period
        group.save()
        if not group.has_rule:
            group.members.set(members)
    copy_fee_schedule(source=previous, target=period)
    previous.is_open_for_applications = False
    previous.save(update_fields=["is_open_for_applications"])
    return period


def renewal_recipient(membership) -> str:
    from uso.accounts.models import Role, User

    contact = (
        User.objects.active()
        .filter(municipality=membership.municipality, role=Role.CONTACT)
        .order_by("pk")
        .first()
    )
    return contact.email if contact else membership.billing_contact_email


@transaction.atomic
def request_renewals(*, previous, next_period, by) -> int:
    """E-mail each active member of `previous` a link to continue in `next_period`; once."""
    import secrets

    from django.urls import reverse

    from .models import RenewalRequest

    sent = 0
    memberships = previous.memberships.active().select_related("municipality")
    for membership in memberships:
        if RenewalRequest.objects.filter(membership=membership, next_period=next_period).exists():
            continue
        if Membership.objects.filter(
            period=next_period, municipality=membership.municipality
        ).exists():
            continue
        recipient = renewal_recipient(membership)
        if not recipient:
            continue
        request = RenewalRequest.objects.create(
            membership=membership,
            next_period=next_period,
            token=secrets.token_urlsafe(32),
            sent_to=recipient,
        )
        link = settings.SITE_URL + reverse("network:renew", args=[request.token])
        queue_email(
            to=recipient,
            template="network/email/renewal",
            language=membership.invoice_language,
            context={"membership": membership, "next_period": next_period, "link": link},
        )
        sent += 1
    return sent


@transaction.atomic
def answer_renewal(*, token: str, renew: bool):
    from .models import RenewalRequest

    request = (
        RenewalRequest.objects.select_for_update()
        .select_related("membership__municipality", "next_period")
        .filter(token=token)
        .first()
    )
    if request is None:
        raise DomainError(_("This link is not valid."))
    if request.answer:
        raise DomainError(_("This request has been answered already."))
    request.answer = RenewalRequest.Answer.RENEW if renew else RenewalRequest.Answer.DECLINE
    request.answered_at = timezone.now()
    request.save()
    if renew:
        old = request.membership
        Membership.objects.get_or_create(
            municipality=old.municipality,
            period=request.next_period,
            defaults={
                "status": Membership.Status.ACTIVE,
                "joined_on": request.next_period.start_date,
                **{
                    name: getattr(old, name)
                    for name in (
                        "population_basis",
                        "population_reference_date",
                        "business_id",
                        "einvoice_address",
                        "einvoice_operator",
                        "billing_address",
                        "billing_contact_name",
                        "billing_contact_email",
                        "invoice_language",
                        "buyer_reference",
                    )
                },
            },
        )
    return request
