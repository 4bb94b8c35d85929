"""The backup of docs/deploy.md, restored: a seeded database dumped with ``pg_dump -Fc``
and restored with ``pg_restore`` into a fresh database has the same rows in every table,
the same sequence positions and the same append-only triggers."""

import os
import shutil
import subprocess
import sys
import uuid

import psycopg
import pytest
from django.db import connection

from tests.deploy.support import ROOT

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not all(shutil.which(t) for t in ("createdb", "pg_dump", "pg_restore")),
        reason="needs PostgreSQL's client programs (createdb, pg_dump, pg_restore)",
    ),
]


def server_args() -> list[str]:
    s = connection.settings_dict
    return ["-h", s["HOST"] or "127.0.0.1", "-p", str(s["PORT"] or 5432), "-U", s["USER"]]


def url(name: str) -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def run(*args: str, env: dict | None = None) -> str:
    result = subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, f"{args[0]}: {result.stderr[-3000:]}"
    return result.stdout


def snapshot(name: str) -> dict[str, object]:
    """Row counts of every table, sequence positions, and the append-only triggers."""
    with psycopg.connect(url(name), autocommit=True) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        counts = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        sequences = dict(
            conn.execute("SELECT sequencename, last_value FROM pg_sequences ORDER BY 1").fetchall()
        )
        triggers = sorted(
            r[0]
            for r in conn.execute(
                "SELECT tgname FROM pg_trigger WHERE tgname LIKE '%append_only' ORDER BY 1"
            )
        )
    return {"counts": counts, "sequences": sequences, "triggers": triggers}


@pytest.fixture
def scratch_databases():
    """Two databases of their own (not the test database); dropped afterwards."""
    stem = f"{connection.settings_dict['NAME']}_backup_{uuid.uuid4().hex[:8]}"
    names = (f"{stem}_seeded", f"{stem}_restored")
    yield names
    with psycopg.connect(url("postgres"), autocommit=True) as admin:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_seeded_database_is_dumped_and_restored_whole(scratch_databases, tmp_path):
    seeded, restored = scratch_databases
    run("createdb", *server_args(), seeded)
    env = {**os.environ, "DATABASE_URL": url(seeded)}
    env.pop("REDIS_URL", None)  # the demo data's follow-ups run in-process
    env.pop("DJANGO_SETTINGS_MODULE", None)
    run(sys.executable, "manage.py", "migrate", "--noinput", "-v", "0", env=env)
    run(sys.executable, "manage.py", "seed_demo", "--members", "140", env=env)

    dump = tmp_path / "mutual_aid.dump"
    run("pg_dump", *server_args(), "--format=custom", f"--file={dump}", seeded)
    run("createdb", *server_args(), restored)
    run(
        "pg_restore", *server_args(), "--exit-on-error", "--single-transaction",
        f"--dbname={restored}", str(dump),
    )  # fmt: skip

    before, after = snapshot(seeded), snapshot(restored)
    assert after == before
    counts = before["counts"]
    assert len(counts) > 40
    assert counts["members_member"] >= 140 and counts["claims_claim"] > 0
    assert counts["claims_claimevent"] > 0 and counts["jury_panel"] > 0
    assert "claims_claimevent_append_only" in before["triggers"]
