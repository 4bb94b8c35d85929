"""Back-office reads (后台): who may enter, the case clock and the case page (the queues
are in ``selectors_queue``, the steps a user may take in ``selectors_actions``).

Read-only: every write goes through ``claims.services``. Times come in as arguments
(``now``/``today``); only the views read the clock.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from claims.definitions.criteria import Clause, clause_from
from claims.definitions.evaluator import evaluate
from claims.models import Claim, Investigation
from claims.rules import Proposal, propose_decision
from core import clock
from members import rules as member_rules
from members.selectors import member_is_linked_to_account

COMPARISON_LABELS = {
    "gte": "≥",
    "gt": ">",
    "lte": "≤",
    "lt": "<",
    "eq": "=",
    "is_true": _("is yes"),
    "is_false": _("is no"),
    "one_of": _("is one of"),
}
RESULT_LABELS = {"met": _("Met"), "not_met": _("Not met"), "unknown": _("Unknown")}
GROUP_LABELS = {"all": _("All of"), "any": _("Any of")}
DECLARATION_LABELS = {
    "serious_illness_history": _("Serious illness before joining"),
    "current_treatment": _("In treatment or awaiting treatment when joining"),
    "abnormal_results": _("Abnormal test results not yet explained"),
    "current_treatment_for_cancer": _("In treatment for cancer when joining"),
}


# --- who may enter --------------------------------------------------------------------


def office_user_may_enter(*, user) -> bool:
    """Staff holding the investigator's or the reviewer's permission (调查员, 审核员)."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and user.is_staff
        and (user.has_perm("claims.investigate_claim") or user.has_perm("claims.decide_claim"))
    )


def investigators_for_assignment() -> QuerySet:
    """Active users holding ``investigate_claim`` (through a group or directly)."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(groups__permissions__codename="investigate_claim")
            | Q(user_permissions__codename="investigate_claim")
        )
        .distinct()
        .order_by("username")
    )


# --- the case clock ----------------------------------------------------------------


@dataclass(frozen=True)
class CaseClock:
    """Days since filing in Beijing days (the filing day is day 0, civil-law counting),
    against the decision target; it stops when the claim is decided or closed."""

    day: int
    target: int
    stopped: str  # "" while it runs, "decided" or "closed"

    @property
    def late(self) -> bool:
        return self.day > self.target


def case_clock(*, claim: Claim, today: date) -> CaseClock:
    if claim.investigated_at:
        end, stopped = claim.investigated_at, "decided"
    elif claim.closed_at:
        end, stopped = claim.closed_at, "closed"
    else:
        end, stopped = None, ""
    until = clock.beijing_date(end) if end else today
    return CaseClock(
        day=(until - clock.beijing_date(claim.filed_at)).days,
        target=settings.DECISION_TARGET_DAYS,
        stopped=stopped,
    )


# --- the case page -------------------------------------------------------------------


def office_case(*, reference: str) -> Claim:
    """The claim with what the case page shows joined in; raises Claim.DoesNotExist."""
    return Claim.objects.select_related(
        "member",
        "plan",
        "enrolment__plan",
        "condition_definition__definition_set",
        "investigation__investigator",
        "investigation__assigned_by",
    ).get(reference=reference)


def claim_investigation(claim: Claim) -> Investigation | None:
    return getattr(claim, "investigation", None)


def user_is_conflicted(*, claim: Claim, user) -> bool:
    """Nobody works a claim of their own or of a member they are linked to."""
    return member_is_linked_to_account(member=claim.member, account=user)


@dataclass(frozen=True)
class EnrolmentFacts:
    joined_on: date
    first_covered_day: date
    credit_score: int
    declaration: list[tuple[str, bool | None]]


def enrolment_facts(*, claim: Claim) -> EnrolmentFacts:
    enrolment = claim.enrolment
    joined_on = clock.beijing_date(enrolment.joined_at)
    answers = enrolment.health_declaration or {}
    return EnrolmentFacts(
        joined_on=joined_on,
        first_covered_day=member_rules.first_covered_day(joined_on, enrolment.plan.waiting_days),
        credit_score=enrolment.credit_score,
        declaration=[(str(DECLARATION_LABELS.get(k, k)), answers[k]) for k in answers],
    )


@dataclass
class CriteriaNode:
    """One node of the definition as the case page shows it: a group, or a clause with
    the recorded fact beside it and the evaluator's result for it."""

    group: str = ""  # "all" / "any" / "at_least"; empty for a clause
    at_least: int | None = None
    outcome: str | None = None
    children: list["CriteriaNode"] = field(default_factory=list)
    clause: Clause | None = None
    label: str = ""
    comparison: str = ""
    threshold: str = ""
    fact_recorded: bool = False
    fact_value: Any = None
    reason: str = ""

    @property
    def group_label(self) -> str:
        if self.group == "at_least":
            return _("At least %(n)s of") % {"n": self.at_least}
        return str(GROUP_LABELS.get(self.group, ""))

    @property
    def outcome_label(self) -> str:
        return str(RESULT_LABELS.get(self.outcome, "")) if self.outcome else ""

    @property
    def fact_display(self) -> str:
        return fact_display(self.fact_value)


