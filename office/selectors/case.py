"""Back-office reads (后台): who may enter, the case clock and the case page (the queues
are in ``office.selectors.queue``, the steps a user may take in ``office.selectors.actions``).

Read-only: every write goes through ``claims.services``. Times come in as arguments
(``now``/``today``); only the views read the clock.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from claims.models import Claim, Investigation
from claims.rules import Proposal, propose_decision
from claims.selectors import investigators_eligible
from core import clock
from members import rules as member_rules
from members.selectors import member_is_linked_to_account

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
    """The assignment's choices: who may investigate (``investigators_eligible``, the
    query "assign next" uses), by username."""
    return investigators_eligible().order_by("username")


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
