"""Discussions between the events: areas, threads and posts, following, reading, reporting.

Each period has a general area, one per theme area and one per peer group (`services.
ensure_areas`). Members of the network and its staff read and write; a peer group's area is
its municipalities' and the staff's own. A post keeps its Markdown source and the sanitised HTML
made from it; every edit keeps the text it replaced for the moderators.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from uso.core.models import TimeStampedModel, private_storage


class AreaQuerySet(models.QuerySet):
    def readable_by(self, user):
        """The areas a person may read: staff all; a member municipality's people the general
        and theme areas and their own peer groups' areas; nobody else any."""
        from uso.network.models import Membership

        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if user.is_coordinator or user.is_consultant:
            return self.all()
        if not user.municipality_id:
            return self.none()
        member = Membership.objects.filter(
            municipality_id=user.municipality_id,
            period=OuterRef("period"),
            status=Membership.Status.ACTIVE,
        )
        own_group = Q(peer_group__members=user.municipality_id)
        return self.filter(Exists(member)).filter(~Q(kind=Area.Kind.PEER_GROUP) | own_group)


class Area(TimeStampedModel):
    class Kind(models.TextChoices):
        GENERAL = "general", _("General")
        THEME = "theme", _("Theme area")
        PEER_GROUP = "peer_group", _("Peer group")

    period = models.ForeignKey(
        "network.Period", verbose_name=_("period"), on_delete=models.CASCADE, related_name="areas"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    theme_area = models.OneToOneField(
        "network.ThemeArea", null=True, blank=True, on_delete=models.CASCADE, related_name="area"
    )
    peer_group = models.OneToOneField(
        "network.PeerGroup", null=True, blank=True, on_delete=models.CASCADE, related_name="area"
    )
    order = models.PositiveSmallIntegerField(default=0)

    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("discussion area")
        verbose_name_plural = _("discussion areas")
        ordering = ["period", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["period"],
                condition=Q(kind="general"),
                name="one_general_area_a_period",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="general", theme_area__isnull=True, peer_group__isnull=True)
                    | Q(kind="theme", theme_area__isnull=False, peer_group__isnull=True)
                    | Q(kind="peer_group", theme_area__isnull=True, peer_group__isnull=False)
                ),
                name="area_names_what_it_is_for",
            ),
        ]

    def __str__(self):
        return str(self.name)

    @property
    def name(self):
        if self.kind == self.Kind.THEME:
            return self.theme_area.name
        if self.kind == self.Kind.PEER_GROUP:
            return self.peer_group.name
        return _("General discussion")


class ThreadQuerySet(models.QuerySet):
    def readable_by(self, user):
        threads = self.filter(area__in=Area.objects.readable_by(user))
        if not (user.is_authenticated and user.is_coordinator):
            threads = threads.filter(hidden=False)
        return threads


