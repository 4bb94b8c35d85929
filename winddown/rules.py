"""Wind-down rules as pure functions: no ORM, no clock."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from core.money import to_fen


def reminder_bands(
    *, now: datetime, leads: tuple[int, ...]
) -> list[tuple[int, datetime, datetime]]:
    """``(lead, after, until)`` for each lead in days (30, 7, 1): a window closing in
    ``(after, until]`` is due the reminder of that lead, the shortest whose moment
    (``closes_at - lead days``) has come. With leads 30, 7, 1: closing within a day → the
    1-day reminder; in 1–7 days → the 7-day one; in 7–30 days → the 30-day one.

    A sweep that was down for a while therefore sends only the most urgent reminder,
    not every one it missed; a window already closed is due nothing.
    """
    bands, shorter = [], 0
    for lead in sorted(leads):
        bands.append((lead, now + timedelta(days=shorter), now + timedelta(days=lead)))
        shorter = lead
    return bands


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
