"""Every change to the discussions: threads, messages, following, reading, moderation and the
e-mail that tells followers of new messages."""

import contextlib
import html
import logging
from datetime import date, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import escape, strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from uso.core import signed
from uso.core.errors import DomainError, TooSoon
from uso.core.mail import queue_email, render_email

from . import markdown
from .models import (
    Area,
    Attachment,
    DigestDelivery,
    Follow,
    Mailing,
    MailingRecipient,
    Notification,
    NotificationSetting,
    Post,
    PostRevision,
    Practice,
    PracticeComment,
    PracticeTrial,
    ReadMark,
    Report,
    Thread,
)

logger = logging.getLogger(__name__)

# Posting more than this many messages in the window is refused (coordinators are not limited).
POSTS_PER_WINDOW = 10
POSTING_WINDOW = timedelta(minutes=10)
UNSUBSCRIBE_SALT = "community.unsubscribe"


class CommunityError(DomainError):
    pass


def ensure_areas(*, period) -> list[Area]:
    """The period's areas, made when missing: a general one, one per theme area, one per peer
    group, in that order. The discussions' front page asks on every visit: when none is
    missing, three counting reads and no writes."""
    areas = Area.objects.filter(period=period).select_related("theme_area", "peer_group")
    have = list(areas)
    if len(have) >= 1 + period.theme_areas.count() + period.peer_groups.count():
        return have
    Area.objects.get_or_create(period=period, kind=Area.Kind.GENERAL, defaults={"order": 0})
    for number, theme_area in enumerate(period.theme_areas.all(), start=1):
        Area.objects.get_or_create(
            theme_area=theme_area,
            defaults={"period": period, "kind": Area.Kind.THEME, "order": number},
        )
    for peer_group in period.peer_groups.all():
        Area.objects.get_or_create(
            peer_group=peer_group,
            defaults={"period": period, "kind": Area.Kind.PEER_GROUP, "order": 1000},
        )
    return list(areas.all())


def _check_pace(author) -> None:
    if author.is_coordinator:
        return
    since = timezone.now() - POSTING_WINDOW
    if Post.objects.filter(author=author, created_at__gte=since).count() >= POSTS_PER_WINDOW:
        raise TooSoon(
            _("You have sent many messages in a short time. Please wait a few minutes."),
            retry_after=int(POSTING_WINDOW.total_seconds()),
        )


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise CommunityError(_("Write a message."), field="body")
    if len(body) > 20_000:
        raise CommunityError(_("A message can be at most 20,000 characters long."), field="body")
    return body


def check_attachments(files) -> list[tuple]:
    """(file, format) of each upload, checked by content and size before anything is saved;
    the first bad one stops everything with its name and what is wrong."""
    from django.core.exceptions import ValidationError

    from uso.core.uploads import attachment_format

    checked = []
    for upload in files or ():
        try:
            checked.append((upload, attachment_format(upload, limit_mb=Attachment.MAX_MB)))
        except ValidationError as error:
            raise CommunityError(
                f"{upload.name}: {error.messages[0]}", field="attachments"
            ) from None
    return checked


def _attach(checked, *, by, post=None, practice=None) -> None:
    for upload, file_format in checked:
        Attachment.objects.create(
            post=post,
            practice=practice,
            file=upload,
            name=upload.name[:200],
            file_format=file_format,
            size=upload.size,
            uploaded_by=by,
        )


@transaction.atomic
def start_thread(
    *,
    area: Area,
    author,
    title: str,
    body: str,
    kind: str = Thread.Kind.DISCUSSION,
    deadline=None,
    audience: str = "",
    audience_group=None,
    attachments=(),
) -> Thread:
    """Start a discussion, or ask the network a question: a question needs a deadline and an
    audience, who are told of it (see `notify`)."""
    title = " ".join((title or "").split())
    if not title:
        raise CommunityError(_("Give the discussion a title."), field="title")
    body = _clean_body(body)
    checked = check_attachments(attachments)
    if kind == Thread.Kind.QUESTION:
        audience_group = _check_question(area, deadline, audience, audience_group)
    else:
        deadline, audience, audience_group = None, "", None
    _check_pace(author)
    now = timezone.now()
    thread = Thread.objects.create(
        area=area,
        kind=kind,
        title=title[:200],
        author=author,
        last_post_at=now,
        deadline=deadline,
        audience=audience,
        audience_group=audience_group,
    )
    post = _add_post(thread=thread, author=author, body=body)
    _attach(checked, by=author, post=post)
    Follow.objects.get_or_create(person=author, thread=thread)
    if thread.is_question:
        # Perhaps a thousand people, each checked against the rules: in the background.
        from .tasks import tell_the_asked

        post_id = post.pk
        transaction.on_commit(lambda: tell_the_asked.delay(post_id))
    return thread


