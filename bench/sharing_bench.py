#!/usr/bin/env python
"""The sharing benchmark (issue 5): one sharing period over N members, against plain SQL.

    .venv/bin/python bench/sharing_bench.py                    # 1,000,000 members
    .venv/bin/python bench/sharing_bench.py --members 200000
    .venv/bin/python bench/sharing_bench.py --members 10000000  # on request

It drops and recreates its own PostgreSQL database (``bench_sharing`` unless
``--database-url`` says otherwise), migrates it, builds N members and their
enrolments set-based inside PostgreSQL (``generate_series``), files a few payable
claims through the real services, then:

1. runs one sharing period through the project's own code: ``sharing_period_open``
   (the figures, one COUNT), ``sharing_period_write_shares`` (the ledger, chunked
   ``INSERT … SELECT … ON CONFLICT DO NOTHING``) and ``sharing_period_complete`` (the
   books check);
2. runs the same ``INSERT … SELECT`` as one plain SQL statement into a scratch table
   with the same columns, primary key and unique (period, member) constraint.

Progress goes to stdout; the LAST line is one JSON object: members, seconds (writing
the shares through the project's code), rows_per_second, peak_rss_mb (of this Python
process), ratio_vs_sql (seconds / the plain SQL statement's seconds), and the details.
"""

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_sharing"
BUILD_CHUNK = 500_000  # members per INSERT … SELECT while building (one transaction each)
ACCOUNTS = 1_000  # members are spread over this many accounts (as family members)
CLAIMS = 3  # payable claims filed through the real services
BEIJING = ZoneInfo("Asia/Shanghai")
SHARING_DAY = date(2025, 3, 21)
AFTER = datetime(2025, 3, 22, 10, 0, tzinfo=BEIJING)


def say(*parts) -> None:
    print(*parts, flush=True)


def rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports kilobytes)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def configure_environment(database_url: str, media_dir: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["DJANGO_DEBUG"] = "false"  # as in production: no query log kept in memory
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-sharing-throwaway-secret-key")
    os.environ.setdefault("IDENTIFIER_HMAC_KEY", "bench-sharing-throwaway-identifier-key")
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ["MEDIA_DIR"] = media_dir
    os.environ.pop("REDIS_URL", None)  # tasks run in-process


def recreate_database(database_url: str) -> None:
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    if not name or not name.replace("_", "").isalnum():
        raise SystemExit(f"refusing database name {name!r}: letters, digits and _ only")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


# --- the members, built inside PostgreSQL ------------------------------------------------

ACCOUNTS_SQL = """
INSERT INTO auth_user (id, password, last_login, is_superuser, username, first_name,
                       last_name, email, is_staff, is_active, date_joined)
SELECT %(u)s + g, '!bench-unusable', NULL, false, 'bench-family-' || g, '', '',
       'family' || g || '@bench.example', false, true, %(now)s
FROM generate_series(1, %(accounts)s) AS g
"""

MEMBERS_SQL = """
INSERT INTO members_member (id, account_id, relation, full_name, national_id_hash,
                            national_id_masked, birth_date, phone, email, city,
                            fraud_found, created_at)
SELECT %(m)s + g, %(u)s + 1 + g %% %(accounts)s, 'child',
       (ARRAY['张','王','李','赵','陈','刘','杨','黄'])[1 + g %% 8] || '分摊' || g,
       md5('bench-national-id-' || g),
       '110105********' || lpad((g %% 10000)::text, 4, '0'),
       DATE '1950-01-01' + (g %% 25000),
       '', '', (ARRAY['杭州','上海','北京','成都','武汉','广州'])[1 + g %% 6],
       false, %(now)s
FROM generate_series(%(lo)s, %(hi)s) AS g
"""

# Most joined long before the sharing day; 1 in 50 joined the day after (does not share),
# 1 in 40 left before it (does not share), 1 in 97 left after it (shares), 1 in 20 is
# still in the waiting period (shares).
ENROLMENTS_SQL = """
INSERT INTO members_enrolment (id, member_id, plan_id, joined_at, left_at, credit_score,
                               health_declaration)
SELECT %(e)s + g, %(m)s + g, %(plan)s,
       CASE WHEN g %% 50 = 0 THEN %(day_after)s
            WHEN g %% 20 = 0 THEN %(waiting)s
            ELSE %(joined)s + make_interval(secs => g %% 86400) END,
       CASE WHEN g %% 40 = 0 AND g %% 50 <> 0 THEN %(left_before)s
            WHEN g %% 97 = 0 THEN %(left_after)s END,
       700, '{}'::jsonb
FROM generate_series(%(lo)s, %(hi)s) AS g
"""


def build_members(n: int, plan_id: int) -> float:
    from django.db import connection, transaction
    from django.utils import timezone

    started = time.perf_counter()
    with connection.cursor() as cur:
        bases = {}
        for key, table in (("u", "auth_user"), ("m", "members_member"), ("e", "members_enrolment")):
            cur.execute(f"SELECT coalesce(max(id), 0) FROM {table}")
            bases[key] = cur.fetchone()[0]
        common = {
            **bases,
            "now": timezone.now(),
            "accounts": ACCOUNTS,
            "plan": plan_id,
            "joined": datetime(2023, 6, 1, tzinfo=BEIJING),
            "waiting": datetime(2025, 3, 1, 9, 0, tzinfo=BEIJING),
            "day_after": datetime(2025, 3, 22, 0, 0, tzinfo=BEIJING),
            "left_before": datetime(2025, 3, 21, 12, 0, tzinfo=BEIJING),
            "left_after": datetime(2025, 3, 22, 9, 0, tzinfo=BEIJING),
        }
        with transaction.atomic():
            cur.execute(ACCOUNTS_SQL, common)
        for lo in range(1, n + 1, BUILD_CHUNK):
            hi = min(lo + BUILD_CHUNK - 1, n)
            with transaction.atomic():
                cur.execute(MEMBERS_SQL, {**common, "lo": lo, "hi": hi})
                cur.execute(ENROLMENTS_SQL, {**common, "lo": lo, "hi": hi})
            elapsed = time.perf_counter() - started
            say(f"  members {hi:>12,} / {n:,}  {elapsed:7.1f}s  ({hi / elapsed:,.0f}/s)")
        for table in ("auth_user", "members_member", "members_enrolment"):
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE auth_user, members_member, members_enrolment")
    return time.perf_counter() - started


def expected_sharers(n: int) -> int:
    """The members of the generated data who share, worked out independently of the SQL."""
    # Out: joined the day after (g % 50 == 0) or left before it (g % 40 == 0, not both).
    return n - n // 50 - n // 40 + n // 200


def payable_claims(count: int):
    from tests.factories import claim_in_state

    return [claim_in_state("publicised_payable") for _ in range(count)]


# --- the measurements --------------------------------------------------------------------

SCRATCH_SQL = """
DROP TABLE IF EXISTS bench_scratch_share;
CREATE TABLE bench_scratch_share (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    period_id bigint NOT NULL,
    member_id bigint NOT NULL,
    amount numeric(14, 2) NOT NULL,
    CONSTRAINT bench_scratch_share_once UNIQUE (period_id, member_id)
);
"""

PLAIN_SQL = """
INSERT INTO bench_scratch_share (period_id, member_id, amount)
SELECT %(period)s, e.member_id, %(share)s
FROM members_enrolment e
WHERE e.plan_id = %(plan)s
  AND e.joined_at < %(as_of)s
  AND (e.left_at IS NULL OR e.left_at >= %(as_of)s)
ON CONFLICT (period_id, member_id) DO NOTHING
"""


def checkpoint() -> None:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("CHECKPOINT")


def run_period(plan, chunk: int | None):
    from sharing import services

    checkpoint()
    t0 = time.perf_counter()
    period = services.sharing_period_open(plan=plan, sharing_day=SHARING_DAY, now=AFTER)
    open_s = time.perf_counter() - t0
    say(
        f"  opened {period}: {period.cases_count} cases, ¥{period.total:,} over "
        f"{period.members_count:,} members = ¥{period.share} each, ¥{period.carried_out} "
        f"carried ({open_s:.2f}s)"
    )
    checkpoint()
    started = time.perf_counter()

    def progress(p, written, hi):
        elapsed = time.perf_counter() - started
        width = 30
        filled = width * p.members_written // max(p.members_count, 1)
        say(
            f"  [{'#' * filled}{'.' * (width - filled)}] {p.members_written:>12,} / "
            f"{p.members_count:,}  {elapsed:7.2f}s  rss {rss_mb()} MB"
        )

    services.sharing_period_write_shares(
        period=period, chunk=chunk, on_progress=progress, now=AFTER
    )
    write_s = time.perf_counter() - started
    t0 = time.perf_counter()
    period = services.sharing_period_complete(period=period, now=AFTER)
    complete_s = time.perf_counter() - t0
    say(f"  complete: the books balance ({complete_s:.2f}s)")
    return period, open_s, write_s, complete_s


def run_plain_sql(period) -> tuple[float, int]:
    from django.db import connection, transaction

    with connection.cursor() as cur:
        cur.execute(SCRATCH_SQL)
    checkpoint()
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(
            PLAIN_SQL,
            {
                "period": period.pk,
                "share": period.share,
                "plan": period.plan_id,
                "as_of": period.members_as_of,
            },
        )
        rows = cur.rowcount
    return time.perf_counter() - started, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--chunk", type=int, default=None, help="member ids per chunk")
    parser.add_argument("--database-url", default=DEFAULT_URL)
    args = parser.parse_args()

    media = tempfile.mkdtemp(prefix="bench-sharing-media-")
    configure_environment(args.database_url, media)
    say(f"Recreating {urlsplit(args.database_url).path.lstrip('/')} and migrating")
    recreate_database(args.database_url)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from members.models import Plan
    from sharing.models import MemberShare

    call_command("migrate", verbosity=0)
    plan = Plan.objects.get(code="critical-illness")
    say(f"Building {args.members:,} members with enrolments (generate_series)")
    build_s = build_members(args.members, plan.pk)
    say(f"Filing {CLAIMS} payable claims through the services")
    payable_claims(CLAIMS)
    rss_before = rss_mb()

    say("The project's code: open, write the shares, complete")
    period, open_s, write_s, complete_s = run_period(plan, args.chunk)
    rows = MemberShare.objects.filter(period=period).count()
    expected = expected_sharers(args.members) + CLAIMS  # the claimants share too
    assert rows == period.members_count == expected, (rows, period.members_count, expected)
    rss_after = rss_mb()

    say("Plain SQL: the same INSERT … SELECT into a scratch table, one statement")
    sql_s, sql_rows = run_plain_sql(period)
    assert sql_rows == rows, (sql_rows, rows)
    say(f"  {sql_rows:,} rows in {sql_s:.2f}s ({sql_rows / sql_s:,.0f}/s)")

    result = {
        "members": args.members,
        "seconds": round(write_s, 3),
        "rows_per_second": round(rows / write_s),
        "peak_rss_mb": rss_mb(),
        "ratio_vs_sql": round(write_s / sql_s, 3),
        "shares": rows,
        "sql_seconds": round(sql_s, 3),
        "open_seconds": round(open_s, 3),
        "complete_seconds": round(complete_s, 3),
        "chunk": args.chunk or settings.SHARING_CHUNK,
        "rss_mb_before_period": rss_before,
        "rss_mb_after_period": rss_after,
        "build_seconds": round(build_s, 1),
    }
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
