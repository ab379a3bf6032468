"""Writes about people: invitations, role hand-overs, imports, personal data and erasure."""

import csv
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from uso.core.errors import DomainError
from uso.core.mail import queue_email

from .models import Invitation, Language, Leadership, Role, User

STAFF_WITHOUT_MUNICIPALITY = gettext_lazy(
    "The network's staff (coordinators and consultants) belong to no municipality."
)


@transaction.atomic
def invite_person(
    *,
    email: str,
    first_name: str,
    last_name: str,
    municipality,
    role: str,
    invited_by,
    position: str = "",
    leadership: str = "",
    phone: str = "",
    language: str | None = None,
    send: bool = True,
    update_existing: bool = False,
) -> User:
    """Create the person (or reactivate a deactivated one) and e-mail them a one-time link.

    A person already known under the address stays where they are unless a coordinator moves
    them, and never while their account is in use: a municipality's contact person must not
    take over another municipality's person, not even a deactivated or invited one. A person
    whose account is in use is changed only where the caller says so (`update_existing`: an
    import, an approved application), not by inviting them again: that took the role from a
    contact person invited by mistake as a participant."""
    email = email.strip().lower()
    if municipality is None and role in (Role.CONTACT, Role.PARTICIPANT):
        raise DomainError(_("A municipal person needs a municipality."), field="municipality")
    if municipality is not None and role in (Role.COORDINATOR, Role.CONSULTANT):
        raise DomainError(STAFF_WITHOUT_MUNICIPALITY, field="municipality")
    user = User.objects.filter(email__iexact=email).first()
    in_use = user is not None and user.is_active and user.has_usable_password()
    elsewhere = user is not None and user.municipality_id != getattr(municipality, "pk", None)
    if elsewhere and (in_use or not invited_by.is_coordinator):
        message = (
            _("%(email)s belongs to the network's staff.")
            if user.municipality_id is None
            else _("%(email)s already belongs to another municipality.")
        )
        raise DomainError(message % {"email": email}, field="email")
    if in_use and not update_existing:
        raise DomainError(
            _("%(email)s already has an account in the platform.") % {"email": email},
            field="email",
        )
    if user is None:
        user = User(email=email, language=language or Language.FI)
        user.set_unusable_password()
    user.first_name = first_name or user.first_name
    user.last_name = last_name or user.last_name
    user.municipality = municipality
    user.role = role
    user.position = position or user.position
    user.leadership = leadership or user.leadership
    user.phone = phone or user.phone
    user.language = language or user.language
    user.is_active = True
    user.full_clean()
    user.save()
    if send:
        send_invitation(user=user, invited_by=invited_by)
    return user


def send_invitation(*, user: User, invited_by) -> Invitation:
    user.invitations.usable().update(expires_at=timezone.now())
    invitation = Invitation.objects.create(user=user, invited_by=invited_by)
    link = settings.SITE_URL + reverse("accounts:accept_invitation", args=[invitation.token])
    queue_email(
        to=user.email,
        template="accounts/email/invitation",
        context={
            "user": user,
            "invited_by": invited_by,
            "link": link,
            "valid_days": settings.INVITATION_VALID_DAYS,
        },
        language=user.language,
    )
    return invitation


def usable_invitation(token: str) -> Invitation | None:
    return Invitation.objects.usable().select_related("user").filter(token=token).first()


@transaction.atomic
def accept_invitation(*, token: str, password: str) -> User:
    invitation = Invitation.objects.select_for_update().filter(token=token).first()
    if invitation is None or not invitation.is_usable:
        raise DomainError(_("This invitation link has been used or has expired."))
    user = invitation.user
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages), field="password") from error
    user.set_password(password)
    user.is_active = True
    user.save()
    invitation.accepted_at = timezone.now()
    invitation.save()
    return user


@transaction.atomic
def deactivate_people(*, people, by) -> int:
    """Deactivate accounts (after council elections, say). Records about them are kept."""
    ids = [person.pk for person in people if person.pk != by.pk]
    count = User.objects.filter(pk__in=ids, is_active=True).update(is_active=False)
    Invitation.objects.filter(user_id__in=ids).usable().update(expires_at=timezone.now())
    return count


@transaction.atomic
def remove_person(*, person: User, by) -> User:
    if person.pk == by.pk:
        raise DomainError(_("You cannot remove yourself."))
    deactivate_people(people=[person], by=by)
    person.refresh_from_db()
    return person


