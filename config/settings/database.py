"""PostgreSQL when DATABASE_URL is set; SQLite (the embedded default) otherwise."""

import dj_database_url

from config.env import BASE_DIR, DATABASE_URL

if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
            "OPTIONS": {"timeout": 20},
        }
    }

USES_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
