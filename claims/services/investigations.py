"""Investigations (调查): visits, measured facts, sign-off. The assignment is in
``claims.services.assignment``, the document requests in ``claims.services.document_requests``.

Each service is one transaction that writes one ClaimEvent through
``core.aggregates.audit_record`` (the claim stays ``filed``
while it is investigated; the event's from and to state are the same). Nobody works a
claim of their own or of a member they are linked to.
"""

from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from claims.definitions.evaluator import evaluate
from claims.definitions.facts import clean_facts
from claims.models import Claim, Investigation, InvestigationVisit, VisitKind
from claims.rules import check_visit_date
from claims.services.transitions import notices
from claims.states import ClaimEventType
from core import clock
from core.aggregates import audit_record
from core.errors import InvalidTransition, NotPermitted, RuleViolation
from core.models import AuditEvent


def investigation_event_record(
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


def investigation_lock_open(investigation: Investigation | int, actor: User) -> Investigation:
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
    investigation = investigation_lock_open(investigation, actor)
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
    investigation_event_record(
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
    investigation = investigation_lock_open(investigation, actor)
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
    investigation_event_record(
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
    investigation = investigation_lock_open(investigation, actor)
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
    investigation_event_record(
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
