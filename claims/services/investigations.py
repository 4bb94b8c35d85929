"""Investigations (调查): assignment, visits, document requests, measured facts, sign-off.

Each service is one transaction that writes one ClaimEvent through
``core.aggregates.audit_record`` (the claim stays ``filed``
while it is investigated; the event's from and to state are the same). Nobody works a
claim of their own or of a member they are linked to.
"""

from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from claims.definitions.evaluator import evaluate
from claims.definitions.facts import clean_facts
from claims.models import (
    Claim,
    ClaimDocument,
    DocumentRequest,
    Investigation,
    InvestigationVisit,
    VisitKind,
)
from claims.rules import (
    check_visit_date,
    document_request_due_at,
    filing_window_closes_at,
    period_end,
)
from claims.selectors import investigators_eligible
from claims.services.transitions import notices
from claims.states import ClaimEventType, ClaimState, DocumentKind
from core import clock
from core.aggregates import audit_record
from core.errors import InvalidTransition, NotPermitted, RuleViolation
from core.locks import lock_for_share
from core.models import AuditEvent
from members.models import Plan
from members.selectors import member_is_linked_to_account


def ensure_not_conflicted(*, claim: Claim, user: User) -> None:
    if member_is_linked_to_account(member=claim.member, account=user):
        raise NotPermitted(
            _("You may not work on a claim of your own or of a member you are linked to."),
            code="conflict_of_interest",
        )


def _record(
    claim: Claim,
    event_type: str,
    actor: User | None,
    now: datetime,
    payload: dict,
    reason: str = "",
    *,
    notify: bool = False,
) -> AuditEvent:
    """The investigation's event on the claim's trail (the claim's state does not move);
    ``notify``: the claimant is told of it."""
    return audit_record(
        claim,
        event_type=event_type,
        actor=actor,
        now=now,
        payload=payload,
        reason=reason,
        followups=notices if notify else None,
    )


def _lock_open(investigation: Investigation | int, actor: User) -> Investigation:
    """Lock the investigation for its investigator; refuse once it is signed off."""
    pk = investigation.pk if isinstance(investigation, Investigation) else investigation
    investigation = (
        Investigation.objects.select_for_update(of=("self",))
        .select_related("claim__member", "claim__condition_definition")
        .get(pk=pk)
    )
    if investigation.investigator_id != actor.pk:
        raise NotPermitted(_("Only the assigned investigator records this investigation."))
    if investigation.completed_at is not None:
        raise InvalidTransition(_("This investigation is complete."), code="investigation_complete")
    return investigation


