"""PostgreSQL when DATABASE_URL is set; SQLite (the embedded default) otherwise.

Connections are kept for ``DJANGO_CONN_MAX_AGE`` seconds (60 by default) and checked
before reuse (``CONN_HEALTH_CHECKS``), so a database restart costs one failed check, not
one failed request per worker.
"""

import dj_database_url

from config.env import BASE_DIR, DATABASE_URL, env

if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=int(env("DJANGO_CONN_MAX_AGE", "60")),
            conn_health_checks=True,
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
            "OPTIONS": {"timeout": 20},
        }
    }

USES_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
