"""Claim rules, pure: periods, lump sums, the proposal, batch days, refusals word for word."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from claims.rules import (
    NON_DISCLOSURE_CLAUSE,
    benefit_for_condition,
    check_diagnosis_date,
    check_shutdown_window,
    check_visit_date,
    latest_batch_date,
    period_end,
    propose_decision,
)
from claims.states import Decision
from core.errors import InvalidValue, RuleViolation

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


# --- the lump sum, the proposal, batch days ---------------------------------------------


@pytest.mark.parametrize(
    ("band", "share", "lump_sum"),
    [
        ("300000.00", "1.00", "300000.00"),
        ("300000.00", "0.30", "90000.00"),  # a mild condition
        ("100000.01", "0.30", "30000.00"),  # 30000.003: down to the fen
        ("0.05", "0.30", "0.01"),  # 0.015 is rounded down, never up
    ],
)
def test_a_conditions_lump_sum_is_the_band_times_its_share_rounded_down(band, share, lump_sum):
    assert benefit_for_condition(Decimal(band), Decimal(share)) == Decimal(lump_sum)


@pytest.mark.parametrize(
    ("outcome", "non_disclosure", "proposal"),
    [
        ("met", False, (Decision.APPROVE, "")),
        ("met", None, (Decision.APPROVE, "")),
        ("not_met", False, (Decision.DENY, "gcs,life_support")),
        ("unknown", False, (None, "")),
        ("met", True, (Decision.DENY, NON_DISCLOSURE_CLAUSE)),  # concealment denies anyway
        ("unknown", True, (Decision.DENY, "non_disclosure")),
    ],
)
def test_the_proposal_follows_the_evaluation_unless_a_fact_was_concealed(
    outcome, non_disclosure, proposal
):
    made = propose_decision(
        outcome=outcome,
        failing_clauses=["gcs", "life_support"],
        non_disclosure_found=non_disclosure,
    )
    assert (made.decision, made.clause) == proposal


def test_the_latest_batch_date_of_a_batch_day_is_that_day():
    assert latest_batch_date(date(2025, 3, 21)) == date(2025, 3, 21)
    assert latest_batch_date(date(2025, 3, 20)) == date(2025, 3, 7)


# --- refusals, word for word -------------------------------------------------------------

TODAY = date(2025, 3, 12)
STOP = datetime(2022, 1, 29, 0, 0, tzinfo=BEIJING)  # 2022-01-28 24:00


def refusal(check, **kwargs):
    with translation.override("en"):
        with pytest.raises((InvalidValue, RuleViolation)) as refused:
            check(**kwargs)
        return refused.value.code, str(refused.value.message), refused.value.params


def test_each_date_refusal_names_the_bound_it_crossed():
    birth = date(1990, 6, 15)
    assert refusal(
        check_diagnosis_date, diagnosis_date=date(2025, 3, 13), birth_date=birth, today=TODAY
    )[1] == ("The date of first diagnosis cannot be later than today (2025-03-12).")
    assert refusal(
        check_diagnosis_date, diagnosis_date=date(1990, 6, 14), birth_date=birth, today=TODAY
    )[1] == (
        "The date of first diagnosis cannot be before the member's date of birth (1990-06-15)."
    )
    # Born before 1900 (on the day of the diagnosis): 1900 is the bound that binds.
    code, message, params = refusal(
        check_diagnosis_date,
        diagnosis_date=date(1899, 12, 31),
        birth_date=date(1899, 12, 31),
        today=TODAY,
    )
    assert message == "The date of first diagnosis cannot be before 1900-01-01."
    assert params == {"field": "diagnosis_date", "earliest": "1900-01-01", "latest": "2025-03-12"}
    filed = date(2025, 3, 10)
    assert refusal(check_visit_date, visited_on=date(2025, 3, 13), filed_on=filed, today=TODAY)[
        1
    ] == ("A visit cannot be recorded for a future date (today is 2025-03-12).")
    assert refusal(check_visit_date, visited_on=date(2025, 3, 9), filed_on=filed, today=TODAY)[
        1
    ] == ("A visit cannot be dated before the claim was filed (2025-03-10).")


def test_the_wind_down_refusals_name_the_stop_the_diagnosis_and_the_close():
    code, message, params = refusal(
        check_shutdown_window,
        diagnosis_date=date(2022, 1, 29),
        coverage_ends_at=STOP,
        window_days=180,
        filed_at=datetime(2022, 2, 1, 9, 0, tzinfo=BEIJING),
    )
    assert code == "diagnosed_after_stop"
    assert message == (
        "The plan stopped at 2022-01-28 24:00 (Beijing time); a first diagnosis on "
        "2022-01-29 came after that and is not covered."
    )
    assert params == {"coverage_ends_at": STOP, "diagnosis_date": date(2022, 1, 29)}

    code, message, params = refusal(
        check_shutdown_window,
        diagnosis_date=date(2022, 1, 20),
        coverage_ends_at=STOP,
        window_days=180,
        filed_at=datetime(2022, 7, 20, 0, 0, tzinfo=BEIJING),
    )
    assert code == "claim_window_closed"
    assert message == (
        "A claim for a diagnosis on 2022-01-20 had to be filed within 180 days, by "
        "2022-07-19 24:00 (Beijing time); the plan stopped at 2022-01-28 24:00."
    )
    assert params == {
        "window_closes_at": datetime(2022, 7, 20, 0, 0, tzinfo=BEIJING),
        "diagnosis_date": date(2022, 1, 20),
    }
