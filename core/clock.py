"""The one place that reads the clock.

Rules never call this: they take ``now``/``today`` as arguments. Services and
tasks read the time here once and pass it down. Tests move it with
``time_machine.travel(..., tick=False)``.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

BEIJING = ZoneInfo("Asia/Shanghai")


def now() -> datetime:
    """The current moment, timezone-aware (UTC)."""
    return timezone.now()


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
