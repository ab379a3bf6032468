"""Every change to the discussions: threads, messages, following, reading, moderation and the
e-mail that tells followers of new messages."""

from datetime import timedelta

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from uso.core.errors import DomainError
from uso.core.mail import queue_email

from . import markdown
from .models import (
    Area,
    Follow,
    Notification,
    NotificationSetting,
    Post,
    PostRevision,
    ReadMark,
    Report,
    Thread,
)

# Posting more than this many messages in the window is refused (coordinators are not limited).
POSTS_PER_WINDOW = 10
POSTING_WINDOW = timedelta(minutes=10)
UNSUBSCRIBE_SALT = "community.unsubscribe"


class CommunityError(DomainError):
    pass


def ensure_areas(*, period) -> list[Area]:
    """The period's areas, made when missing: a general one, one per theme area, one per peer
    group, in that order."""
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
    return list(Area.objects.filter(period=period).select_related("theme_area", "peer_group"))


def _check_pace(author) -> None:
    if author.is_coordinator:
        return
    since = timezone.now() - POSTING_WINDOW
    if Post.objects.filter(author=author, created_at__gte=since).count() >= POSTS_PER_WINDOW:
        raise CommunityError(
            _("You have sent many messages in a short time. Please wait a few minutes."),
        )


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise CommunityError(_("Write a message."), field="body")
    if len(body) > 20_000:
        raise CommunityError(_("A message can be at most 20,000 characters long."), field="body")
    return body


@transaction.atomic
def start_thread(*, area: Area, author, title: str, body: str) -> Thread:
    title = " ".join((title or "").split())
    if not title:
        raise CommunityError(_("Give the discussion a title."), field="title")
    body = _clean_body(body)
    _check_pace(author)
    now = timezone.now()
    thread = Thread.objects.create(area=area, title=title[:200], author=author, last_post_at=now)
    _add_post(thread=thread, author=author, body=body, now=now)
    Follow.objects.get_or_create(person=author, thread=thread)
    return thread


@transaction.atomic
def post_reply(*, thread: Thread, author, body: str) -> Post:
    body = _clean_body(body)
    _check_pace(author)
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    post = _add_post(thread=thread, author=author, body=body, now=timezone.now())
    Follow.objects.get_or_create(person=author, thread=thread)
    return post


def _add_post(*, thread: Thread, author, body: str, now) -> Post:
    post = Post.objects.create(
        thread=thread, author=author, body=body, html=markdown.render(body), created_at=now
    )
    Thread.objects.filter(pk=thread.pk).update(last_post_at=now, post_count=thread.post_count + 1)
    thread.last_post_at, thread.post_count = now, thread.post_count + 1
    ReadMark.objects.update_or_create(person=author, thread=thread, defaults={"read_at": now})
    notify_followers(post)
    return post


@transaction.atomic
def edit_post(*, post: Post, by, body: str) -> Post:
    body = _clean_body(body)
    if body == post.body:
        return post
    PostRevision.objects.create(post=post, body=post.body)
    post.body, post.html, post.edited_at = body, markdown.render(body), timezone.now()
    post.save(update_fields=["body", "html", "edited_at", "updated_at"])
    return post


@transaction.atomic
def delete_post(*, post: Post, by) -> Thread | None:
    """Remove a message. A thread's only message takes the thread with it (returns None);
    otherwise the message shows as deleted, so that the replies still make sense."""
    thread = post.thread
    if thread.posts.exclude(pk=post.pk).filter(deleted_at__isnull=True).count() == 0:
        thread.delete()
        return None
    post.revisions.all().delete()
    post.body, post.html, post.deleted_at = "", "", timezone.now()
    post.save(update_fields=["body", "html", "deleted_at", "updated_at"])
    return thread


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


def notify_followers(post: Post) -> int:
    """Queue a notification of the message for each follower of its thread or area who may
    read it (not its author): at once by e-mail, or for the daily digest."""
    from uso.accounts.models import User

    thread = post.thread
    followers = (
        User.objects.filter(is_active=True, follows__thread=thread)
        | User.objects.filter(is_active=True, follows__area=thread.area_id)
    ).distinct()
    settings_of = dict(
        NotificationSetting.objects.filter(person__in=followers).values_list(
            "person_id", "frequency"
        )
    )
    count = 0
    for person in followers.exclude(pk=post.author_id):
        frequency = settings_of.get(person.pk, NotificationSetting.Frequency.DAILY)
        if frequency == NotificationSetting.Frequency.NEVER:
            continue
        if not person.has_perm("community.view_thread", thread):
            continue
        notification, created = Notification.objects.get_or_create(person=person, post=post)
        if not created:
            continue
        count += 1
        if frequency == NotificationSetting.Frequency.IMMEDIATE:
            _send(person, [post])
            notification.sent_at = timezone.now()
            notification.save(update_fields=["sent_at"])
    return count


def _send(person, posts: list[Post]) -> None:
    queue_email(
        to=person.email,
        template="community/email/messages",
        language=person.language,
        context={
            "person": person,
            "posts": posts,
            "digest": len(posts) > 1,
            "unsubscribe_path": reverse(
                "community:unsubscribe", kwargs={"token": unsubscribe_token(person)}
            ),
        },
    )


def send_daily_digests() -> int:
    """Send each person on the daily digest the messages not yet sent to them, in one e-mail.
    Each notification is sent once: it is locked and marked in the same transaction."""
    from uso.accounts.models import User

    waiting = Notification.objects.filter(sent_at__isnull=True)
    people = User.objects.filter(pk__in=waiting.values("person_id"))
    sent = 0
    for person in people.iterator():
        with transaction.atomic():
            batch = list(
                waiting.filter(person=person)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("post__thread__area", "post__author")
                .order_by("post__created_at")
            )
            posts = [n.post for n in batch if not n.post.hidden and not n.post.deleted_at]
            Notification.objects.filter(pk__in=[n.pk for n in batch]).update(sent_at=timezone.now())
            if posts:
                _send(person, posts)
                sent += 1
    return sent


def unsubscribe_token(person) -> str:
    return signing.dumps(person.pk, salt=UNSUBSCRIBE_SALT)


def unsubscribe(token: str):
    from uso.accounts.models import User

    try:
        person_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        raise CommunityError(_("This link is not valid.")) from None
    person = User.objects.filter(pk=person_id).first()
    if person is None:
        raise CommunityError(_("This link is not valid."))
    set_frequency(person=person, frequency=NotificationSetting.Frequency.NEVER)
    return person
