"""What every endpoint of the API does alike."""

from django.conf import settings
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

from uso.core.errors import DomainError
from uso.core.middleware import chosen_language, supported_languages


class ApiConventionsMixin:
    """What every view of the API inherits (`tests/test_api.py` checks each one does):
    messages in the caller's language, also for token clients, whom the locale middleware
    sees before they are authenticated; domain errors also under `detail`."""

    def perform_authentication(self, request):
        super().perform_authentication(request)
        language = api_language(request)
        if language:
            translation.activate(language)

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if isinstance(exc, DomainError) and isinstance(response.data, dict):
            response.data["detail"] = response.data.get("message", str(exc))
        return response


def api_language(request) -> str | None:
    """The language cookie, else a language the client asks for in Accept-Language (a program
    sends it only when told to, unlike a browser), else the caller's profile language."""
    supported = supported_languages()
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if cookie in supported:
        return cookie
    for code, _quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        if code.split("-")[0] in supported:
            return code.split("-")[0]
    return chosen_language(request, request.user)
