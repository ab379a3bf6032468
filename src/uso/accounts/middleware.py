from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

# Paths a coordinator without two-factor authentication may still open: signing in and out,
# setting up the authenticator, switching language, static files and the public pages.
OPEN_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/media/", "/api/")


class CoordinatorMFAMiddleware:
    """Coordinators see everything, so they must set up TOTP before using any page.

    The API is left to its token endpoint, which asks coordinators for the code, and to its
    session authentication, which only works after a login that went through MFA.
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
            and not is_mfa_enabled(user)
        ):
            messages.warning(
                request,
                _("Coordinators must set up two-factor authentication before using the platform."),
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
