"""Wind-down rules as pure functions: no ORM, no clock."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from core.money import to_fen


def reminder_lead(*, closes_at: datetime, now: datetime, leads: tuple[int, ...]) -> int | None:
    """The reminder due at ``now`` for a window closing at ``closes_at``: the shortest lead
    (in days: 30, 7, 1) whose moment has come, or None (too early, or closed).

    A sweep that was down for a while sends only the most urgent reminder, not every
    one it missed.
    """
    if now >= closes_at:
        return None
    due = [lead for lead in leads if closes_at - timedelta(days=lead) <= now]
    return min(due) if due else None


def progress_percent(*, start: datetime, end: datetime, now: datetime) -> int:
    """How far ``now`` is from ``start`` to ``end``, 0–100."""
    if end <= start or now >= end:
        return 100
    if now <= start:
        return 0
    return int((now - start) / (end - start) * 100)


@dataclass(frozen=True)
class Liability:
    """What the platform owes in the wind-down, to the fen."""

    periods_borne: Decimal  # the periods it took over from the members (approved amounts)
    paid: Decimal  # approved and paid
    approved_unpaid: Decimal  # approved (past notice) and not yet paid
    open_estimate: Decimal  # open claims × the approval rate so far

    @property
    def total(self) -> Decimal:
        return self.paid + self.approved_unpaid + self.open_estimate


def open_claims_estimate(
    *, open_amounts: Decimal, approved_count: int, denied_count: int
) -> Decimal:
    """An estimate of what the open claims will cost: their amounts (the approved amount
    where a reviewer approved, the benefit otherwise) times the share of decided claims
    that were approved. With nothing decided yet, the whole amount (the cautious side).
    """
    decided = approved_count + denied_count
    if not decided:
        return to_fen(open_amounts)
    return to_fen(open_amounts * approved_count / decided)
