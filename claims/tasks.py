"""Celery tasks: each calls one service, takes ids or nothing, and is safe to run twice."""

from celery import shared_task

from claims import services
from claims.services.notices import claim_notices_send_missing
from core.sweeps import sweep


@sweep
def close_due_publicity() -> int:
    return services.claims_close_due_publicity()


@sweep
def publish_due_batch() -> list[str]:
    """The 公示 batch of today (7th/21st, Beijing time) and any date missed before it."""
    return [b.batch_date.isoformat() for b in services.publicity_batches_catch_up()]


@sweep
def assign_unassigned_claims() -> int:
    return services.claims_assign_unassigned()


@sweep
def settle_due_jury_votes() -> int:
    return services.claims_settle_due_jury_votes()


@shared_task(
    acks_late=True,
    autoretry_for=(ConnectionError, TimeoutError, OSError),
    retry_backoff=True,
    max_retries=8,
)
def notify_claimant(event_id: int) -> None:
    services.claim_event_notify(event_id=event_id)


@sweep
def send_missing_notices() -> int:
    """Repair: claimants' notices that no worker sent (a message lost)."""
    return claim_notices_send_missing()
