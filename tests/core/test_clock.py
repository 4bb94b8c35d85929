"""The clock (core.clock): Beijing dates and day bounds, deadlines written as 24:00, the
simulated clock. Moved with time-machine, in Beijing time, on a server whose own time
zone is not Beijing's: every rule counts in Beijing time by itself."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.test import override_settings

from core import clock
from core.clock import BEIJING


@pytest.fixture(autouse=True, params=["UTC", "America/New_York"])
def _server_time_zone(request):
    """Django sets the process's local time zone from TIME_ZONE (Beijing by default)."""
    with override_settings(TIME_ZONE=request.param):
        yield


def test_now_is_the_moment_in_utc_and_today_is_the_beijing_date():
    with time_machine.travel(datetime(2025, 3, 7, 0, 0, tzinfo=BEIJING), tick=False):
        assert clock.now() == datetime(2025, 3, 6, 16, 0, tzinfo=UTC)
        assert clock.now().utcoffset() == timedelta(0)
        assert clock.today() == date(2025, 3, 7)  # the UTC date is still the 6th
    with time_machine.travel(datetime(2025, 3, 6, 23, 59, 59, tzinfo=BEIJING), tick=False):
        assert clock.today() == date(2025, 3, 6)


def test_the_beijing_date_of_a_moment():
    assert clock.beijing_date(datetime(2025, 3, 6, 15, 59, 59, tzinfo=UTC)) == date(2025, 3, 6)
    assert clock.beijing_date(datetime(2025, 3, 6, 16, 0, tzinfo=UTC)) == date(2025, 3, 7)


def test_a_beijing_day_runs_from_its_00_00_to_the_next_days():
    assert clock.beijing_start_of_day(date(2025, 3, 7)) == datetime(2025, 3, 6, 16, tzinfo=UTC)
    assert clock.beijing_end_of_day(date(2025, 3, 7)) == datetime(2025, 3, 8, tzinfo=BEIJING)
    assert clock.beijing_end_of_day(date(2024, 2, 28)) == datetime(2024, 2, 29, tzinfo=BEIJING)
    assert clock.beijing_end_of_day(date(2025, 12, 31)) == datetime(2026, 1, 1, tzinfo=BEIJING)


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        (datetime(2025, 3, 20, 0, 0, tzinfo=BEIJING), "2025-03-19 24:00"),
        (datetime(2025, 3, 19, 16, 0, tzinfo=UTC), "2025-03-19 24:00"),  # the same moment
        (datetime(2025, 3, 1, 0, 0, tzinfo=BEIJING), "2025-02-28 24:00"),
        (datetime(2025, 3, 19, 23, 59, tzinfo=BEIJING), "2025-03-19 23:59"),
        (datetime(2025, 3, 20, 0, 0, 30, tzinfo=BEIJING), "2025-03-20 00:00"),  # not midnight
        (datetime(2025, 3, 20, 9, 5, tzinfo=BEIJING), "2025-03-20 09:05"),
    ],
)
def test_a_deadline_at_midnight_is_written_as_24_00_of_the_day_before(moment, text):
    assert clock.format_deadline(moment) == text


def test_the_simulated_clock_moves_only_when_told_and_ends_with_its_block():
    start = datetime(2022, 1, 1, 9, 0, tzinfo=BEIJING)
    with time_machine.travel(datetime(2025, 3, 7, 12, 0, tzinfo=BEIJING), tick=False):
        with clock.simulated(start) as simulated:
            assert clock.now() == start and clock.today() == date(2022, 1, 1)
            assert simulated.advance(timedelta(days=1, hours=15)) == start + timedelta(
                days=1, hours=15
            )
            assert clock.now() == start + timedelta(days=1, hours=15)
            assert clock.today() == date(2022, 1, 3)
            assert simulated.set(start) == start and clock.now() == start
        assert clock.now() == datetime(2025, 3, 7, 4, 0, tzinfo=UTC)


def test_a_simulated_moment_must_be_timezone_aware():
    with clock.simulated(datetime(2022, 1, 1, tzinfo=BEIJING)) as simulated:
        with pytest.raises(ValueError, match="^a simulated moment must be timezone-aware$"):
            simulated.set(datetime(2022, 1, 2, 9, 0))
        assert clock.now() == datetime(2022, 1, 1, tzinfo=BEIJING)
