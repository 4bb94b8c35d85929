"""What a member has to do, and by when ("needs your action", on the portal and the claim
page): a document an investigator asked for, a denial they may dispute, a jury verdict
they may appeal (as the claimant, or as the member who objected to an approval).

Read-only; the time comes in as ``now``.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q

from claims.models import Claim, DocumentRequest
from claims.states import FINAL_STATES, ClaimEventType, ClaimState, Decision

DOCUMENT, DISPUTE, APPEAL = "document_request", "dispute", "appeal"


@dataclass(frozen=True)
class ActionItem:
    kind: str  # document_request / dispute / appeal
    claim: Claim
    due: datetime | None
    request: DocumentRequest | None = None
    as_objector: bool = False  # an appeal against the approval the member objected to


def _open_requests(user, claim: Claim | None):
    qs = DocumentRequest.objects.filter(
        investigation__claim__member__account=user,
        investigation__completed_at__isnull=True,
        received_at__isnull=True,
        not_provided_at__isnull=True,
        answered_at__isnull=True,
    ).exclude(investigation__claim__state__in=FINAL_STATES)
    if claim is not None:
        qs = qs.filter(investigation__claim=claim)
    return qs.select_related("investigation__claim__member").order_by("due_at", "id")


def _disputable(user, now: datetime, claim: Claim | None):
    qs = Claim.objects.filter(
        member__account=user,
        state=ClaimState.PUBLICISED,
        decision=Decision.DENY,
        publicity_closed_at__isnull=True,
        publicity_ends_at__gt=now,
    )
    if claim is not None:
        qs = qs.filter(pk=claim.pk)
    return qs.select_related("member").order_by("publicity_ends_at", "id")


def _appealable(user, now: datetime, claim: Claim | None):
    """Jury verdicts whose appeal window is open, against the user's side: a deny verdict
    on their own claim, or a pay verdict on an approval they objected to."""
    objected = Q(
        jury_verdict=Decision.APPROVE,
        decision=Decision.APPROVE,
        events__event_type=ClaimEventType.DISPUTE_LODGED,
        events__actor=user,
    )
    qs = Claim.objects.filter(
        Q(member__account=user, jury_verdict=Decision.DENY) | objected,
        state=ClaimState.JURY_VOTED,
        jury_settled_at__isnull=True,
        appeal_lodged_at__isnull=True,
        appeal_ends_at__gt=now,
    ).distinct()
    if claim is not None:
        qs = qs.filter(pk=claim.pk)
    return qs.select_related("member").order_by("appeal_ends_at", "id")


def actions_needed(*, user, now: datetime, claim: Claim | None = None) -> list[ActionItem]:
    """The account's open actions, the soonest due first (or only ``claim``'s)."""
    items = [
        ActionItem(DOCUMENT, r.investigation.claim, r.due_at, request=r)
        for r in _open_requests(user, claim)
    ]
    items += [ActionItem(DISPUTE, c, c.publicity_ends_at) for c in _disputable(user, now, claim)]
    items += [
        ActionItem(APPEAL, c, c.appeal_ends_at, as_objector=c.member.account_id != user.pk)
        for c in _appealable(user, now, claim)
    ]
    return sorted(items, key=lambda item: (item.due is None, item.due or now))
