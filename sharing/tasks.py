"""Celery tasks: each takes ids, calls one service, and is safe to run twice.

Writing a period's shares fans out: one follow-up per member-id chunk, so the workers
share the chunks; the chunk that brings the written count to the member count records
the books check. A lost message is handed over again by the outbox's sweep; a period
whose ledger stopped moving has its missing ranges found and recorded again by
``resume_stalled_periods``.
"""

from celery import shared_task

from core.errors import DomainError
from core.sweeps import sweep
from sharing import services

TRANSIENT = (ConnectionError, TimeoutError, OSError)


@shared_task(acks_late=True)
def write_period_shares(period_id: int) -> int:
    """Record one chunk follow-up per member-id range (one transaction), handed to the
    workers after the commit; returns how many were recorded."""
    return services.sharing_period_fan_out(period=period_id)


@shared_task(acks_late=True, autoretry_for=TRANSIENT, retry_backoff=True, max_retries=8)
def write_share_chunk(period_id: int, lo: int, hi: int) -> int:
    """Write one range; the chunk that brings the count to the members' asks for the
    books check (recorded with its rows, so it is not lost either)."""
    return services.sharing_period_write_chunk(period=period_id, lo=lo, hi=hi)


@shared_task(acks_late=True)
def complete_period(period_id: int) -> bool:
    try:
        services.sharing_period_complete(period=period_id)
    except DomainError as refusal:
        if refusal.code == "shares_incomplete":  # another chunk is still running
            return False
        raise
    return True


@sweep
def open_due_periods() -> int:
    return services.sharing_open_due_periods()


@sweep
def complete_written_periods() -> int:
    return services.sharing_periods_complete_written()


@sweep
def resume_stalled_periods() -> int:
    return services.sharing_periods_resume_stalled()


@sweep
def issue_due_payouts() -> int:
    return services.payouts_issue_due()
