"""Claim steps after filing: investigation outcome, public notice, dispute, jury, payment.

Each is one transaction and one ClaimEvent (through ``claim_transition``), and each
returns quietly when a retry finds its work already done.
"""

from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from claims import rules
from claims.hearings import Lodged, hearing_lodged
from claims.models import Claim, ClaimEvent
from claims.rules import propose_decision
from claims.services.assignment import ensure_not_conflicted
from claims.services.transitions import claim_transition
from claims.states import ClaimEventType, ClaimState, Decision
from core import clock
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
        investigation = c.investigation
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
        outcome.update(
            decision=chosen,
            override=override,
            proposed=proposal.decision,
            clause=(proposal.clause if not override else "override")
            if chosen == Decision.DENY
            else "",
        )

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


def claim_lodge_dispute(
    *, claim: Claim | int, actor: User | None, reason: str, now: datetime | None = None
) -> Claim:
    """The claimant disputes a denial, or a member objects to an approval (异议)."""
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise RuleViolation(
            _("Explain the dispute in at least 10 characters."), code="reason_too_short"
        )

    def lodged_by_actor(c: Claim) -> bool:
        lodged = c.events.filter(event_type=ClaimEventType.DISPUTE_LODGED).last()
        return bool(lodged and lodged.actor_id == getattr(actor, "pk", None))

    already_done = repeat_of(
        ClaimState.DISPUTED,
        lodged_by_actor,
        lambda c: InvalidTransition(
            _("This claim is already disputed; the jury will hear it."), code="already_disputed"
        ),
    )
    now = now or clock.now()

    def check(c: Claim) -> None:
        if c.decision == Decision.APPROVE and actor is not None:
            ensure_objection_allowed(actor=actor, now=now)

    disputed = claim_transition(
        claim=claim,
        method_name="lodge_dispute",
        event_type=ClaimEventType.DISPUTE_LODGED,
        actor=actor,
        now=now,
        reason=reason,
        already_done=already_done,
        check=check,
        # Whoever hears disputes (the jury, 赔审团) reacts once the dispute commits.
        follow_up=lambda c, _event: hearing_lodged(c.pk, Lodged.DISPUTE, now=now),
    )
    return disputed


def ensure_objection_allowed(*, actor: User, now: datetime) -> None:
    """At most ``OBJECTIONS_PER_DAY`` objections to approvals per account per Beijing day.

    The account's row is locked first, so two objections sent at once are counted in turn.
    """
    get_user_model().objects.select_for_update().filter(pk=actor.pk).first()
    day = clock.beijing_date(now)
    lodged = ClaimEvent.objects.filter(
        event_type=ClaimEventType.DISPUTE_LODGED,
        actor=actor,
        claim__decision=Decision.APPROVE,
        created_at__gte=clock.beijing_start_of_day(day),
        created_at__lt=clock.beijing_end_of_day(day),
    ).count()
    if lodged >= settings.OBJECTIONS_PER_DAY:
        raise RuleViolation(
            _("At most %(limit)s objections to approvals a day are allowed; try again tomorrow.")
            % {"limit": settings.OBJECTIONS_PER_DAY},
            code="objection_rate_limited",
            limit=settings.OBJECTIONS_PER_DAY,
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


def claim_record_jury_result(
    *,
    claim: Claim | int,
    actor: User | None,
    pay_votes: int,
    deny_votes: int,
    now: datetime | None = None,
) -> Claim:
    """Record a panel's tally; the verdict follows the rule (more than 50% pay, else deny)."""
    if pay_votes < 0 or deny_votes < 0 or pay_votes + deny_votes == 0:
        raise RuleViolation(_("A tally needs at least one valid ballot."), code="empty_tally")
    verdict = rules.verdict(pay_votes=pay_votes, deny_votes=deny_votes)

    def check(c: Claim) -> None:
        # While a panel is deciding, only its close records the result.
        if actor is not None and c.panels.filter(status__in=["open", "needs_operator"]).exists():
            raise RuleViolation(
                _("A jury panel is deciding this claim; its result is recorded at the close."),
                code="jury_deciding",
            )

    already_done = repeat_of(
        ClaimState.JURY_VOTED,
        lambda c: (c.jury_pay_votes, c.jury_deny_votes) == (pay_votes, deny_votes),
        lambda c: InvalidTransition(
            _("This claim already has a jury result."), code="already_voted"
        ),
    )

    return claim_transition(
        claim=claim,
        method_name="record_jury_result",
        event_type=ClaimEventType.JURY_RESULT_RECORDED,
        actor=actor,
        now=now,
        payload={"verdict": verdict, "pay_votes": pay_votes, "deny_votes": deny_votes},
        check=check,
        already_done=already_done,
        transition_kwargs={"verdict": verdict, "pay_votes": pay_votes, "deny_votes": deny_votes},
    )


def claim_lodge_appeal(
    *, claim: Claim | int, actor: User, statement: str, now: datetime | None = None
) -> Claim:
    """The side the jury ruled against appeals once, with new evidence (申诉). Whoever
    hears appeals (the jury: a fresh panel of 2n + 1) reacts once the appeal commits."""
    statement = (statement or "").strip()
    if len(statement) < 20:
        raise RuleViolation(
            _("Explain the appeal and the new evidence in at least 20 characters."),
            code="statement_too_short",
        )
    return claim_transition(
        claim=claim,
        method_name="lodge_appeal",
        event_type=ClaimEventType.APPEAL_LODGED,
        actor=actor,
        now=now,
        reason=statement,
        follow_up=lambda c, _event: hearing_lodged(c.pk, Lodged.APPEAL, now=now),
        # The same appellant again is a retry; anyone else finds the window closed.
        already_done=lambda c: (
            c.appeal_lodged_at is not None
            and c.events.filter(
                event_type=ClaimEventType.APPEAL_LODGED, actor_id=getattr(actor, "pk", None)
            ).exists()
        ),
    )


def claim_record_appeal_result(
    *,
    claim: Claim | int,
    actor: User | None,
    pay_votes: int,
    deny_votes: int,
    now: datetime | None = None,
) -> Claim:
    """The appeal panel's tally: final, and the claim settles on the next sweep."""
    if pay_votes < 0 or deny_votes < 0 or pay_votes + deny_votes == 0:
        raise RuleViolation(_("A tally needs at least one valid ballot."), code="empty_tally")
    verdict = rules.verdict(pay_votes=pay_votes, deny_votes=deny_votes)
    return claim_transition(
        claim=claim,
        method_name="record_appeal_result",
        event_type=ClaimEventType.APPEAL_RESULT_RECORDED,
        actor=actor,
        now=now,
        payload={"verdict": verdict, "pay_votes": pay_votes, "deny_votes": deny_votes},
        already_done=lambda c: (
            c.appeal_resulted_at is not None
            and (c.jury_pay_votes, c.jury_deny_votes) == (pay_votes, deny_votes)
        ),
        transition_kwargs={"verdict": verdict, "pay_votes": pay_votes, "deny_votes": deny_votes},
    )


def claim_settle_jury_result(
    *, claim: Claim | int, actor: User | None = None, now: datetime | None = None
) -> Claim:
    """The appeal window passed: a deny verdict becomes final, a pay verdict payable."""
    return claim_transition(
        claim=claim,
        method_name="settle_jury_result",
        event_type=ClaimEventType.JURY_RESULT_SETTLED,
        actor=actor,
        now=now,
        reason=_("The appeal window ended with no appeal."),
        already_done=lambda c: (
            c.jury_settled_at is not None and c.state in (ClaimState.JURY_VOTED, ClaimState.DENIED)
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
