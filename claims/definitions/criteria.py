"""Criteria trees: the measurable clauses of a condition's definition, and how they combine.

A tree is plain JSON, versioned with its definition set::

    {"all": [
        {"key": "gcs", "fact": "gcs_score", "op": "lte", "value": 5, "unit": "points",
         "label_zh": "格拉斯哥昏迷评分 ≤ 5 分", "label_en": "Glasgow Coma Scale ≤ 5"},
        {"key": "life_support", "fact": "life_support_hours", "op": "gte", "value": 96,
         "unit": "h", "label_zh": "...", "label_en": "..."},
        {"any": [...]},
        {"at_least": 3, "of": [...]},
    ]}

A leaf is a clause: a fact key, a comparison, a threshold and a unit. ``to_be_confirmed``
marks a threshold the medical committee has not yet confirmed. Pure: no ORM, no clock.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from claims.definitions.ranges import FactRange, RangeError, fact_range, parse_range

COMPARISONS = {
    "gte": "≥",
    "gt": ">",
    "lte": "≤",
    "lt": "<",
    "eq": "=",
    "is_true": "is true",
    "is_false": "is false",
    "one_of": "one of",
}
NUMERIC = {"gte", "gt", "lte", "lt"}
BOOLEAN = {"is_true", "is_false"}
FACT_KINDS = {"number", "boolean", "choice"}
#: The recorded value of a choice fact that is none of the values a clause names.
OTHER_CHOICE = "other"


class CriteriaError(ValueError):
    """A criteria tree that is not well formed; the message names the place."""


@dataclass(frozen=True)
class Clause:
    key: str
    fact: str
    op: str
    value: Any
    unit: str
    label_zh: str
    label_en: str
    to_be_confirmed: bool = False
    #: The declared ``[low, high]`` of the fact's recorded value (claims.definitions.ranges).
    range: tuple[str, str] | None = None

    @property
    def value_range(self) -> FactRange:
        """The sane range of a recorded number (the clause's own, or the tables')."""
        return fact_range(fact=self.fact, unit=self.unit, declared=self.range)

    @property
    def fact_kind(self) -> str:
        if self.op in BOOLEAN:
            return "boolean"
        if self.op == "one_of" or (self.op == "eq" and isinstance(self.value, str)):
            return "choice"
        return "number"

    def label(self, language: str) -> str:
        return self.label_en if language.startswith("en") else self.label_zh


def clause_from(node: dict[str, Any], where: str) -> Clause:
    for field in ("key", "fact", "op", "label_zh", "label_en"):
        if not isinstance(node.get(field), str) or not node[field]:
            raise CriteriaError(f"{where}: clause needs a non-empty '{field}'")
    op = node["op"]
    if op not in COMPARISONS:
        raise CriteriaError(f"{where}: unknown comparison '{op}'")
    value = node.get("value")
    if op in NUMERIC and not isinstance(value, int | float | str):
        raise CriteriaError(f"{where}: '{op}' needs a numeric threshold")
    if op in NUMERIC and isinstance(value, str):
        try:
            Decimal(value)
        except InvalidOperation as exc:
            raise CriteriaError(f"{where}: threshold '{value}' is not a number") from exc
    if op == "one_of" and not (isinstance(value, list) and value):
        raise CriteriaError(f"{where}: 'one_of' needs a list of choices")
    if op == "eq" and value is None:
        raise CriteriaError(f"{where}: 'eq' needs a value")
    declared: tuple[str, str] | None = None
    if node.get("range") is not None:
        try:
            low, high = parse_range(node["range"])
            declared = (str(low), str(high))
        except RangeError as exc:
            raise CriteriaError(f"{where}: {exc}") from exc
    clause = Clause(
        key=node["key"],
        fact=node["fact"],
        op=op,
        value=value,
        unit=node.get("unit", ""),
        label_zh=node["label_zh"],
        label_en=node["label_en"],
        to_be_confirmed=bool(node.get("to_be_confirmed", False)),
        range=declared,
    )
    if clause.fact_kind == "number":
        bounds = clause.value_range
        try:
            threshold = Decimal(str(value))
        except InvalidOperation as exc:
            raise CriteriaError(f"{where}: threshold '{value}' is not a number") from exc
        if isinstance(value, bool) or not bounds.contains(threshold):
            raise CriteriaError(
                f"{where}: threshold {value} is outside the fact's range "
                f"{bounds.low}–{bounds.high} ({bounds.source})"
            )
    return clause


def validate(tree: dict[str, Any]) -> list[Clause]:
    """Check a tree and return its clauses in order; raises CriteriaError."""
    clauses = list(_walk(tree, "criteria"))
    keys = [c.key for c in clauses]
    duplicates = {k for k in keys if keys.count(k) > 1}
    if duplicates:
        raise CriteriaError(f"clause keys repeat: {', '.join(sorted(duplicates))}")
    kinds: dict[str, str] = {}
    for clause in clauses:
        if kinds.setdefault(clause.fact, clause.fact_kind) != clause.fact_kind:
            raise CriteriaError(f"fact '{clause.fact}' is used as two kinds of value")
    return clauses


def _walk(node: Any, where: str) -> Iterator[Clause]:
    if not isinstance(node, dict):
        raise CriteriaError(f"{where}: expected an object")
    groups = [k for k in ("all", "any", "of") if k in node]
    if not groups:
        yield clause_from(node, where)
        return
    if "of" in node:
        n = node.get("at_least")
        if not isinstance(n, int) or not 1 <= n <= len(node["of"]):
            raise CriteriaError(f"{where}: 'at_least' must be 1..{len(node['of'])}")
    children = node[groups[0]]
    if not isinstance(children, list) or not children:
        raise CriteriaError(f"{where}: '{groups[0]}' needs a non-empty list")
    for i, child in enumerate(children):
        yield from _walk(child, f"{where}.{groups[0]}[{i}]")


def facts_needed(tree: dict[str, Any]) -> dict[str, Clause]:
    """Each fact the tree asks for, with the first clause that asks (for its kind and unit)."""
    needed: dict[str, Clause] = {}
    for clause in validate(tree):
        needed.setdefault(clause.fact, clause)
    return needed
