"""Eligibility rules as pure functions: no ORM, no clock. Dates are Beijing dates.

Day counting follows the civil-law convention (PRC Civil Code art. 201): a period
counted in days starts on the day *after* the event. A member who joined on J is in
the waiting period (等待期) from J+1 to J+90 and covered for a first diagnosis on or
after J+91.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from core.errors import RuleViolation


@dataclass(frozen=True)
class BenefitBandRule:
    """Benefit for an age band at diagnosis, ages in completed years, both ends included."""

    min_age: int
    max_age: int
    amount: Decimal


@dataclass(frozen=True)
class ClaimAssessment:
    age_at_diagnosis: int
    benefit_amount: Decimal
    first_covered_day: date


def age_on(birth_date: date, on: date) -> int:
    """Completed years of age on ``on`` (a 29 February birthday comes on 1 March)."""
    if on < birth_date:
        raise ValueError("date is before birth")
    had_birthday = (on.month, on.day) >= (birth_date.month, birth_date.day)
    return on.year - birth_date.year - (0 if had_birthday else 1)


def age_in_days(birth_date: date, on: date) -> int:
    return (on - birth_date).days


def waiting_period_last_day(joined_on: date, waiting_days: int) -> date:
    """The last day of the waiting period: J + waiting_days."""
    return joined_on + timedelta(days=waiting_days)


def first_covered_day(joined_on: date, waiting_days: int) -> date:
    """The first day a first diagnosis is covered: J + waiting_days + 1."""
    return waiting_period_last_day(joined_on, waiting_days) + timedelta(days=1)


def in_plan_on(joined_on: date, left_on: date | None, day: date) -> bool:
    """Was the member in the plan on ``day``?

    The joining day counts; the leaving day does not (coverage ends when the member
    leaves, and a diagnosis dated that day cannot be shown to precede it).
    """
    return joined_on <= day and (left_on is None or day < left_on)


def benefit_for_age(bands: Iterable[BenefitBandRule], age: int) -> Decimal | None:
    for band in bands:
        if band.min_age <= age <= band.max_age:
            return band.amount
    return None


def _check_in_plan_on_diagnosis(
    joined_on: date, left_on: date | None, diagnosis_date: date
) -> None:
    """Refused unless the member was in the plan on the day of diagnosis."""
    if in_plan_on(joined_on, left_on, diagnosis_date):
        return
    if diagnosis_date < joined_on:
        message = _(
            "The member joined the plan on %(joined)s, after the diagnosis on %(diagnosis)s."
        ) % {"joined": joined_on.isoformat(), "diagnosis": diagnosis_date.isoformat()}
    else:
        assert left_on is not None  # not in the plan, not before joining: after leaving
        message = _(
            "The member left the plan on %(left)s; the diagnosis on %(diagnosis)s came after that."
        ) % {"left": left_on.isoformat(), "diagnosis": diagnosis_date.isoformat()}
    raise RuleViolation(
        message,
        code="not_in_plan_on_diagnosis",
        joined_on=joined_on,
        left_on=left_on,
        diagnosis_date=diagnosis_date,
    )


def _first_covered_day_reached(joined_on: date, waiting_days: int, diagnosis_date: date) -> date:
    """The first covered day; refused when the diagnosis falls in the waiting period."""
    covered_from = first_covered_day(joined_on, waiting_days)
    if diagnosis_date < covered_from:
        raise RuleViolation(
            _(
                "The diagnosis on %(diagnosis)s falls in the %(days)s-day waiting period "
                "(joined %(joined)s; covered from %(covered)s)."
            )
            % {
                "diagnosis": diagnosis_date.isoformat(),
                "days": waiting_days,
                "joined": joined_on.isoformat(),
                "covered": covered_from.isoformat(),
            },
            code="in_waiting_period",
            joined_on=joined_on,
            first_covered_day=covered_from,
            diagnosis_date=diagnosis_date,
        )
    return covered_from


def assess_claim(
    *,
    birth_date: date,
    joined_on: date,
    left_on: date | None,
    waiting_days: int,
    bands: Sequence[BenefitBandRule],
    diagnosis_date: date,
    today: date,
) -> ClaimAssessment:
    """The filing checks of DOMAIN.md 3.1, in the order a claimant would want them.

    Raises RuleViolation with a specific code and the dates involved.
    """
    if diagnosis_date > today:
        raise RuleViolation(
            _("The date of diagnosis (%(diagnosis)s) is in the future.")
            % {"diagnosis": diagnosis_date.isoformat()},
            code="diagnosis_in_future",
            diagnosis_date=diagnosis_date,
            today=today,
        )
    if diagnosis_date < birth_date:
        raise RuleViolation(
            _("The date of diagnosis is before the member's date of birth."),
            code="diagnosis_before_birth",
            diagnosis_date=diagnosis_date,
        )
    _check_in_plan_on_diagnosis(joined_on, left_on, diagnosis_date)
    covered_from = _first_covered_day_reached(joined_on, waiting_days, diagnosis_date)
    age = age_on(birth_date, diagnosis_date)
    amount = benefit_for_age(bands, age)
    if amount is None:
        raise RuleViolation(
            _("The plan pays no benefit for a diagnosis at age %(age)s.") % {"age": age},
            code="age_not_covered",
            age_at_diagnosis=age,
        )
    return ClaimAssessment(
        age_at_diagnosis=age, benefit_amount=amount, first_covered_day=covered_from
    )


def check_joining(
    *,
    birth_date: date,
    joining_day: date,
    min_age_days: int,
    max_age_years: int,
    min_age_years: int = 0,
    credit_score: int,
    credit_threshold: int,
    declaration_answers: dict[str, bool],
    required_questions: Sequence[str],
) -> None:
    """Joining rules: age at joining, credit score (芝麻信用), health declaration (健康告知)."""
    if age_in_days(birth_date, joining_day) < min_age_days:
        raise RuleViolation(
            _("A member must be at least %(days)s days old to join.") % {"days": min_age_days},
            code="too_young_to_join",
        )
    if age_on(birth_date, joining_day) < min_age_years:
        raise RuleViolation(
            _("This plan accepts members from age %(age)s.") % {"age": min_age_years},
            code="too_young_to_join",
        )
    if age_on(birth_date, joining_day) > max_age_years:
        raise RuleViolation(
            _("This plan accepts members up to age %(age)s.") % {"age": max_age_years},
            code="too_old_to_join",
        )
    if credit_score < credit_threshold:
        raise RuleViolation(
            _("A credit score of at least %(threshold)s is needed to join (given %(score)s).")
            % {"threshold": credit_threshold, "score": credit_score},
            code="credit_score_too_low",
        )
    missing = [q for q in required_questions if q not in declaration_answers]
    if missing:
        raise RuleViolation(
            _("Every health declaration question must be answered."),
            code="declaration_incomplete",
            missing=",".join(missing),
        )
    declared = [q for q in required_questions if declaration_answers[q]]
    if declared:
        raise RuleViolation(
            _("The health declaration lists a condition this plan does not accept."),
            code="declaration_not_accepted",
            questions=",".join(declared),
        )
