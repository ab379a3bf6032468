"""The demo library: materials of every kind for the current demo period — current reviews
(one with Swedish and English versions), checklists ticked by some demo municipalities, a video
with its transcript, web links, and a PDF, a Word document and a slide set made here from
`demo_content` so that their text is really read for search — in public, members-only and one
municipality's own visibility, published over the past months, one scheduled and one draft;
two collections (the featured one supports the new councils) and the demo people's
subscriptions.

Dates count from today, as in the events demo. Materials go through the services, which index
them; each file is read at once (as the task queued on commit would), so the demo's search
finds the files' words whether or not that task runs. Collections have no service: they are
saved as the collection editor saves them, after `full_clean`. Loaded once: a library that has
materials of its own (not only event files) gets nothing more.
"""

import io
from datetime import datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from uso.accounts.models import Role, User
from uso.network.demo import PEOPLE_FOR
from uso.network.models import ConsultantAssignment, Municipality, Period, SubTheme

from . import services
from .demo_content import (
    COLLECTIONS,
    CONSULTANT,
    MATERIALS,
    STRATEGY_GUIDE_CSS,
    SUBSCRIPTIONS,
    TICKS,
    Blocks,
    MaterialSpec,
    Slide,
)
from .models import Collection, CollectionItem, Material

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def load_library_demo(period: Period | None = None) -> list[Material]:
    """Create the demo library for the current demo period once; return the new materials."""
    period = period or Period.objects.filter(network__slug="uso").current()
    if period is None or Material.objects.filter(event_material__isnull=True).exists():
        return []
    with transaction.atomic():
        return _Loader(period).run()


class _Loader:
    def __init__(self, period: Period):
        self.period = period
        self.today = timezone.localdate()
        self.coordinator = User.objects.filter(role=Role.COORDINATOR).order_by("pk").first()
        self.municipalities = Municipality.objects.in_bulk(PEOPLE_FOR, field_name="code")
        self.consultants = {
            assignment.membership.municipality.code: assignment.consultant
            for assignment in ConsultantAssignment.objects.filter(
                membership__period=period
            ).select_related("membership__municipality", "consultant")
        }
        self.sub_themes = {
            (sub.theme_area.order, sub.order): sub
            for sub in SubTheme.objects.filter(theme_area__period=period).select_related(
                "theme_area"
            )
        }
        self.materials: dict[str, Material] = {}

    def run(self) -> list[Material]:
        for spec in MATERIALS:
            self.materials[spec.key] = self._material(spec)
        for order, spec in enumerate(COLLECTIONS, start=1):
            self._collection(order, spec)
        self._ticks()
        self._subscriptions()
        return list(self.materials.values())

    # --- Materials -----------------------------------------------------------------------------

    def _published_at(self, days_ago: int | None) -> datetime | None:
        if days_ago is None:
            return None
        day = self.today - timedelta(days=days_ago)
        return timezone.make_aware(datetime.combine(day, time(9 + days_ago % 6)))

    def _author(self, spec: MaterialSpec) -> User:
        if spec.by == CONSULTANT:
            return self.consultants.get(spec.municipality or "091") or self.coordinator
        return self.coordinator

    def _material(self, spec: MaterialSpec) -> Material:
        material = Material(
            kind=spec.kind,
            title=spec.title,
            summary=spec.summary,
            language=spec.language,
            audience=spec.audience,
            period=self.period,
            authors=spec.authors,
            status=Material.Status.DRAFT if spec.days_ago is None else Material.Status.PUBLISHED,
            published_at=self._published_at(spec.days_ago),
            visibility=spec.visibility,
            municipality=self.municipalities[spec.municipality] if spec.municipality else None,
            url=spec.url,
            transcript=spec.transcript,
            body=spec.body.strip(),
        )
        if spec.version_of:
            material.language_group = self.materials[spec.version_of].language_group
        material = services.save_material(
            material=material,
            by=self._author(spec),
            sub_themes=[self.sub_themes[key] for key in spec.sub_themes],
            checklist=spec.checklist,
            upload=_upload(*spec.file) if spec.file else None,
        )
        if spec.file:
            # Read now, inside the demo's transaction: the task queued for the commit may run
            # elsewhere or not at all (and reading the file again there changes nothing).
            services.read_file(material.pk)
            material.refresh_from_db()
        return material

    # --- Collections, ticks and subscriptions --------------------------------------------------

    def _collection(self, order: int, spec) -> Collection:
        (title_fi, title_sv, title_en), (intro_fi, intro_sv, intro_en) = (
            spec.title,
            spec.introduction,
        )
        collection = Collection(
            slug=spec.slug,
            title_fi=title_fi,
            title_sv=title_sv,
            title_en=title_en,
            introduction_fi=intro_fi,
            introduction_sv=intro_sv,
            introduction_en=intro_en,
            featured=spec.featured,
            order=order,
        )
        collection.full_clean()
        collection.save()
        CollectionItem.objects.bulk_create(
            CollectionItem(collection=collection, material=self.materials[key], order=position)
            for position, key in enumerate(spec.items, start=1)
        )
        return collection

    def _ticks(self) -> None:
        for key, code, indexes in TICKS:
            municipality = self.municipalities[code]
            contact = User.objects.filter(email=f"yhdyshenkilo.{code}@kunta.example").first()
            items = list(self.materials[key].checklist_items.order_by("order"))
            for index in indexes:
                services.set_checklist_item(
                    item=items[index], municipality=municipality, by=contact, done=True
                )

    def _subscriptions(self) -> None:
        people = User.objects.active().in_bulk(
            [email for email, _themes in SUBSCRIPTIONS], field_name="email"
        )
        for email, themes in SUBSCRIPTIONS:
            if email in people:
                services.set_subscriptions(
                    person=people[email], sub_themes=[self.sub_themes[key] for key in themes]
                )


