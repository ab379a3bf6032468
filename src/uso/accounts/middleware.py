from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

# Paths a coordinator without two-factor authentication may still open: signing in and out,
# setting up the authenticator, switching language, static files and the public pages.
OPEN_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/media/")
# The API's public documents and its token endpoint (which asks coordinators for the code).
OPEN_API_PATHS = ("/api/v1/auth/token/", "/api/v1/schema/", "/api/v1/docs/")


def mfa_required_message() -> str:
    return _("Coordinators must set up two-factor authentication before using the platform.")


class CoordinatorMFAMiddleware:
    """Coordinators see everything, so they must set up TOTP before using any page.

    The API answers such a session with a JSON 403; its token endpoint asks coordinators for
    the current code itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user.is_coordinator
            and not request.path.startswith(OPEN_PREFIXES)
            and request.path not in ("/", "/privacy/", "/accessibility/")
            and request.path not in OPEN_API_PATHS
            and not is_mfa_enabled(user)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"message": mfa_required_message(), "errors": {}}, status=403)
            messages.warning(request, mfa_required_message())
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
