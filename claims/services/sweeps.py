"""Sweeps over due-time columns, run by Celery beat. Safe to run twice, or in parallel.

Each picks the due claim ids (a partial index keeps that cheap) and runs the claim
service on each; the service locks the row and returns quietly if another worker
already did the work.
"""

import logging
from collections.abc import Callable
from datetime import datetime

from claims.models import Claim
from claims.services.assignment import investigation_assign_next
from claims.services.disputes import claim_settle_jury_result
from claims.services.lifecycle import claim_close_publicity
from claims.states import ClaimState
from core import clock
from core.errors import DomainError, InvalidTransition

SWEEP_BATCH = 1000
logger = logging.getLogger(__name__)


def claims_close_due_publicity(*, now: datetime | None = None, limit: int = SWEEP_BATCH) -> int:
    """Close every public notice that has ended with no dispute. Returns how many closed."""
    now = now or clock.now()
    due = (
        Claim.objects.filter(
            state=ClaimState.PUBLICISED,
            publicity_closed_at__isnull=True,
            publicity_ends_at__lte=now,
        )
        .order_by("publicity_ends_at", "id")
        .values_list("id", flat=True)[:limit]
    )
    return _apply(list(due), claim_close_publicity, now)


def claims_settle_due_jury_votes(*, now: datetime | None = None, limit: int = SWEEP_BATCH) -> int:
    """Make final every jury result whose appeal window has ended."""
    now = now or clock.now()
    due = (
        Claim.objects.filter(
            state=ClaimState.JURY_VOTED,
            jury_settled_at__isnull=True,
            appeal_ends_at__lte=now,
        )
        .order_by("appeal_ends_at", "id")
        .values_list("id", flat=True)[:limit]
    )
    return _apply(list(due), claim_settle_jury_result, now)


def _apply(claim_ids: list[int], service: Callable[..., object], now: datetime) -> int:
    done = 0
    for claim_id in claim_ids:
        try:
            service(claim=claim_id, actor=None, now=now)
        except InvalidTransition:
            continue  # disputed or changed since it was picked: nothing to do here
        except Exception:  # one broken claim must not stop the sweep for every other
            logger.exception("%s failed for claim %s", service.__name__, claim_id)
            continue
        done += 1
    return done


def claims_assign_unassigned(*, now: datetime | None = None, limit: int = SWEEP_BATCH) -> int:
    """Give every filed claim that has no investigator the next free one (round-robin by
    load). A claim no investigator can take without a conflict waits for a reviewer."""
    now = now or clock.now()
    waiting = (
        Claim.objects.filter(state=ClaimState.FILED, investigation__isnull=True)
        .order_by("filed_at", "id")
        .values_list("id", flat=True)[:limit]
    )
    assigned = 0
    for claim_id in list(waiting):
        try:
            investigation_assign_next(claim=claim_id, now=now)
        except DomainError as refusal:
            logger.info("claim %s not assigned: %s", claim_id, refusal.code)
            continue
        assigned += 1
    return assigned
