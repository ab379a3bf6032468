"""Writes to the library: saving and indexing materials, reading their files, counting
downloads, ticking checklists, subscriptions and the weekly digest."""

import html
import logging
import re
from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from uso.core import signed
from uso.core.errors import DomainError
from uso.core.mail import queue_email
from uso.core.uploads import OFFICE_PARTS, document_format

from . import search
from .extraction import ExtractionError, extract_text
from .models import (
    ChecklistItem,
    ChecklistTick,
    DigestDelivery,
    Material,
    MaterialText,
    Subscription,
)

log = logging.getLogger(__name__)
READABLE_FORMATS = {"pdf", *OFFICE_PARTS}
UNSUBSCRIBE_SALT = "library.unsubscribe"


def save_material(
    *,
    material: Material,
    by,
    sub_themes=None,
    checklist: list[str] | None = None,
    upload=None,
) -> Material:
    """Save a material from a form or the API; a new file is read for search after the commit."""
    with transaction.atomic():
        if upload is not None:
            material.file_format = document_format(upload)
            material.file = upload
            material.file_size = upload.size
            material.extraction = Material.Extraction.PENDING
        if material.visibility != Material.Visibility.MUNICIPALITY:
            material.municipality = None
        if material.status == Material.Status.PUBLISHED and material.published_at is None:
            material.published_at = timezone.now()
        if material.created_by_id is None:
            material.created_by = by
        material.full_clean(exclude=["file"])
        material.save()
        if sub_themes is not None:
            material.sub_themes.set(sub_themes)
        if checklist is not None:
            _save_checklist(material, checklist)
        reindex_material(material)
        if upload is not None:
            _read_file_after_commit(material)
    return material


def _read_file_after_commit(material):
    from .tasks import read_material_file

    material_id = material.pk
    transaction.on_commit(lambda: read_material_file.delay(material_id))


def _save_checklist(material: Material, lines: list[str]) -> None:
    """Keep the items (and so the municipalities' ticks) whose text stays; order as given."""
    existing = {item.text: item for item in material.checklist_items.all()}
    keep = []
    for order, line in enumerate(dict.fromkeys(line.strip() for line in lines if line.strip())):
        item = existing.pop(line, None) or ChecklistItem(material=material, text=line)
        item.order = order
        item.save()
        keep.append(item.pk)
    ChecklistItem.objects.filter(material=material).exclude(pk__in=keep).delete()


# The end of a block: where words on either side must not run together in the plain text.
BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|td|th|div|blockquote|figcaption|pre)>|<br\s*/?>", re.I)


def html_to_text(value: str) -> str:
    """An article's text as plain words: blocks apart, entities (&lt;, &amp;) as characters."""
    separated = BLOCK_END.sub(lambda match: match.group(0) + "\n", value or "")
    return html.unescape(strip_tags(separated))


def searchable_text(material: Material, extracted: str = "") -> str:
    parts = [material.summary, html_to_text(material.body), material.transcript, material.authors]
    parts += [item.text for item in material.checklist_items.all()]
    parts.append(extracted)
    return "\n".join(part for part in parts if part)


def reindex_material(material: Material) -> None:
    extracted = (
        MaterialText.objects.filter(material=material).values_list("extracted", flat=True).first()
        or ""
    )
    search.index_material(material, searchable_text(material, extracted))


def read_file(material_id: int) -> None:
    """Read a material's file for the search index. A file without readable text is kept and
    flagged for its author; it never fails the upload."""
    material = Material.objects.filter(pk=material_id).first()
    if material is None or not material.file:
        return
    error = ""
    extracted = ""
    if material.file_format not in READABLE_FORMATS:
        error = f"the format {material.file_format or '?'} is not read for search"
    else:
        try:
            with material.file.open("rb") as stream:
                extracted = extract_text(stream.read(), material.file_format)
        except (ExtractionError, OSError) as failure:
            error = str(failure)[:300]
    if error:
        log.info("Material %s: no text read from its file: %s", material_id, error)
    with transaction.atomic():
        MaterialText.objects.update_or_create(
            material=material, defaults={"extracted": extracted, "error": error}
        )
        material.extraction = Material.Extraction.FAILED if error else Material.Extraction.DONE
        material.save(update_fields=["extraction", "updated_at"])
        reindex_material(material)


def delete_material(*, material: Material) -> None:
    with transaction.atomic():
        material_id = material.pk
        material.delete()
        search.remove_from_index(material_id)


