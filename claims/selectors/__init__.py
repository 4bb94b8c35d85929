"""Claim reads for the pages and the API."""

import re
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_fsm import has_transition_perm
from django_stubs_ext import StrOrPromise

from claims.models import (
    Claim,
    ClaimDocument,
    ClaimDraft,
    ClaimEvent,
    DocumentRead,
    DocumentRequest,
    DraftStatus,
)
from claims.states import ClaimEventType, ClaimState, Decision
from core import clock
from core.access import users_holding


def claims_visible_to(*, user) -> QuerySet[Claim]:
    qs = Claim.objects.select_related("member", "plan")
    if user.has_perm("claims.view_claim"):
        return qs
    return qs.filter(member__account=user)


def claims_of_account(*, account) -> QuerySet[Claim]:
    """The claims of the account's members, newest first, with what the portal's list
    shows joined in (the condition's name too: no query per claim)."""
    return (
        Claim.objects.filter(member__account=account)
        .select_related("member", "plan", "condition_definition")
        .order_by("-filed_at", "-id")
    )


def claims_open_to_appeal_by(*, user) -> QuerySet[Claim]:
    """The claims the user may see, and those they objected to (an objector appeals a pay
    verdict on a claim that is not theirs). Any other reference is not found."""
    objected = ClaimEvent.objects.filter(
        event_type=ClaimEventType.DISPUTE_LODGED, actor_id=user.pk
    ).values("claim_id")
    return claims_visible_to(user=user) | Claim.objects.filter(pk__in=objected)


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
    """A new claim starts with the account holder and the plan they are in. Nothing else
    is guessed: the city is where the hospital is, not where the member lives."""
    from members.selectors import members_of_account

    member = members_of_account(account=account).first()
    if member is None:
        return {}
    enrolment = member.enrolments.filter(left_at__isnull=True).select_related("plan").first()
    return {"member": member, "plan": enrolment.plan if enrolment else None}


def claim_decision_clauses(*, claim: Claim) -> list[str]:
    """The clauses a denial rests on, in words (for the facts found, see
    ``claims.selectors.facts.claim_deciding_facts``, which this reads)."""
    from claims.selectors.facts import claim_deciding_facts

    if claim.decision != Decision.DENY:
        return []
    deciding = claim_deciding_facts(claim=claim)
    labels = [line.requirement for line in deciding.lines]
    if deciding.non_disclosure:
        labels.append(str(_("A pre-existing illness was not disclosed at joining")))
    if deciding.overridden:
        labels.append(str(_("The reviewer's reason above")))
    return labels


def claim_batch_date(*, claim: Claim) -> date | None:
    """The date of the publicity batch that publishes the claim (or did); None while it
    has no decision. Decisions are published only in batches (claims.services.publicity):
    the first batch date after the day of the decision (Beijing time) takes it."""
    from claims.rules import next_batch_date

    if claim.publicity_batch is not None:
        return claim.publicity_batch.batch_date
    if not claim.investigated_at or not claim.decision:
        return None
    return next_batch_date(clock.beijing_date(claim.investigated_at))


def claim_timeline(*, claim: Claim, viewer=None) -> list[dict]:
    """The events in order, each with how long the case waited for it and who acted, by
    role (``claim_event_actor_role``) as ``viewer`` may be told."""
    events = list(ClaimEvent.objects.filter(claim=claim).select_related("actor").order_by("id"))
    rows = []
    previous: datetime | None = None
    for event in events:
        event.claim = claim  # the role asks who the claimant is
        rows.append(
            {
                "event": event,
                "waited": (event.created_at - previous) if previous else None,
                "actor_role": claim_event_actor_role(event=event, viewer=viewer),
                "reason": claim_event_reason_for(event=event, viewer=viewer),
            }
        )
        previous = event.created_at
    return rows


# Who acts in each step when it is not the claimant: the role a claimant is told of.
_STAFF_ROLE_BY_EVENT: dict[str, str] = {
    ClaimEventType.INVESTIGATION_ASSIGNED: "reviewer",
    ClaimEventType.DOCUMENT_ATTACHED: "investigator",
    ClaimEventType.VISIT_RECORDED: "investigator",
    ClaimEventType.DOCUMENT_REQUESTED: "investigator",
    ClaimEventType.DOCUMENT_RECEIVED: "investigator",
    ClaimEventType.DOCUMENT_NOT_PROVIDED: "investigator",
    ClaimEventType.FACTS_RECORDED: "investigator",
    ClaimEventType.INVESTIGATION_COMPLETED: "investigator",
    ClaimEventType.INVESTIGATION_RECORDED: "reviewer",
    ClaimEventType.PUBLISHED: "reviewer",
    ClaimEventType.PUBLICITY_CLOSED: "reviewer",
    ClaimEventType.JURY_RESULT_RECORDED: "reviewer",
    ClaimEventType.APPEAL_RESULT_RECORDED: "reviewer",
    ClaimEventType.JURY_RESULT_SETTLED: "reviewer",
    ClaimEventType.PAID: "finance",
}
# Steps another member takes on someone else's claim: an objection and its appeal.
_MEMBER_EVENTS = {ClaimEventType.DISPUTE_LODGED, ClaimEventType.APPEAL_LODGED}
ROLE_LABELS = {
    "system": _("the system"),
    "you": _("you"),
    "claimant": _("the claimant"),
    "member": _("a member"),
    "reviewer": _("the reviewer"),
    "investigator": _("the investigator"),
    "finance": _("the finance team"),
    "staff": _("the staff"),
}
# Payload keys that name a staff user; kept from readers who are not staff.
_PAYLOAD_KEYS_NAMING_STAFF = frozenset({"investigator", "previous_investigator_id"})


