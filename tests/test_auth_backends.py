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