def record_download(material: Material) -> None:
    Material.objects.filter(pk=material.pk).update(download_count=F("download_count") + 1)


def set_checklist_item(*, item: ChecklistItem, municipality, by, done: bool) -> bool:
    """Tick or untick an item for a municipality; returns whether it is now ticked."""
    if done:
        try:
            with transaction.atomic():
                ChecklistTick.objects.get_or_create(
                    item=item, municipality=municipality, defaults={"ticked_by": by}
                )
        except IntegrityError:  # ticked at the same moment by a colleague: it is ticked
            pass
    else:
        ChecklistTick.objects.filter(item=item, municipality=municipality).delete()
    return done


def set_subscriptions(*, person, sub_themes) -> None:
    with transaction.atomic():
        wanted = {theme.pk for theme in sub_themes}
        Subscription.objects.filter(person=person).exclude(sub_theme_id__in=wanted).delete()
        have = set(
            Subscription.objects.filter(person=person).values_list("sub_theme_id", flat=True)
        )
        Subscription.objects.bulk_create(
            [Subscription(person=person, sub_theme_id=pk) for pk in wanted - have]
        )


def unsubscribe_token(person) -> str:
    return signed.person_token(person, purpose=UNSUBSCRIBE_SALT)


def unsubscribe(token: str):
    """Stop every digest of the person the token names; the person, or DomainError."""
    person = signed.person_of(token, purpose=UNSUBSCRIBE_SALT)
    if person is None:
        raise DomainError(_("This unsubscribe link is not valid."))
    Subscription.objects.filter(person=person).delete()
    return person


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def digest_materials(person, since, until):
    """New materials on the person's sub-themes that the person may open, in the person's
    language where a language version exists."""
    themes = Subscription.objects.filter(person=person).values("sub_theme")
    found = list(
        Material.objects.visible_to(person)
        .published()
        .filter(sub_themes__in=themes, published_at__gte=since, published_at__lt=until)
        .distinct()
        .order_by("-published_at", "-id")
    )
    in_own_language = {m.language_group for m in found if m.language == person.language}
    return [
        m for m in found if m.language == person.language or m.language_group not in in_own_language
    ]


def send_weekly_digests(*, today: date | None = None) -> int:
    """Send each subscriber the materials published last week; at most one digest per person
    per week, however often this runs. Returns how many digests were sent."""
    from uso.accounts.models import User

    today = today or timezone.localdate()
    this_week = week_start(today)
    since = timezone.make_aware(datetime.combine(this_week - timedelta(days=7), time.min))
    until = since + timedelta(days=7)
    people = User.objects.filter(is_active=True, library_subscriptions__isnull=False).distinct()
    sent = 0
    for person in people.iterator():
        materials = digest_materials(person, since, until)
        if not materials:
            continue
        with transaction.atomic():
            _delivery, created = DigestDelivery.objects.get_or_create(
                person=person, week_start=this_week, defaults={"material_count": len(materials)}
            )
            if not created:
                continue
            queue_email(
                to=person.email,
                template="library/email/digest",
                language=person.language,
                context={
                    "person": person,
                    "materials": materials,
                    "unsubscribe_path": reverse(
                        "library:unsubscribe", kwargs={"token": unsubscribe_token(person)}
                    ),
                },
            )
            sent += 1
    return sent


def list_event_material(event_material_id: int) -> Material | None:
    """Show an event's file in the library: members only, or only the workshop's municipality."""
    from uso.events.models import EventMaterial

    source = EventMaterial.objects.select_related("event").filter(pk=event_material_id).first()
    if source is None:
        return None
    event = source.event
    private = event.municipality_id is not None
    extension = source.file.name.rsplit(".", 1)[-1].lower() if "." in source.file.name else ""
    with transaction.atomic():
        material, created = Material.objects.update_or_create(
            event_material=source,
            defaults={
                "kind": Material.Kind.FILE,
                "title": source.title,
                "summary": event.title,
                "status": Material.Status.PUBLISHED,
                "published_at": source.uploaded_at,
                "visibility": Material.Visibility.MUNICIPALITY
                if private
                else Material.Visibility.MEMBERS,
                "municipality_id": event.municipality_id,
                "period_id": event.period_id,
                "file": source.file.name,
                "file_format": extension,
                "file_size": source.size,
                "extraction": Material.Extraction.PENDING,
                "created_by_id": source.uploaded_by_id,
            },
        )
        material.sub_themes.set(event.sub_themes.all())
        reindex_material(material)
        _read_file_after_commit(material)
    return material
