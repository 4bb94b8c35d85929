"""Scenarios: a claim taken along its path through the real services, as the roles would
take it. The one builder the test factories (``tests/factories.py``), the demo data
(``demo``) and the wind-down simulation (``winddown/simulation/``) share, so "a claim
investigated and decided" means the same steps everywhere.

Each scenario takes the people who act and the moments they act at; nothing here reads
the clock itself beyond the services' own default (``now=None``: now).
"""

from datetime import datetime
from typing import Any

from django.contrib.auth.models import User

from claims import rules, services
from claims.definitions.examples import facts_meeting, facts_missing
from claims.models import Claim, Investigation
from core import clock


def investigation_conclude(
    investigation: Investigation,
    *,
    meets: bool,
    now: datetime | None = None,
    signed_off_at: datetime | None = None,
    kind: str = "hospital",
    place: str = "",
    notes: str = "Records and pathology slides checked",
    summary: str = "Facts recorded",
) -> Investigation:
    """The investigator's work on an assigned claim: one visit (``place``: the claim's
    hospital unless given), facts that meet (or miss) every clause of the claim's
    definition, no non-disclosure, signed off at ``signed_off_at`` (else ``now``)."""
    claim, investigator = investigation.claim, investigation.investigator
    services.investigation_record_visit(
        investigation=investigation,
        actor=investigator,
        kind=kind,
        visited_on=clock.beijing_date(now or clock.now()),
        place=place or claim.hospital,
        notes=notes,
        now=now,
    )
    definition = claim.condition_definition
    assert definition is not None  # a filed claim has its definition
    tree = definition.criteria
    services.investigation_record_facts(
        investigation=investigation,
        actor=investigator,
        facts=facts_meeting(tree) if meets else facts_missing(tree),
        non_disclosure_found=False,
        now=now,
    )
    return services.investigation_complete(
        investigation=investigation,
        actor=investigator,
        summary=summary,
        now=signed_off_at or now,
    )


def claim_investigated(
    claim: Claim,
    *,
    investigator: User,
    assigned_by: User | None,
    meets: bool,
    assigned_at: datetime | None = None,
    now: datetime | None = None,
    **conclusion: Any,
) -> Investigation:
    """A filed claim assigned (at ``assigned_at``, else ``now``) and its investigation
    concluded (``investigation_conclude``'s arguments)."""
    investigation = services.investigation_assign(
        claim=claim, investigator=investigator, actor=assigned_by, now=assigned_at or now
    )
    return investigation_conclude(investigation, meets=meets, now=now, **conclusion)


def claim_decided(
    claim: Claim,
    *,
    investigator: User,
    reviewer: User,
    meets: bool,
    decided_at: datetime | None = None,
    reason: str = "",
    **investigation: Any,
) -> Claim:
    """A filed claim investigated (``claim_investigated``'s arguments; the reviewer
    assigns it) and decided by the reviewer on the evaluator's proposal: approved when the
    facts meet the definition, denied naming the clauses they miss."""
    claim_investigated(
        claim, investigator=investigator, assigned_by=reviewer, meets=meets, **investigation
    )
    return services.claim_decide(
        claim=claim,
        actor=reviewer,
        reason=reason
        or ("The facts meet the definition." if meets else "The facts miss the definition."),
        now=decided_at,
    )


def claim_published(claim: Claim, *, actor: User | None = None, now: datetime) -> Claim:
    """A decided claim published the only way there is: in a publicity batch (公示), the
    latest batch date on or before ``now`` (Beijing), opened if needed. Only this claim
    joins it (the batch run would take every decided claim)."""
    batch = services.publicity_batch_open(
        batch_date=rules.latest_batch_date(clock.beijing_date(now)), now=now
    )
    return services.claim_publish(claim=claim, batch=batch, actor=actor, now=now)