@transaction.atomic
def investigation_assign(
    *,
    claim: Claim | int,
    investigator: User,
    actor: User | None = None,
    due_on: date | None = None,
    now: datetime | None = None,
) -> Investigation:
    """Assign (or reassign) a filed claim to an investigator, with a due date.

    ``actor=None`` is the system's automatic assignment. An investigator without the
    right to assign may take an unassigned claim themselves (``investigator=actor``);
    a claim another investigator holds is theirs to keep. Idempotent for the same
    investigator.
    """
    now = now or clock.now()
    claim_id = claim.pk if isinstance(claim, Claim) else claim
    claim = Claim.objects.select_for_update(of=("self",)).select_related("member").get(pk=claim_id)
    taking = False
    if actor is not None:
        if not actor.has_perm("claims.assign_investigation"):
            taking = actor.pk == investigator.pk and actor.has_perm("claims.investigate_claim")
            if not taking:
                raise NotPermitted(_("You may not assign investigations."))
        ensure_not_conflicted(claim=claim, user=actor)
    if claim.state != ClaimState.FILED:
        raise InvalidTransition(_("Only a filed claim is investigated."), code="not_filed")
    if not investigators_eligible().filter(pk=investigator.pk).exists():
        raise RuleViolation(_("This user is not an investigator."), code="not_an_investigator")
    ensure_not_conflicted(claim=claim, user=investigator)
    if due_on is not None and due_on < clock.beijing_date(now):
        raise RuleViolation(_("The due date cannot be in the past."), code="due_in_past")
    due_at = (
        clock.beijing_end_of_day(due_on) if due_on else period_end(now, settings.INVESTIGATION_DAYS)
    )
    existing = Investigation.objects.select_for_update().filter(claim=claim).first()
    if taking and existing is not None and existing.investigator_id != investigator.pk:
        raise InvalidTransition(
            _("%(name)s has already taken this claim.")
            % {"name": existing.investigator.get_username()},
            code="already_assigned",
        )
    if existing is not None:
        if existing.completed_at is not None:
            raise InvalidTransition(
                _("This investigation is complete."), code="investigation_complete"
            )
        if existing.investigator_id == investigator.pk and due_on is None:
            return existing
        previous = existing.investigator_id
        existing.investigator = investigator
        existing.assigned_by = actor
        existing.assigned_at = now
        existing.due_at = due_at
        existing.save(update_fields=["investigator", "assigned_by", "assigned_at", "due_at"])
        investigation = existing
    else:
        previous = None
        investigation = Investigation.objects.create(
            claim=claim,
            investigator=investigator,
            assigned_by=actor,
            assigned_at=now,
            due_at=due_at,
        )
    _record(
        claim,
        ClaimEventType.INVESTIGATION_ASSIGNED,
        actor,
        now,
        {
            "investigator": investigator.get_username(),
            "previous_investigator_id": previous,
            "due_at": due_at.isoformat(),
            **({"taken": True} if taking else {}),
        },
    )
    return investigation


def investigation_assign_next(
    *, claim: Claim | int, actor: User | None = None, now: datetime | None = None
) -> Investigation:
    """Assign to the eligible investigator with the fewest open cases (ties: lowest id).

    ``actor`` is the reviewer who asked (checked as ``investigation_assign`` checks them),
    or None for the system's sweep.
    """
    claim_obj = claim if isinstance(claim, Claim) else Claim.objects.get(pk=claim)
    candidates = (
        investigators_eligible()
        .annotate(
            open_cases=Count("investigations", filter=Q(investigations__completed_at__isnull=True))
        )
        .order_by("open_cases", "id")
    )
    for candidate in candidates:
        if not member_is_linked_to_account(member=claim_obj.member, account=candidate):
            return investigation_assign(
                claim=claim_obj, investigator=candidate, actor=actor, now=now
            )
    raise RuleViolation(
        _("No investigator is free of a conflict with this claim."), code="no_investigator"
    )


@transaction.atomic
def investigation_record_visit(
    *,
    investigation: Investigation | int,
    actor: User,
    kind: str,
    visited_on: date,
    place: str,
    notes: str,
    now: datetime | None = None,
) -> InvestigationVisit:
    now = now or clock.now()
    investigation = _lock_open(investigation, actor)
    if kind not in VisitKind.values:
        raise RuleViolation(_("Unknown kind of visit."), code="visit_kind_unknown")
    check_visit_date(
        visited_on=visited_on,
        filed_on=clock.beijing_date(investigation.claim.filed_at),
        today=clock.beijing_date(now),
    )
    if not (place or "").strip() or not (notes or "").strip():
        raise RuleViolation(_("Give the place and what was found."), code="visit_incomplete")
    visit = InvestigationVisit.objects.create(
        investigation=investigation,
        kind=kind,
        visited_on=visited_on,
        place=place.strip(),
        notes=notes.strip(),
        recorded_by=actor,
        recorded_at=now,
    )
    _record(
        investigation.claim,
        ClaimEventType.VISIT_RECORDED,
        actor,
        now,
        {
            "visit_id": visit.pk,
            "kind": kind,
            "visited_on": visited_on.isoformat(),
            "place": visit.place,
        },
    )
    return visit


