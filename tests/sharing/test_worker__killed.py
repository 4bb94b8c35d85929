"""A worker killed with SIGKILL in the middle of a period's ledger, and Redis losing what
it held (it keeps nothing on disk here): the period completes by itself, one row per
member, with nobody re-queueing anything by hand.

Real processes: a Celery worker (prefork, one child) and Celery beat, started as an
operator would, against this test's PostgreSQL database and Redis.
"""

import os
import signal
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
import redis
from django.conf import settings
from django.db import connection
from django.test import override_settings

from config.env import BASE_DIR
from sharing import services
from sharing.models import MemberShare, PeriodStatus, SharingPeriod
from tests.factories import UserFactory
from tests.sharing.conftest import AFTER, JOINED, SHARING_DAY
from tests.worker_support import celery_app, wait_for  # noqa: F401 (fixture)

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

MEMBERS = 6_000
CHUNK = 500

MEMBERS_SQL = """
INSERT INTO members_member (account_id, relation, full_name, national_id_hash,
                            national_id_masked, birth_date, phone, email, city,
                            fraud_found, created_at)
SELECT %(account)s, 'child', '王分摊' || g, md5('killed-worker-' || g),
       '110105********' || lpad(g::text, 4, '0'), DATE '1980-01-01' + g %% 9000,
       '', '', '杭州', false, %(joined)s
FROM generate_series(1, %(n)s) AS g
"""
ENROLMENTS_SQL = """
INSERT INTO members_enrolment (member_id, plan_id, joined_at, credit_score, health_declaration)
SELECT m.id, %(plan)s, %(joined)s, 700, '{}'::jsonb
FROM members_member m WHERE m.full_name LIKE '王分摊%%'
"""


def build_members(plan_id: int) -> None:
    account = UserFactory()
    with connection.cursor() as cursor:
        params = {"account": account.pk, "joined": JOINED, "n": MEMBERS, "plan": plan_id}
        cursor.execute(MEMBERS_SQL, params)
        cursor.execute(ENROLMENTS_SQL, params)


def start(*args: str, env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", *args],
        cwd=BASE_DIR,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: killed whole, children too
    )


def kill(process: subprocess.Popen, sig=signal.SIGKILL) -> None:
    """Stop the process's whole group; a graceful stop that takes too long is killed."""
    if process.poll() is None:
        os.killpg(process.pid, sig)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=15)


def db_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@override_settings(SHARING_CHUNK=CHUNK, FOLLOWUP_REDELIVER_SECONDS=3)
def test_a_worker_killed_mid_ledger_and_the_lost_messages_leave_no_trace(
    celery_app,  # noqa: F811 (publishing to Redis, not eager)
    plan,
    payable_claim,
    tmp_path: Path,
):
    payable_claim()
    build_members(plan.pk)
    period = services.sharing_period_open(plan=plan, sharing_day=SHARING_DAY, now=AFTER)
    assert period.members_count == MEMBERS + 1
    chunks = services.sharing_period_fan_out(period=period)  # committed: the follow-ups
    assert chunks >= 12

    env = {
        **os.environ,
        "DATABASE_URL": db_url(),
        "REDIS_URL": settings.CELERY_BROKER_URL,
        "SHARING_CHUNK": str(CHUNK),
        "FOLLOWUP_REDELIVER_SECONDS": "3",
        "SWEEP_INTERVAL_SECONDS": "1",
        "LOG_LEVEL": "WARNING",
    }
    # Hold the period's row, so the worker's first chunk blocks half-way (rows inserted,
    # its counter waiting): the kill lands in the middle of a chunk, not between two.
    holder = psycopg.connect(db_url().replace("postgres://", "postgresql://"))
    holder.execute("SELECT 1 FROM sharing_sharingperiod WHERE id = %s FOR UPDATE", [period.pk])
    worker = start("worker", "--pool=prefork", "--concurrency=1", env=env, log=tmp_path / "w1")
    try:  # the chunks were handed to Redis when the fan-out committed
        assert wait_for(_blocked_on_the_period, seconds=60)
    finally:
        kill(worker)  # SIGKILL: no warm shutdown, no ack, no requeue
        holder.rollback()
        holder.close()
    redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()  # Redis lost what it held
    assert SharingPeriod.objects.get(pk=period.pk).status == PeriodStatus.BUILDING

    worker = start("worker", "--pool=prefork", "--concurrency=1", env=env, log=tmp_path / "w2")
    beat = start("beat", f"--schedule={tmp_path / 'schedule'}", env=env, log=tmp_path / "beat")
    try:
        assert wait_for(
            lambda: SharingPeriod.objects.get(pk=period.pk).status == PeriodStatus.COMPLETE,
            seconds=90,
        )
    finally:
        kill(beat, signal.SIGTERM)
        kill(worker, signal.SIGTERM)
    shares = MemberShare.objects.filter(period=period)
    assert shares.count() == period.members_count
    assert shares.values("member_id").distinct().count() == period.members_count


def _blocked_on_the_period() -> bool:
    """A backend (the worker's chunk) is waiting for the lock the test holds."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND query ILIKE %s",
            ["%sharing_sharingperiod%"],
        )
        return cursor.fetchone()[0] > 0
