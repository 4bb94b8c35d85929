"""System checks of the project's own settings (``manage.py check``)."""

from django.conf import settings
from django.core.checks import Error, Tags, register

from core.secrets import key_strength_problem

KEY_HINT = (
    "Generate a key with: python -c 'import secrets; print(secrets.token_urlsafe(48))' "
    "(changing IDENTIFIER_HMAC_KEY needs a re-hash of the stored identifiers)."
)


@register(Tags.security)
def check_secret_keys(app_configs=None, **kwargs) -> list[Error]:
    """Out of debug mode, SECRET_KEY and IDENTIFIER_HMAC_KEY must be strong keys."""
    if settings.DEBUG:
        return []
    errors = []
    for name in ("SECRET_KEY", "IDENTIFIER_HMAC_KEY"):
        problem = key_strength_problem(getattr(settings, name, "") or "")
        if problem:
            errors.append(Error(f"{name} {problem}.", hint=KEY_HINT, id="core.E001"))
    return errors
