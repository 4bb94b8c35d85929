"""Claim reads for the pages and the API."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_fsm import has_transition_perm

from claims.models import Claim, ClaimDocument, ClaimDraft, ClaimEvent, DraftStatus
from claims.states import ClaimState, Decision
from core import clock


def claims_visible_to(*, user) -> QuerySet[Claim]:
    qs = Claim.objects.select_related("member", "plan")
    if user.has_perm("claims.view_claim"):
        return qs
    return qs.filter(member__account=user)


def claims_open_to_dispute_by(*, user) -> QuerySet[Claim]:
    """The user's own claims plus every claim under public notice or jury vote (an
    objector disputes, and may appeal, a claim that is not theirs)."""
    return Claim.objects.select_related("member", "plan").filter(
        Q(member__account=user) | Q(state__in=[ClaimState.PUBLICISED, ClaimState.JURY_VOTED])
    )


def claim_get_for_user(*, user, reference: str) -> Claim:
    """The claim if ``user`` may see it (its account, or staff); else Claim.DoesNotExist."""
    return claims_visible_to(user=user).get(reference=reference)


def drafts_open_for(*, user, now: datetime | None = None) -> QuerySet[ClaimDraft]:
    """Open drafts that can still be filed (a wind-down window still open, or none)."""
    now = now or clock.now()
    return (
        ClaimDraft.objects.filter(account=user, status=DraftStatus.OPEN)
        .filter(Q(window_closes_at__isnull=True) | Q(window_closes_at__gt=now))
        .select_related("member", "plan")
    )


def drafts_expired_for(*, user, now: datetime | None = None) -> QuerySet[ClaimDraft]:
    """Drafts whose wind-down window closed before they were filed: kept and shown. One
    whose window has just closed is shown here before the expiry sweep marks it."""
    now = now or clock.now()
    return (
        ClaimDraft.objects.filter(account=user)
        .filter(
            Q(status=DraftStatus.EXPIRED) | Q(status=DraftStatus.OPEN, window_closes_at__lte=now)
        )
        .select_related("member", "plan")
    )


def drafts_with_window_for(*, user) -> QuerySet[ClaimDraft]:
    """The account's drafts in a plan that is winding down, soonest close first."""
    return (
        ClaimDraft.objects.filter(account=user, window_closes_at__isnull=False)
        .exclude(status=DraftStatus.FILED)
        .select_related("member", "plan")
        .order_by("window_closes_at", "id")
    )


def draft_initial_for(*, account) -> dict:
    """A new claim starts with the account holder and the plan they are in."""
    from members.selectors import members_of_account

    member = members_of_account(account=account).first()
    if member is None:
        return {}
    enrolment = member.enrolments.filter(left_at__isnull=True).select_related("plan").first()
    return {"member": member, "plan": enrolment.plan if enrolment else None, "city": member.city}


def claim_decision_clauses(*, claim: Claim) -> list[str]:
    """The clauses a denial rests on, in words (the definition's labels)."""
    from claims.definitions.criteria import validate
    from claims.rules import NON_DISCLOSURE_CLAUSE

    keys = [k for k in claim.decision_clause.split(",") if k]
    if not keys:
        return []
    labels = {}
    if claim.condition_definition_id:
        language = get_language() or ""
        labels = {c.key: c.label(language) for c in validate(claim.condition_definition.criteria)}
    labels[NON_DISCLOSURE_CLAUSE] = str(_("A pre-existing illness was not disclosed at joining"))
    labels["override"] = str(_("The reviewer's reason above"))
    return [labels.get(key, key) for key in keys]


def claim_timeline(*, claim: Claim) -> list[dict]:
    """The events in order, each with how long the case waited for it."""
    events = list(ClaimEvent.objects.filter(claim=claim).select_related("actor").order_by("id"))
    rows = []
    previous: datetime | None = None
    for event in events:
        rows.append({"event": event, "waited": (event.created_at - previous) if previous else None})
        previous = event.created_at
    return rows


def document_for_user(*, user, document_id: int) -> ClaimDocument:
    document = ClaimDocument.objects.select_related("claim__member", "draft").get(pk=document_id)
    if user.has_perm("claims.view_claimdocument"):
        return document
    owner = document.claim.member.account_id if document.claim else document.draft.account_id
    if owner != user.pk:
        raise ClaimDocument.DoesNotExist
    return document


@dataclass(frozen=True)
class NextStep:
    text: str
    due: datetime | None = None


def claim_next_step(*, claim: Claim) -> NextStep:
    """What happens next, in the claimant's words."""
    s = claim.state
    if s == ClaimState.FILED:
        return NextStep(_("An investigator will verify the case against the plan's definition."))
    if s == ClaimState.INVESTIGATED:
        return NextStep(_("The decision will be published for a 7-day public notice."))
    if s == ClaimState.PUBLICISED and claim.publicity_closed_at is None:
        if claim.decision == Decision.DENY:
            return NextStep(
                _("Public notice until the date below. You may dispute the denial until then."),
                claim.publicity_ends_at,
            )
        return NextStep(
            _("Public notice until the date below; members may object to the approval."),
            claim.publicity_ends_at,
        )
    if s == ClaimState.PUBLICISED:
        return NextStep(_("Approved. The payment is being made."))
    if s == ClaimState.DISPUTED:
        return NextStep(_("A panel of member-jurors will decide the dispute."))
    if s == ClaimState.JURY_VOTED and claim.jury_settled_at is None:
        return NextStep(
            _("The jury has voted. The result is final after the appeal window."),
            claim.appeal_ends_at,
        )
    if s == ClaimState.JURY_VOTED:
        return NextStep(_("The jury decided to pay. The payment is being made."))
    if s == ClaimState.PAID:
        return NextStep(_("Paid. The case is closed."))
    if s == ClaimState.DENIED:
        return NextStep(_("Denied. The case is closed."))
    return NextStep(_("Withdrawn. The case is closed."))


def claim_available_actions(*, claim: Claim, user) -> set[str]:
    """Which claimant/member actions the page should offer (asked of django-fsm)."""
    actions = set()
    for name in ("lodge_dispute", "withdraw", "lodge_appeal"):
        if has_transition_perm(getattr(claim, name), user):
            actions.add(name)
    if claim.state in (ClaimState.FILED, ClaimState.INVESTIGATED, ClaimState.DISPUTED) and (
        claim.member.account_id == user.pk
    ):
        actions.add("attach_document")
    return actions


def claim_step_durations(*, claim: Claim) -> timedelta:
    """How long the case has been open (or took, once closed)."""
    end = claim.closed_at or clock.now()
    return end - claim.filed_at
