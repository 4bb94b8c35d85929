"""The production profile: ``DJANGO_SETTINGS_MODULE=config.settings.production``.

It loads the demo profile's modules (``config.settings``) and then hardens them. DEBUG is
off whatever ``DJANGO_DEBUG`` says (a true value is refused), so no debug page can be
shown. Start-up is refused, with the variable named, when a key is a development key, a
placeholder or too weak (``core.secrets.key_strength_problem``, the one key rule), when
PostgreSQL or Redis is not
configured, or when no host is allowed. Each protection is switched by an environment
variable with the safe value as its default; ``deploy.env.example`` lists them all and
docs/deploy.md explains them.
"""

from django.core.exceptions import ImproperlyConfigured

from config.env import DATABASE_URL, REDIS_URL, env, env_bool
from config.settings import *  # noqa: F403
from config.settings import IDENTIFIER_HMAC_KEY, REST_FRAMEWORK, SECRET_KEY, SITE_URL, USES_POSTGRES
from core.secrets import key_strength_problem


def _refuse(problem: str) -> None:
    raise ImproperlyConfigured(f"Production settings: {problem} (see deploy.env.example).")


if env_bool("DJANGO_DEBUG", False):
    _refuse("DJANGO_DEBUG is true; debug pages must never be served in production")
DEBUG = False

for _name, _value in (
    ("DJANGO_SECRET_KEY", SECRET_KEY),
    ("IDENTIFIER_HMAC_KEY", IDENTIFIER_HMAC_KEY),
):
    if _reason := key_strength_problem(_value):
        _refuse(f"{_name} is refused: it {_reason}")
if not DATABASE_URL or not USES_POSTGRES:
    _refuse("DATABASE_URL must name the PostgreSQL database, as the application role")
if not REDIS_URL:
    _refuse("REDIS_URL must name the Redis broker of the Celery worker and beat")
if not env("DJANGO_ALLOWED_HOSTS"):
    _refuse("DJANGO_ALLOWED_HOSTS must list the host names the site answers to")
if not env("SITE_URL"):
    _refuse("SITE_URL must say where the site is reached (links in emails)")

# HTTPS: the reverse proxy ends TLS and says so in a header it sets itself (nginx:
# ``proxy_set_header X-Forwarded-Proto $scheme``). Trust that header only behind such a
# proxy: a client could otherwise claim HTTPS.
_proxy_header = env("DJANGO_PROXY_SSL_HEADER")
if _proxy_header:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz(/ready)?$"]  # a balancer may probe a node over HTTP
SECURE_HSTS_SECONDS = int(env("DJANGO_SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Cookies: sent over HTTPS only; the session ends after DJANGO_SESSION_COOKIE_AGE seconds
# (8 hours by default: a working day, not Django's two weeks, for medical records).
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(env("DJANGO_SESSION_COOKIE_AGE", str(8 * 3600)))
# Origins allowed to POST besides the site's own; by default the SITE_URL when it is HTTPS.
CSRF_TRUSTED_ORIGINS = [
    o.strip()
    for o in env(
        "DJANGO_CSRF_TRUSTED_ORIGINS", SITE_URL if SITE_URL.startswith("https://") else ""
    ).split(",")
    if o.strip()
]

# Static files: collected (``collectstatic``) with hashed names and served by whitenoise
# from STATIC_ROOT with far-future caching; a template naming a missing file fails loudly.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False

# Mail: SMTP unless EMAIL_BACKEND says otherwise.
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
SERVER_EMAIL = env("SERVER_EMAIL", env("DEFAULT_FROM_EMAIL", "claims@mutual-aid.example"))

# The API answers JSON only: integrators read the schema and Swagger UI at /api/docs/.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
