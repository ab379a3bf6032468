"""Sign-in rate limiting (django-axes) and the Content-Security-Policy (django-csp)."""

import re

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from .factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """allauth counts failures in the cache; each test starts from none."""
    cache.clear()
    yield
    cache.clear()


def sign_in(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


@override_settings(ACCOUNT_RATE_LIMITS=False)
def test_five_wrong_passwords_pause_that_address_from_that_computer(client, world):
    email = world.participant_a.email
    for _ in range(4):
        assert sign_in(client, email, "wrong-password").status_code == 200
    # The fifth failure pauses the address; even the right password waits now.
    assert sign_in(client, email, "wrong-password").status_code == 429
    locked = sign_in(client, email, PASSWORD)
    assert locked.status_code == 429
    assert "Liian monta epäonnistunutta kirjautumisyritystä" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # Another person signing in from the same computer is not stopped.
    assert sign_in(client, world.participant_b.email, PASSWORD).status_code == 302


@override_settings(ACCOUNT_RATE_LIMITS=False)
def test_a_success_before_the_limit_starts_the_count_again(client, world):
    email = world.participant_a.email
    for _ in range(4):
        sign_in(client, email, "wrong-password")
    assert sign_in(client, email, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        sign_in(client, email, "wrong-password")
    assert sign_in(client, email, PASSWORD).status_code == 302


def test_the_api_token_endpoint_is_limited_too_and_answers_json(world):
    api = APIClient()
    body = {"email": world.participant_a.email, "password": "wrong"}
    for _ in range(4):
        assert api.post("/api/v1/auth/token/", body).status_code in (401, 403)
    assert api.post("/api/v1/auth/token/", body).status_code == 429
    response = api.post(
        "/api/v1/auth/token/", {"email": world.participant_a.email, "password": PASSWORD}
    )
    assert response.status_code == 429
    assert "message" in response.json()


def test_pages_carry_a_content_security_policy_without_inline_scripts(client, world):
    client.force_login(world.participant_a)
    response = client.get(reverse("core:dashboard"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    html = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)


def test_the_api_documentation_needs_no_inline_script(client):
    page = client.get(reverse("api_docs")).content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", page)
    assert "?script=" in page
