"""The network's library: materials of five kinds, curated collections, checklists that a
municipality ticks off for itself, and subscriptions to new materials by sub-theme."""

import re
import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from uso.core.html import sanitize_article_html
from uso.core.models import TimeStampedModel, private_storage


class MaterialQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Material.Status.PUBLISHED, published_at__lte=timezone.now())

    def visible_to(self, user):
        """Materials a person may find and open.

        Everyone sees published public materials; people of a member municipality and the
        network's staff also the members' materials; a municipality's own materials only its
        people, its assigned consultants and the coordinators. Coordinators see drafts and
        scheduled materials too, consultants those they wrote themselves."""
        from uso.network.models import ConsultantAssignment, is_active_member

        published = Q(status=Material.Status.PUBLISHED, published_at__lte=timezone.now())
        public = Q(visibility=Material.Visibility.PUBLIC)
        if not (user and user.is_authenticated and user.is_active):
            return self.filter(published & public)
        if user.is_coordinator:
            return self.all()
        members = Q(visibility=Material.Visibility.MEMBERS)
        if user.is_consultant:
            assigned = ConsultantAssignment.objects.filter(
                consultant=user, membership__municipality=OuterRef("municipality")
            )
            own_municipality = Q(visibility=Material.Visibility.MUNICIPALITY) & Exists(assigned)
            return self.filter(published & (public | members | own_municipality)) | self.filter(
                created_by=user
            )
        if not user.municipality_id:
            return self.filter(published & public)
        if is_active_member(user.municipality_id):
            public = public | members
        own = Q(visibility=Material.Visibility.MUNICIPALITY, municipality_id=user.municipality_id)
        return self.filter(published & (public | own))


YOUTUBE = re.compile(
    r"^https?://(?:www\.|m\.)?(?:youtube\.com/(?:watch\?(?:.*&)?v=|embed/|shorts/)|youtu\.be/)"
    r"(?P<id>[\w-]{6,20})"
)
VIMEO = re.compile(r"^https?://(?:www\.)?vimeo\.com/(?:video/)?(?P<id>\d+)")


def video_embed_url(url: str) -> str:
    if match := YOUTUBE.match(url or ""):
        # The privacy-enhanced player: no cookies until the viewer starts the video.
        return f"https://www.youtube-nocookie.com/embed/{match['id']}"
    if match := VIMEO.match(url or ""):
        return f"https://player.vimeo.com/video/{match['id']}?dnt=1"
    return ""


def material_path(material, filename):
    # A random folder: the stored name never reveals or guesses another material's file.
    return f"library/{uuid.uuid4().hex}/{filename}"