def tell_the_asked(post_id: int) -> int:
    """Tell a question's audience of it (see `notify`); once, however often this runs."""
    post = Post.objects.select_related("thread__area").filter(pk=post_id).first()
    if post is None:
        return 0
    return notify(post, asked_people(post.thread), Notification.Reason.QUESTION)


def _check_question(area: Area, deadline, audience: str, group):
    if deadline is None:
        raise CommunityError(_("Give the date by which you would like answers."), field="deadline")
    if deadline < timezone.localdate():
        raise CommunityError(_("The deadline cannot be in the past."), field="deadline")
    if audience not in Thread.Audience.values:
        raise CommunityError(_("Choose whom you ask."), field="audience")
    if area.kind == Area.Kind.PEER_GROUP:
        # A peer group's area is read by the group only: so it is the group that is asked.
        return area.peer_group if audience == Thread.Audience.PEER_GROUP else None
    if audience == Thread.Audience.PEER_GROUP:
        if group is None or group.period_id != area.period_id:
            raise CommunityError(_("Choose the peer group you ask."), field="audience_group")
        return group
    return None


def members_people(period_id: int, *, group=None, leadership: str = ""):
    """The active people of the period's member municipalities: of a peer group's
    municipalities only, or only the political or professional leaders, when asked."""
    from uso.accounts.models import Leadership, User
    from uso.network.models import Membership

    people = User.objects.filter(
        is_active=True,
        municipality__memberships__period_id=period_id,
        municipality__memberships__status=Membership.Status.ACTIVE,
    )
    if group is not None:
        people = people.filter(municipality__peer_groups=group)
    if leadership in Leadership.values:
        people = people.filter(leadership=leadership)
    return people.distinct()


def asked_people(thread: Thread):
    """The people a question asks: the members' people (of its peer group, or its political or
    professional leaders), within the area's readers."""
    area = thread.area
    group = area.peer_group if area.kind == Area.Kind.PEER_GROUP else thread.audience_group
    # The audiences "political" and "professional" are the leadership types of that name.
    return members_people(area.period_id, group=group, leadership=thread.audience)


@transaction.atomic
def post_reply(*, thread: Thread, author, body: str, attachments=()) -> Post:
    body = _clean_body(body)
    checked = check_attachments(attachments)
    if not thread.is_open:
        raise CommunityError(
            _("The question closed on %(date)s; it takes no more answers.")
            % {"date": date_format(thread.deadline, "SHORT_DATE_FORMAT")}
        )
    _check_pace(author)
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    post = _add_post(thread=thread, author=author, body=body)
    _attach(checked, by=author, post=post)
    Follow.objects.get_or_create(person=author, thread=thread)
    return post


def mentioned_people(body: str, thread: Thread) -> list:
    """The people a message mentions ("@[Anna Virtanen]") who may read its thread."""
    from uso.accounts.models import User

    names = markdown.mentioned_names(body)
    if not names:
        return []
    wanted = Q()
    # As typed, and without regard to case (SQLite compares only ASCII letters without it).
    for name in {" ".join(n.split()) for n in markdown.MENTION.findall(body)}:
        first, _space, last = name.rpartition(" ")
        wanted |= Q(first_name=first, last_name=last)
        wanted |= Q(first_name__iexact=first, last_name__iexact=last)
    people = User.objects.filter(wanted, is_active=True, anonymised_at__isnull=True)
    return [
        person
        for person in people
        if person.get_full_name().casefold() in names
        and person.has_perm("community.view_thread", thread)
    ]


def _render(body: str, thread: Thread) -> tuple[str, list]:
    mentioned = mentioned_people(body, thread)
    names = {person.get_full_name().casefold() for person in mentioned}
    return markdown.render(body, names), mentioned


