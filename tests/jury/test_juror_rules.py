"""Juror eligibility and exam rules, without a database."""

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from core.errors import RuleViolation
from jury.juror_rules import (
    adult_from,
    check_volunteer,
    exam_draw,
    exam_may_retake,
    exam_retake_at,
    exam_score,
)

BEIJING = ZoneInfo("Asia/Shanghai")


def check(birth, today, *, in_a_plan=True, fraud_found=False):
    check_volunteer(
        birth_date=birth, today=today, min_age=18, in_a_plan=in_a_plan, fraud_found=fraud_found
    )


def test_eighteen_on_the_birthday_itself():
    check(date(2007, 3, 10), date(2025, 3, 10))


def test_seventeen_the_day_before_is_refused_and_told_when():
    with pytest.raises(RuleViolation) as refusal:
        check(date(2007, 3, 11), date(2025, 3, 10))
    assert refusal.value.code == "juror_too_young"
    assert "2025-03-11" in str(refusal.value.message)


def test_a_29_february_birthday_comes_of_age_on_1_march():
    assert adult_from(date(2008, 2, 29), 18) == date(2026, 3, 1)
    with pytest.raises(RuleViolation):
        check(date(2008, 2, 29), date(2026, 2, 28))
    check(date(2008, 2, 29), date(2026, 3, 1))


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [({"in_a_plan": False}, "juror_not_in_plan"), ({"fraud_found": True}, "juror_fraud_found")],
)
def test_not_in_a_plan_or_fraud_found_is_refused(kwargs, code):
    with pytest.raises(RuleViolation) as refusal:
        check(date(1990, 1, 1), date(2025, 3, 10), **kwargs)
    assert refusal.value.code == code


def test_the_score_counts_right_answers_only():
    key = {"1": "a", "2": "b", "3": "c"}
    assert exam_score(key=key, answers={"1": "a", "2": "b", "3": "c"}) == 3
    assert exam_score(key=key, answers={"1": "a", "2": "c"}) == 1
    assert exam_score(key=key, answers={"9": "a"}) == 0


def test_the_retake_is_allowed_from_the_end_of_the_cooldown_itself():
    failed = datetime(2025, 3, 10, 10, 0, tzinfo=BEIJING)
    assert exam_retake_at(failed_at=failed, cooldown_hours=24) == failed + timedelta(hours=24)
    before = failed + timedelta(hours=23, minutes=59, seconds=59)
    assert not exam_may_retake(failed_at=failed, cooldown_hours=24, now=before)
    assert exam_may_retake(failed_at=failed, cooldown_hours=24, now=failed + timedelta(hours=24))


def test_the_draw_takes_the_same_number_from_each_topic():
    bank = {"joining": [1, 2, 3], "payout": [4, 5, 6], "ethics": [7, 8, 9]}
    drawn = exam_draw(
        bank=bank, topics=("joining", "payout", "ethics"), per_topic=2, rng=random.Random(1)
    )
    assert len(drawn) == len(set(drawn)) == 6
    assert [sum(q in bank[t] for q in drawn) for t in bank] == [2, 2, 2]
    assert all(q in bank["joining"] for q in drawn[:2])


def test_the_draw_refuses_a_topic_with_too_few_questions():
    with pytest.raises(RuleViolation) as refusal:
        exam_draw(
            bank={"joining": [1, 2], "payout": [3]},
            topics=("joining", "payout"),
            per_topic=2,
            rng=random.Random(1),
        )
    assert refusal.value.code == "exam_bank_too_small"


def refusal(check, **kwargs):
    with translation.override("en"):
        with pytest.raises(RuleViolation) as refused:
            check(**kwargs)
        return refused.value.code, str(refused.value.message), refused.value.params


def volunteer_kwargs(**overrides):
    kwargs = {
        "birth_date": date(1990, 1, 1),
        "today": date(2025, 3, 10),
        "min_age": 18,
        "in_a_plan": True,
        "fraud_found": False,
    }
    return {**kwargs, **overrides}


def test_each_volunteer_refusal_says_why_word_for_word():
    assert refusal(check_volunteer, **volunteer_kwargs(birth_date=date(2007, 3, 11))) == (
        "juror_too_young",
        "Jurors must be at least 18 years old. You may volunteer from 2025-03-11.",
        {"min_age": 18, "eligible_from": date(2025, 3, 11)},
    )
    assert refusal(check_volunteer, **volunteer_kwargs(in_a_plan=False))[1] == (
        "Jurors must be members of a plan. Join a plan first, then volunteer."
    )
    assert refusal(check_volunteer, **volunteer_kwargs(fraud_found=True))[1] == (
        "Members found to have concealed facts or committed fraud cannot serve as jurors."
    )


def test_a_birth_date_after_today_is_too_young_not_an_error():
    code, _, params = refusal(check_volunteer, **volunteer_kwargs(birth_date=date(2025, 3, 11)))
    assert code == "juror_too_young" and params["eligible_from"] == date(2043, 3, 11)


def test_with_no_minimum_age_a_member_born_today_may_volunteer():
    check_volunteer(**volunteer_kwargs(birth_date=date(2025, 3, 10), min_age=0))


def test_a_topic_with_exactly_enough_questions_is_drawn_whole():
    drawn = exam_draw(
        bank={"ethics": [7, 8]}, topics=("ethics",), per_topic=2, rng=random.Random(3)
    )
    assert sorted(drawn) == [7, 8]


def test_a_topic_missing_from_the_bank_is_refused_and_named():
    assert refusal(
        exam_draw,
        bank={"joining": [1, 2]},
        topics=("joining", "payout"),
        per_topic=2,
        rng=random.Random(1),
    ) == (
        "exam_bank_too_small",
        "The exam cannot be set: the question bank has too few active questions.",
        {"topic": "payout"},
    )