def document_request_due(claim: Claim, *, requested_at: datetime) -> datetime:
    """When a requested document is due (reminders go out before it, and the member
    sees it): the plan's ``document_request_days`` after the request, to 24:00 Beijing
    time. In a plan that is winding down, the claim's filing-window close instead, and
    never sooner than WINDDOWN_DOCUMENT_MIN_DAYS after the request."""
    plan = claim.plan
    if plan.coverage_ends_at is None or plan.claim_window_days is None:
        return period_end(requested_at, plan.document_request_days)
    return document_request_due_at(
        requested_at=requested_at,
        window_closes_at=filing_window_closes_at(
            diagnosis_date=claim.diagnosis_date,
            coverage_ends_at=plan.coverage_ends_at,
            window_days=plan.claim_window_days,
        ),
        minimum_days=settings.WINDDOWN_DOCUMENT_MIN_DAYS,
    )


@transaction.atomic
def investigation_request_document(
    *,
    investigation: Investigation | int,
    actor: User,
    kind: str,
    description: str,
    now: datetime | None = None,
) -> DocumentRequest:
    now = now or clock.now()
    investigation = _lock_open(investigation, actor)
    # Share the plan row: a shutdown being announced (FOR UPDATE) is either seen here, or
    # sees this request when it sets the open requests' due times.
    lock_for_share(Plan, investigation.claim.plan_id)
    if kind not in DocumentKind.values or not (description or "").strip():
        raise RuleViolation(_("Say which document is needed."), code="request_incomplete")
    request = DocumentRequest.objects.create(
        investigation=investigation,
        kind=kind,
        description=description.strip(),
        requested_by=actor,
        requested_at=now,
        due_at=document_request_due(investigation.claim, requested_at=now),
    )
    _record(
        investigation.claim,
        ClaimEventType.DOCUMENT_REQUESTED,
        actor,
        now,
        {"request_id": request.pk, "kind": kind, "description": request.description},
        reason=request.description,
        notify=True,  # the claimant is asked for it
    )
    return request


@transaction.atomic
def investigation_receive_document(
    *,
    request: DocumentRequest | int,
    actor: User,
    document: ClaimDocument,
    now: datetime | None = None,
) -> DocumentRequest:
    """Mark a request answered by a document now on the claim. Idempotent."""
    now = now or clock.now()
    pk = request.pk if isinstance(request, DocumentRequest) else request
    request = DocumentRequest.objects.select_for_update().get(pk=pk)
    investigation = _lock_open(request.investigation_id, actor)
    if request.received_at is not None:
        return request
    if request.not_provided_at is not None:
        raise RuleViolation(
            _("This request was closed as not provided; request the document again."),
            code="request_closed",
        )
    if document.claim_id != investigation.claim_id:
        raise RuleViolation(_("That document belongs to another claim."), code="document_elsewhere")
    request.received_at = now
    request.document = document
    request.save(update_fields=["received_at", "document"])
    _record(
        investigation.claim,
        ClaimEventType.DOCUMENT_RECEIVED,
        actor,
        now,
        {"request_id": request.pk, "document_id": document.pk},
    )
    return request


@transaction.atomic
def investigation_close_request_not_provided(
    *, request: DocumentRequest | int, actor: User, note: str, now: datetime | None = None
) -> DocumentRequest:
    """An overdue request closed as not provided: the investigation goes on without the
    document (and a wind-down can end). Only once it is overdue: its due time in a plan
    winding down, else DOCUMENT_REQUEST_DAYS after the request. Repeating it is quiet."""
    now = now or clock.now()
    pk = request.pk if isinstance(request, DocumentRequest) else request
    request = DocumentRequest.objects.select_for_update().get(pk=pk)
    investigation = _lock_open(request.investigation_id, actor)
    if request.not_provided_at is not None:
        return request
    if request.received_at is not None:
        raise RuleViolation(_("This document has been received."), code="request_received")
    if request.answered_at is not None:
        raise RuleViolation(
            _(
                "The member sent a document for this request on %(sent)s; check it and "
                "mark it received."
            )
            % {"sent": clock.format_deadline(request.answered_at)},
            code="request_answered",
        )
    overdue_at = request.overdue_at(settings.DOCUMENT_REQUEST_DAYS)
    if now < overdue_at:
        raise RuleViolation(
            _("The member has until %(due)s (Beijing time) to send it.")
            % {"due": clock.format_deadline(overdue_at)},
            code="request_not_overdue",
        )
    if not (note or "").strip():
        raise RuleViolation(_("Say how the member was reminded."), code="note_required")
    request.not_provided_at = now
    request.save(update_fields=["not_provided_at"])
    _record(
        investigation.claim,
        ClaimEventType.DOCUMENT_NOT_PROVIDED,
        actor,
        now,
        {"request_id": request.pk, "kind": request.kind, "due": overdue_at.isoformat()},
        reason=note.strip(),
        notify=True,  # the claimant learns the claim goes on without it
    )
    return request


