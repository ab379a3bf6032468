"""What every endpoint of the API does alike."""

from django.conf import settings
from django.utils import translation

from uso.core.errors import DomainError


class ApiConventionsMixin:
    """Messages in the caller's language, also for token clients, whom the locale middleware
    sees before they are authenticated; domain errors also under `detail`."""

    def perform_authentication(self, request):
        super().perform_authentication(request)
        supported = {code for code, _name in settings.LANGUAGES}
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        user = request.user
        if chosen not in supported and user.is_authenticated and user.language in supported:
            translation.activate(user.language)

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if isinstance(exc, DomainError) and isinstance(response.data, dict):
            response.data["detail"] = response.data.get("message", str(exc))
        return response
