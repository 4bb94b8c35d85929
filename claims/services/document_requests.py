"""Document requests (补充材料): an investigator asks the claimant for a document, marks
it received, or closes it as not provided once overdue. Each is one transaction writing
one ClaimEvent; the claimant is told of a request and of one closed without the document.
"""

from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from claims.models import Claim, ClaimDocument, DocumentRequest, Investigation
from claims.rules import document_request_due_at, filing_window_closes_at, period_end
from claims.services.investigations import investigation_event_record, investigation_lock_open
from claims.states import ClaimEventType, DocumentKind
from core import clock
from core.errors import RuleViolation
from core.locks import lock_for_share
from members.models import Plan


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
    investigation = investigation_lock_open(investigation, actor)
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
    investigation_event_record(
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
    investigation = investigation_lock_open(request.investigation_id, actor)
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
    investigation_event_record(
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
    investigation = investigation_lock_open(request.investigation_id, actor)
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
    investigation_event_record(
        investigation.claim,
        ClaimEventType.DOCUMENT_NOT_PROVIDED,
        actor,
        now,
        {"request_id": request.pk, "kind": request.kind, "due": overdue_at.isoformat()},
        reason=note.strip(),
        notify=True,  # the claimant learns the claim goes on without it
    )
    return request