@transaction.atomic
def investigation_record_facts(
    *,
    investigation: Investigation | int,
    actor: User,
    facts: dict[str, Any],
    non_disclosure_found: bool | None = None,
    non_disclosure_notes: str = "",
    now: datetime | None = None,
) -> Investigation:
    """Record measured facts for the definition's criteria and re-run the evaluator."""
    now = now or clock.now()
    investigation = _lock_open(investigation, actor)
    definition = investigation.claim.condition_definition
    assert definition is not None  # filing sets it: a claim is filed under a definition
    cleaned = clean_facts(definition.criteria, facts)
    merged = {**investigation.facts, **cleaned}
    merged = {k: v for k, v in merged.items() if v is not None}
    if non_disclosure_found and not non_disclosure_notes.strip():
        raise RuleViolation(
            _("Describe what was not disclosed at joining."), code="non_disclosure_notes_required"
        )
    investigation.facts = merged
    if non_disclosure_found is not None:
        investigation.non_disclosure_found = non_disclosure_found
        investigation.non_disclosure_notes = non_disclosure_notes.strip()
    investigation.evaluation = evaluate(definition.criteria, merged).as_dict()
    investigation.save(
        update_fields=["facts", "non_disclosure_found", "non_disclosure_notes", "evaluation"]
    )
    _record(
        investigation.claim,
        ClaimEventType.FACTS_RECORDED,
        actor,
        now,
        {
            "facts": cleaned,
            "non_disclosure_found": investigation.non_disclosure_found,
            "outcome": investigation.evaluation["outcome"],
        },
    )
    return investigation


@transaction.atomic
def investigation_complete(
    *, investigation: Investigation | int, actor: User, summary: str, now: datetime | None = None
) -> Investigation:
    """Sign off: every fact the definition needs to decide, a finding on non-disclosure,
    at least one visit or interview, and no document still awaited."""
    now = now or clock.now()
    investigation = _lock_open(investigation, actor)
    missing = []
    if not investigation.evaluation or investigation.evaluation["outcome"] == "unknown":
        missing.append(_("facts for the definition's criteria"))
    if investigation.non_disclosure_found is None:
        missing.append(_("a finding on non-disclosure at joining"))
    if not investigation.visits.exists():
        missing.append(_("a visit or interview"))
    if investigation.document_requests.filter(
        received_at__isnull=True, not_provided_at__isnull=True
    ).exists():
        missing.append(_("the documents still requested"))
    if not (summary or "").strip():
        missing.append(_("a summary"))
    if missing:
        raise RuleViolation(
            _("The investigation is not complete; it still needs: %(missing)s.")
            % {"missing": "; ".join(str(m) for m in missing)},
            code="investigation_incomplete",
        )
    investigation.summary = summary.strip()
    investigation.completed_at = now
    investigation.save(update_fields=["summary", "completed_at"])
    _record(
        investigation.claim,
        ClaimEventType.INVESTIGATION_COMPLETED,
        actor,
        now,
        {
            "outcome": investigation.evaluation["outcome"],
            "non_disclosure_found": investigation.non_disclosure_found,
        },
        reason=investigation.summary,
    )
    return investigation