def claim_event_actor_role_code(*, event: ClaimEvent, viewer=None) -> str:
    """Who acted, as a role: never another member's or a staff user's name."""
    if event.actor_id is None:
        return "system"
    claim = event.claim
    if event.actor_id in (claim.member.account_id, claim.filed_by_id):
        return "you" if viewer is not None and viewer.pk == event.actor_id else "claimant"
    if event.event_type in _MEMBER_EVENTS:
        return "member"  # the objector, who appeals a pay verdict too
    return _STAFF_ROLE_BY_EVENT.get(event.event_type, "staff")


def claim_event_actor_role(*, event: ClaimEvent, viewer=None) -> str:
    """The role in the reader's language: "the reviewer", "a member", "the system"."""
    return str(ROLE_LABELS[claim_event_actor_role_code(event=event, viewer=viewer)])


def claim_event_names_people_for(*, viewer) -> bool:
    """Staff who may read every claim see who acted by name; a claimant sees roles."""
    return bool(viewer is not None and viewer.is_staff and viewer.has_perm("claims.view_claim"))


def claim_event_reason_for(*, event: ClaimEvent, viewer) -> str:
    """The event's reason; a member's objection or appeal has that member's names,
    username and contacts blanked out for readers who are not staff (the board asks
    objectors not to sign, but some do)."""
    if claim_event_names_people_for(viewer=viewer) or not event.reason:
        return event.reason
    if (
        event.actor_id is None
        or claim_event_actor_role_code(event=event, viewer=viewer) != "member"
    ):
        return event.reason
    return account_identity_scrubbed(account_id=event.actor_id, text=event.reason)


SCRUBBED = "▇▇▇"


def account_identity_scrubbed(*, account_id: int, text: str) -> str:
    """``text`` with the account's username, name and email, and the names, phones and
    emails of its members, blanked out."""
    from django.contrib.auth import get_user_model

    from members.models import Member

    account = get_user_model().objects.get(pk=account_id)
    words = {account.get_username(), account.email, account.get_full_name()}
    for row in Member.objects.filter(account_id=account_id).values_list(
        "full_name", "phone", "email"
    ):
        words.update(row)
    blanked = sorted({w.strip() for w in words if w and len(w.strip()) >= 2}, key=len, reverse=True)
    if not blanked:
        return text
    pattern = re.compile("|".join(re.escape(w) for w in blanked), re.IGNORECASE)
    return pattern.sub(SCRUBBED, text)


def claim_event_payload_for(*, event: ClaimEvent, viewer) -> dict:
    """The event's payload, without the staff names it holds unless ``viewer`` may see them."""
    if claim_event_names_people_for(viewer=viewer):
        return event.payload
    return {k: v for k, v in event.payload.items() if k not in _PAYLOAD_KEYS_NAMING_STAFF}


def document_requests_of(*, claim: Claim) -> QuerySet[DocumentRequest]:
    """The documents the investigator asked for on the claim, oldest first."""
    return DocumentRequest.objects.filter(investigation__claim=claim).order_by("requested_at", "id")


def document_for_user(*, user, document_id: int) -> ClaimDocument:
    document = ClaimDocument.objects.select_related("claim__member", "draft").get(pk=document_id)
    if user.has_perm("claims.view_claimdocument"):
        return document
    if document.owner_account_id != user.pk:
        raise ClaimDocument.DoesNotExist
    return document


def document_reads_for_claim(*, claim: Claim) -> QuerySet[DocumentRead]:
    """Staff reads of the claim's documents, newest first (the claimant's page shows them)."""
    return (
        DocumentRead.objects.filter(document__claim=claim)
        .select_related("document")
        .order_by("-read_at", "-id")
    )


@dataclass(frozen=True)
class NextStep:
    text: StrOrPromise
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


def investigators_eligible() -> QuerySet:
    """Who may investigate (调查员): active users holding ``claims.investigate_claim``
    through a group or directly (``core.access.users_holding``). The one query behind the
    assignment's choices and "assign next": one row per user and no join left behind, so
    a count annotated on it (the open cases) counts each case once, however many ways the
    user holds the right."""
    return users_holding("claims.investigate_claim")