class Material(TimeStampedModel):
    class Kind(models.TextChoices):
        FILE = "file", _("File")
        VIDEO = "video", _("Video")
        LINK = "link", _("Web link")
        ARTICLE = "article", _("Article")
        CHECKLIST = "checklist", _("Checklist")
        PRACTICE = "practice", _("Good practice")

    # The kinds added in the library itself: a good practice is written in the discussions.
    ADDED_HERE = ("file", "video", "link", "article", "checklist")

    class Language(models.TextChoices):
        FI = "fi", _("Finnish")
        SV = "sv", _("Swedish")
        EN = "en", _("English")

    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("Everyone")
        NEW_COUNCILS = "new_councils", _("New councils")
        POLITICAL = "political", _("Political leadership")
        PROFESSIONAL = "professional", _("Professional leadership")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Members only")
        MUNICIPALITY = "municipality", _("One municipality only")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    class Extraction(models.TextChoices):
        NOT_NEEDED = "not_needed", _("Not needed")
        PENDING = "pending", _("Waiting")
        DONE = "done", _("Text read")
        FAILED = "failed", _("Text could not be read")

    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.FI
    )
    # Language versions of one material share this key.
    language_group = models.UUIDField(default=uuid.uuid4, db_index=True, editable=False)
    audience = models.CharField(
        _("audience"), max_length=15, choices=Audience.choices, default=Audience.EVERYONE
    )
    sub_themes = models.ManyToManyField(
        "network.SubTheme", verbose_name=_("sub-themes"), blank=True, related_name="materials"
    )
    period = models.ForeignKey(
        "network.Period",
        verbose_name=_("period"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="materials",
    )
    authors = models.CharField(_("authors"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        help_text=_("A time in the future schedules the publication."),
    )
    visibility = models.CharField(
        _("visibility"), max_length=12, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    municipality = models.ForeignKey(
        "network.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="materials",
    )
    file = models.FileField(
        _("file"), upload_to=material_path, storage=private_storage, blank=True, max_length=300
    )
    file_format = models.CharField(_("file format"), max_length=4, blank=True, editable=False)
    file_size = models.PositiveBigIntegerField(default=0, editable=False)
    url = models.URLField(_("address"), max_length=500, blank=True)
    transcript = models.TextField(_("description or transcript"), blank=True)
    body = models.TextField(_("text"), blank=True)
    event_material = models.OneToOneField(
        "events.EventMaterial",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="library_material",
        editable=False,
    )
    extraction = models.CharField(
        _("text extraction"),
        max_length=10,
        choices=Extraction.choices,
        default=Extraction.NOT_NEEDED,
        editable=False,
    )
    download_count = models.PositiveIntegerField(_("downloads"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="library_materials",
        editable=False,
    )

    objects = MaterialQuerySet.as_manager()

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["-published_at", "-id"]
        indexes = [
            # Which materials a person may see, on every search: answered from the index
            # alone (about 9,000 of 10,000 rows match, which would otherwise read them all).
            models.Index(
                fields=["status", "published_at"],
                include=["visibility", "municipality", "id"],
                name="material_visible",
            ),
            models.Index(fields=["visibility", "municipality"]),
            models.Index(fields=["kind"]),
            models.Index(fields=["audience"]),
            models.Index(fields=["language"]),
            models.Index(fields=["-published_at", "-id"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(visibility="municipality", municipality__isnull=False)
                | (~Q(visibility="municipality") & Q(municipality__isnull=True)),
                name="library_material_municipality_iff_private",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("library:material", kwargs={"pk": self.pk})

    def save(self, *args, **kwargs):
        # Sanitised on every save, whichever way the text came in (form, API, admin).
        self.body = sanitize_article_html(self.body or "")
        super().save(*args, **kwargs)

    @property
    def is_scheduled(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def is_visible_now(self) -> bool:
        return self.status == self.Status.PUBLISHED and not self.is_scheduled

    @property
    def embed_url(self) -> str:
        """The address of the host's own player, where the host allows embedding."""
        return video_embed_url(self.url) if self.kind == self.Kind.VIDEO else ""

    @property
    def file_name(self) -> str:
        return self.file.name.rsplit("/", 1)[-1] if self.file else ""


class MaterialText(models.Model):
    """The searchable text of a material, kept apart so that lists never load it.

    `text` is the plain text (summary, article, transcript and what was read from the file,
    which is also kept alone in `extracted`);
    `search_vector` is PostgreSQL's index of it with the title, `head_vector` of the title and
    summary alone, to rank; SQLite keeps the same two in the FTS5 tables `library_material_fts`
    and `library_material_head_fts` (see `search.py`)."""

    material = models.OneToOneField(
        Material, on_delete=models.CASCADE, primary_key=True, related_name="text"
    )
    text = models.TextField(blank=True)
    extracted = models.TextField(blank=True)
    search_vector = SearchVectorField(null=True)
    head_vector = SearchVectorField(null=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("material text")
        verbose_name_plural = _("material texts")

    def __str__(self):
        return str(self.material)


class ChecklistItem(models.Model):
    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="checklist_items")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("item"), max_length=500)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["material", "order", "id"]

    def __str__(self):
        return self.text


class ChecklistTick(models.Model):
    """A municipality has done a checklist item; its own, seen by nobody else."""

    item = models.ForeignKey(ChecklistItem, on_delete=models.CASCADE, related_name="ticks")
    municipality = models.ForeignKey(
        "network.Municipality", on_delete=models.CASCADE, related_name="checklist_ticks"
    )
    ticked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    ticked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "municipality"], name="library_one_tick")
        ]

    def __str__(self):
        return f"{self.item} ✓ {self.municipality}"


class Collection(TimeStampedModel):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    introduction = models.TextField(_("introduction"), blank=True)
    featured = models.BooleanField(
        _("featured"), default=False, help_text=_("Shown on the front page and the dashboard.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    materials = models.ManyToManyField(Material, through="CollectionItem", related_name="+")

    class Meta:
        verbose_name = _("collection")
        verbose_name_plural = _("collections")
        ordering = ["order", "id"]
        indexes = [models.Index(fields=["featured", "order"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("library:collection", kwargs={"slug": self.slug})


class CollectionItem(models.Model):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="items")
    material = models.ForeignKey(
        Material, on_delete=models.CASCADE, related_name="collection_items"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["collection", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "material"], name="library_material_once_per_collection"
            )
        ]

    def __str__(self):
        return f"{self.collection}: {self.material}"


class Subscription(models.Model):
    """A person wants the weekly digest of new materials on a sub-theme."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="library_subscriptions"
    )
    sub_theme = models.ForeignKey(
        "network.SubTheme", on_delete=models.CASCADE, related_name="subscriptions"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "sub_theme"], name="library_subscribe_once")
        ]

    def __str__(self):
        return f"{self.person} → {self.sub_theme}"


class DigestDelivery(models.Model):
    """One digest per person per week: the unique row is the lock and the receipt."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="library_digests"
    )
    week_start = models.DateField()
    material_count = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "week_start"], name="library_digest_weekly")
        ]

    def __str__(self):
        return f"{self.person} {self.week_start}"


class SearchFactsVersion(models.Model):
    """One row counting the changes to materials, so that every process knows when the search's
    facts in its memory are out of date (see `facts.py`). Bumped in the transaction of the
    change itself, so it is seen exactly when the change is."""

    number = models.BigIntegerField(default=0)

    def __str__(self):
        return str(self.number)
