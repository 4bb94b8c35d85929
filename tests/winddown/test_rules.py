"""The wind-down's pure rules: no database, no clock."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from claims import rules as claim_rules
from core.errors import RuleViolation
from sharing import rules as sharing_rules
from winddown import rules

BEIJING = ZoneInfo("Asia/Shanghai")
STOP = datetime(2022, 1, 29, 0, 0, tzinfo=BEIJING)  # 2022-01-28 24:00


def test_a_diagnosis_is_before_the_stop_by_its_beijing_date():
    one_second_before = (STOP - timedelta(seconds=1)).astimezone(BEIJING).date()
    one_second_after = (STOP + timedelta(seconds=1)).astimezone(BEIJING).date()
    assert claim_rules.diagnosed_before_stop(one_second_before, STOP)
    assert not claim_rules.diagnosed_before_stop(one_second_after, STOP)


def test_the_window_closes_at_24_00_of_day_180():
    closes = claim_rules.filing_window_closes_at(
        diagnosis_date=date(2022, 1, 20), coverage_ends_at=STOP, window_days=180
    )
    assert closes == datetime(2022, 7, 20, 0, 0, tzinfo=BEIJING)  # 2022-07-19 24:00
    assert date(2022, 1, 20) + timedelta(days=180) == date(2022, 7, 19)


def test_the_window_never_closes_before_the_stop():
    closes = claim_rules.filing_window_closes_at(
        diagnosis_date=date(2021, 6, 1), coverage_ends_at=STOP, window_days=180
    )
    assert closes == STOP


@pytest.mark.parametrize(
    ("filed_at", "allowed"),
    [
        (datetime(2022, 7, 19, 23, 59, 59, tzinfo=BEIJING), True),
        (datetime(2022, 7, 20, 0, 0, 0, tzinfo=BEIJING), False),
    ],
)
def test_check_shutdown_window_at_its_close(filed_at, allowed):
    check = lambda: claim_rules.check_shutdown_window(  # noqa: E731
        diagnosis_date=date(2022, 1, 20), coverage_ends_at=STOP, window_days=180, filed_at=filed_at
    )
    if allowed:
        check()
    else:
        with pytest.raises(RuleViolation) as refusal:
            check()
        assert refusal.value.code == "claim_window_closed"
        assert "2022-07-19 24:00" in str(refusal.value.message)
        assert "2022-01-20" in str(refusal.value.message)


def test_document_request_due_gives_at_least_the_minimum():
    requested = datetime(2022, 7, 18, 9, 0, tzinfo=BEIJING)
    due = claim_rules.document_request_due_at(
        requested_at=requested,
        window_closes_at=datetime(2022, 7, 20, tzinfo=BEIJING),
        minimum_days=14,
    )
    assert due == datetime(2022, 8, 2, 0, 0, tzinfo=BEIJING)  # 2022-08-01 24:00


@pytest.mark.parametrize(
    ("before_close", "lead"),
    [
        (timedelta(days=31), None),
        (timedelta(days=30), 30),
        (timedelta(days=8), 30),
        (timedelta(days=7), 7),
        (timedelta(days=2), 7),
        (timedelta(days=1), 1),
        (timedelta(seconds=1), 1),
        (timedelta(0), None),
        (-timedelta(days=1), None),
    ],
)
def test_the_reminder_due_is_the_shortest_lead_whose_moment_has_come(before_close, lead):
    closes = datetime(2022, 7, 20, tzinfo=BEIJING)
    now = closes - before_close
    due = [
        band_lead
        for band_lead, after, until in rules.reminder_bands(now=now, leads=(30, 7, 1))
        if after < closes <= until
    ]
    assert due == ([lead] if lead else [])


def test_open_claims_estimate_uses_the_approval_rate():
    assert rules.open_claims_estimate(
        open_amounts=Decimal("300000.00"), approved_count=3, denied_count=1
    ) == Decimal("225000.00")
    assert rules.open_claims_estimate(
        open_amounts=Decimal("100000.00"), approved_count=0, denied_count=0
    ) == Decimal("100000.00")
    assert rules.open_claims_estimate(
        open_amounts=Decimal("100000.00"), approved_count=1, denied_count=2
    ) == Decimal("33333.33")


def test_progress_percent():
    start = datetime(2022, 1, 1, tzinfo=BEIJING)
    end = start + timedelta(days=100)
    assert rules.progress_percent(start=start, end=end, now=start - timedelta(days=1)) == 0
    assert rules.progress_percent(start=start, end=end, now=start + timedelta(days=25)) == 25
    assert rules.progress_percent(start=start, end=end, now=end) == 100
    # 99.5 % is still 99: the figure is truncated, never rounded up to "done".
    long_end = start + timedelta(days=200)
    assert rules.progress_percent(start=start, end=long_end, now=start + timedelta(days=199)) == 99


def test_progress_never_goes_over_100_percent_or_under_0():
    start = datetime(2022, 1, 1, tzinfo=BEIJING)
    end = start + timedelta(days=100)
    assert rules.progress_percent(start=start, end=end, now=end + timedelta(days=50)) == 100
    assert rules.progress_percent(start=start, end=end, now=start - timedelta(days=50)) == 0
    # A window with no length is over (not a division by zero), even seen from before it.
    for no_length in (start, start - timedelta(days=1)):
        before = start - timedelta(days=5)
        assert rules.progress_percent(start=start, end=no_length, now=before) == 100


ANNOUNCED = datetime(2021, 12, 28, 10, 0, tzinfo=BEIJING)


@pytest.mark.parametrize(
    ("opened_at", "announced_at", "platform"),
    [
        (ANNOUNCED, ANNOUNCED, True),
        (datetime(2022, 1, 5, 0, 10, tzinfo=BEIJING), ANNOUNCED, True),  # the period of 12-28
        (ANNOUNCED - timedelta(seconds=1), ANNOUNCED, False),
        (ANNOUNCED, None, False),
    ],
)
def test_platform_bears_every_period_opened_after_the_announcement(
    opened_at, announced_at, platform
):
    assert (
        sharing_rules.platform_bears(opened_at=opened_at, shutdown_announced_at=announced_at)
        is platform
    )
