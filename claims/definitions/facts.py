"""Recorded facts: form or API input typed against a definition's criteria. Pure.

Numbers are kept as exact decimal strings (or whole numbers), yes/no as booleans,
choices as strings; a blank value removes the fact (unknown). A number outside its
fact's sane range (``claims.definitions.ranges``) is refused with ``InvalidValue``
(code ``fact_out_of_range``, HTTP 400), naming the fact, the bounds and the unit.
"""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from claims.definitions.criteria import OTHER_CHOICE, Clause, facts_needed, validate
from core.errors import InvalidValue, RuleViolation

TRUE_WORDS = {"true", "yes", "1", "是"}
FALSE_WORDS = {"false", "no", "0", "否"}


def clean_facts(tree: dict[str, Any], raw: dict[str, Any]) -> dict[str, Any]:
    """Turn form or API input into typed facts; raises RuleViolation or InvalidValue."""
    needed = facts_needed(tree)
    unknown = sorted(set(raw) - set(needed))
    if unknown:
        raise RuleViolation(
            _("These facts are not asked by the definition: %(facts)s.")
            % {"facts": ", ".join(unknown)},
            code="facts_unknown",
        )
    facts: dict[str, Any] = {}
    for fact, value in raw.items():
        clause = needed[fact]
        if value is None or value == "":
            facts[fact] = None
        elif clause.fact_kind == "boolean":
            facts[fact] = _boolean(fact, value)
        elif clause.fact_kind == "number":
            facts[fact] = _number(clause, value)
        else:
            facts[fact] = _choice(tree, fact, value)
    return facts


def _invalid(fact: str, message: str) -> RuleViolation:
    return RuleViolation(message, code="fact_invalid", fact=fact, field=f"facts.{fact}")


def _boolean(fact: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if str(value).lower() in TRUE_WORDS:
        return True
    if str(value).lower() in FALSE_WORDS:
        return False
    raise _invalid(fact, _("“%(fact)s” must be yes or no.") % {"fact": fact})


def _number(clause: Clause, value: Any) -> int | str:
    fact = clause.fact
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise _invalid(fact, _("“%(fact)s” must be a number.") % {"fact": fact}) from exc
    if isinstance(value, bool) or not number.is_finite():
        raise _invalid(fact, _("“%(fact)s” must be a number.") % {"fact": fact})
    bounds = clause.value_range
    if not bounds.contains(number):
        raise InvalidValue(
            _("“%(fact)s” must be between %(low)s and %(high)s%(unit)s; %(value)s is not.")
            % {
                "fact": fact,
                "low": bounds.low,
                "high": bounds.high,
                "unit": f" {clause.unit}" if clause.unit else "",
                "value": _shown(number),
            },
            code="fact_out_of_range",
            fact=fact,
            field=f"facts.{fact}",
            low=str(bounds.low),
            high=str(bounds.high),
            unit=clause.unit,
        )
    return int(number) if number == number.to_integral_value() else str(number)


def _shown(number: Decimal) -> str:
    """The refused value as typed, shortened if it is absurdly long."""
    text = str(number)
    return text if len(text) <= 20 else f"{number:.6E}"


def _choice(tree: dict[str, Any], fact: str, value: Any) -> str:
    allowed = choices_for(tree, fact)
    if allowed and str(value) not in allowed:
        raise _invalid(
            fact,
            _("“%(fact)s” must be one of: %(choices)s.")
            % {"fact": fact, "choices": ", ".join(allowed)},
        )
    return str(value)


def choices_for(tree: dict[str, Any], fact: str) -> list[str]:
    """The values a choice fact may take: those its clauses name, or "other"."""
    values: list[str] = [OTHER_CHOICE]
    for clause in validate(tree):
        if clause.fact == fact:
            for value in clause.value if isinstance(clause.value, list) else [clause.value]:
                if str(value) not in values:
                    values.append(str(value))
    return values
