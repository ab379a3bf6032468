"""Errors speak the user's language and keep the site's navigation."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_a_missing_page_answers_404_in_finnish_with_a_way_on(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert '<html lang="fi">' in page
    assert "<nav" in page and "/events/" in page


def test_a_denied_page_answers_403_with_an_explanation(client, world):
    client.force_login(world.participant_a)
    response = client.get("/billing/")
    assert response.status_code == 403
    assert "<main" in response.content.decode()


def test_a_server_error_shows_the_static_error_page(world, settings):
    from django.urls import path

    def broken(request):
        raise RuntimeError("boom")

    settings.ROOT_URLCONF = type("urls", (), {"urlpatterns": [path("broken/", broken)]})
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    assert "Jokin meni vikaan" in response.content.decode()
