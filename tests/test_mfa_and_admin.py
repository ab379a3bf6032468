"""Coordinators use two-factor authentication, and the admin has no login of its own."""

from django.urls import reverse

from .factories import CoordinatorFactory


def test_coordinator_without_totp_is_sent_to_set_it_up(client, db):
    coordinator = CoordinatorFactory(totp=False)
    client.force_login(coordinator)
    for url in (reverse("core:dashboard"), reverse("network:periods"), "/admin/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")
    # allauth asks for the password again before activating; no loop back to the dashboard.
    setup = client.get(reverse("mfa_activate_totp"), follow=True)
    assert setup.status_code == 200
    assert setup.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))


def test_coordinator_with_totp_uses_coordinator_pages(client, world):
    client.force_login(world.coordinator)
    assert client.get(reverse("network:periods")).status_code == 200
    assert client.get("/admin/").status_code == 200


def test_admin_login_goes_through_allauth(client, db):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert "next=" in response.redirect_chain[-1][0]


def test_password_login_of_a_coordinator_asks_for_the_code(client, world):
    response = client.post(
        reverse("account_login"),
        {"login": world.coordinator.email, "password": "correct-horse-battery"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session


def test_superuser_counts_as_coordinator(client, db):
    from uso.accounts.models import User

    admin = User.objects.create_superuser("root@example.org", "a-long-password-1")
    assert admin.is_coordinator
    client.force_login(admin)
    assert client.get(reverse("core:dashboard"))["Location"] == reverse("mfa_activate_totp")


def test_api_session_of_a_coordinator_without_totp_is_refused(client, world):
    coordinator = CoordinatorFactory(totp=False)
    client.force_login(coordinator)
    response = client.get("/api/v1/people/")
    assert response.status_code == 403 and response.json()["message"]
    assert client.get("/api/v1/schema/").status_code == 200


def test_coordinators_edit_a_periods_theme_areas_and_their_sub_themes_in_the_admin(client, world):
    """Every inline shows (Django's model permissions would hide it from coordinators), and
    the language tabs' script comes from the platform, as the Content-Security-Policy asks."""
    from uso.network.models import ThemeArea

    area = ThemeArea.objects.create(period=world.period, name_fi="Strategia", order=1)
    client.force_login(world.coordinator)
    period_page = client.get(f"/admin/network/period/{world.period.pk}/change/")
    assert period_page.status_code == 200
    assert 'name="theme_areas-TOTAL_FORMS"' in period_page.text
    assert "googleapis" not in period_page.text
    assert "/static/vendor/jquery-ui/jquery-ui.min.js" in period_page.text
    area_page = client.get(f"/admin/network/themearea/{area.pk}/change/")
    assert 'name="sub_themes-TOTAL_FORMS"' in area_page.text


def test_every_admin_inline_is_open_to_coordinators(rf, world):
    from django.contrib import admin

    request = rf.get("/admin/")
    request.user = world.coordinator
    inlines = [
        inline_class(model_admin.model, admin.site)
        for model_admin in admin.site._registry.values()
        for inline_class in model_admin.inlines
    ]
    assert len(inlines) >= 9
    for inline in inlines:
        assert inline.has_view_permission(request), type(inline).__name__


def test_saving_a_period_in_the_admin_returns_to_the_periods_page(client, world):
    client.force_login(world.coordinator)
    url = f"/admin/network/period/{world.period.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        {
            "network": world.period.network_id,
            "start_date": "2017-01-01",
            "end_date": "2018-12-31",
            "theme_areas-TOTAL_FORMS": "0",
            "theme_areas-INITIAL_FORMS": "0",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert response["Location"] == f"/periods/{world.period.pk}/"
