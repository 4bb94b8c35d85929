"""Shared fixtures. Tests marked ``postgres`` need real row locks; ``worker`` a real Celery
worker on Redis; ``browser`` Debian's Chromium. Each is skipped, with the reason, where
its service is missing."""

import os
import shutil

import pytest
from django.conf import settings
from django.core.cache import cache

from config.celery import app as celery_app

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
HAS_REDIS = bool(os.environ.get("REDIS_URL"))
CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None
)


def pytest_collection_modifyitems(config, items):
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL")
    skip_worker = pytest.mark.skip(
        reason="needs Redis and PostgreSQL: set REDIS_URL and DATABASE_URL"
    )
    skip_browser = pytest.mark.skip(reason="needs Debian's chromium at /usr/bin/chromium")
    for item in items:
        if "postgres" in item.keywords and not ON_POSTGRES:
            item.add_marker(skip_pg)
        if "worker" in item.keywords and not (HAS_REDIS and ON_POSTGRES):
            item.add_marker(skip_worker)
        if "browser" in item.keywords and not CHROMIUM:
            item.add_marker(skip_browser)


@pytest.fixture(autouse=True)
def _isolated_side_effects(request, settings, tmp_path):
    """Files go to a temporary folder, mail to memory, tasks run in-process (unless a test
    drives a real worker)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cache.clear()  # nothing cached by an earlier test (the notice banner)
    if "worker" not in request.keywords:
        previous = celery_app.conf.task_always_eager
        celery_app.conf.task_always_eager = True
        yield
        celery_app.conf.task_always_eager = previous
    else:
        yield
