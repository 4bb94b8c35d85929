"""Follow-ups that are never lost: a transactional outbox in PostgreSQL.

A service that changes state and needs something done afterwards (tell the claimant,
open the jury panel, write a ledger chunk) calls ``followup_record`` inside its own
transaction. The row commits with the change or not at all. After the commit it is
handed to the broker at once; if the broker does not answer, the request still gets its
normal answer and the row waits. The beat sweep ``followups_deliver_due`` hands over
every row whose ``due_at`` has passed and that no task has reported done: rows the
broker refused, and rows whose message was lost (Redis restarted without persistence, a
worker killed mid-task). Each hand-over pushes ``due_at`` forward by
``FOLLOWUP_REDELIVER_SECONDS``, longer than a healthy task waits and runs, so the sweep
never races a healthy run. The task's success (the ``task_success`` signal, matched by
the task id ``followup-<id>``) sets ``done_at``. Tasks are idempotent, so "exactly once
in effect" holds even when a message is delivered twice.

In the embedded default (no broker, tasks eager) the hand-over runs the task in-process
after the commit; a failure is logged and the row waits for the sweep, which
``make run`` drives in-process through ``celery beat``.
"""

import importlib
import logging
import time
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from celery import current_app
from celery.signals import task_failure, task_success
from django.conf import settings
from django.db import transaction
from django.db.models import F

from core import clock
from core.models import FollowUp

logger = logging.getLogger(__name__)

TASK_ID_PREFIX = "followup-"
SWEEP_BATCH = 1000
BROKER_PAUSE_SECONDS = 15  # after the broker failed, this process leaves hand-overs to the sweep
_broker_down_until = 0.0


def _grace() -> timedelta:
    return timedelta(seconds=settings.FOLLOWUP_GRACE_SECONDS)


def _redeliver_after() -> timedelta:
    return timedelta(seconds=settings.FOLLOWUP_REDELIVER_SECONDS)


def followup_record(task: str, *args: Any, now: datetime | None = None) -> FollowUp:
    """Record that ``task(*args)`` must run once the current transaction commits.

    ``task`` is the task's dotted name (``"jury.tasks.open_panel"``), so the app that
    records it need not import the app that reacts. Call it inside the change's own
    transaction.
    """
    return followups_record(task, [args], now=now)[0]


def followups_record(
    task: str, arg_lists: Iterable[Sequence[Any]], *, now: datetime | None = None
) -> list[FollowUp]:
    """Record many calls of one task in one INSERT (the chunks of a ledger, say)."""
    now = now or clock.now()
    rows = FollowUp.objects.bulk_create(
        FollowUp(task=task, args=list(args), created_at=now, due_at=now + _grace())
        for args in arg_lists
    )
    ids = [row.pk for row in rows]
    transaction.on_commit(lambda: followups_hand_over(ids), robust=True)
    return rows


def followup_pending(task: str, *args: Any) -> bool:
    """Is ``task(*args)`` recorded and not done yet? (A repair sweep asks before it
    records the same work again.)"""
    return FollowUp.objects.filter(task=task, args=list(args), done_at__isnull=True).exists()


def broker_pause_end() -> None:
    """Forget the broker's last failure in this process: the next hand-over tries the
    broker at once instead of leaving the rows to the sweep (after switching brokers)."""
    global _broker_down_until
    _broker_down_until = 0.0


def _task(name: str):
    module, _sep, _attr = name.rpartition(".")
    importlib.import_module(module)  # registers the task with the app
    return current_app.tasks[name]


def followups_hand_over(ids: Sequence[int], *, now: datetime | None = None) -> int:
    """Hand each follow-up to the broker (or, eager, run it). Returns how many the broker
    took. A broker that does not answer costs one quick failure per call: the rest wait."""
    global _broker_down_until
    now = now or clock.now()
    eager = current_app.conf.task_always_eager
    if not eager and time.monotonic() < _broker_down_until:
        return 0  # the broker failed a moment ago: the rows wait, and nobody waits on it
    handed = 0
    rows = FollowUp.objects.filter(pk__in=ids, done_at__isnull=True).order_by("id")
    for row in rows.only("id", "task", "args"):
        # Stamped first: an eager task reports done inside apply_async, after this.
        FollowUp.objects.filter(pk=row.pk).update(
            dispatched_at=now, due_at=now + _redeliver_after(), attempts=F("attempts") + 1
        )
        try:
            _task(row.task).apply_async(
                args=row.args, task_id=f"{TASK_ID_PREFIX}{row.pk}", retry=False
            )
        except Exception as exc:  # noqa: BLE001 (the broker's or an eager task's failure)
            logger.warning(
                "follow-up %s %s(%s) waits in the database: %s",
                row.pk,
                row.task,
                row.args,
                exc,
            )
            _failed(row.pk, exc, now)
            if not eager:
                _broker_down_until = time.monotonic() + BROKER_PAUSE_SECONDS
                break  # the broker is down: the others wait too, without one try each
            continue
        handed += 1
    return handed


def _failed(followup_id: int, exc: BaseException, now: datetime) -> None:
    """Try again later, backing off: 1, 2, 4 … minutes, at most ``FOLLOWUP_RETRY_MAX``."""
    row = FollowUp.objects.filter(pk=followup_id).only("attempts").first()
    if row is None:
        return
    wait = min(60 * 2 ** max(row.attempts - 1, 0), settings.FOLLOWUP_RETRY_MAX_SECONDS)
    FollowUp.objects.filter(pk=followup_id, done_at__isnull=True).update(
        due_at=now + timedelta(seconds=wait), last_error=f"{type(exc).__name__}: {exc}"[:2000]
    )


def followups_deliver_due(*, now: datetime | None = None, limit: int = SWEEP_BATCH) -> int:
    """The beat sweep: hand over every follow-up whose time has come and that no task
    has reported done. Two sweeps at once take different rows (SKIP LOCKED)."""
    now = now or clock.now()
    with transaction.atomic():
        ids = list(
            FollowUp.objects.select_for_update(skip_locked=True)
            .filter(done_at__isnull=True, due_at__lte=now)
            .order_by("due_at", "id")
            .values_list("id", flat=True)[:limit]
        )
        # Claimed for this sweep: another one will not take them for a while.
        FollowUp.objects.filter(pk__in=ids).update(due_at=now + _redeliver_after())
    handed = followups_hand_over(ids, now=now) if ids else 0
    if ids:
        logger.info("follow-ups due: %s, handed to the broker: %s", len(ids), handed)
    return handed


def followup_id_of(task_id: str | None) -> int | None:
    if not task_id or not task_id.startswith(TASK_ID_PREFIX):
        return None
    try:
        return int(task_id.removeprefix(TASK_ID_PREFIX))
    except ValueError:
        return None


@task_success.connect
def _mark_done(sender=None, **kwargs) -> None:  # noqa: ANN001, ANN003
    followup_id = followup_id_of(getattr(sender.request, "id", None))
    if followup_id is not None:
        FollowUp.objects.filter(pk=followup_id, done_at__isnull=True).update(done_at=clock.now())


@task_failure.connect
def _mark_failed(sender=None, task_id=None, exception=None, **kwargs) -> None:  # noqa: ANN001, ANN003
    followup_id = followup_id_of(task_id)
    if followup_id is not None:
        _failed(followup_id, exception or RuntimeError("task failed"), clock.now())
