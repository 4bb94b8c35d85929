from datetime import datetime
from zoneinfo import ZoneInfo

from claims.rules import period_end

BEIJING = ZoneInfo("Asia/Shanghai")
UTC = ZoneInfo("UTC")


def test_a_7_day_period_starts_the_day_after_and_ends_at_24_00_beijing():
    assert period_end(datetime(2025, 3, 12, 0, 0, tzinfo=BEIJING), 7) == datetime(
        2025, 3, 20, tzinfo=BEIJING
    )
    assert period_end(datetime(2025, 3, 12, 23, 59, 59, tzinfo=BEIJING), 7) == datetime(
        2025, 3, 20, tzinfo=BEIJING
    )


def test_the_event_day_is_the_beijing_day_even_when_utc_says_otherwise():
    # 2025-03-12 17:00 UTC is 2025-03-13 01:00 in Beijing.
    assert period_end(datetime(2025, 3, 12, 17, 0, tzinfo=UTC), 7) == datetime(
        2025, 3, 21, tzinfo=BEIJING
    )


def test_month_and_year_ends():
    assert period_end(datetime(2025, 12, 28, 9, tzinfo=BEIJING), 7) == datetime(
        2026, 1, 5, tzinfo=BEIJING
    )
    assert period_end(datetime(2024, 2, 25, 9, tzinfo=BEIJING), 7) == datetime(
        2024, 3, 4, tzinfo=BEIJING
    )