def fact_display(value: Any) -> str:
    """A recorded fact as the page shows it: yes / no, or the value as recorded."""
    if value is True:
        return str(_("yes"))
    if value is False:
        return str(_("no"))
    return "" if value is None else str(value)


def _threshold(clause: Clause) -> str:
    if clause.op in ("is_true", "is_false"):
        return ""
    if isinstance(clause.value, list):
        return ", ".join(str(v) for v in clause.value)
    return str(clause.value)


UNIT_LABELS = {
    "d": _("days"),
    "h": _("hours"),
    "points": _("points"),
    "years": _("years"),
    "months": _("months"),
    "ADLs": _("activities of daily living"),
    "limbs": _("limbs"),
    "grade": _("grade"),
    "class": _("class"),
    "stage": _("stage"),
    "× URL": _("× upper reference limit"),
}


def unit_label(unit: str) -> str:
    return str(UNIT_LABELS.get(unit, unit))


def clause_reason(clause: Clause, result: dict) -> str:
    """The evaluator's judgement of one clause, in the reader's language."""
    outcome = result.get("result")
    value = result.get("value")
    if outcome is None or value is None or value == "":
        return str(_("No value recorded."))
    if clause.op in ("is_true", "is_false"):
        recorded = _("yes") if value is True else _("no")
        return str(_("Recorded: %(value)s.") % {"value": recorded})
    if outcome == "unknown":
        return str(_("The recorded value “%(value)s” cannot be judged.") % {"value": value})
    unit = unit_label(clause.unit)
    sign = COMPARISON_LABELS.get(clause.op, clause.op)
    words = {
        "value": f"{value} {unit}".strip(),
        "rule": f"{sign} {_threshold(clause)} {unit}".strip(),
    }
    if outcome == "met":
        return str(_("%(value)s meets %(rule)s.") % words)
    return str(_("%(value)s does not meet %(rule)s.") % words)


def criteria_nodes(*, tree: dict, investigation: Investigation | None) -> CriteriaNode:
    """The definition's criteria with the stored evaluation beside each clause.

    A clause's result and reason come from ``investigation.evaluation``; a group's result
    is the evaluator run on that group with the recorded facts.
    """
    language = get_language() or "zh-hans"
    evaluated = bool(investigation and investigation.evaluation)
    facts = investigation.facts if investigation else {}
    results = (
        {c["key"]: c for c in investigation.evaluation.get("clauses", [])} if evaluated else {}
    )

    def build(node: dict) -> CriteriaNode:
        for group in ("all", "any", "of"):
            if group in node:
                return CriteriaNode(
                    group="at_least" if group == "of" else group,
                    at_least=node.get("at_least"),
                    outcome=evaluate(node, facts).outcome if evaluated else None,
                    children=[build(child) for child in node[group]],
                )
        clause = clause_from(node, node.get("key", "clause"))
        result = results.get(clause.key, {})
        return CriteriaNode(
            clause=clause,
            label=clause.label(language),
            comparison=str(COMPARISON_LABELS.get(clause.op, clause.op)),
            threshold=_threshold(clause),
            fact_recorded=clause.fact in facts,
            fact_value=facts.get(clause.fact),
            outcome=result.get("result"),
            reason=clause_reason(clause, result),
        )

    return build(tree)


def case_proposal(*, investigation: Investigation | None) -> Proposal | None:
    """What the evaluation supports (claims.rules.propose_decision), once there is one."""
    if not investigation or not investigation.evaluation:
        return None
    evaluation = investigation.evaluation
    return propose_decision(
        outcome=evaluation["outcome"],
        failing_clauses=[c["key"] for c in evaluation["clauses"] if c["result"] == "not_met"],
        non_disclosure_found=investigation.non_disclosure_found,
    )
