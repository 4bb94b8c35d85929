"""Eligibility rules, pure: no database, no clock."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from core.errors import RuleViolation
from members import rules

BANDS = [
    rules.BenefitBandRule(0, 39, Decimal("300000.00")),
    rules.BenefitBandRule(40, 59, Decimal("100000.00")),
]


def assess(**overrides):
    args = {
        "birth_date": date(1985, 6, 15),
        "joined_on": date(2024, 1, 10),
        "left_on": None,
        "waiting_days": 90,
        "bands": BANDS,
        "diagnosis_date": date(2025, 1, 1),
        "today": date(2025, 12, 1),
    }
    args.update(overrides)
    return rules.assess_claim(**args)


def test_age_is_completed_years_on_the_date():
    assert rules.age_on(date(1985, 6, 15), date(2025, 6, 14)) == 39
    assert rules.age_on(date(1985, 6, 15), date(2025, 6, 15)) == 40


def test_leap_day_birthday_comes_on_first_of_march():
    assert rules.age_on(date(2004, 2, 29), date(2022, 2, 28)) == 17
    assert rules.age_on(date(2004, 2, 29), date(2022, 3, 1)) == 18


def test_age_39_on_the_diagnosis_date_gets_300000():
    result = assess(diagnosis_date=date(2025, 6, 14))
    assert result.age_at_diagnosis == 39
    assert result.benefit_amount == Decimal("300000.00")


def test_age_40_on_the_diagnosis_date_gets_100000():
    result = assess(diagnosis_date=date(2025, 6, 15))
    assert result.age_at_diagnosis == 40
    assert result.benefit_amount == Decimal("100000.00")


def test_age_60_at_diagnosis_has_no_band():
    with pytest.raises(RuleViolation) as refusal:
        assess(birth_date=date(1964, 6, 15), diagnosis_date=date(2024, 6, 15))
    assert refusal.value.code == "age_not_covered"


def test_waiting_period_counts_from_the_day_after_joining():
    joined = date(2024, 1, 10)
    assert rules.waiting_period_last_day(joined, 90) == date(2024, 4, 9)  # J+90
    assert rules.first_covered_day(joined, 90) == date(2024, 4, 10)  # J+91


def test_diagnosis_on_day_90_is_in_the_waiting_period():
    with pytest.raises(RuleViolation) as refusal:
        assess(diagnosis_date=date(2024, 4, 9), today=date(2024, 5, 1))
    assert refusal.value.code == "in_waiting_period"
    assert "2024-04-10" in str(refusal.value.message)


def test_diagnosis_on_day_91_is_covered():
    result = assess(diagnosis_date=date(2024, 4, 10), today=date(2024, 5, 1))
    assert result.first_covered_day == date(2024, 4, 10)


def test_diagnosis_in_the_future_is_refused():
    with pytest.raises(RuleViolation) as refusal:
        assess(diagnosis_date=date(2025, 2, 2), today=date(2025, 2, 1))
    assert refusal.value.code == "diagnosis_in_future"


def test_diagnosis_today_is_accepted():
    assert assess(diagnosis_date=date(2025, 2, 1), today=date(2025, 2, 1))


def test_diagnosis_before_joining_is_not_in_the_plan():
    with pytest.raises(RuleViolation) as refusal:
        assess(diagnosis_date=date(2024, 1, 9), today=date(2025, 1, 1))
    assert refusal.value.code == "not_in_plan_on_diagnosis"


def test_leaving_day_is_not_covered_but_the_day_before_is():
    left = date(2025, 1, 1)
    assert assess(left_on=left, diagnosis_date=date(2024, 12, 31))
    with pytest.raises(RuleViolation) as refusal:
        assess(left_on=left, diagnosis_date=left)
    assert refusal.value.code == "not_in_plan_on_diagnosis"


def joining(**overrides):
    args = {
        "birth_date": date(1990, 1, 1),
        "joining_day": date(2024, 1, 1),
        "min_age_days": 30,
        "max_age_years": 59,
        "credit_score": 650,
        "credit_threshold": 650,
        "declaration_answers": {"q1": False, "q2": False},
        "required_questions": ["q1", "q2"],
    }
    args.update(overrides)
    return rules.check_joining(**args)


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"birth_date": date(2023, 12, 3)}, "too_young_to_join"),  # 29 days old
        ({"birth_date": date(1964, 1, 1)}, "too_old_to_join"),  # 60
        ({"credit_score": 649}, "credit_score_too_low"),
        ({"declaration_answers": {"q1": False}}, "declaration_incomplete"),
        ({"declaration_answers": {"q1": True, "q2": False}}, "declaration_not_accepted"),
    ],
)
def test_joining_refusals(overrides, code):
    with pytest.raises(RuleViolation) as refusal:
        joining(**overrides)
    assert refusal.value.code == code


def test_joining_at_30_days_and_at_59_and_with_650_is_accepted():
    joining(birth_date=date(2023, 12, 2))  # exactly 30 days
    joining(birth_date=date(1964, 1, 2))  # 59
    joining(credit_score=650)


def refused(check, **overrides) -> RuleViolation:
    """The refusal ``check(**overrides)`` raises, its message in English."""
    with translation.override("en"):
        with pytest.raises(RuleViolation) as refusal:
            check(**overrides)
        refusal.value.message = str(refusal.value.message)  # a lazy text, read in English
    return refusal.value


def test_age_on_the_birth_date_is_0_and_before_it_is_refused():
    assert rules.age_on(date(2020, 5, 5), date(2020, 5, 5)) == 0
    assert rules.age_in_days(date(2020, 5, 5), date(2020, 6, 4)) == 30
    with pytest.raises(ValueError, match="^date is before birth$"):
        rules.age_on(date(2020, 5, 5), date(2020, 5, 4))


def test_in_the_plan_from_the_joining_day_to_the_day_before_leaving():
    joined, left = date(2024, 1, 10), date(2024, 6, 1)
    assert rules.in_plan_on(joined, None, joined)
    assert not rules.in_plan_on(joined, None, date(2024, 1, 9))
    assert rules.in_plan_on(joined, left, date(2024, 5, 31))
    assert not rules.in_plan_on(joined, left, left)


def test_a_benefit_band_includes_both_ends():
    assert rules.benefit_for_age(BANDS, 0) == Decimal("300000.00")
    assert rules.benefit_for_age(BANDS, 59) == Decimal("100000.00")
    assert rules.benefit_for_age(BANDS, 60) is None


def test_each_filing_refusal_says_what_and_names_its_dates():
    future = refused(assess, diagnosis_date=date(2025, 2, 2), today=date(2025, 2, 1))
    assert future.message == "The date of diagnosis (2025-02-02) is in the future."
    assert future.params == {"diagnosis_date": date(2025, 2, 2), "today": date(2025, 2, 1)}

    unborn = refused(assess, diagnosis_date=date(1985, 6, 14))
    assert (unborn.code, unborn.message) == (
        "diagnosis_before_birth",
        "The date of diagnosis is before the member's date of birth.",
    )
    assert unborn.params == {"diagnosis_date": date(1985, 6, 14)}

    early = refused(assess, diagnosis_date=date(2024, 1, 9))
    assert early.message == (
        "The member joined the plan on 2024-01-10, after the diagnosis on 2024-01-09."
    )
    assert early.params == {
        "joined_on": date(2024, 1, 10),
        "left_on": None,
        "diagnosis_date": date(2024, 1, 9),
    }

    late = refused(assess, left_on=date(2025, 1, 1), diagnosis_date=date(2025, 1, 1))
    assert late.message == (
        "The member left the plan on 2025-01-01; the diagnosis on 2025-01-01 came after that."
    )
    assert late.params["left_on"] == date(2025, 1, 1)

    waiting = refused(assess, diagnosis_date=date(2024, 4, 9), today=date(2024, 5, 1))
    assert waiting.message == (
        "The diagnosis on 2024-04-09 falls in the 90-day waiting period "
        "(joined 2024-01-10; covered from 2024-04-10)."
    )
    assert waiting.params == {
        "joined_on": date(2024, 1, 10),
        "first_covered_day": date(2024, 4, 10),
        "diagnosis_date": date(2024, 4, 9),
    }

    too_old = refused(assess, birth_date=date(1964, 6, 15), diagnosis_date=date(2024, 6, 15))
    assert too_old.message == "The plan pays no benefit for a diagnosis at age 60."
    assert too_old.params == {"age_at_diagnosis": 60}


def test_a_diagnosis_on_the_birth_date_is_not_before_birth():
    newborn = refused(
        assess,
        birth_date=date(2024, 3, 1),
        joined_on=date(2024, 4, 1),
        diagnosis_date=date(2024, 3, 1),
    )
    assert newborn.code == "not_in_plan_on_diagnosis"


def test_joining_and_leaving_on_the_diagnosis_day_is_after_leaving():
    same_day = refused(
        assess,
        joined_on=date(2024, 1, 10),
        left_on=date(2024, 1, 10),
        diagnosis_date=date(2024, 1, 10),
    )
    assert same_day.message.startswith("The member left the plan on 2024-01-10")


def test_each_joining_refusal_says_what_and_names_its_figures():
    young = refused(joining, birth_date=date(2023, 12, 3))
    assert (young.code, young.message) == (
        "too_young_to_join",
        "A member must be at least 30 days old to join.",
    )
    senior = refused(joining, birth_date=date(1964, 1, 2), min_age_years=60, max_age_years=70)
    assert (senior.code, senior.message) == (
        "too_young_to_join",
        "This plan accepts members from age 60.",
    )
    old = refused(joining, birth_date=date(1964, 1, 1))
    assert old.message == "This plan accepts members up to age 59."
    credit = refused(joining, credit_score=649)
    assert credit.message == "A credit score of at least 650 is needed to join (given 649)."
    missing = refused(joining, declaration_answers={})
    assert missing.message == "Every health declaration question must be answered."
    assert missing.params == {"missing": "q1,q2"}
    declared = refused(joining, declaration_answers={"q1": True, "q2": True})
    assert declared.message == (
        "The health declaration lists a condition this plan does not accept."
    )
    assert declared.params == {"questions": "q1,q2"}


def test_a_minimum_age_in_years_is_reached_on_the_birthday():
    joining(birth_date=date(1964, 1, 1), min_age_years=60, max_age_years=70)  # 60 that day
