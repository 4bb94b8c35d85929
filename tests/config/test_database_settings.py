"""The application's PostgreSQL connections run without JIT unless DJANGO_PG_JIT says so,
and keep the other options DATABASE_URL gives."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
URL = "postgres://app@db.internal:5432/mutual_aid"


def database_options(**env: str) -> dict:
    """config.settings.database's OPTIONS, read in a fresh process with ``env``."""
    code = (
        "import json; from config.settings import database; "
        "print(json.dumps(database.DATABASES['default'].get('OPTIONS', {})))"
    )
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_PG_JIT"} | env
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def test_jit_is_off_by_default():
    assert database_options(DATABASE_URL=URL) == {"options": "-c jit=off"}


def test_jit_off_keeps_the_options_of_the_url():
    url = URL + "?options=-c%20statement_timeout%3D5000&sslmode=require"
    assert database_options(DATABASE_URL=url) == {
        "options": "-c statement_timeout=5000 -c jit=off",
        "sslmode": "require",
    }


@pytest.mark.parametrize("value", ["true", "1", "on"])
def test_jit_can_be_left_to_the_server(value):
    assert database_options(DATABASE_URL=URL, DJANGO_PG_JIT=value) == {}


def test_sqlite_gets_no_postgresql_option():
    options = database_options(DATABASE_URL="")
    assert "options" not in options


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_applications_connection_runs_without_jit():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
