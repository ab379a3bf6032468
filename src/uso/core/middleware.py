import logging
import sys

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpResponse, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


class FinnishFirstLocaleMiddleware(LocaleMiddleware):
    """Finnish unless the person chose otherwise: the language switcher's cookie first, then
    the language in a signed-in person's profile.

    The browser's Accept-Language is not consulted: the network works in Finnish, and a
    councillor whose laptop happens to be set to English still expects the Finnish service.
    """

    def process_request(self, request):
        language = chosen_language(request, getattr(request, "user", None))
        translation.activate(language or settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()


def supported_languages() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


def chosen_language(request, user) -> str | None:
    """The language the person chose: the language switcher's cookie, else the language in a
    signed-in person's profile; None when neither is one the platform speaks."""
    supported = supported_languages()
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if cookie in supported:
        return cookie
    if user is not None and user.is_authenticated and user.language in supported:
        return user.language
    return None


@receiver(user_logged_in)
def speak_the_language_of_who_signed_in(sender, request, user, **kwargs):
    """The sign-in request began with nobody signed in, so in Finnish (or the cookie's
    language): from the moment the person is known, it speaks their language, so that what it
    still says ("Signed in as …") is in it."""
    language = chosen_language(request, user) if request is not None else None
    if language:
        translation.activate(language)
        request.LANGUAGE_CODE = language


# Errors that mean the database did not answer: it is down, restarting, unreachable, or it
# broke off the connection. Django wraps the driver's errors in these two.
DATABASE_ERRORS = (OperationalError, InterfaceError)
# A restart takes seconds; a browser or API client may come back after this many.
RETRY_AFTER_SECONDS = 30


class DatabaseUnavailableMiddleware:
    """A database that does not answer gives a 503 the person can read, not a server error.

    The page is in the person's language (the language cookie, or the one already chosen
    for the request; the profile's language needs the database), JSON under /api/, with
    Retry-After; rendering it touches neither the session nor the user. Django reconnects
    by itself at the next request (CONN_HEALTH_CHECKS), so nothing needs restarting.

    Errors raised in a view or its template come to process_exception. Errors raised in
    another middleware (the session and the user load lazily, on first use there) Django has
    already turned into a 500 by the time the response comes back here: the
    got_request_exception receiver marks such a request, and __call__ swaps its 500 for the
    503 (under WSGI, as deployed: under ASGI Django builds that 500 in another thread, where
    the receiver cannot see the exception). Placed after the security and CSP middleware, so
    both still add their headers.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        got_request_exception.connect(
            mark_database_error, dispatch_uid="uso.core.middleware.mark_database_error"
        )

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, "_uso_database_error", False):
            response = database_unavailable(request)
            response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        return response

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_ERRORS):
            return None
        logger.error(
            "The database did not answer; %s %s answered 503.",
            request.method,
            request.path,
            exc_info=exception,
        )
        return database_unavailable(request)


def mark_database_error(sender, request=None, **kwargs):
    """Called by Django inside its `except` block, so the exception is the current one."""
    if request is not None and isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        request._uso_database_error = True


def database_unavailable(request) -> HttpResponse:
    with translation.override(language_without_database(request)):
        if request.path_info.startswith("/api/"):
            response = JsonResponse(
                {
                    "message": _(
                        "The service is temporarily unavailable. Please try again in a moment."
                    ),
                    "errors": {},
                },
                status=503,
            )
        else:
            # No request: no context processors, so no session, user or CSRF token to load.
            response = HttpResponse(render_to_string("503.html"), status=503)
            response["Content-Language"] = translation.get_language()
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def language_without_database(request) -> str:
    """The request's language as far as it is known without the database."""
    supported = supported_languages()
    for chosen in (
        getattr(request, "LANGUAGE_CODE", None),
        request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME),
    ):
        if chosen in supported:
            return chosen
    return settings.LANGUAGE_CODE
