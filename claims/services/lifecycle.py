"""Claim steps after filing: investigation outcome, public notice, payment, withdrawal
(the dispute, the jury's result and the appeal are in ``claims.services.disputes``).

Each is one transaction and one ClaimEvent (through ``claim_transition``), and each
returns quietly when a retry finds its work already done.
"""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from claims.models import Claim
from claims.rules import propose_decision
from claims.services.assignment import ensure_not_conflicted
from claims.services.transitions import claim_transition
from claims.states import ClaimEventType, ClaimState, Decision
from core.errors import DomainError, InvalidTransition, RuleViolation
from members.models import Member


def repeat_of(
    state: str, same_request: Callable[[Claim], bool], conflict: Callable[[Claim], DomainError]
) -> Callable[[Claim], bool]:
    """An ``already_done`` check: in ``state`` after the same request → quiet; else refuse."""

    def already_done(c: Claim) -> bool:
        if c.state != state:
            return False
        if same_request(c):
            return True
        raise conflict(c)

    return already_done


def _decision_outcome(
    claim: Claim, chosen_by_reviewer: Decision | None, reason: str
) -> dict[str, Any]:
    """The decision on the claim's investigation: the reviewer's, else the evaluator's
    proposal; whether it overrides the proposal (which needs a written reason), and the
    clause a denial rests on."""
    investigation = claim.investigation
    evaluation = investigation.evaluation
    proposal = propose_decision(
        outcome=evaluation["outcome"],
        failing_clauses=evaluation.get("deciding", []),
        non_disclosure_found=investigation.non_disclosure_found,
    )
    chosen = chosen_by_reviewer or proposal.decision
    override = chosen != proposal.decision
    if override and len(reason) < 10:
        raise RuleViolation(
            _("Overriding the evaluator needs a written reason (at least 10 characters)."),
            code="override_reason_required",
        )
    return {
        "decision": chosen,
        "override": override,
        "proposed": proposal.decision,
        "clause": (proposal.clause if not override else "override")
        if chosen == Decision.DENY
        else "",
    }


def claim_decide(
    *,
    claim: Claim | int,
    actor: User,
    reason: str,
    decision: str | None = None,
    now: datetime | None = None,
) -> Claim:
    """The reviewer decides on a complete investigation (审核结论).

    With no ``decision`` the evaluator's proposal stands: approve when the definition is
    met, deny naming the failing clauses (or non-disclosure at joining). A decision that
    differs from the proposal is an override and needs a written reason.
    """
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation(_("Give the reason for the decision."), code="reason_required")
    chosen_by_reviewer = Decision(decision) if decision else None
    outcome: dict = {}

    def check(c: Claim) -> None:
        if actor is not None:
            ensure_not_conflicted(claim=c, user=actor)
        outcome.update(_decision_outcome(c, chosen_by_reviewer, reason))

    already_done = repeat_of(
        ClaimState.INVESTIGATED,
        lambda c: chosen_by_reviewer is None or c.decision == chosen_by_reviewer,
        lambda c: InvalidTransition(
            _("This claim already has a decision."), code="already_investigated"
        ),
    )

    return claim_transition(
        claim=claim,
        method_name="investigate",
        event_type=ClaimEventType.INVESTIGATION_RECORDED,
        actor=actor,
        now=now,
        reason=reason,
        payload=lambda c: {
            "decision": outcome["decision"],
            "proposed": outcome["proposed"],
            "override": outcome["override"],
            "clause": outcome["clause"],
            "definition": str(c.condition_definition) if c.condition_definition_id else None,
            "approved_amount": str(c.benefit_amount)
            if outcome["decision"] == Decision.APPROVE
            else None,
        },
        already_done=already_done,
        check=check,
        transition_kwargs=lambda c: {
            "decision": outcome["decision"],
            "approved_amount": c.benefit_amount,
            "reason": reason,
            "clause": outcome["clause"],
        },
    )


def claim_close_publicity(
    *, claim: Claim | int, actor: User | None = None, now: datetime | None = None
) -> Claim:
    """The notice ended with no dispute: a denial becomes final, an approval payable."""
    return claim_transition(
        claim=claim,
        method_name="close_publicity",
        event_type=ClaimEventType.PUBLICITY_CLOSED,
        actor=actor,
        now=now,
        reason=_("No dispute during the public notice."),
        already_done=lambda c: (
            c.publicity_closed_at is not None
            and (
                c.state == ClaimState.PUBLICISED
                or (c.state == ClaimState.DENIED and not c.jury_verdict)
            )
        ),
    )


def claim_mark_paid(
    *,
    claim: Claim | int,
    actor: User | None,
    payout_reference: str,
    now: datetime | None = None,
) -> Claim:
    """Record the payout that reached the claimant. Paying twice is impossible."""
    payout_reference = (payout_reference or "").strip()
    if not payout_reference:
        raise RuleViolation(_("A payout reference is required."), code="payout_reference_required")

    already_done = repeat_of(
        ClaimState.PAID,
        lambda c: c.payout_reference == payout_reference,
        lambda c: DomainError(
            _("This claim was already paid under payout %(ref)s.") % {"ref": c.payout_reference},
            code="already_paid",
        ),
    )

    def check(c: Claim) -> None:
        # The benefit is a one-off lump sum per plan: lock the member so two payable
        # claims of theirs cannot both be paid, and refuse a payout reference in use.
        Member.objects.select_for_update().get(pk=c.member_id)
        paid = (
            Claim.objects.filter(member_id=c.member_id, plan_id=c.plan_id, state=ClaimState.PAID)
            .exclude(pk=c.pk)
            .first()
        )
        if paid is not None:
            raise RuleViolation(
                _("The plan's lump sum was already paid to this member (claim %(ref)s).")
                % {"ref": paid.reference},
                code="benefit_already_paid",
            )
        if Claim.objects.filter(payout_reference=payout_reference).exclude(pk=c.pk).exists():
            raise RuleViolation(
                _("Payout %(ref)s is already recorded on another claim.")
                % {"ref": payout_reference},
                code="payout_reference_used",
            )

    return claim_transition(
        claim=claim,
        method_name="pay",
        event_type=ClaimEventType.PAID,
        actor=actor,
        now=now,
        payload={"payout_reference": payout_reference},
        already_done=already_done,
        check=check,
        transition_kwargs={"payout_reference": payout_reference},
    )


def claim_withdraw(
    *, claim: Claim | int, actor: User, reason: str = "", now: datetime | None = None
) -> Claim:
    """The claimant withdraws a claim before its decision is published."""
    return claim_transition(
        claim=claim,
        method_name="withdraw",
        event_type=ClaimEventType.WITHDRAWN,
        actor=actor,
        now=now,
        reason=(reason or "").strip(),
        already_done=lambda c: c.state == ClaimState.WITHDRAWN,
    )
