"""API error format: every error is JSON ``{"code", "message", "detail"}``."""

from typing import Any

from django.conf import settings
from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import Http404
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, TransitionNotAllowed
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import DomainError


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        return Response(exc.as_dict(), status=exc.http_status)
    if isinstance(exc, TransitionNotAllowed):
        body = {"code": "transition_not_allowed", "message": str(exc), "detail": {}}
        return Response(body, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, ConcurrentTransition):
        body = {
            "code": "concurrent_transition",
            "message": _("The claim changed while you were acting on it; reload and retry."),
            "detail": {},
        }
        return Response(body, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent):
        return body_refusal(exc)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "code": "invalid",
            "message": _("Some fields are invalid."),
            "detail": {"fields": response.data},
        }
    elif isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        response.data = {
            "code": codes if isinstance(codes, str) else "error",
            "message": str(exc.detail),
            "detail": {},
        }
    return response


def body_refusal(exc: Exception) -> Response:
    """Django's own body limits (a form or multipart body), answered as JSON."""
    if isinstance(exc, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        body = {
            "code": "request_too_large",
            "message": _("The request body is larger than %(limit)s bytes.") % {"limit": limit},
            "detail": {"limit": limit},
        }
        return Response(body, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    body = {
        "code": "too_many_fields",
        "message": _("The request has too many fields."),
        "detail": {},
    }
    return Response(body, status=status.HTTP_400_BAD_REQUEST)