def _add_post(*, thread: Thread, author, body: str) -> Post:
    rendered, mentioned = _render(body, thread)
    post = Post.objects.create(thread=thread, author=author, body=body, html=rendered)
    now = post.created_at  # the thread's latest message and the author's reading are this one
    Thread.objects.filter(pk=thread.pk).update(last_post_at=now, post_count=thread.post_count + 1)
    thread.last_post_at, thread.post_count = now, thread.post_count + 1
    ReadMark.objects.update_or_create(person=author, thread=thread, defaults={"read_at": now})
    notify(post, mentioned, Notification.Reason.MENTION)
    notify(post, followers_of(thread), Notification.Reason.FOLLOW)
    return post


@transaction.atomic
def edit_post(*, post: Post, by, body: str) -> Post:
    body = _clean_body(body)
    if body == post.body:
        return post
    PostRevision.objects.create(post=post, body=post.body)
    rendered, mentioned = _render(body, post.thread)
    post.body, post.html, post.edited_at = body, rendered, timezone.now()
    post.save(update_fields=["body", "html", "edited_at", "updated_at"])
    notify(post, mentioned, Notification.Reason.MENTION)  # those newly mentioned
    return post


@transaction.atomic
def mark_useful(*, post: Post, by, useful: bool) -> Post:
    post.useful = useful
    post.save(update_fields=["useful", "updated_at"])
    return post


@transaction.atomic
def summarise_question(*, thread: Thread, by):
    """A draft article in the library from a question and its answers (the useful ones first),
    for the coordinator to edit and publish; the question links to it."""
    from uso.library import services as library
    from uso.library.models import Material

    if thread.summary_id:
        return thread.summary
    posts = list(thread.posts.select_related("author__municipality").order_by("created_at", "id"))
    question = posts[0] if posts else None
    if question is None or question.hidden or question.deleted_at:
        raise CommunityError(_("The question itself has been removed; there is nothing to sum up."))
    answers = [p for p in posts[1:] if not p.hidden and not p.deleted_at]
    answers.sort(key=lambda post: not post.useful)
    material = Material(
        kind=Material.Kind.ARTICLE,
        title=thread.title,
        summary=Truncator(question.body).words(40),
        body=render_to_string(
            "community/question_summary.html",
            {"thread": thread, "question": question, "answers": answers},
        ),
        language=by.language or "fi",
        visibility=Material.Visibility.MEMBERS,
        period=thread.area.period,
        status=Material.Status.DRAFT,
    )
    material = library.save_material(material=material, by=by, sub_themes=[])
    thread.summary = material
    thread.save(update_fields=["summary", "updated_at"])
    return material


@transaction.atomic
def delete_post(*, post: Post, by) -> Thread | None:
    """Remove a message. A thread's only message takes the thread with it (returns None);
    otherwise the message shows as deleted, so that the replies still make sense."""
    thread = post.thread
    if thread.posts.exclude(pk=post.pk).filter(deleted_at__isnull=True).count() == 0:
        _remove_attachments(Attachment.objects.filter(post__thread=thread))
        thread.delete()
        return None
    post.revisions.all().delete()
    _remove_attachments(post.attachments.all())
    post.body, post.html, post.deleted_at = "", "", timezone.now()
    post.save(update_fields=["body", "html", "deleted_at", "updated_at"])
    return thread


def _remove_attachments(attachments) -> None:
    """Delete the files too, once the transaction has committed (a rollback keeps them)."""
    files = [(a.file.storage, a.file.name) for a in attachments]
    attachments.delete()
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])


@transaction.atomic
def report_post(*, post: Post, reporter, reason: str) -> Report:
    reason = (reason or "").strip()
    if not reason:
        raise CommunityError(_("Tell the moderators what is wrong."), field="reason")
    return Report.objects.create(post=post, reporter=reporter, reason=reason[:2000])


@transaction.atomic
def set_hidden(*, post: Post, by, hidden: bool) -> Post:
    """Hide a message (or restore it); its open reports are handled by that."""
    post.hidden, post.hidden_by = hidden, by if hidden else None
    post.save(update_fields=["hidden", "hidden_by", "updated_at"])
    post.reports.filter(handled_at__isnull=True).update(handled_at=timezone.now(), handled_by=by)
    return post


@transaction.atomic
def dismiss_reports(*, post: Post, by) -> None:
    post.reports.filter(handled_at__isnull=True).update(handled_at=timezone.now(), handled_by=by)