@transaction.atomic
def hand_over_contact_role(*, municipality, to: User, by) -> User:
    """Make `to` the municipality's contact person; the previous ones become participants."""
    if to.municipality_id != municipality.pk:
        raise DomainError(_("The new contact person must belong to the municipality."))
    if not to.is_active:
        raise DomainError(_("The new contact person's account is not active."))
    User.objects.filter(municipality=municipality, role=Role.CONTACT).exclude(pk=to.pk).update(
        role=Role.PARTICIPANT
    )
    to.role = Role.CONTACT
    to.save()
    return to


# --- Import ------------------------------------------------------------------------------------

IMPORT_COLUMNS = [
    "email",
    "first_name",
    "last_name",
    "municipality",
    "role",
    "leadership",
    "position",
    "phone",
    "language",
]
REQUIRED_COLUMNS = {"email", "first_name", "last_name", "role"}


@dataclass
class PeopleImport:
    rows: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0


def _table_from_upload(name: str, data: bytes) -> list[list[str]]:
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
        except Exception as error:  # openpyxl raises many kinds for a broken file
            raise DomainError(_("The file is not a readable XLSX workbook.")) from error
        return [
            ["" if cell is None else str(cell).strip() for cell in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    from uso.network.services import decode_upload

    text = decode_upload(data)
    dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t") if text.strip() else csv.excel
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)]


def _validate_person_row(values: dict, line: int, municipalities: dict, seen: dict) -> list[str]:
    from uso.network.services import RowError

    problems = []
    email = values.get("email", "").lower()
    try:
        validate_email(email)
    except ValidationError:
        problems.append(_("“%s” is not an e-mail address.") % email)
    if email in seen:
        problems.append(
            _("%(email)s appears already on line %(line)s.") % {"email": email, "line": seen[email]}
        )
    seen.setdefault(email, line)
    for column in ("first_name", "last_name"):
        if not values.get(column):
            problems.append(_("The column %s is empty.") % column)
    if values.get("role") not in Role.values:
        problems.append(
            _("Unknown role “%(role)s”; use one of %(roles)s.")
            % {"role": values.get("role", ""), "roles": ", ".join(Role.values)}
        )
    if values.get("leadership") and values["leadership"] not in Leadership.values:
        problems.append(
            _("Unknown leadership type “%s”; use political or professional.") % values["leadership"]
        )
    if values.get("language") and values["language"] not in Language.values:
        problems.append(_("Unknown language “%s”; use fi, sv or en.") % values["language"])
    area = values.get("municipality", "")
    if area and area.casefold() not in municipalities and area.zfill(3) not in municipalities:
        problems.append(_("Unknown municipality “%s”.") % area)
    if not area and values.get("role") in (Role.CONTACT, Role.PARTICIPANT):
        problems.append(_("A municipal person needs a municipality."))
    if area and values.get("role") in (Role.COORDINATOR, Role.CONSULTANT):
        problems.append(str(STAFF_WITHOUT_MUNICIPALITY))
    return [str(RowError(line, problem)) for problem in problems]


def import_people(*, filename: str, data: bytes, by, send_invitations: bool) -> PeopleImport:
    """Validate every row first; if any is bad, write nothing and list each problem by line."""
    from uso.network.models import Municipality

    result = PeopleImport()
    table = list(_table_from_upload(filename, data))
    if not table:
        result.errors.append(_("The file is empty."))
        return result
    header = [cell.strip().lower() for cell in table[0]]
    missing = REQUIRED_COLUMNS - set(header)
    if missing:
        result.errors.append(_("Line 1: missing columns: %s.") % ", ".join(sorted(missing)))
        return result
    municipalities = {}
    for municipality in Municipality.objects.all():
        municipalities[municipality.code] = municipality
        municipalities[municipality.name_fi.casefold()] = municipality
        municipalities[municipality.name_sv.casefold()] = municipality
    seen: dict[str, int] = {}
    lines = []
    for line, row in enumerate(table[1:], start=2):
        if not any(row):
            continue
        values = {name: (row[i] if i < len(row) else "") for i, name in enumerate(header)}
        result.errors += _validate_person_row(values, line, municipalities, seen)
        result.rows.append(values)
        lines.append(line)
    if not result.rows and not result.errors:
        result.errors.append(_("The file has no people."))
    if result.errors:
        return result
    with transaction.atomic():
        existing = set(User.objects.filter(email__in=list(seen)).values_list("email", flat=True))
        for line, values in zip(lines, result.rows, strict=True):
            result.errors += _save_person_row(values, line, municipalities, by, send_invitations)
        if result.errors:
            # What only saving finds (a phone number, a person of another municipality):
            # every such line is listed, and nothing is written.
            transaction.set_rollback(True)
            return result
        result.updated = len(existing)
        result.created = len(result.rows) - result.updated
    return result


