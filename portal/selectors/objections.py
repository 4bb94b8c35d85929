"""A member's objections to approvals (异议), for the "my objections" page: each claim's
anonymised card (as the board shows it), where the objection stands, the jury's result,
and whether the objector may appeal it. Nothing private about the claimant: the card
comes from the board's public columns, the status from the claim's state columns.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from claims.models import Claim, ClaimEvent
from claims.selectors.public import CaseCard, case_card, public_claims
from claims.states import ClaimEventType, ClaimState, Decision

#: The claim's columns the objector's status is told from (none of them personal).
STATUS_FIELDS = (
    "id",
    "state",
    "jury_verdict",
    "jury_pay_votes",
    "jury_deny_votes",
    "jury_voted_at",
    "appeal_ends_at",
    "appeal_lodged_at",
    "appeal_resulted_at",
    "jury_settled_at",
    "closed_at",
)


@dataclass(frozen=True)
class Objection:
    claim_id: int
    card: CaseCard
    lodged_at: datetime
    reason: str
    status: str
    verdict: str  # "", approve, deny: the jury's verdict that stands
    pay_votes: int | None
    deny_votes: int | None
    appeal_ends_at: datetime | None
    appealed: bool  # an appeal was lodged (by either side)
    may_appeal: bool
    final: bool


def _objections_of(user) -> QuerySet[ClaimEvent]:
    return ClaimEvent.objects.filter(
        actor=user,
        event_type=ClaimEventType.DISPUTE_LODGED,
        claim__decision=Decision.APPROVE,
    ).exclude(claim__member__account=user)


def objection_events(*, user) -> list[ClaimEvent]:
    """The user's objections to approvals, newest first (a claimant's dispute of their
    own denial is on their claim page, not here)."""
    return list(_objections_of(user).order_by("-created_at", "-id"))


def objections_count(*, user) -> int:
    """How many objections ``objection_events`` holds, counted in the database."""
    return _objections_of(user).count()


def objections_of(*, user, now: datetime) -> list[Objection]:
    events = objection_events(user=user)
    ids = [e.claim_id for e in events]
    cards = {c.pk: c for c in public_claims().filter(pk__in=ids)}
    status = {row["id"]: row for row in Claim.objects.filter(pk__in=ids).values(*STATUS_FIELDS)}
    return [
        _objection(event, cards[event.claim_id], status[event.claim_id], now)
        for event in events
        if event.claim_id in cards
    ]


def _objection(event: ClaimEvent, claim: Claim, row: dict, now: datetime) -> Objection:
    verdict = row["jury_verdict"]
    window_open = (
        row["state"] == ClaimState.JURY_VOTED
        and row["jury_settled_at"] is None
        and row["appeal_lodged_at"] is None
        and row["appeal_ends_at"] is not None
        and now < row["appeal_ends_at"]
    )
    return Objection(
        claim_id=claim.pk,
        card=case_card(claim=claim, now=now),
        lodged_at=event.created_at,
        reason=event.reason,
        status=str(_status_words(row)),
        verdict=verdict,
        pay_votes=row["jury_pay_votes"],
        deny_votes=row["jury_deny_votes"],
        appeal_ends_at=row["appeal_ends_at"],
        appealed=row["appeal_lodged_at"] is not None,
        may_appeal=window_open and verdict == Decision.APPROVE,
        final=row["state"] in (ClaimState.PAID, ClaimState.DENIED, ClaimState.WITHDRAWN)
        or row["jury_settled_at"] is not None,
    )


def _status_words(row: dict):
    state, verdict = row["state"], row["jury_verdict"]
    if state == ClaimState.DISPUTED:
        return _("Before the jury: a panel of member-jurors is voting.")
    if state == ClaimState.DENIED:
        return _("Closed: the jury upheld your objection and the claim is denied.")
    if state == ClaimState.PAID:
        return _("Closed: the jury decided to pay, and the claim is paid.")
    if row["appeal_lodged_at"] and not row["appeal_resulted_at"]:
        return _("Appealed: a larger panel of jurors is voting.")
    if verdict == Decision.DENY:
        if row["jury_settled_at"] is None:
            return _("The jury upheld your objection. The claimant may still appeal.")
        return _("The jury upheld your objection.")
    if row["jury_settled_at"] is not None or row["appeal_resulted_at"]:
        return _("The jury decided to pay. The decision is final.")
    return _("The jury decided to pay. You may appeal once.")