def set_following(*, person, on: bool, thread: Thread | None = None, area: Area | None = None):
    if on:
        Follow.objects.get_or_create(person=person, thread=thread, area=area)
    else:
        Follow.objects.filter(person=person, thread=thread, area=area).delete()


def mark_read(*, person, thread: Thread) -> None:
    ReadMark.objects.update_or_create(
        person=person, thread=thread, defaults={"read_at": thread.last_post_at}
    )


# --- E-mail --------------------------------------------------------------------------------


def frequency_of(person) -> str:
    setting = NotificationSetting.objects.filter(person=person).first()
    return setting.frequency if setting else NotificationSetting.Frequency.DAILY


def set_frequency(*, person, frequency: str) -> NotificationSetting:
    setting, _created = NotificationSetting.objects.update_or_create(
        person=person, defaults={"frequency": frequency}
    )
    return setting


def followers_of(thread: Thread):
    from uso.accounts.models import User

    following = User.objects.filter(follows__thread=thread) | User.objects.filter(
        follows__area=thread.area_id
    )
    return following.distinct()


def notify(post: Post, people, reason: str) -> int:
    """Tell each of the people (not the author) who may read the message of it, once: by
    e-mail at once or in the daily digest, as each has chosen."""
    people = [p for p in people if p.pk != post.author_id and p.is_active]
    if not people:
        return 0
    frequencies = dict(
        NotificationSetting.objects.filter(person__in=people).values_list("person_id", "frequency")
    )
    told = set(
        Notification.objects.filter(post=post, person__in=people).values_list(
            "person_id", flat=True
        )
    )
    count = 0
    for person in people:
        frequency = frequencies.get(person.pk, NotificationSetting.Frequency.DAILY)
        if person.pk in told or frequency == NotificationSetting.Frequency.NEVER:
            continue
        if not person.has_perm("community.view_thread", post.thread):
            continue
        notification = Notification.objects.create(person=person, post=post, reason=reason)
        count += 1
        if frequency == NotificationSetting.Frequency.IMMEDIATE:
            _send(person, [notification])
            notification.sent_at = timezone.now()
            notification.save(update_fields=["sent_at"])
    return count


def _messages_context(person, notifications: list[Notification]) -> dict:
    return {
        "person": person,
        "notifications": notifications,
        "digest": len(notifications) > 1,
        "unsubscribe_path": reverse(
            "community:unsubscribe", kwargs={"token": unsubscribe_token(person)}
        ),
    }


def _send(person, notifications: list[Notification]) -> None:
    queue_email(
        to=person.email,
        template="community/email/messages",
        language=person.language,
        context=_messages_context(person, notifications),
    )


def send_daily_digests(*, day: date | None = None) -> int:
    """Send each person the messages waiting for their daily digest, in one e-mail a day;
    returns how many e-mails were sent. Safe to run again at any time, also at once in
    several workers: a digest already sent today is not sent again (messages arriving after it
    wait for tomorrow's), and a digest that a killed worker left unsent, today's or an
    earlier day's, is sent now."""
    claim_digests(day=day or timezone.localdate())
    return send_unsent_digests()


def claim_digests(*, day: date) -> int:
    """Put each person's waiting messages into their digest of the day, unless it has been
    sent; returns how many messages were put. One short transaction a person: the day's
    digest is made or locked, so two runs at once wait for each other."""
    waiting = Notification.objects.filter(sent_at__isnull=True, digest__isnull=True)
    people = list(waiting.order_by("person_id").values_list("person_id", flat=True).distinct())
    claimed = 0
    for person_id in people:
        with transaction.atomic():
            digest, _created = DigestDelivery.objects.select_for_update().get_or_create(
                person_id=person_id, date=day
            )
            if digest.sent_at is None:
                claimed += waiting.filter(person_id=person_id).update(digest=digest)
    return claimed


def send_unsent_digests() -> int:
    """E-mail every claimed digest not yet sent, oldest first; returns how many e-mails went.
    A digest that cannot be sent (the mail server refuses) stays unsent for the next run, and
    the error is raised after the others have been tried, so that the task is retried."""
    pending = list(DigestDelivery.objects.unsent().values_list("pk", flat=True))
    if not pending:
        return 0
    sent, failure = 0, None
    with get_connection() as connection:
        for pk in pending:
            try:
                sent += _send_digest(pk, connection)
            except OSError as error:  # smtplib's errors are OSErrors
                logger.warning("Daily digest %s not sent: %s", pk, error)
                failure = error
                with contextlib.suppress(OSError):
                    connection.close()  # the next message opens a new connection
    if failure is not None:
        raise failure
    return sent


