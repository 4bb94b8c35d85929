"""``manage.py api_token create|revoke|list``: API tokens for integrators.

``create USERNAME [--name NAME] [--expires-days N]`` prints the new key once (only its
SHA-256 is kept); ``revoke ID_OR_PREFIX`` revokes a token at once; ``list [USERNAME]``
shows the tokens with their prefix, status and last use, never a key.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from core import clock
from core.api.tokens import api_token_create, api_token_revoke, api_token_status, api_tokens_listed
from core.models import ApiToken


class Command(BaseCommand):
    help = "Create, revoke or list the API tokens of integrators."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="make a token for a user; prints the key once")
        create.add_argument("username")
        create.add_argument("--name", default="", help="what the token is for")
        create.add_argument(
            "--expires-days", type=int, default=None, help="expire after this many days"
        )
        revoke = actions.add_parser("revoke", help="revoke a token by its id or its prefix")
        revoke.add_argument("token", help="the id or the prefix (mat_…) shown by list")
        listing = actions.add_parser("list", help="the tokens, newest first")
        listing.add_argument("username", nargs="?", default="")

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _create(self, *, username, name, expires_days, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {username!r}")
        if expires_days is not None and expires_days < 1:
            raise CommandError("--expires-days must be at least 1")
        now = clock.now()
        expires_at = now + timedelta(days=expires_days) if expires_days else None
        token, key = api_token_create(user=user, name=name, expires_at=expires_at, now=now)
        self.stdout.write(self.style.SUCCESS(f"Token {token.pk} ({token.name}) for {username}:"))
        self.stdout.write(key)
        self.stdout.write(
            "Give this key to the integrator now: it is not stored and cannot be shown again. "
            "They send it as the header  Authorization: Token <key>"
        )

    def _revoke(self, *, token, **options):
        found = self._find(token)
        if found.revoked_at is not None:
            self.stdout.write(f"Token {found.pk} ({found.prefix}…) was already revoked")
            return
        revoked = api_token_revoke(token=found)
        self.stdout.write(self.style.SUCCESS(f"Token {revoked.pk} ({revoked.prefix}…) revoked"))

    def _list(self, *, username, **options):
        now = clock.now()
        tokens = list(api_tokens_listed(username=username))
        if not tokens:
            self.stdout.write("no API tokens")
        for t in tokens:
            used = t.last_used_at.isoformat(timespec="minutes") if t.last_used_at else "never"
            expires = t.expires_at.isoformat(timespec="minutes") if t.expires_at else "never"
            self.stdout.write(
                f"{t.pk:>5}  {t.prefix}…  {api_token_status(t, now=now):<8} "
                f"{t.user.get_username():<20} {t.name}  "
                f"(created {t.created_at.isoformat(timespec='minutes')}, "
                f"expires {expires}, last used {used})"
            )

    def _find(self, value: str) -> ApiToken:
        if value.isdigit():
            token = ApiToken.objects.filter(pk=int(value)).first()
        else:
            matches = list(ApiToken.objects.filter(prefix=value.rstrip("…")))
            if len(matches) > 1:
                raise CommandError(f"{len(matches)} tokens have the prefix {value}: use the id")
            token = matches[0] if matches else None
        if token is None:
            raise CommandError(f"no API token {value!r}")
        return token
