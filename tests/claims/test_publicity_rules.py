"""Batch dates (公示: the 7th and 21st, Beijing time) as pure rules: no database."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from claims import rules
from core.clock import BEIJING, beijing_date

UTC = ZoneInfo("UTC")


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 3, 7), True),
        (date(2025, 3, 21), True),
        (date(2025, 2, 7), True),
        (date(2025, 3, 6), False),
        (date(2025, 3, 8), False),
        (date(2025, 3, 20), False),
        (date(2025, 3, 22), False),
        (date(2025, 3, 31), False),
        (date(2025, 2, 28), False),
    ],
)
def test_batch_days_are_the_7th_and_21st(day, expected):
    assert rules.is_batch_day(day) is expected


def test_the_batch_day_is_counted_in_beijing_while_the_server_runs_utc():
    # 2025-03-06 16:00 UTC is 2025-03-07 00:00 in Beijing: the 7th has begun there.
    assert rules.is_batch_day(beijing_date(datetime(2025, 3, 6, 16, 0, tzinfo=UTC)))
    assert not rules.is_batch_day(beijing_date(datetime(2025, 3, 6, 15, 59, 59, tzinfo=UTC)))
    # 2025-03-21 16:00 UTC is already the 22nd in Beijing.
    assert not rules.is_batch_day(beijing_date(datetime(2025, 3, 21, 16, 0, tzinfo=UTC)))


def test_batch_dates_between_cross_month_ends_february_and_the_year():
    assert rules.batch_dates_between(date(2025, 1, 22), date(2025, 3, 6)) == [
        date(2025, 2, 7),
        date(2025, 2, 21),
    ]
    assert rules.batch_dates_between(date(2024, 12, 21), date(2025, 1, 7)) == [
        date(2024, 12, 21),
        date(2025, 1, 7),
    ]
    assert rules.batch_dates_between(date(2024, 2, 29), date(2024, 3, 31)) == [
        date(2024, 3, 7),
        date(2024, 3, 21),
    ]
    assert rules.batch_dates_between(date(2025, 3, 8), date(2025, 3, 20)) == []
    assert rules.batch_dates_between(date(2025, 3, 22), date(2025, 3, 7)) == []


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 3, 1), date(2025, 3, 7)),
        (date(2025, 3, 7), date(2025, 3, 21)),  # strictly after
        (date(2025, 3, 20), date(2025, 3, 21)),
        (date(2025, 1, 31), date(2025, 2, 7)),
        (date(2025, 2, 21), date(2025, 3, 7)),  # February's end comes early
        (date(2025, 2, 28), date(2025, 3, 7)),
        (date(2024, 2, 29), date(2024, 3, 7)),  # leap year
        (date(2024, 12, 21), date(2025, 1, 7)),
        (date(2024, 12, 31), date(2025, 1, 7)),
    ],
)
def test_next_batch_date(day, expected):
    assert rules.next_batch_date(day) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 3, 7), date(2025, 3, 7)),
        (date(2025, 3, 6), date(2025, 2, 21)),
        (date(2025, 3, 31), date(2025, 3, 21)),
        (date(2025, 1, 6), date(2024, 12, 21)),
    ],
)
def test_latest_batch_date_on_or_before(day, expected):
    assert rules.latest_batch_date(day) == expected


def test_a_batch_takes_what_was_decided_before_its_day_began_in_beijing():
    assert rules.batch_cutoff(date(2025, 3, 7)) == datetime(2025, 3, 7, 0, 0, tzinfo=BEIJING)
    assert rules.batch_cutoff(date(2025, 3, 7)) == datetime(2025, 3, 6, 16, 0, tzinfo=UTC)


def test_the_objection_window_of_a_batch_published_just_after_midnight():
    # Published 7 March 00:05 Beijing: 8–14 March, ends 14 March 24:00 (15 March 00:00).
    assert rules.period_end(datetime(2025, 3, 7, 0, 5, tzinfo=BEIJING), 7) == datetime(
        2025, 3, 15, 0, 0, tzinfo=BEIJING
    )


@pytest.mark.parametrize(
    ("age", "band"), [(0, (0, 9)), (9, (0, 9)), (37, (30, 39)), (40, (40, 49)), (59, (50, 59))]
)
def test_age_bands_on_public_cards(age, band):
    assert rules.age_band(age) == band
