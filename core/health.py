"""Health probes: ``/healthz`` (liveness) and ``/healthz/ready`` (readiness).

Each probe answers a :class:`Probe` and never raises. The rule (docs/deploy.md):

- liveness checks the database with ``SELECT 1``; 200 when it answers, else 503. It never
  looks at the broker, so a Redis outage does not take web nodes out of a balancer.
- readiness reports every part. The database, its migrations and the cache are required:
  any of them failing makes the answer 503 ``unavailable``. The broker is not: when Redis
  does not answer within half a second it is ``degraded``, the overall status is
  ``degraded`` and the answer stays 200 (follow-ups wait in the database meanwhile).
  Follow-ups overdue by more than five minutes (workers or beat not keeping up) are
  ``degraded`` too.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor

from core import clock
from core.paging import capped_count

BROKER_TIMEOUT_SECONDS = 0.5
OK, DEGRADED, DOWN, PENDING, UNKNOWN, IN_PROCESS = (
    "ok",
    "degraded",
    "down",
    "pending",
    "unknown",
    "in_process",
)


@dataclass(frozen=True)
class Probe:
    status: str
    detail: str = ""

    def as_dict(self) -> dict[str, str]:
        return (
            {"status": self.status, "detail": self.detail}
            if self.detail
            else {"status": self.status}
        )


def database_probe(*, alias: str = "default") -> Probe:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        return Probe(DOWN, type(exc).__name__)
    return Probe(OK)


def migrations_probe(*, alias: str = "default") -> Probe:
    """Pending migrations mean this code expects tables the database does not have yet."""
    try:
        executor = MigrationExecutor(connections[alias])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as exc:
        return Probe(UNKNOWN, type(exc).__name__)
    if plan:
        return Probe(PENDING, f"{len(plan)} migration(s) not applied")
    return Probe(OK)


def cache_probe() -> Probe:
    try:
        cache.set("healthz-probe", "1", 10)
        if cache.get("healthz-probe") != "1":
            return Probe(DOWN, "a value set was not read back")
    except Exception as exc:  # any backend error means the cache is down
        return Probe(DOWN, type(exc).__name__)
    return Probe(OK)


def broker_probe(*, url: str | None = None, timeout: float = BROKER_TIMEOUT_SECONDS) -> Probe:
    """Ping Redis with a short timeout; ``in_process`` when tasks run in the web process."""
    url = settings.CELERY_BROKER_URL if url is None else url
    if not url.startswith(("redis://", "rediss://", "unix://")):
        return Probe(IN_PROCESS, "no REDIS_URL: tasks run in the web process")
    client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
    try:
        client.ping()
    except redis.RedisError as exc:
        return Probe(DEGRADED, f"{type(exc).__name__}: follow-ups wait in the database")
    finally:
        client.close()
    return Probe(OK)


OVERDUE_AFTER = timedelta(minutes=5)  # a due follow-up the sweep should have taken by now
OVERDUE_COUNT_CAP = 1000


def followups_probe(*, now: datetime | None = None) -> Probe:
    """Follow-ups due for more than five minutes and not done: the broker or the workers
    are not keeping up (or beat is not running). ``degraded``, never unavailable: nothing
    is lost, the rows wait."""
    from core.models import FollowUp

    now = now or clock.now()
    try:
        overdue = capped_count(
            FollowUp.objects.filter(done_at__isnull=True, due_at__lt=now - OVERDUE_AFTER),
            cap=OVERDUE_COUNT_CAP,
        )
    except DatabaseError as exc:
        return Probe(UNKNOWN, type(exc).__name__)
    if overdue:
        shown = f"over {OVERDUE_COUNT_CAP}" if overdue.capped else str(overdue.value)
        return Probe(DEGRADED, f"{shown} follow-up(s) overdue: is the worker or beat running?")
    return Probe(OK)


def liveness() -> tuple[dict, int]:
    database = database_probe()
    status = OK if database.status == OK else "unavailable"
    return {"status": status, "database": database.as_dict()}, 200 if status == OK else 503


def readiness() -> tuple[dict, int]:
    database = database_probe()
    parts = {
        "database": database,
        "migrations": migrations_probe() if database.status == OK else Probe(UNKNOWN),
        "cache": cache_probe(),
        "broker": broker_probe(),
        "followups": followups_probe() if database.status == OK else Probe(UNKNOWN),
    }
    required_ok = all(parts[name].status == OK for name in ("database", "migrations", "cache"))
    if not required_ok:
        status, code = "unavailable", 503
    elif DEGRADED in (parts["broker"].status, parts["followups"].status):
        status, code = DEGRADED, 200
    else:
        status, code = OK, 200
    return {"status": status, **{name: p.as_dict() for name, p in parts.items()}}, code