class Thread(TimeStampedModel):
    """A discussion, or a question to the network: a question has an audience that is told of
    it, takes answers until its deadline, and its asker marks the most useful answers."""

    class Kind(models.TextChoices):
        DISCUSSION = "discussion", _("Discussion")
        QUESTION = "question", _("Question to the network")

    class Audience(models.TextChoices):
        MEMBERS = "members", _("All members")
        PEER_GROUP = "peer_group", _("A peer group")
        POLITICAL = "political", _("Political leaders")
        PROFESSIONAL = "professional", _("Professional leaders")

    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.CASCADE, related_name="threads"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DISCUSSION)
    title = models.CharField(_("title"), max_length=200)
    deadline = models.DateField(_("answers by"), null=True, blank=True)
    audience = models.CharField(
        _("asked from"), max_length=20, choices=Audience.choices, blank=True
    )
    audience_group = models.ForeignKey(
        "network.PeerGroup",
        verbose_name=_("peer group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    summary = models.OneToOneField(
        "library.Material",
        verbose_name=_("summary in the library"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="summarised_question",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="threads",
    )
    last_post_at = models.DateTimeField(_("latest message"))
    post_count = models.PositiveIntegerField(_("messages"), default=0)
    hidden = models.BooleanField(_("hidden by a moderator"), default=False)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        ordering = ["-last_post_at", "-id"]
        indexes = [
            models.Index(fields=["area", "-last_post_at"]),
            # The latest threads of all areas (the discussions' front page), read in order.
            models.Index(fields=["-last_post_at", "-id"], name="thread_latest_first"),
            # Each area's threads and unread threads counted on the discussions' front page
            # from the index alone, not from every thread's row.
            models.Index(
                fields=["area", "last_post_at"],
                include=["id"],
                condition=Q(hidden=False),
                name="thread_shown_in_area",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_question(self) -> bool:
        return self.kind == self.Kind.QUESTION

    @property
    def is_open(self) -> bool:
        """Whether a question still takes answers (a discussion always does)."""
        from django.utils import timezone

        return not (self.deadline and timezone.localdate() > self.deadline)


class Post(TimeStampedModel):
    thread = models.ForeignKey(
        Thread, verbose_name=_("thread"), on_delete=models.CASCADE, related_name="posts"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="posts",
    )
    body = models.TextField(_("message"), help_text=_("Markdown"))
    html = models.TextField(editable=False)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)
    hidden = models.BooleanField(_("hidden by a moderator"), default=False)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    useful = models.BooleanField(_("marked useful by the asker"), default=False)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["thread", "created_at", "id"]
        indexes = [
            models.Index(fields=["thread", "created_at"]),
            models.Index(fields=["author", "created_at"]),
        ]

    def __str__(self):
        return f"{self.thread} #{self.pk}"

    @property
    def is_removed(self) -> bool:
        return bool(self.deleted_at)


class PostRevision(models.Model):
    """The text a post had before an edit: the moderators see what was changed."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    replaced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["post", "-replaced_at", "-id"]

    def __str__(self):
        return f"{self.post} {self.replaced_at:%Y-%m-%d %H:%M}"


class Follow(models.Model):
    """A person follows a thread or a whole area: each new message there notifies them."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    thread = models.ForeignKey(
        Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="follows"
    )
    area = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.CASCADE, related_name="follows"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "thread"],
                condition=Q(thread__isnull=False),
                name="follow_thread_once",
            ),
            models.UniqueConstraint(
                fields=["person", "area"], condition=Q(area__isnull=False), name="follow_area_once"
            ),
            models.CheckConstraint(
                condition=Q(thread__isnull=True) ^ Q(area__isnull=True),
                name="follow_a_thread_or_an_area",
            ),
        ]

    def __str__(self):
        return f"{self.person} → {self.thread or self.area}"


class ReadMark(models.Model):
    """How far a person has read a thread: newer messages are unread."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="read_marks")
    read_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "thread"], name="one_read_mark_a_thread")
        ]

    def __str__(self):
        return f"{self.person} {self.thread} {self.read_at:%Y-%m-%d %H:%M}"


class Report(TimeStampedModel):
    """A member's report of a message to the moderators (the coordinators)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("reason"))
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["handled_at", "created_at"])]


class NotificationSetting(models.Model):
    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("At once, one e-mail per message")
        DAILY = "daily", _("Once a day, a digest")
        NEVER = "never", _("Never")

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_setting"
    )
    frequency = models.CharField(
        _("e-mail about followed discussions"),
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.DAILY,
    )

    def __str__(self):
        return f"{self.person}: {self.frequency}"


class DigestDeliveryQuerySet(models.QuerySet):
    def unsent(self):
        return self.filter(sent_at__isnull=True)


class DigestDelivery(models.Model):
    """One person's daily digest of one day (the Helsinki day): the outbox of digests. Unique
    per (person, date), so a digest is sent at most once a day, and one that a killed worker
    left unsent is found and sent by the next run (`services.send_daily_digests`). The
    messages it carries are its notifications."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_digests"
    )
    date = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    messages = models.PositiveIntegerField(default=0)  # how many the e-mail told of

    objects = DigestDeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "date"], name="one_digest_a_person_a_day")
        ]
        indexes = [
            models.Index(
                fields=["date", "id"], condition=Q(sent_at__isnull=True), name="digest_unsent"
            )
        ]

    def __str__(self):
        return f"{self.person} {self.date}"


class Notification(models.Model):
    """One message to tell one person about: the outbox of e-mails and daily digests. Unique
    per (person, post), so nobody hears of the same message twice. A notification for the
    digest belongs to the day's `DigestDelivery` once a run has claimed it."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_notifications"
    )
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="notifications")

    class Reason(models.TextChoices):
        FOLLOW = "follow", _("You follow the discussion")
        MENTION = "mention", _("You were mentioned")
        QUESTION = "question", _("You were asked")

    reason = models.CharField(max_length=10, choices=Reason.choices, default=Reason.FOLLOW)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    digest = models.ForeignKey(
        DigestDelivery,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "post"], name="notify_of_a_post_once")
        ]
        indexes = [models.Index(fields=["sent_at", "person"])]

    def __str__(self):
        return f"{self.person} ← {self.post}"


