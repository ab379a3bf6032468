"""Errors speak the user's language and keep the site's navigation; a database that does not
answer gives a 503 that needs no database."""

import pytest
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.test import Client
from django.utils import translation

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


def database_down(execute, sql, params, many, context):
    """Every query fails as it does while the database is down (savepoints still work, so
    the test's own transaction survives)."""
    if sql.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
        return execute(sql, params, many, context)
    raise OperationalError("connection to server failed: Connection refused")


def urls_raising(error):
    from django.urls import path
    from rest_framework.views import APIView

    def page(request):
        raise error

    class Endpoint(APIView):
        authentication_classes = []
        permission_classes = []

        def get(self, request):
            raise error

    return type(
        "urls", (), {"urlpatterns": [path("down/", page), path("api/down/", Endpoint.as_view())]}
    )


def test_a_page_whose_database_is_down_answers_503_with_a_page_in_the_users_language(settings):
    settings.ROOT_URLCONF = urls_raising(OperationalError("database is locked"))
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/down/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Language"] == "en"
    page = response.content.decode()
    assert '<html lang="en">' in page
    assert "<h1>Service temporarily unavailable</h1>" in page
    assert "Traceback" not in page and "database is locked" not in page


def test_the_503_page_is_finnish_by_default(settings):
    settings.ROOT_URLCONF = urls_raising(InterfaceError("connection already closed"))
    response = Client().get("/down/")
    assert response.status_code == 503
    page = response.content.decode()
    assert '<html lang="fi">' in page
    with translation.override("fi"):
        assert translation.gettext("Service temporarily unavailable") in page


def test_the_api_answers_503_in_json_when_its_database_is_down(settings):
    settings.ROOT_URLCONF = urls_raising(OperationalError("server closed the connection"))
    response = Client().get("/api/down/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "30"
    with translation.override("fi"):
        message = translation.gettext(
            "The service is temporarily unavailable. Please try again in a moment."
        )
    assert response.json() == {"message": message, "errors": {}}


def test_the_real_pages_answer_503_while_every_query_fails(world):
    client = Client()
    with connection.execute_wrapper(database_down):
        for url in ["/", "/events/", "/api/v1/events/"]:
            response = client.get(url)
            assert response.status_code == 503, url
            assert response["Retry-After"] == "30"


def test_a_signed_in_person_whose_session_cannot_be_read_gets_the_503_page(world):
    """The session and the user are read in middleware, before any view: Django has already
    made a 500 of the error there, which the middleware turns into the 503."""
    client = Client(raise_request_exception=False)
    client.force_login(world.participant_a)
    with connection.execute_wrapper(database_down):
        response = client.get("/dashboard/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert '<html lang="fi">' in response.content.decode()
    assert settings.SESSION_COOKIE_NAME not in response.cookies  # still signed in afterwards
    assert client.get("/dashboard/").status_code == 200