def _send_digest(pk: int, connection) -> int:
    """Send one digest and mark it sent, holding its row lock from start to end: another worker
    skips it meanwhile. A worker killed before the commit leaves it unsent, and it is sent
    again; only if killed after the mail server accepted the e-mail and before the commit does
    the person get a second copy, with the same Message-ID."""
    with transaction.atomic():
        digest = (
            DigestDelivery.objects.unsent()
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("person")
            .filter(pk=pk)
            .first()
        )
        if digest is None:
            return 0  # sent meanwhile, or being sent by another worker
        notifications = list(
            digest.notifications.select_related("post__thread__area", "post__author").order_by(
                "post__created_at", "pk"
            )
        )
        news = [n for n in notifications if not n.post.hidden and not n.post.deleted_at]
        if news:
            connection.send_messages([_digest_email(digest, news)])
        now = timezone.now()
        digest.sent_at, digest.messages = now, len(news)
        digest.save(update_fields=["sent_at", "messages"])
        Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(sent_at=now)
    return 1 if news else 0


def digest_message_id(digest: DigestDelivery) -> str:
    """The same for every copy of one digest: a copy sent twice is seen to be one message."""
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<digest-{digest.person_id}-{digest.date.isoformat()}@{domain}>"


def _digest_email(digest: DigestDelivery, news: list[Notification]) -> EmailMessage:
    """The digest in the person's language, rendered as `queue_email` renders it, but sent
    here and now: the digest is marked sent only once the mail server has accepted it."""
    person = digest.person
    subject, body = render_email(
        "community/email/messages", _messages_context(person, news), person.language
    )
    return EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[person.email],
        headers={"Message-ID": digest_message_id(digest)},
    )


def unsubscribe_token(person) -> str:
    return signed.person_token(person, purpose=UNSUBSCRIBE_SALT)


def unsubscribe(token: str):
    """Stop every e-mail of the discussions to the person the token names."""
    person = signed.person_of(token, purpose=UNSUBSCRIBE_SALT)
    if person is None:
        raise CommunityError(_("This link is not valid."))
    set_frequency(person=person, frequency=NotificationSetting.Frequency.NEVER)
    return person


# --- Good practices --------------------------------------------------------------------------

PRACTICE_SECTIONS = (
    ("problem", gettext_lazy("The problem")),
    ("what_was_done", gettext_lazy("What was done")),
    ("results", gettext_lazy("Results")),
    ("lessons", gettext_lazy("Lessons learned")),
)


def practice_sections(practice: Practice) -> list[tuple[str, str]]:
    """(heading, HTML) of each section the card fills, headings in the active language."""
    return [
        (str(heading), markdown.render(getattr(practice, field)))
        for field, heading in PRACTICE_SECTIONS
        if getattr(practice, field).strip()
    ]


def _practice_html(practice: Practice) -> str:
    return "".join(
        f"<h3>{escape(heading)}</h3>{html}" for heading, html in practice_sections(practice)
    )


@transaction.atomic
def save_practice(*, practice: Practice, by, sub_themes=(), attachments=()) -> Practice:
    """Publish or update a practice card, and its mirror in the library (a members' material
    of type `practice` that the library's search finds and that leads to the card)."""
    from uso.library import services as library
    from uso.library.models import Material

    if not practice.title.strip() or not practice.problem.strip():
        raise CommunityError(_("Give the practice a title and describe the problem."))
    checked = check_attachments(attachments)
    if practice.created_by_id is None:
        practice.created_by = by
    language = "sv" if practice.municipality.language == "sv" else "fi"
    with translation.override(language):
        practice.html = _practice_html(practice)
    practice.save()
    practice.sub_themes.set(sub_themes)
    _attach(checked, by=by, practice=practice)
    material = practice.material or Material(
        kind=Material.Kind.PRACTICE, status=Material.Status.PUBLISHED, created_by=by
    )
    material.title = practice.title
    problem = html.unescape(strip_tags(markdown.render(practice.problem)))
    material.summary = Truncator(problem).words(40)
    material.body = practice.html
    material.language = language
    material.visibility = Material.Visibility.MEMBERS
    material.authors = str(practice.municipality)
    material = library.save_material(material=material, by=by, sub_themes=list(sub_themes))
    if practice.material_id != material.pk:
        practice.material = material
        practice.save(update_fields=["material", "updated_at"])
    return practice


