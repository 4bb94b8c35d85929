"""Claim rules as pure functions: no ORM, no clock."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from claims.states import Decision
from core.clock import beijing_date, beijing_end_of_day
from core.money import fen_floor

NON_DISCLOSURE_CLAUSE = "non_disclosure"


def period_end(started: datetime, days: int) -> datetime:
    """The end of a period of ``days`` days that begins with an event at ``started``.

    Civil-law counting (DOMAIN.md section 2) in Beijing time: the period starts on the
    day after the event and ends at 24:00 of its last day. A notice published at any
    time on 12 March runs 13–19 March and ends at 20 March 00:00 Beijing time.
    """
    return beijing_end_of_day(beijing_date(started) + timedelta(days=days))


def benefit_for_condition(band_amount: Decimal, share: Decimal) -> Decimal:
    """The lump sum for a condition: the age band's amount times the condition's share
    (a mild condition pays at most 30%), rounded down to the fen."""
    return fen_floor(band_amount * share)


@dataclass(frozen=True)
class Proposal:
    """What the investigation supports: the evaluator's outcome, or non-disclosure."""

    decision: str | None  # approve / deny / None while the evaluation is incomplete
    clause: str  # the failing clause keys (or the non-disclosure rule) for a denial


def propose_decision(
    *, outcome: str, failing_clauses: list[str], non_disclosure_found: bool | None
) -> Proposal:
    if non_disclosure_found:
        return Proposal(Decision.DENY, NON_DISCLOSURE_CLAUSE)
    if outcome == "met":
        return Proposal(Decision.APPROVE, "")
    if outcome == "not_met":
        return Proposal(Decision.DENY, ",".join(failing_clauses))
    return Proposal(None, "")