def _save_person_row(values: dict, line: int, municipalities: dict, by, send: bool) -> list[str]:
    from uso.network.services import RowError

    area = values.get("municipality", "")
    municipality = municipalities.get(area.casefold()) or municipalities.get(area.zfill(3))
    try:
        with transaction.atomic():
            invite_person(
                email=values["email"],
                first_name=values["first_name"],
                last_name=values["last_name"],
                municipality=municipality if area else None,
                role=values["role"],
                leadership=values.get("leadership", ""),
                position=values.get("position", ""),
                phone=values.get("phone", ""),
                language=values.get("language") or Language.FI,
                invited_by=by,
                send=send,
                update_existing=True,
            )
    except DomainError as error:
        return [str(RowError(line, error.message))]
    except ValidationError as error:
        return [
            str(RowError(line, f"{column}: {' '.join(messages)}"))
            for column, messages in error.message_dict.items()
        ]
    return []


# --- Personal data -----------------------------------------------------------------------------


def export_personal_data(*, user: User) -> dict:
    """Everything the platform holds about a person, for their own download (GDPR art. 15)."""
    from uso.assessment import services as assessment_services
    from uso.community.models import Post
    from uso.network.models import ConsultantAssignment, JoinApplication

    data = {
        "exported_at": timezone.now().isoformat(),
        "person": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "phone": user.phone,
            "position": user.position,
            "leadership": user.leadership,
            "role": user.role,
            "language": user.language,
            "municipality": user.municipality.code if user.municipality else None,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "is_active": user.is_active,
        },
        "invitations": [
            {
                "created_at": i.created_at.isoformat(),
                "accepted_at": i.accepted_at.isoformat() if i.accepted_at else None,
            }
            for i in user.invitations.all()
        ],
        "applications_to_join": [
            {
                "municipality": a.membership.municipality.code,
                "period": str(a.membership.period),
                "name": a.contact_name,
                "title": a.contact_title,
                "phone": a.contact_phone,
                "message": a.message,
                "sent_at": a.created_at.isoformat(),
            }
            for a in JoinApplication.objects.filter(
                contact_email__iexact=user.email
            ).select_related("membership__municipality", "membership__period")
        ],
        "consultant_assignments": [
            {"municipality": a.membership.municipality.code, "period": str(a.membership.period)}
            for a in ConsultantAssignment.objects.filter(consultant=user).select_related(
                "membership__municipality", "membership__period"
            )
        ],
        "change_history": [
            {
                "at": h.history_date.isoformat(),
                "type": h.history_type,
                "email": h.email,
                "first_name": h.first_name,
                "last_name": h.last_name,
            }
            for h in user.history.all()
        ],
        "discussion_messages": [
            {
                "thread": post.thread.title,
                "written_at": post.created_at.isoformat(),
                "edited_at": post.edited_at.isoformat() if post.edited_at else None,
                "message": post.body,
            }
            for post in Post.objects.filter(author=user, deleted_at__isnull=True)
            .select_related("thread")
            .order_by("created_at", "id")
        ],
        "self_assessments": assessment_services.personal_data(user=user),
    }
    return data


@transaction.atomic
def delete_account(*, user: User) -> User:
    """Anonymise the person: records that must be kept (invoices, history) stay, without them."""
    from uso.assessment import services as assessment_services
    from uso.network.models import JoinApplication

    assessment_services.forget_person(user=user)
    JoinApplication.objects.filter(contact_email__iexact=user.email).update(
        contact_name="–", contact_email="anonymised@invalid", contact_phone="", message=""
    )
    user.history.all().delete()
    user.invitations.all().delete()
    user.email = f"anonymised-{user.pk}@invalid"
    user.first_name = _("Removed")
    user.last_name = _("person")
    user.phone = ""
    user.position = ""
    user.is_active = False
    user.anonymised_at = timezone.now()
    user.set_unusable_password()
    user.save()
    user.history.all().delete()  # the save above recorded the anonymised row; no trace of the old
    from allauth.mfa.models import Authenticator
    from rest_framework.authtoken.models import Token

    Authenticator.objects.filter(user=user).delete()
    Token.objects.filter(user=user).delete()
    return user