@transaction.atomic
def delete_practice(*, practice: Practice, by) -> None:
    material = practice.material
    _remove_attachments(practice.attachments.all())
    practice.delete()
    if material is not None:
        from uso.library import services as library

        library.delete_material(material=material)


@transaction.atomic
def comment_practice(*, practice: Practice, author, body: str) -> PracticeComment:
    body = _clean_body(body)
    _check_pace(author)
    return PracticeComment.objects.create(
        practice=practice, author=author, body=body, html=markdown.render(body)
    )


@transaction.atomic
def set_trying(*, practice: Practice, by, trying: bool) -> int:
    """Record (or take back) that the person's municipality is trying the practice too;
    returns how many municipalities are."""
    if by.municipality_id is None or by.municipality_id == practice.municipality_id:
        raise CommunityError(_("Only another member municipality can try a practice."))
    if trying:
        PracticeTrial.objects.get_or_create(
            practice=practice, municipality_id=by.municipality_id, defaults={"by": by}
        )
    else:
        PracticeTrial.objects.filter(practice=practice, municipality_id=by.municipality_id).delete()
    return practice.trials.count()


# --- Mailings --------------------------------------------------------------------------------


def mailing_recipients(mailing: Mailing) -> list[tuple]:
    """(person or None, name, e-mail, language) of everyone the mailing goes to, each address
    once, in name order."""
    from uso.accounts.models import Role
    from uso.events.models import Registration

    found = {}
    if mailing.audience == Mailing.Audience.EVENT:
        registrations = Registration.objects.filter(
            event=mailing.event,
            status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED],
        ).select_related("person")
        for registration in registrations:
            person = registration.person
            if person is not None and person.is_active:
                found.setdefault(
                    person.email.lower(),
                    (person, person.get_full_name(), person.email, person.language),
                )
            elif person is None and registration.guest_email:
                found.setdefault(
                    registration.guest_email.lower(),
                    (
                        None,
                        registration.guest_name,
                        registration.guest_email,
                        registration.language,
                    ),
                )
    else:
        group = mailing.peer_group if mailing.audience == Mailing.Audience.PEER_GROUP else None
        # The audiences "political" and "professional" are the leadership types of that name.
        people = members_people(mailing.period_id, group=group, leadership=mailing.audience)
        if mailing.audience == Mailing.Audience.CONTACTS:
            people = people.filter(role=Role.CONTACT)
        for person in people:
            found.setdefault(
                person.email.lower(),
                (person, person.get_full_name(), person.email, person.language),
            )
    return sorted(found.values(), key=lambda row: (row[1].casefold(), row[2]))


def check_mailing(mailing: Mailing) -> None:
    if mailing.audience == Mailing.Audience.PEER_GROUP and mailing.peer_group is None:
        raise CommunityError(_("Choose the peer group."), field="peer_group")
    if mailing.audience == Mailing.Audience.EVENT and mailing.event is None:
        raise CommunityError(_("Choose the event."), field="event")


@transaction.atomic
def send_mailing(*, mailing: Mailing, by) -> int:
    """Send the mailing to each recipient in their language, replies to the sender, and record
    who it went to. A mailing is sent once."""
    mailing = Mailing.objects.select_for_update().get(pk=mailing.pk)
    if mailing.sent_at:
        raise CommunityError(_("This mailing has already been sent."))
    check_mailing(mailing)
    recipients = mailing_recipients(mailing)
    if not recipients:
        raise CommunityError(_("Nobody would receive this mailing."))
    for person, name, email, language in recipients:
        language = language if language in ("fi", "sv", "en") else "fi"
        subject, body = mailing.text_in(language)
        MailingRecipient.objects.create(
            mailing=mailing, person=person, name=name, email=email, language=language
        )
        queue_email(
            to=email,
            template="community/email/mailing",
            language=language,
            context={"subject": subject, "body": body, "sender": by},
            reply_to=by.email,
        )
    mailing.sent_at, mailing.sent_by = timezone.now(), by
    mailing.save(update_fields=["sent_at", "sent_by", "updated_at"])
    return len(recipients)
