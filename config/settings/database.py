"""PostgreSQL when DATABASE_URL is set; SQLite (the embedded default) otherwise.

Connections are kept for ``DJANGO_CONN_MAX_AGE`` seconds (60 by default) and checked
before reuse (``CONN_HEALTH_CHECKS``), so a database restart costs one failed check, not
one failed request per worker.

PostgreSQL's JIT compiler is off for the application's connections unless
``DJANGO_PG_JIT`` is true: the pages ask short indexed queries, whose estimated cost can
still pass ``jit_above_cost`` on a large table, and compiling one then takes longer than
running it (docs/decisions.md, "Counts, pages and indexes").
"""

import dj_database_url

from config.env import BASE_DIR, DATABASE_URL, env, env_bool

if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=int(env("DJANGO_CONN_MAX_AGE", "60")),
            conn_health_checks=True,
        )
    }
    if not env_bool("DJANGO_PG_JIT", False):
        _options = DATABASES["default"].setdefault("OPTIONS", {})
        _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(BASE_DIR / "db.sqlite3"),
            # The demo's web server and its in-process beat write to the same file: WAL lets
            # readers go on while one writes, and IMMEDIATE takes the write lock at BEGIN,
            # so two writers queue (timeout) instead of failing on a lock upgrade.
            "OPTIONS": {
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    }

USES_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
