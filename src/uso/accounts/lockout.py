"""What a person sees when django-axes has stopped their sign-in after too many failures: a
page in their language, or for the API the project's JSON error shape; both answer 429."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def cooloff_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def locked_out(request, original_response=None, credentials=None):
    message = _(
        "Too many failed sign-in attempts. Try again in %(minutes)s minutes, or reset your "
        "password."
    ) % {"minutes": cooloff_minutes()}
    if request.path.startswith("/api/"):
        return JsonResponse({"message": message, "errors": {}}, status=429)
    return render(request, "account/locked_out.html", {"message": message}, status=429)
