"""A claim disputed (异议) and heard by the jury (赔审团): the dispute or objection, the
jury's result, the one appeal and its result, and the result becoming final.

Each is one transaction and one ClaimEvent (through ``claim_transition``), and each
returns quietly when a retry finds its work already done. Whoever hears disputes reacts
once a dispute or an appeal commits (``claims.hearings``).
"""

from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from claims import rules
from claims.hearings import Lodged, hearing_lodged
from claims.models import Claim, ClaimEvent
from claims.services.lifecycle import repeat_of
from claims.services.transitions import claim_transition
from claims.states import ClaimEventType, ClaimState, Decision
from core import clock
from core.errors import InvalidTransition, RuleViolation


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


def _tally_verdict(pay_votes: int, deny_votes: int) -> str:
    """A panel's tally, first panel or appeal: at least one valid ballot, and the verdict
    by the rule (more than 50 % pay, else deny)."""
    if pay_votes < 0 or deny_votes < 0 or pay_votes + deny_votes == 0:
        raise RuleViolation(_("A tally needs at least one valid ballot."), code="empty_tally")
    return rules.verdict(pay_votes=pay_votes, deny_votes=deny_votes)


def claim_record_jury_result(
    *,
    claim: Claim | int,
    actor: User | None,
    pay_votes: int,
    deny_votes: int,
    now: datetime | None = None,
) -> Claim:
    """Record a panel's tally; the verdict follows the rule (more than 50% pay, else deny)."""
    verdict = _tally_verdict(pay_votes, deny_votes)

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
    verdict = _tally_verdict(pay_votes, deny_votes)
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
