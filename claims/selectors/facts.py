"""A claim's clauses with the facts recorded for them, as people read them.

The one place pages and emails get a claim's facts from (the jury's ballot, the public
board, the back office, the claimant's page, the claimant's emails); the words come from
``claims.definitions.wording``.
"""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from claims.definitions.criteria import Clause, validate
from claims.definitions.wording import FactLine, FactNode, fact_line, fact_tree
from claims.models import Claim
from claims.rules import NON_DISCLOSURE_CLAUSE
from claims.states import Decision

#: What a denial may name beside clause keys (claims.services.lifecycle.claim_decide).
OVERRIDE = "override"


def _investigation(claim: Claim):
    return getattr(claim, "investigation", None)


def _stored_results(claim: Claim) -> dict[str, dict[str, Any]]:
    investigation = _investigation(claim)
    evaluation = (investigation.evaluation if investigation else None) or {}
    return {c["key"]: c for c in evaluation.get("clauses", [])}


def claim_vocabulary(claim: Claim) -> dict[str, Any]:
    definition = claim.condition_definition
    return definition.definition_set.facts if definition is not None else {}


def claim_fact_tree(*, claim: Claim, language: str | None = None) -> FactNode | None:
    """The claim's definition as a tree, each clause with its fact and status; None when
    no definition is linked."""
    definition = claim.condition_definition
    if definition is None:
        return None
    investigation = _investigation(claim)
    results = {key: r.get("result", "") for key, r in _stored_results(claim).items()}
    return fact_tree(
        definition.criteria,
        (investigation.facts if investigation else None) or {},
        claim_vocabulary(claim),
        language or get_language(),
        results,
    )


def _stored_clause(result: dict[str, Any]) -> Clause:
    """A clause rebuilt from the evaluation stored with it (one since removed)."""
    return Clause(
        key=result["key"],
        fact=result.get("fact", ""),
        op=result.get("op", "is_true"),
        value=result.get("threshold"),
        unit=result.get("unit", ""),
        label_zh=result.get("label_zh", ""),
        label_en=result.get("label_en", ""),
        to_be_confirmed=bool(result.get("to_be_confirmed")),
    )


@dataclass(frozen=True)
class DecidingFacts:
    """What a decision rests on: for an approval the clauses met, for a denial the clauses
    it names; and whether it rests on non-disclosure or on the reviewer's own reasons."""

    lines: list[FactLine] = field(default_factory=list)
    non_disclosure: bool = False
    overridden: bool = False
    evaluator_outcome: str = "unknown"

    def __bool__(self) -> bool:
        return bool(self.lines or self.non_disclosure or self.overridden)


def claim_deciding_facts(*, claim: Claim, language: str | None = None) -> DecidingFacts:
    if not claim.decision:
        return DecidingFacts()
    language = language or get_language()
    investigation = _investigation(claim)
    facts = (investigation.facts if investigation else None) or {}
    stored = _stored_results(claim)
    outcome = ((investigation.evaluation if investigation else None) or {}).get(
        "outcome", "unknown"
    )
    clauses: dict[str, Clause] = {}
    if claim.condition_definition is not None:
        clauses = {c.key: c for c in validate(claim.condition_definition.criteria)}
    if claim.decision == Decision.DENY:
        keys = [k for k in claim.decision_clause.split(",") if k]
    else:
        keys = [key for key, r in stored.items() if r.get("result") == "met"]
    vocabulary = claim_vocabulary(claim)
    lines = []
    for key in keys:
        clause = clauses.get(key) or (_stored_clause(stored[key]) if key in stored else None)
        if clause is None:
            continue
        status = stored.get(key, {}).get("result") or "unknown"
        lines.append(fact_line(clause, facts.get(clause.fact), status, vocabulary, language))
    return DecidingFacts(
        lines=lines,
        non_disclosure=NON_DISCLOSURE_CLAUSE in keys,
        overridden=OVERRIDE in claim.decision_clause.split(","),
        evaluator_outcome=outcome,
    )


def claim_clause_words(*, claim: Claim, keys: str, language: str | None = None) -> str:
    """A decision's comma-joined clause keys (a proposal, ``decision_clause``) in words,
    joined the reader's way: never the keys themselves."""
    language = language or get_language()
    clauses: dict[str, Clause] = {}
    if claim.condition_definition is not None:
        clauses = {c.key: c for c in validate(claim.condition_definition.criteria)}
    stored = _stored_results(claim)
    words = []
    for key in (k for k in keys.split(",") if k):
        if key == NON_DISCLOSURE_CLAUSE:
            words.append(str(_("a pre-existing illness was not disclosed at joining")))
        elif key == OVERRIDE:
            words.append(str(_("the reviewer's own reason")))
        elif key in clauses:
            words.append(clauses[key].label(language or ""))
        elif key in stored:
            words.append(_stored_clause(stored[key]).label(language or ""))
    return str(_("; ")).join(words)
