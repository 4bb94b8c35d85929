"""The claim's transition guards (申请状态机的条件与权限): the conditions a step needs and
who may take it, handed to the ``@transition`` declarations of ``claims.models.claim``.

Conditions read the instance only; the time is the moment the service acts at (the
claim's ``as_of``). Permissions get the instance and the user.
"""

from typing import TYPE_CHECKING

from claims.states import Decision
from core import clock

if TYPE_CHECKING:
    from claims.models.claim import Claim


# --- conditions (read the instance; time is the moment the service acts at) ----------


def _moment(claim: "Claim"):
    """The moment a transition is judged at: the service's ``now``, else the clock."""
    return claim.as_of or clock.now()


def publicity_open(claim: "Claim") -> bool:
    return (
        claim.publicity_closed_at is None
        and claim.publicity_ends_at is not None
        and _moment(claim) < claim.publicity_ends_at
    )


def publicity_due(claim: "Claim") -> bool:
    return (
        claim.publicity_closed_at is None
        and claim.publicity_ends_at is not None
        and _moment(claim) >= claim.publicity_ends_at
    )


def appeal_window_over(claim: "Claim") -> bool:
    """The jury's result can become final: the window passed and no appeal is pending."""
    return (
        claim.jury_settled_at is None
        and claim.appeal_ends_at is not None
        and _moment(claim) >= claim.appeal_ends_at
        and (claim.appeal_lodged_at is None or claim.appeal_resulted_at is not None)
    )


def appeal_window_open(claim: "Claim") -> bool:
    return (
        claim.jury_settled_at is None
        and claim.appeal_lodged_at is None
        and claim.appeal_ends_at is not None
        and _moment(claim) < claim.appeal_ends_at
    )


def appeal_pending(claim: "Claim") -> bool:
    return claim.appeal_lodged_at is not None and claim.appeal_resulted_at is None


def payable(claim: "Claim") -> bool:
    return claim.payable_at is not None and claim.approved_amount is not None


def has_documents(claim: "Claim") -> bool:
    """An investigation rests on evidence on file."""
    return claim.pk is not None and claim.documents.exists()


def investigation_complete(claim: "Claim") -> bool:
    """A decision needs a complete investigation: facts for the definition, a finding on
    non-disclosure, the investigator's sign-off."""
    investigation = getattr(claim, "investigation", None) if claim.pk else None
    return investigation is not None and investigation.completed_at is not None


def has_decision(claim: "Claim") -> bool:
    return claim.decision in (Decision.APPROVE, Decision.DENY)


# --- permissions (callables get the instance and the user) ---------------------------


def objector_account_id(claim: "Claim") -> int | None:
    """Who objected to the approval (the member whose dispute opened the jury)."""
    from claims.states import ClaimEventType

    event = claim.events.filter(event_type=ClaimEventType.DISPUTE_LODGED).order_by("id").first()
    return event.actor_id if event else None


def may_appeal(claim: "Claim", user) -> bool:
    """The one appeal belongs to the side the jury ruled against."""
    if not (user and user.is_authenticated) or not claim.jury_verdict:
        return False
    if claim.jury_verdict == Decision.DENY:
        return is_claimant(claim, user)
    return claim.decision == Decision.APPROVE and objector_account_id(claim) == user.pk


def is_claimant(claim: "Claim", user) -> bool:
    return bool(user and user.is_authenticated and claim.member.account_id == user.pk)


def may_dispute(claim: "Claim", user) -> bool:
    """The claimant disputes a denial (异议); another member of the plan objects to an approval."""
    if not (user and user.is_authenticated):
        return False
    if claim.decision == Decision.DENY:
        return is_claimant(claim, user)
    if claim.decision == Decision.APPROVE:
        if is_claimant(claim, user):
            return False
        from members.models import Enrolment

        return Enrolment.objects.filter(
            member__account=user, plan_id=claim.plan_id, left_at__isnull=True
        ).exists()
    return False
