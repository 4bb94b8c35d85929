"""Celery tasks: each takes ids, calls one service, and is safe to run twice.

Writing a period's shares fans out: one task per member-id chunk, so the workers
share the chunks; the chunk that brings the written count to the member count asks
for the books check. A lost message is caught by ``complete_written_periods``.
"""

from celery import shared_task

from core.errors import DomainError
from sharing import services
from sharing.models import SharingPeriod

TRANSIENT = (ConnectionError, TimeoutError, OSError)


@shared_task(acks_late=True)
def write_period_shares(period_id: int) -> int:
    """Queue one chunk task per member-id range; returns how many were queued."""
    period = SharingPeriod.objects.filter(pk=period_id).first()
    if period is None or period.is_complete:
        return 0
    ranges = list(services.member_id_chunks())
    if not ranges or period.members_written >= period.members_count:
        complete_period.delay(period_id)
        return 0
    for lo, hi in ranges:
        write_share_chunk.delay(period_id, lo, hi)
    return len(ranges)


@shared_task(acks_late=True, autoretry_for=TRANSIENT, retry_backoff=True, max_retries=8)
def write_share_chunk(period_id: int, lo: int, hi: int) -> int:
    written = services.sharing_period_write_chunk(period=period_id, lo=lo, hi=hi)
    period = SharingPeriod.objects.filter(pk=period_id).first()
    if period is not None and not period.is_complete:
        if period.members_written >= period.members_count:
            complete_period.delay(period_id)
    return written


@shared_task(acks_late=True)
def complete_period(period_id: int) -> bool:
    try:
        services.sharing_period_complete(period=period_id)
    except DomainError as refusal:
        if refusal.code == "shares_incomplete":  # another chunk is still running
            return False
        raise
    return True


@shared_task(acks_late=True)
def open_due_periods() -> int:
    return services.sharing_open_due_periods()


@shared_task(acks_late=True)
def complete_written_periods() -> int:
    return services.sharing_periods_complete_written()


@shared_task(acks_late=True)
def issue_due_payouts() -> int:
    return services.payouts_issue_due()
