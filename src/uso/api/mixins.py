"""What every endpoint of the API does alike."""

from django.utils import translation

from uso.core.errors import DomainError
from uso.core.middleware import chosen_language


class ApiConventionsMixin:
    """Messages in the caller's language, also for token clients, whom the locale middleware
    sees before they are authenticated; domain errors also under `detail`."""

    def perform_authentication(self, request):
        super().perform_authentication(request)
        language = chosen_language(request, request.user)
        if language:
            translation.activate(language)

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if isinstance(exc, DomainError) and isinstance(response.data, dict):
            response.data["detail"] = response.data.get("message", str(exc))
        return response
