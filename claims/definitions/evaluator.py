"""The evaluator: a definition and the investigator's facts in, clause by clause out.

Three-valued: a clause is met, not met, or unknown (no fact recorded). ``all`` is met
when every part is met and not met as soon as one part is not; ``any`` is met as soon
as one part is met; ``at least N of`` is met with N parts met and not met once N can no
longer be reached. Unknown otherwise. Pure: no ORM, no clock.
"""

from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from claims.definitions.criteria import COMPARISONS, Clause, clause_from

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"


@dataclass(frozen=True)
class ClauseResult:
    key: str
    fact: str
    op: str
    threshold: Any
    unit: str
    value: Any
    result: str
    reason: str
    label_zh: str
    label_en: str
    to_be_confirmed: bool


@dataclass(frozen=True)
class Evaluation:
    outcome: str  # met / not_met / unknown
    clauses: list[ClauseResult] = field(default_factory=list)
    #: For ``not_met``: the clauses the outcome rests on (an ``all`` whose one part failed
    #: names that part; a failed ``any`` names its parts), not every alternative tried.
    deciding: list[str] = field(default_factory=list)

    @property
    def failing(self) -> list[ClauseResult]:
        return [c for c in self.clauses if c.key in self.deciding]

    @property
    def missing_facts(self) -> list[str]:
        seen: list[str] = []
        for c in self.clauses:
            if c.result == UNKNOWN and c.fact not in seen:
                seen.append(c.fact)
        return seen

    def as_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "deciding": list(self.deciding),
            "clauses": [asdict(c) for c in self.clauses],
        }


def evaluate(tree: dict[str, Any], facts: dict[str, Any]) -> Evaluation:
    results: list[ClauseResult] = []
    outcome, deciding = _node(tree, facts, results)
    return Evaluation(
        outcome=outcome, clauses=results, deciding=deciding if outcome == NOT_MET else []
    )


def _node(
    node: dict[str, Any], facts: dict[str, Any], out: list[ClauseResult]
) -> tuple[str, list[str]]:
    """The node's result, and for a failure the clause keys that make it fail."""
    if "all" in node:
        parts = [_node(child, facts, out) for child in node["all"]]
        failed = [key for result, keys in parts if result == NOT_MET for key in keys]
        if failed:
            return NOT_MET, failed
        return (UNKNOWN if any(r == UNKNOWN for r, _ in parts) else MET), []
    if "any" in node:
        parts = [_node(child, facts, out) for child in node["any"]]
        results = [r for r, _ in parts]
        if MET in results:
            return MET, []
        if UNKNOWN in results:
            return UNKNOWN, []
        return NOT_MET, [key for _, keys in parts for key in keys]
    if "of" in node:
        parts = [_node(child, facts, out) for child in node["of"]]
        results = [r for r, _ in parts]
        needed = node["at_least"]
        if results.count(MET) >= needed:
            return MET, []
        if results.count(MET) + results.count(UNKNOWN) < needed:
            return NOT_MET, [key for result, keys in parts if result == NOT_MET for key in keys]
        return UNKNOWN, []
    clause = clause_from(node, node.get("key", "clause"))
    result = judge(clause, facts.get(clause.fact))
    out.append(result)
    return result.result, ([clause.key] if result.result == NOT_MET else [])


def judge(clause: Clause, value: Any) -> ClauseResult:
    """One clause against one recorded fact, with the reason in words."""
    result, reason = _compare(clause, value)
    return ClauseResult(
        key=clause.key,
        fact=clause.fact,
        op=clause.op,
        threshold=clause.value,
        unit=clause.unit,
        value=value,
        result=result,
        reason=reason,
        label_zh=clause.label_zh,
        label_en=clause.label_en,
        to_be_confirmed=clause.to_be_confirmed,
    )


def _compare(clause: Clause, value: Any) -> tuple[str, str]:
    if value is None or value == "":
        return UNKNOWN, f"no value recorded for {clause.fact}"
    op, threshold, unit = clause.op, clause.value, clause.unit
    sign = COMPARISONS[op]
    if op in ("is_true", "is_false"):
        if not isinstance(value, bool):
            return UNKNOWN, f"{clause.fact} must be yes or no, got {value!r}"
        ok = value if op == "is_true" else not value
        return (MET if ok else NOT_MET), f"{clause.fact} = {'yes' if value else 'no'}"
    if op == "one_of":
        ok = value in threshold
        return (MET if ok else NOT_MET), f"{value} {'is' if ok else 'is not'} one of {threshold}"
    if op == "eq" and isinstance(threshold, str):
        ok = value == threshold
        return (MET if ok else NOT_MET), f"{value} {'=' if ok else '≠'} {threshold}"
    try:
        number, limit = Decimal(str(value)), Decimal(str(threshold))
    except (InvalidOperation, ValueError):
        return UNKNOWN, f"{clause.fact} must be a number, got {value!r}"
    ok = {
        "gte": number >= limit,
        "gt": number > limit,
        "lte": number <= limit,
        "lt": number < limit,
        "eq": number == limit,
    }[op]
    return (MET if ok else NOT_MET), f"{number} {unit} {sign if ok else 'fails ' + sign} {limit}"
