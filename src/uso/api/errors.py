"""Every API error is JSON with a message and, for bad input, the errors per field."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from uso.core.errors import DomainError, TooSoon


def exception_handler(exc, context):
    if isinstance(exc, TooSoon):
        return Response(
            {"message": str(exc.message), "errors": {}},
            status=status.HTTP_429_TOO_MANY_REQUESTS,
            headers={"Retry-After": str(exc.retry_after)},
        )
    if isinstance(exc, DomainError):
        errors = {exc.field: [str(exc.message)]} if exc.field else {}
        return Response(
            {"message": str(exc.message), "errors": errors}, status=status.HTTP_400_BAD_REQUEST
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ParseError):
        # DRF's parsers say what broke in English only ("JSON parse error - Expecting value").
        detail = _("technical detail: %(detail)s") % {"detail": exc.detail}
        message = _("The request body could not be read.")
        response.data = {"message": f"{message} ({detail})", "errors": {}}
    elif isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = {"message": _("The request has errors."), "errors": detail}
    else:
        message = response.data.get("detail", str(exc)) if isinstance(response.data, dict) else ""
        response.data = {"message": str(message), "errors": {}}
    return response
