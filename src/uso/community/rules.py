"""Who may do what in the discussions. Members of the network and its staff only; a peer
group's area only its municipalities and the staff. The coordinators moderate."""

import rules

from uso.core.request_memo import remember
from uso.core.rules import (
    is_contact,
    is_coordinator,
    is_municipal,
    is_signed_in,
    of_own_municipality,
)


@rules.predicate
def is_network_member(user) -> bool:
    """Staff, or a person of a municipality with an active membership."""
    from uso.network.models import is_active_member

    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_coordinator or user.is_consultant:
        return True
    return bool(user.municipality_id and is_active_member(user.municipality_id))


def _area_of(obj):
    from .models import Area, Post, Thread

    if isinstance(obj, Post):
        return obj.thread.area
    if isinstance(obj, Thread):
        return obj.area
    return obj if isinstance(obj, Area) else None


@rules.predicate
def can_read_area(user, obj) -> bool:
    from .models import Area

    area = _area_of(obj)
    return bool(
        area
        and remember(
            ("area-readable", user.pk, area.pk),
            lambda: Area.objects.readable_by(user).filter(pk=area.pk).exists(),
        )
    )


@rules.predicate
def is_visible(user, obj) -> bool:
    """Not hidden by a moderator (a post, or the thread it is in)."""
    from .models import Post

    thread = obj.thread if isinstance(obj, Post) else obj
    return bool(obj is not None and not thread.hidden and not getattr(obj, "hidden", False))


@rules.predicate
def wrote_it(user, post) -> bool:
    return bool(post and user.is_authenticated and post.author_id == user.pk)


@rules.predicate
def is_removed(user, post) -> bool:
    return bool(post and post.deleted_at)


rules.add_perm("community.view_community", is_network_member)
rules.add_perm("community.view_area", can_read_area)
rules.add_perm("community.start_thread", can_read_area)
rules.add_perm("community.view_thread", can_read_area & (is_visible | is_coordinator))
rules.add_perm("community.reply", can_read_area & is_visible)
rules.add_perm("community.follow", can_read_area)
rules.add_perm("community.change_post", wrote_it & is_visible & ~is_removed & can_read_area)
rules.add_perm("community.delete_post", ~is_removed & ((wrote_it & can_read_area) | is_coordinator))
rules.add_perm("community.report_post", can_read_area & is_visible & ~wrote_it & ~is_removed)
rules.add_perm("community.moderate", is_coordinator)
rules.add_perm("community.change_settings", is_signed_in & is_network_member)
rules.add_perm("community.unsubscribe", rules.always_allow)  # the signed link decides


@rules.predicate
def asked_the_question(user, post) -> bool:
    thread = post.thread if post is not None else None
    return bool(
        thread and thread.is_question and user.is_authenticated and thread.author_id == user.pk
    )


@rules.predicate
def asked_question_of_thread(user, thread) -> bool:
    return bool(thread is not None and user.is_authenticated and thread.author_id == user.pk)


@rules.predicate
def is_question(user, thread) -> bool:
    return bool(thread is not None and thread.is_question)


rules.add_perm("community.ask_question", can_read_area)
# The asker marks the answers they found most useful (not their own messages).
rules.add_perm("community.mark_useful", asked_the_question & ~wrote_it & is_visible & ~is_removed)
rules.add_perm("community.summarise_question", is_coordinator & is_question)


@rules.predicate
def wrote_practice(user, practice) -> bool:
    return bool(practice and user.is_authenticated and practice.created_by_id == user.pk)


rules.add_perm("community.view_practices", is_network_member)
rules.add_perm("community.add_practice", is_network_member & is_municipal)
rules.add_perm(
    "community.change_practice",
    is_network_member & ((of_own_municipality & (wrote_practice | is_contact)) | is_coordinator),
)
# Another member municipality says "we are trying this too".
rules.add_perm("community.try_practice", is_network_member & is_municipal & ~of_own_municipality)
rules.add_perm("community.comment_practice", is_network_member)
# "Municipalities like mine" is a municipality's people's view of the others.
rules.add_perm("community.find_peers", is_network_member & is_municipal)
rules.add_perm("community.send_mailings", is_coordinator)


@rules.predicate
def can_read_attached_to(user, attachment) -> bool:
    """Whoever may read the message (a hidden one: the moderators) or see the practice card."""
    if attachment is None:
        return False
    if attachment.post_id is None:
        return user.has_perm("community.view_practices", attachment.practice)
    post = attachment.post
    visible = not post.hidden or user.has_perm("community.moderate")
    return visible and user.has_perm("community.view_thread", post.thread)


rules.add_perm("community.download_attachment", can_read_attached_to)
# The asker of a question marks answers useful: the page offers it to them only.
rules.add_perm("community.mark_answers_useful", is_question & asked_question_of_thread)
