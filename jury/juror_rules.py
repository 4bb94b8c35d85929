"""Juror eligibility and the qualification exam, as pure functions: no ORM, no clock.

DOMAIN.md section 5: jurors (赔审员) are members who volunteer, at least 18, in a plan,
never found to have concealed facts or committed fraud, and who passed the exam
(6 questions on joining rules, payout rules and juror ethics; it may be retaken).
"""

import random
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta

from django.utils.translation import gettext_lazy as _

from core.errors import RuleViolation
from members.rules import age_on


def adult_from(birth_date: date, min_age: int) -> date:
    """The first day on which someone born on ``birth_date`` is ``min_age`` (29 Feb → 1 Mar)."""
    try:
        return birth_date.replace(year=birth_date.year + min_age)
    except ValueError:  # 29 February in a year without one
        return date(birth_date.year + min_age, 3, 1)


def check_volunteer(
    *,
    birth_date: date,
    today: date,
    min_age: int,
    in_a_plan: bool,
    fraud_found: bool,
) -> None:
    """May this member volunteer as a juror today (a Beijing date)? Raises RuleViolation."""
    if today < birth_date or age_on(birth_date, today) < min_age:
        raise RuleViolation(
            _("Jurors must be at least %(age)s years old. You may volunteer from %(day)s.")
            % {"age": min_age, "day": adult_from(birth_date, min_age).isoformat()},
            code="juror_too_young",
            min_age=min_age,
            eligible_from=adult_from(birth_date, min_age),
        )
    if not in_a_plan:
        raise RuleViolation(
            _("Jurors must be members of a plan. Join a plan first, then volunteer."),
            code="juror_not_in_plan",
        )
    if fraud_found:
        raise RuleViolation(
            _("Members found to have concealed facts or committed fraud cannot serve as jurors."),
            code="juror_fraud_found",
        )


def exam_draw(
    *,
    bank: Mapping[str, Sequence[int]],
    topics: Sequence[str],
    per_topic: int,
    rng: random.Random,
) -> list[int]:
    """``per_topic`` question ids drawn at random from each topic, topic by topic."""
    drawn: list[int] = []
    for topic in topics:
        ids = list(bank.get(topic, ()))
        if len(ids) < per_topic:
            raise RuleViolation(
                _("The exam cannot be set: the question bank has too few active questions."),
                code="exam_bank_too_small",
                topic=topic,
            )
        drawn.extend(rng.sample(sorted(ids), per_topic))
    return drawn


def exam_score(*, key: Mapping[str, str], answers: Mapping[str, str]) -> int:
    """How many of the keyed questions were answered with the right choice."""
    return sum(1 for question, right in key.items() if answers.get(question) == right)


def exam_retake_at(*, failed_at: datetime, cooldown_hours: int) -> datetime:
    """The moment a failed candidate may sit the exam again."""
    return failed_at + timedelta(hours=cooldown_hours)


def exam_may_retake(*, failed_at: datetime, cooldown_hours: int, now: datetime) -> bool:
    """The cooldown has run out: allowed from the retake moment itself."""
    return now >= exam_retake_at(failed_at=failed_at, cooldown_hours=cooldown_hours)
