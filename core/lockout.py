"""Sign-in throttling with django-axes: the client's address, the credentials a failed API
token counts under, and what a locked-out client is told (a page, or JSON on the API).

Sign-in pages and the admin lock a user name from one address after ``AXES_FAILURE_LIMIT``
failures in a row (``AXES_LOCKOUT_PARAMETERS``: the combination). Failed API tokens count
under one pseudo user name per address, so repeated bad tokens from an address lock that
address out of token authentication without touching anyone's sign-in.
"""

import ipaddress
import math
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Max
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import clock

# Not a possible user name (Django's user names allow no "<" or ">").
API_TOKEN_USERNAME = "<api token>"


def token_credentials() -> dict[str, str]:
    return {"username": API_TOKEN_USERNAME}


def client_ip(request: HttpRequest) -> str | None:
    """The client's address (``AXES_CLIENT_IP_CALLABLE``).

    ``REMOTE_ADDR``, or behind ``TRUSTED_PROXY_COUNT`` reverse proxies that each append
    to ``X-Forwarded-For``, the address the outermost of them saw: that many entries from
    the right. Entries further left are the client's own to forge, so they are never used.
    """
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [
            a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()
        ]
        if len(forwarded) >= count and is_ip(forwarded[-count]):
            return forwarded[-count]
    return remote if remote and is_ip(remote) else None


def is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def lockout_ends_at(request: HttpRequest, credentials: dict | None) -> datetime:
    """When the lock-out of this request's user name and address ends: the cool-off after
    the failure that locked it (failures during a lock-out are not counted)."""
    from axes.handlers.proxy import AxesProxyHandler
    from axes.helpers import get_cool_off

    AxesProxyHandler.update_request(request)
    handler = AxesProxyHandler.get_implementation()
    latest = [
        attempts.aggregate(latest=Max("attempt_time"))["latest"]
        for attempts in handler.get_user_attempts(request, credentials)
    ]
    started = max((t for t in latest if t is not None), default=None) or clock.now()
    return started + get_cool_off(request)


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """``AXES_LOCKOUT_CALLABLE``: 429 with how long to wait, as JSON on the API and as a
    page in the site's look everywhere else (the sign-in page, the admin's)."""
    ends_at = lockout_ends_at(request, credentials)
    remaining = max(0.0, (ends_at - clock.now()).total_seconds())
    seconds = math.floor(remaining) + 1  # the lock holds up to ends_at itself
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(lockout_body(seconds), status=429)
    else:
        minutes = max(1, math.ceil(remaining / 60))
        context = {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            # Shown to the minute, rounded up: "after 10:16" is never before the end.
            "ends_at": (ends_at + timedelta(seconds=59)).replace(second=0, microsecond=0),
            "minutes": minutes,
            "wait": ngettext("%(n)s minute", "%(n)s minutes", minutes) % {"n": minutes},
        }
        response = render(request, "registration/locked_out.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response


def lockout_body(seconds: int) -> dict:
    return {
        "code": "too_many_failed_logins",
        "message": _(
            "Too many failed sign-ins from your address. Try again in %(seconds)s seconds."
        )
        % {"seconds": seconds},
        "detail": {"retry_after": seconds},
    }
