"""Rights come from the rules; Django's model permissions only for the admin's staff."""

from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .factories import PASSWORD, ConsultantFactory


def test_a_participants_permission_checks_ask_no_model_permissions(world):
    person = type(world.participant_a).objects.get(pk=world.participant_a.pk)
    with CaptureQueriesContext(connection) as queries:
        assert person.has_perm("events.view_programme") in (True, False)
        assert not person.has_perm("network.manage_periods")
    assert not [q for q in queries if "auth_permission" in q["sql"]]


def test_staff_keep_their_model_permissions_for_the_admin(db):
    staff = ConsultantFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_municipality"))
    staff = type(staff).objects.get(pk=staff.pk)
    assert staff.has_perm("network.view_municipality")
    assert not ConsultantFactory().has_perm("network.view_municipality")


def test_signing_in_with_a_password_still_works(client, world):
    response = client.post(
        reverse("account_login"), {"login": world.participant_a.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("core:dashboard")).context["user"] == world.participant_a


def test_a_too_short_password_is_refused_in_finnish(client, world):
    # Django's Finnish catalog has no words for this rule; the form said it in English.
    client.force_login(world.participant_a)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "Ka7!x", "password2": "Ka7!x"},
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["password1"])
    assert "Salasana on liian lyhyt: siinä on oltava vähintään 8 merkkiä." in errors
    assert "too short" not in errors


def test_signing_in_keeps_the_persons_municipality_at_hand(client, world):
    # The navigation names it on every page: loaded with the person, not asked again.
    client.force_login(world.participant_a)
    response = client.get(reverse("core:dashboard"))
    with CaptureQueriesContext(connection) as queries:
        assert response.context["user"].municipality.code
    assert len(queries) == 0


def test_signing_in_greets_the_person_in_the_language_of_their_profile(client, world):
    from django.contrib.messages import get_messages
    from django.utils import translation

    person = world.participant_a
    person.language = "sv"
    person.save(update_fields=["language"])
    response = client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    (greeting,) = [str(message) for message in get_messages(response.wsgi_request)]
    with translation.override("sv"):
        swedish = translation.gettext("Successfully signed in as %(name)s.") % {"name": person}
    assert greeting == swedish and "Kirjauduttiin" not in greeting

    # The language switcher's choice still wins over the profile.
    client.logout()
    client.cookies["django_language"] = "fi"
    response = client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    (greeting,) = [str(message) for message in get_messages(response.wsgi_request)]
    assert greeting.startswith("Kirjauduttiin")
