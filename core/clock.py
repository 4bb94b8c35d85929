"""The one place that reads the clock.

Rules never call this: they take ``now``/``today`` as arguments. Services and
tasks read the time here once and pass it down. Tests move it with
``time_machine.travel(..., tick=False)``.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

BEIJING = ZoneInfo("Asia/Shanghai")

# A simulated clock (``manage.py simulate_winddown``): while set, now() returns it.
_simulated: ContextVar[datetime | None] = ContextVar("simulated_now", default=None)


def now() -> datetime:
    """The current moment, timezone-aware (UTC)."""
    return _simulated.get() or timezone.now()


class SimulatedClock:
    """A clock that moves only when told to (see ``simulated``)."""

    def set(self, moment: datetime) -> datetime:
        if moment.tzinfo is None:
            raise ValueError("a simulated moment must be timezone-aware")
        _simulated.set(moment)
        return moment

    def advance(self, delta: timedelta) -> datetime:
        return self.set(now() + delta)


@contextmanager
def simulated(start: datetime) -> Iterator[SimulatedClock]:
    """Run the real services and tasks (in this process) on an accelerated clock: every
    reader of ``now()`` sees the simulated moment until the block ends."""
    clock = SimulatedClock()
    token = _simulated.set(None)
    try:
        clock.set(start)
        yield clock
    finally:
        _simulated.reset(token)


def beijing_date(moment: datetime) -> date:
    """The calendar date of ``moment`` in Beijing time (all date rules count in it)."""
    return moment.astimezone(BEIJING).date()


def today() -> date:
    """Today's date in Beijing time."""
    return beijing_date(now())


def beijing_start_of_day(day: date) -> datetime:
    """00:00:00 Beijing time on ``day``, as an aware datetime."""
    return datetime.combine(day, time.min, tzinfo=BEIJING)


def beijing_end_of_day(day: date) -> datetime:
    """The first instant *after* ``day`` ends in Beijing time (24:00 of ``day``)."""
    return beijing_start_of_day(day + timedelta(days=1))


def format_deadline(moment: datetime) -> str:
    """A deadline in Beijing time; one at midnight is written as 24:00 of the day before.

    ``2025-03-20 00:00`` reads as if the 20th were included; ``2025-03-19 24:00`` says
    that the 19th is the last day, as the day-counting rule means it.
    """
    local = moment.astimezone(BEIJING)
    if local.time() == time(0, 0):
        return f"{(local.date() - timedelta(days=1)).isoformat()} 24:00"
    return local.strftime("%Y-%m-%d %H:%M")
