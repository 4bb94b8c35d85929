"""Claim rules as pure functions: no ORM, no clock."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils.translation import gettext as _

from claims.states import Decision
from core.clock import beijing_date, beijing_end_of_day, beijing_start_of_day, format_deadline
from core.errors import InvalidValue, RuleViolation
from core.money import fen_floor

NON_DISCLOSURE_CLAUSE = "non_disclosure"


def period_end(started: datetime, days: int) -> datetime:
    """The end of a period of ``days`` days that begins with an event at ``started``.

    Civil-law counting (DOMAIN.md section 2) in Beijing time: the period starts on the
    day after the event and ends at 24:00 of its last day. A notice published at any
    time on 12 March runs 13–19 March and ends at 20 March 00:00 Beijing time.
    """
    return beijing_end_of_day(beijing_date(started) + timedelta(days=days))


# --- the jury's verdict (赔审团): the tally decides the claim --------------------------


def verdict(*, pay_votes: int, deny_votes: int) -> str:
    """``approve`` iff pay votes are strictly more than half of the valid ballots.

    DOMAIN.md section 5: if more than 50% of the votes support payment, the claim is
    paid; otherwise it is denied. A tie denies.
    """
    if pay_votes < 0 or deny_votes < 0:
        raise ValueError("vote counts cannot be negative")
    if pay_votes + deny_votes == 0:
        raise ValueError("a tally needs at least one valid ballot")
    return Decision.APPROVE if 2 * pay_votes > pay_votes + deny_votes else Decision.DENY


# --- publicity batches (公示): the 7th and 21st of each month, in Beijing dates ----------

BATCH_DAYS = (7, 21)


def is_batch_day(day: date) -> bool:
    """Is ``day`` (a Beijing date) a publicity batch date: the 7th or the 21st?"""
    return day.day in BATCH_DAYS


def _batch_dates_of_month(year: int, month: int) -> list[date]:
    return [date(year, month, d) for d in BATCH_DAYS]


def batch_dates_between(start: date, end: date) -> list[date]:
    """Every batch date from ``start`` to ``end``, both included, in order."""
    dates: list[date] = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        dates.extend(d for d in _batch_dates_of_month(year, month) if start <= d <= end)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return dates


def next_batch_date(day: date) -> date:
    """The first batch date strictly after ``day`` (the 21st is followed by next month's 7th)."""
    if day.day < BATCH_DAYS[0]:
        return day.replace(day=BATCH_DAYS[0])
    if day.day < BATCH_DAYS[1]:
        return day.replace(day=BATCH_DAYS[1])
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, BATCH_DAYS[0])


def latest_batch_date(day: date) -> date:
    """The last batch date on or before ``day``."""
    if day.day >= BATCH_DAYS[1]:
        return day.replace(day=BATCH_DAYS[1])
    if day.day >= BATCH_DAYS[0]:
        return day.replace(day=BATCH_DAYS[0])
    year, month = (day.year - 1, 12) if day.month == 1 else (day.year, day.month - 1)
    return date(year, month, BATCH_DAYS[1])


def batch_cutoff(batch_date: date) -> datetime:
    """A batch takes the claims decided before its date began (00:00 Beijing time).

    A fixed moment, so re-running a batch never takes more, and a claim decided on the
    batch day itself waits for the next batch.
    """
    return beijing_start_of_day(batch_date)


def age_band(age: int) -> tuple[int, int]:
    """The ten-year band a public case card shows instead of the age (37 → 30–39)."""
    start = age // 10 * 10
    return start, start + 9


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


# --- the wind-down (停运): the claim window after a plan stops ----------------------------


def diagnosed_before_stop(diagnosis_date: date, coverage_ends_at: datetime) -> bool:
    """Was a diagnosis dated ``diagnosis_date`` (a Beijing date) before the stop moment?

    A diagnosis is dated, not timed, so the stop moment is the end of a Beijing day
    (e.g. 2022-01-28 24:00): a diagnosis on the 28th is before it, one on the 29th is not.
    """
    return beijing_start_of_day(diagnosis_date) < coverage_ends_at


def filing_window_closes_at(
    *, diagnosis_date: date, coverage_ends_at: datetime, window_days: int
) -> datetime:
    """The last moment to file a claim for a diagnosis on D in a plan that stops.

    24:00 Beijing time of D + ``window_days`` (day 180 included; civil-law counting),
    but never before the stop moment itself: until then the plan's ordinary rules apply.
    """
    return max(coverage_ends_at, period_end(beijing_start_of_day(diagnosis_date), window_days))


