"""The anonymised case file a panel judges, and the published tally (赔审团案卷).

Anonymity: the case file is built from an allow-list of fields (age band, plan,
condition, the definition and the recorded facts, the reasons and statements); free text
is scrubbed of the claimant's and their account's names, identifiers, contacts, hospital
and city. No file name and no file: documents are listed by kind only.

Secrecy: the tally comes only from ``Panel.tally``, which the close writes; nothing here
reads another juror's ballot.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from claims.definitions.criteria import COMPARISONS, Clause, clause_from, validate
from claims.models import Claim, ClaimDocument, ClaimEvent
from claims.states import ClaimEventType, Decision, DocumentKind
from jury.models import Ballot, ClauseAnswer, Panel, PanelStatus
from members.models import Member

SCRUBBED = "▇▇▇"


def age_band(age: int) -> str:
    """``30–39``: the decade of the age at diagnosis, not the age itself."""
    low = (age // 10) * 10
    return f"{low}–{low + 9}"


# --- the anonymised case file --------------------------------------------------------------


def _scrubber(claim: Claim) -> Callable[[str], str]:
    """Blank out, in free text, what would identify the claimant: the names, identifiers
    and contacts of every member on the claimant's account, the account's own, the
    hospital and the city."""
    member = claim.member
    people = list(
        Member.objects.filter(account_id=member.account_id).values_list(
            "full_name", "national_id_masked", "phone", "email", "city"
        )
    )
    account = member.account
    words = {claim.hospital, claim.city, account.email, account.get_full_name()}
    for row in people:
        words.update(row)
    words = sorted({w.strip() for w in words if w and len(w.strip()) >= 2}, key=len, reverse=True)
    if not words:
        return lambda text: text
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    return lambda text: pattern.sub(SCRUBBED, text or "")


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def _criterion(clause: Clause) -> str:
    """``≤ 5 points``, ``yes``, ``one of 3, 6, 9``: what the clause asks of its fact."""
    if clause.op == "is_true":
        return _("Yes")
    if clause.op == "is_false":
        return _("No")
    if clause.op == "one_of":
        return _("one of %(values)s") % {"values": ", ".join(str(v) for v in clause.value)}
    unit = f" {clause.unit}" if clause.unit else ""
    return f"{COMPARISONS[clause.op]} {clause.value}{unit}"


def _fact_display(clause: Clause, value: Any) -> str:
    if isinstance(value, bool):
        return _yes_no(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if clause.fact_kind == "number" and clause.unit:
        return f"{value} {clause.unit}"
    return str(value)


@dataclass(frozen=True)
class ClauseRow:
    """A clause of the definition with the investigator's fact and the evaluator's result."""

    key: str
    label: str
    criterion: str
    to_be_confirmed: bool
    fact_recorded: bool
    fact: str
    result: str  # met / not_met / unknown
    result_label: str
    reason: str


@dataclass
class CriteriaNode:
    """The definition as a tree: a group (all / any / at least N of) or one clause."""

    clause: ClauseRow | None = None
    heading: str = ""
    children: list["CriteriaNode"] = field(default_factory=list)


def _result_label(result: str) -> str:
    return {"met": _("Met"), "not_met": _("Not met")}.get(result, _("Unknown"))


def _clause_rows(claim: Claim, language: str, scrub) -> dict[str, ClauseRow]:
    investigation = getattr(claim, "investigation", None)
    facts = investigation.facts if investigation else {}
    results = {}
    if investigation and investigation.evaluation:
        results = {c["key"]: c for c in investigation.evaluation.get("clauses", [])}
    rows = {}
    if claim.condition_definition is None:
        return rows
    for clause in validate(claim.condition_definition.criteria):
        value = facts.get(clause.fact)
        recorded = value is not None and value != ""
        judged = results.get(clause.key, {})
        result = judged.get("result", "unknown")
        rows[clause.key] = ClauseRow(
            key=clause.key,
            label=clause.label(language),
            criterion=_criterion(clause),
            to_be_confirmed=clause.to_be_confirmed,
            fact_recorded=recorded,
            fact=_fact_display(clause, value) if recorded else "",
            result=result,
            result_label=_result_label(result),
            reason=scrub(judged.get("reason", "")) if recorded else "",
        )
    return rows


def _criteria_tree(node: dict[str, Any], rows: dict[str, ClauseRow]) -> CriteriaNode:
    if "all" in node:
        heading, children = _("All of these"), node["all"]
    elif "any" in node:
        heading, children = _("Any one of these"), node["any"]
    elif "of" in node:
        heading = _("At least %(n)s of these") % {"n": node["at_least"]}
        children = node["of"]
    else:
        return CriteriaNode(clause=rows[clause_from(node, "clause").key])
    return CriteriaNode(heading=heading, children=[_criteria_tree(c, rows) for c in children])


@dataclass(frozen=True)
class Statement:
    heading: str
    text: str
    at: datetime


def _statements(claim: Claim, panel: Panel, scrub) -> list[Statement]:
    """The claimant's and the objector's words: their dispute and any appeal lodged by the
    time the panel opened."""
    events = ClaimEvent.objects.filter(
        claim=claim,
        event_type__in=[ClaimEventType.DISPUTE_LODGED, ClaimEventType.APPEAL_LODGED],
        created_at__lte=panel.opened_at,
    ).order_by("id")
    claimant = {claim.member.account_id, claim.filed_by_id}
    out = []
    for event in events:
        by_claimant = event.actor_id in claimant
        if event.event_type == ClaimEventType.DISPUTE_LODGED:
            heading = _("The claimant's dispute") if by_claimant else _("The objection of a member")
        else:
            heading = _("The claimant's appeal") if by_claimant else _("The objector's appeal")
        out.append(Statement(heading=heading, text=scrub(event.reason), at=event.created_at))
    return out


def _documents(claim: Claim) -> list[dict[str, Any]]:
    """The evidence on file, by kind only: no file names, no files."""
    labels = dict(DocumentKind.choices)
    counts = (
        ClaimDocument.objects.filter(claim=claim)
        .order_by()
        .values("kind")
        .annotate(n=Count("id"))
        .order_by("kind")
    )
    return [{"kind": labels.get(row["kind"], row["kind"]), "count": row["n"]} for row in counts]


@dataclass(frozen=True)
class CaseFile:
    age_band: str
    plan: str
    condition: str
    description: str
    criteria: CriteriaNode  # empty (no clause, no children) without a definition
    clauses: list[ClauseRow]
    summary: str
    non_disclosure_found: bool | None
    decision: str
    decision_label: str
    decision_reason: str
    decision_clauses: list[str]
    statements: list[Statement]
    documents: list[dict[str, Any]]


def panel_case_file(*, panel: Panel) -> CaseFile:
    """The anonymised case file a panel judges."""
    from claims.selectors import claim_decision_clauses

    claim = panel.claim
    language = get_language() or ""
    scrub = _scrubber(claim)
    definition = claim.condition_definition
    rows = _clause_rows(claim, language, scrub)
    investigation = getattr(claim, "investigation", None)
    return CaseFile(
        age_band=age_band(claim.age_at_diagnosis),
        plan=claim.plan.name,
        condition=claim.condition_name,
        description=definition.description if definition else "",
        criteria=_criteria_tree(definition.criteria, rows) if definition else CriteriaNode(),
        clauses=list(rows.values()),
        summary=scrub(investigation.summary) if investigation else "",
        non_disclosure_found=investigation.non_disclosure_found if investigation else None,
        decision=claim.decision,
        decision_label=claim.get_decision_display() if claim.decision else "",
        decision_reason=scrub(claim.decision_reason),
        decision_clauses=claim_decision_clauses(claim=claim),
        statements=_statements(claim, panel, scrub),
        documents=_documents(claim),
    )


# --- after the close: the tally ------------------------------------------------------------


@dataclass(frozen=True)
class TallyView:
    pay: int
    deny: int
    pay_percent: int
    deny_percent: int
    contradicting: int
    clauses: list[dict[str, Any]]
    reasons_pay: list[str]
    reasons_deny: list[str]


def _percent(part: int, whole: int) -> int:
    return (200 * part + whole) // (2 * whole) if whole else 0


def panel_published_tally(*, panel: Panel, clauses: list[ClauseRow]) -> TallyView | None:
    """The stored tally of a closed panel, in the definition's clause order; None while the
    panel is not closed (nothing is counted before the close)."""
    if panel.status != PanelStatus.CLOSED or not panel.tally:
        return None
    tally = panel.tally
    scrub = _scrubber(panel.claim)
    pay, deny = tally.get("pay", 0), tally.get("deny", 0)
    splits = tally.get("clauses", {})
    rows = []
    for clause in clauses:
        split = splits.get(clause.key, {})
        met, not_met, unsure = (split.get(k, 0) for k in ("met", "not_met", "unsure"))
        total = met + not_met + unsure
        rows.append(
            {
                "label": clause.label,
                "met": met,
                "not_met": not_met,
                "unsure": unsure,
                "met_percent": _percent(met, total),
                "not_met_percent": _percent(not_met, total),
                "unsure_percent": _percent(unsure, total),
            }
        )
    reasons = tally.get("reasons", {})
    return TallyView(
        pay=pay,
        deny=deny,
        pay_percent=_percent(pay, pay + deny),
        deny_percent=_percent(deny, pay + deny),
        contradicting=tally.get("contradicting_clauses", 0),
        clauses=rows,
        reasons_pay=[scrub(r) for r in reasons.get(Decision.APPROVE, [])],
        reasons_deny=[scrub(r) for r in reasons.get(Decision.DENY, [])],
    )


def panel_own_vote(*, panel: Panel, ballot: Ballot, clauses: list[ClauseRow]) -> dict[str, Any]:
    """The juror's own ballot as shown after the close (free text scrubbed like the rest)."""
    scrub = _scrubber(panel.claim)
    given = ballot.clause_answers
    return {
        "verdict": ballot.verdict,
        "agrees": ballot.verdict == panel.verdict,
        "answers": [
            {
                "label": c.label,
                "answer": given.get(c.key, ""),
                "text": ClauseAnswer(given[c.key]).label
                if given.get(c.key) in ClauseAnswer.values
                else "—",
            }
            for c in clauses
        ],
        "reason": scrub(ballot.reason),
        "note": scrub(ballot.contradiction_note),
    }
