"""API token authentication (``Authorization: Token <key>``), throttled by django-axes.

DRF's token authentication never calls Django's ``authenticate``, so axes sees none of
its failures. This class reports each bad token to axes as a failed sign-in (the
``user_login_failed`` signal, under one pseudo user name per address) and asks axes
first whether the address is locked out. Axes's middleware then answers a locked-out
request with ``core.lockout.lockout_response``: 429 JSON with ``Retry-After``.
"""

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from core import clock
from core.api.tokens import api_token_for_key
from core.lockout import token_credentials


class InvalidToken(exceptions.AuthenticationFailed):
    default_detail = _("The token is not valid: it is unknown, revoked or expired.")
    default_code = "invalid_token"


class ApiTokenAuthentication(BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None  # no token: the next class (the session) may authenticate
        http_request = request._request  # axes marks the Django request, not DRF's
        credentials = token_credentials()
        if settings.AXES_ENABLED and not AxesProxyHandler.is_allowed(http_request, credentials):
            http_request.axes_locked_out = True  # answered by axes's middleware (429)
            http_request.axes_credentials = credentials
            raise InvalidToken
        key = parts[1].decode("latin-1") if len(parts) == 2 else ""
        token = api_token_for_key(key=key, now=clock.now()) if key else None
        if token is None:
            user_login_failed.send(sender=type(self), credentials=credentials, request=http_request)
            raise InvalidToken
        return token.user, token

    def authenticate_header(self, request) -> str:
        return f'{self.keyword} realm="api"'
