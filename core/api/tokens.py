"""API tokens for integrators: made and revoked by staff, stored as a SHA-256 only.

A key is ``mat_`` and 43 URL-safe characters (256 random bits). A random key that long
cannot be guessed, so a fast hash is enough to store it (a slow password hash would cost
every API request a hundred milliseconds and add nothing); the hash is looked up through
a unique index. ``mat_`` lets secret scanners and people recognise a leaked key.
"""

import hashlib
import logging
import secrets
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from core import clock
from core.errors import NotPermitted
from core.models import ApiToken

log = logging.getLogger(__name__)

KEY_PREFIX = "mat_"
PREFIX_LENGTH = 12  # "mat_" and 8 characters: shown in lists, never enough to use
MAX_KEY_LENGTH = 100
TOUCH_EVERY = timedelta(minutes=1)  # last_used_at is written at most this often


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(
    *,
    user,
    name: str,
    created_by=None,
    expires_at: datetime | None = None,
    now: datetime | None = None,
) -> tuple[ApiToken, str]:
    """Make a token for ``user``; returns it with its key, which is never stored.

    ``created_by`` is the staff member (with ``core.add_apitoken``), or None from the
    command line (whoever runs ``manage.py`` has the database already).
    """
    if created_by is not None and not created_by.has_perm("core.add_apitoken"):
        raise NotPermitted(_("You may not make API tokens."), code="permission_denied")
    name = (name or "").strip() or user.get_username()
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        prefix=key[:PREFIX_LENGTH],
        digest=key_digest(key),
        created_at=now or clock.now(),
        created_by=created_by,
        expires_at=expires_at,
    )
    log.info(
        "API token %s (%s) created for %s by %s",
        token.prefix,
        token.name,
        user.get_username(),
        created_by.get_username() if created_by else "the command line",
    )
    return token, key


def api_token_revoke(*, token: ApiToken | int, revoked_by=None, now=None) -> ApiToken:
    """Revoke a token at once; revoking it again changes nothing."""
    if revoked_by is not None and not revoked_by.has_perm("core.change_apitoken"):
        raise NotPermitted(_("You may not revoke API tokens."), code="permission_denied")
    pk = token.pk if isinstance(token, ApiToken) else token
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().select_related("user").get(pk=pk)
        if token.revoked_at is not None:
            return token
        token.revoked_at = now or clock.now()
        token.revoked_by = revoked_by
        token.save(update_fields=["revoked_at", "revoked_by"])
    log.info(
        "API token %s (%s) of %s revoked by %s",
        token.prefix,
        token.name,
        token.user.get_username(),
        revoked_by.get_username() if revoked_by else "the command line",
    )
    return token


def api_token_for_key(*, key: str, now: datetime) -> ApiToken | None:
    """The live token with this key (not revoked, not expired, its user active), or None.

    Notes when it was last used, at most once a minute.
    """
    if not key.startswith(KEY_PREFIX) or len(key) > MAX_KEY_LENGTH:
        return None
    token = ApiToken.objects.select_related("user").filter(digest=key_digest(key)).first()
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    if token.expires_at is not None and token.expires_at <= now:
        return None
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def api_tokens_listed(*, username: str = "") -> QuerySet[ApiToken]:
    tokens = ApiToken.objects.select_related("user", "created_by", "revoked_by")
    if username:
        tokens = tokens.filter(user__username=username)
    return tokens.order_by("-created_at", "-id")


def api_token_status(token: ApiToken, *, now: datetime) -> str:
    if token.revoked_at is not None:
        return "revoked"
    if token.expires_at is not None and token.expires_at <= now:
        return "expired"
    return "active"
