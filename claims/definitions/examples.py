"""Facts that meet, or miss, a criteria tree: for the demo data set and the tests."""

from decimal import Decimal
from typing import Any

from claims.definitions.criteria import OTHER_CHOICE, Clause, validate


def _meeting(clause: Clause) -> Any:
    op, value = clause.op, clause.value
    if op == "is_true":
        return True
    if op == "is_false":
        return False
    if op == "one_of":
        return value[0]
    if op == "eq":
        return value
    number = Decimal(str(value))
    step = Decimal(1) if number == number.to_integral_value() else Decimal("0.01")
    return _plain({"gte": number, "lte": number, "gt": number + step, "lt": number - step}[op])


def _missing(clause: Clause) -> Any:
    op, value = clause.op, clause.value
    if op == "is_true":
        return False
    if op == "is_false":
        return True
    if op == "one_of":
        return OTHER_CHOICE
    if op == "eq":
        return OTHER_CHOICE if isinstance(value, str) else _plain(Decimal(str(value)) + 1)
    number = Decimal(str(value))
    step = Decimal(1) if number == number.to_integral_value() else Decimal("0.01")
    return _plain({"gte": number - step, "gt": number, "lte": number + step, "lt": number}[op])


def _plain(number: Decimal) -> int | str:
    """Whole numbers as JSON numbers; fractions as exact decimal strings (never floats)."""
    return int(number) if number == number.to_integral_value() else str(number)


def facts_meeting(tree: dict[str, Any]) -> dict[str, Any]:
    """A value for every fact that meets every clause (so the whole tree is met)."""
    facts: dict[str, Any] = {}
    for clause in validate(tree):
        facts.setdefault(clause.fact, _meeting(clause))
    return facts


def facts_missing(tree: dict[str, Any]) -> dict[str, Any]:
    """A value for every fact that misses a clause (so the whole tree is not met): the
    first clause of the fact whose missing value lies in the fact's sane range (a
    disability grade of at least 1 cannot be missed, one of at most 3 can)."""
    facts: dict[str, Any] = {}
    for clause in validate(tree):
        value = _missing(clause)
        if clause.fact_kind == "number" and not clause.value_range.contains(Decimal(str(value))):
            continue
        facts.setdefault(clause.fact, value)
    return facts
