"""Claim rules as pure functions: no ORM, no clock."""

from datetime import datetime, timedelta

from core.clock import beijing_date, beijing_end_of_day


def period_end(started: datetime, days: int) -> datetime:
    """The end of a period of ``days`` days that begins with an event at ``started``.

    Civil-law counting (DOMAIN.md section 2) in Beijing time: the period starts on the
    day after the event and ends at 24:00 of its last day. A notice published at any
    time on 12 March runs 13–19 March and ends at 20 March 00:00 Beijing time.
    """
    return beijing_end_of_day(beijing_date(started) + timedelta(days=days))