class Practice(TimeStampedModel):
    """A good practice a member municipality shares: the problem, what was done, the results and
    the lessons, with a contact person. Each card is mirrored into the library as a material
    of type `practice`, so the library's search finds it (`services.save_practice`)."""

    municipality = models.ForeignKey(
        "network.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="practices",
    )
    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(_("the problem"), help_text=_("Markdown"))
    what_was_done = models.TextField(_("what was done"), help_text=_("Markdown"))
    results = models.TextField(_("results"), blank=True, help_text=_("Markdown"))
    lessons = models.TextField(_("lessons learned"), blank=True, help_text=_("Markdown"))
    html = models.TextField(editable=False)
    contact_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practices_to_contact",
    )
    sub_themes = models.ManyToManyField(
        "network.SubTheme", verbose_name=_("sub-themes"), blank=True, related_name="practices"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    material = models.OneToOneField(
        "library.Material",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practice",
    )

    class Meta:
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["municipality", "-created_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("community:practice", kwargs={"pk": self.pk})


class PracticeComment(TimeStampedModel):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("comment"))
    html = models.TextField(editable=False)

    class Meta:
        ordering = ["practice", "created_at", "id"]

    def __str__(self):
        return f"{self.practice} #{self.pk}"


class PracticeTrial(models.Model):
    """A municipality that says "we are trying this too"."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="trials")
    municipality = models.ForeignKey(
        "network.Municipality", on_delete=models.CASCADE, related_name="+"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["practice", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "municipality"], name="a_municipality_tries_a_practice_once"
            )
        ]

    def __str__(self):
        return f"{self.municipality} → {self.practice}"


class Mailing(TimeStampedModel):
    """A coordinator's message to a group of people, each getting it in their language (the
    Finnish text when theirs is not written); replies go to the coordinator. The recipients
    are recorded when it is sent."""

    class Audience(models.TextChoices):
        CONTACTS = "contacts", _("All contact persons of the members")
        POLITICAL = "political", _("The members' political leaders")
        PROFESSIONAL = "professional", _("The members' professional leaders")
        PEER_GROUP = "peer_group", _("The people of a peer group's municipalities")
        EVENT = "event", _("The registrants of an event")

    period = models.ForeignKey(
        "network.Period", verbose_name=_("period"), on_delete=models.CASCADE, related_name="+"
    )
    audience = models.CharField(_("to"), max_length=20, choices=Audience.choices)
    peer_group = models.ForeignKey(
        "network.PeerGroup",
        verbose_name=_("peer group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    subject_fi = models.CharField(_("subject in Finnish"), max_length=200)
    body_fi = models.TextField(_("message in Finnish"))
    subject_sv = models.CharField(_("subject in Swedish"), max_length=200, blank=True)
    body_sv = models.TextField(_("message in Swedish"), blank=True)
    subject_en = models.CharField(_("subject in English"), max_length=200, blank=True)
    body_en = models.TextField(_("message in English"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.subject_fi

    def text_in(self, language: str) -> tuple[str, str]:
        """(subject, message) in the language, or in Finnish when not written in it."""
        subject = getattr(self, f"subject_{language}", "") or self.subject_fi
        body = getattr(self, f"body_{language}", "") or self.body_fi
        return subject, body


class MailingRecipient(models.Model):
    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="recipients")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(max_length=300)
    email = models.EmailField()
    language = models.CharField(max_length=2)

    class Meta:
        ordering = ["mailing", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["mailing", "email"], name="one_copy_a_recipient")
        ]

    def __str__(self):
        return f"{self.name} <{self.email}>"


def attachment_path(attachment, filename):
    # A random folder: the stored name never reveals or lets anyone guess another file.
    return f"community/{uuid.uuid4().hex}/{filename}"


class Attachment(TimeStampedModel):
    """A file attached to a message or a practice card, downloaded only through a view that
    asks whether the person may read what it is attached to."""

    MAX_MB = 20

    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    practice = models.ForeignKey(
        Practice, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to=attachment_path, storage=private_storage, max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    file_format = models.CharField(max_length=10)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(post__isnull=True) ^ Q(practice__isnull=True),
                name="attached_to_a_post_or_a_practice",
            )
        ]

    def __str__(self):
        return self.name
