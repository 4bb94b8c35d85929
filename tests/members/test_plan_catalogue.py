"""The plans' joining rules as the catalogue ships them (DOMAIN.md section 2), at their
boundaries through the joining rule: no database."""

from datetime import date, timedelta

import pytest

from core.errors import RuleViolation
from members import rules
from members.plan_catalogue import PLANS

JOINING_DAY = date(2025, 3, 10)
BY_CODE = {plan["code"]: plan for plan in PLANS}


def join(plan: dict, birth_date: date) -> None:
    rules.check_joining(
        birth_date=birth_date,
        joining_day=JOINING_DAY,
        min_age_days=plan.get("min_join_age_days", 0),
        min_age_years=plan.get("min_join_age_years", 0),
        max_age_years=plan["max_join_age_years"],
        credit_score=650,
        credit_threshold=650,
        declaration_answers=dict.fromkeys(plan["declaration_questions"], False),
        required_questions=plan["declaration_questions"],
    )


def test_the_catalogue_pins_the_joining_minimums():
    assert {code: plan.get("min_join_age_days") for code, plan in BY_CODE.items()} == {
        "critical-illness": 30,
        "senior-cancer": None,
        "chronic-cancer": 30,
        "transport-accident": 30,
    }
    assert BY_CODE["senior-cancer"]["min_join_age_years"] == 60
    assert [plan["max_join_age_years"] for plan in PLANS] == [59, 70, 70, 65]


@pytest.mark.parametrize("code", ["critical-illness", "chronic-cancer", "transport-accident"])
def test_a_baby_joins_at_30_days_old_not_29(code):
    join(BY_CODE[code], JOINING_DAY - timedelta(days=30))
    with pytest.raises(RuleViolation) as refusal:
        join(BY_CODE[code], JOINING_DAY - timedelta(days=29))
    assert refusal.value.code == "too_young_to_join"


def test_the_senior_cancer_plan_takes_members_from_their_60th_birthday():
    senior = BY_CODE["senior-cancer"]
    join(senior, date(1965, 3, 10))  # 60 on the joining day
    with pytest.raises(RuleViolation) as refusal:
        join(senior, date(1965, 3, 11))  # 60 tomorrow
    assert refusal.value.code == "too_young_to_join"
    with pytest.raises(RuleViolation) as refusal:
        join(senior, date(1954, 3, 10))  # 71
    assert refusal.value.code == "too_old_to_join"
    join(senior, date(1954, 3, 11))  # still 70