# --- The files, made from the content --------------------------------------------------------


def _upload(name: str, content) -> SimpleUploadedFile:
    extension = name.rsplit(".", 1)[-1]
    make = {"pdf": _pdf, "docx": _docx, "pptx": _pptx}[extension]
    return SimpleUploadedFile(name, make(content), content_type=CONTENT_TYPES[extension])


def _pdf(html: str) -> bytes:
    import weasyprint

    return weasyprint.HTML(
        string=f'<html lang="fi"><head><meta charset="utf-8"></head><body>{html}</body></html>'
    ).write_pdf(stylesheets=[weasyprint.CSS(string=STRATEGY_GUIDE_CSS)])


def _docx(blocks: Blocks) -> bytes:
    import docx

    document = docx.Document()
    for kind, content in blocks:
        if kind == "title":
            document.add_heading(content, level=0)
        elif kind == "heading":
            document.add_heading(content, level=1)
        elif kind == "bullet":
            document.add_paragraph(content, style="List Bullet")
        elif kind == "table":
            table = document.add_table(rows=len(content), cols=len(content[0]))
            table.style = "Table Grid"
            for row, values in zip(table.rows, content, strict=True):
                for cell, value in zip(row.cells, values, strict=True):
                    cell.text = value
        else:
            document.add_paragraph(content)
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def _pptx(slides: list[Slide]) -> bytes:
    from pptx import Presentation

    presentation = Presentation()
    title_layout, content_layout = presentation.slide_layouts[0], presentation.slide_layouts[1]
    for index, spec in enumerate(slides):
        slide = presentation.slides.add_slide(title_layout if index == 0 else content_layout)
        slide.shapes.title.text = spec.title
        body = slide.placeholders[1].text_frame
        body.text = spec.bullets[0] if spec.bullets else ""
        for bullet in spec.bullets[1:]:
            body.add_paragraph().text = bullet
        if spec.notes:
            slide.notes_slide.notes_text_frame.text = spec.notes
    stream = io.BytesIO()
    presentation.save(stream)
    return stream.getvalue()