def check_shutdown_window(
    *, diagnosis_date: date, coverage_ends_at: datetime, window_days: int, filed_at: datetime
) -> None:
    """Refuse a filing the wind-down does not cover, naming the rule and the dates."""
    stop = format_deadline(coverage_ends_at)
    if not diagnosed_before_stop(diagnosis_date, coverage_ends_at):
        raise RuleViolation(
            _(
                "The plan stopped at %(stop)s (Beijing time); a first diagnosis on "
                "%(diagnosis)s came after that and is not covered."
            )
            % {"stop": stop, "diagnosis": diagnosis_date.isoformat()},
            code="diagnosed_after_stop",
            coverage_ends_at=coverage_ends_at,
            diagnosis_date=diagnosis_date,
        )
    closes_at = filing_window_closes_at(
        diagnosis_date=diagnosis_date, coverage_ends_at=coverage_ends_at, window_days=window_days
    )
    if filed_at >= closes_at:
        raise RuleViolation(
            _(
                "A claim for a diagnosis on %(diagnosis)s had to be filed within %(days)s "
                "days, by %(closes)s (Beijing time); the plan stopped at %(stop)s."
            )
            % {
                "diagnosis": diagnosis_date.isoformat(),
                "days": window_days,
                "closes": format_deadline(closes_at),
                "stop": stop,
            },
            code="claim_window_closed",
            window_closes_at=closes_at,
            diagnosis_date=diagnosis_date,
        )


def document_request_due_at(
    *, requested_at: datetime, window_closes_at: datetime, minimum_days: int
) -> datetime:
    """When a document asked for in the wind-down is due: the claim's filing window
    close, but never fewer than ``minimum_days`` full days after the request."""
    return max(window_closes_at, period_end(requested_at, minimum_days))


# --- sane dates ------------------------------------------------------------------------

#: Nothing the claims record (a diagnosis, a visit) is older than this.
EARLIEST_DATE = date(1900, 1, 1)


def date_out_of_bounds(day: date, *, earliest: date, latest: date) -> str | None:
    """``"early"`` before ``earliest``, ``"late"`` after ``latest``, None within (both
    bounds included)."""
    if day < earliest:
        return "early"
    if day > latest:
        return "late"
    return None


def _date_refusal(message: str, *, field: str, earliest: date, latest: date) -> InvalidValue:
    return InvalidValue(
        message,
        code="date_out_of_range",
        field=field,
        earliest=earliest.isoformat(),
        latest=latest.isoformat(),
    )


def check_diagnosis_date(*, diagnosis_date: date, birth_date: date | None, today: date) -> None:
    """A first diagnosis lies between the member's birth (and 1900) and today (Beijing)."""
    earliest = max(EARLIEST_DATE, birth_date or EARLIEST_DATE)
    problem = date_out_of_bounds(diagnosis_date, earliest=earliest, latest=today)
    if problem is None:
        return
    if problem == "late":
        message = _("The date of first diagnosis cannot be later than today (%(today)s).") % {
            "today": today.isoformat()
        }
    elif birth_date is not None and diagnosis_date < birth_date:
        message = _(
            "The date of first diagnosis cannot be before the member's date of birth (%(birth)s)."
        ) % {"birth": birth_date.isoformat()}
    else:
        message = _("The date of first diagnosis cannot be before %(earliest)s.") % {
            "earliest": EARLIEST_DATE.isoformat()
        }
    raise _date_refusal(message, field="diagnosis_date", earliest=earliest, latest=today)


def check_visit_date(*, visited_on: date, filed_on: date, today: date) -> None:
    """A visit or interview lies within the claim's investigation: from the Beijing day
    it was filed to today."""
    earliest = max(EARLIEST_DATE, filed_on)
    problem = date_out_of_bounds(visited_on, earliest=earliest, latest=today)
    if problem == "late":
        message = _("A visit cannot be recorded for a future date (today is %(today)s).") % {
            "today": today.isoformat()
        }
    elif problem == "early":
        message = _("A visit cannot be dated before the claim was filed (%(filed)s).") % {
            "filed": filed_on.isoformat()
        }
    else:
        return
    raise _date_refusal(message, field="visited_on", earliest=earliest, latest=today)
