"""Links that act for a person without signing in, such as the one-click unsubscribe in every
digest: the person's id signed with a purpose of its own, so that one kind of link never works
as another."""

from django.core import signing


def person_token(person, *, purpose: str) -> str:
    return signing.dumps(person.pk, salt=purpose)


def person_of(token: str, *, purpose: str):
    """The person the token names, or None for a token that is forged, of another purpose or
    of a person who no longer exists."""
    from uso.accounts.models import User

    try:
        person_id = signing.loads(token, salt=purpose)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=person_id).first()
