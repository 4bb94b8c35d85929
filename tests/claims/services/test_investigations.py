"""Investigations: assignment, conflicts, facts against the definition, sign-off, decision."""

from datetime import date, datetime, timedelta

import pytest
import time_machine

from claims import services
from claims.definitions.examples import facts_meeting, facts_missing
from claims.models import ClaimEvent, Investigation
from claims.states import ClaimState, Decision
from core.errors import InvalidTransition, NotPermitted, RuleViolation
from tests.factories import BEIJING, EnrolmentFactory, claim_in_state, investigate, staff

pytestmark = pytest.mark.django_db
NOW = datetime(2025, 3, 11, 9, 0, tzinfo=BEIJING)


def assigned():
    claim = claim_in_state(ClaimState.FILED)
    investigation = services.investigation_assign(
        claim=claim,
        investigator=staff("investigator", "inv"),
        actor=staff("reviewer", "rev"),
        now=NOW,
    )
    return claim, investigation


def test_assignment_sets_a_due_date_in_beijing_days_and_writes_an_event():
    claim, investigation = assigned()
    # 15 days counted from the day after 11 March: due at 26 March 24:00 Beijing time.
    assert investigation.due_at == datetime(2025, 3, 27, tzinfo=BEIJING)
    event = ClaimEvent.objects.filter(claim=claim).last()
    assert event.event_type == "investigation_assigned"
    assert event.from_state == event.to_state == ClaimState.FILED
    again = services.investigation_assign(
        claim=claim,
        investigator=staff("investigator", "inv"),
        actor=staff("reviewer", "rev"),
        now=NOW,
    )
    assert again.pk == investigation.pk
    assert ClaimEvent.objects.filter(event_type="investigation_assigned").count() == 1


def test_next_free_investigator_is_the_least_loaded_without_a_conflict():
    busy, free = staff("investigator", "busy"), staff("investigator", "free")
    first = claim_in_state(ClaimState.FILED)
    services.investigation_assign(claim=first, investigator=busy, now=NOW)
    second = claim_in_state(ClaimState.FILED)
    assert services.investigation_assign_next(claim=second, now=NOW).investigator == free
    # A claim of `free`'s own member goes to someone else.
    own = claim_in_state(ClaimState.FILED, enrolment=EnrolmentFactory(member__account=free))
    assert services.investigation_assign_next(claim=own, now=NOW).investigator != free


def test_no_one_investigates_or_decides_a_claim_of_their_own_or_a_relative():
    investigator = staff("investigator", "inv")
    reviewer = staff("reviewer", "rev")
    own = claim_in_state(ClaimState.FILED, enrolment=EnrolmentFactory(member__account=investigator))
    with pytest.raises(NotPermitted) as refusal:
        services.investigation_assign(claim=own, investigator=investigator, actor=reviewer)
    assert refusal.value.code == "conflict_of_interest"
    relative_claim = claim_in_state("filed_investigated")
    from members.models import FamilyLink, Relation

    mine = EnrolmentFactory(member__account=reviewer).member
    FamilyLink.objects.create(member=relative_claim.member, relative=mine, relation=Relation.PARENT)
    with pytest.raises(NotPermitted) as refusal:
        services.claim_decide(claim=relative_claim, actor=reviewer, reason="fine")
    assert refusal.value.code == "conflict_of_interest"


def test_only_the_assigned_investigator_records_and_facts_are_typed():
    claim, investigation = assigned()
    other = staff("investigator", "other")
    with pytest.raises(NotPermitted):
        services.investigation_record_facts(investigation=investigation, actor=other, facts={})
    tree = claim.condition_definition.criteria
    fact, clause = next(
        iter(__import__("claims.definitions.criteria", fromlist=["x"]).facts_needed(tree).items())
    )
    bad = "many" if clause.fact_kind in ("number", "boolean") else None
    if bad:
        with pytest.raises(RuleViolation) as refusal:
            services.investigation_record_facts(
                investigation=investigation, actor=staff("investigator", "inv"), facts={fact: bad}
            )
        assert refusal.value.code == "fact_invalid"
    with pytest.raises(RuleViolation) as refusal:
        services.investigation_record_facts(
            investigation=investigation, actor=staff("investigator", "inv"), facts={"shoe_size": 42}
        )
    assert refusal.value.code == "facts_unknown"


def test_facts_are_evaluated_clause_by_clause_as_they_come():
    claim, investigation = assigned()
    investigator = staff("investigator", "inv")
    tree = claim.condition_definition.criteria
    meeting = facts_meeting(tree)
    first = dict(list(meeting.items())[:1])
    partial = services.investigation_record_facts(
        investigation=investigation, actor=investigator, facts=first, now=NOW
    )
    assert partial.evaluation["outcome"] in ("unknown", "met")
    full = services.investigation_record_facts(
        investigation=investigation, actor=investigator, facts=meeting, now=NOW
    )
    assert full.evaluation["outcome"] == "met"
    assert all(c["result"] == "met" for c in full.evaluation["clauses"])
    assert ClaimEvent.objects.filter(claim=claim, event_type="facts_recorded").count() == 2


def test_an_investigation_completes_only_when_nothing_is_missing():
    claim, investigation = assigned()
    investigator = staff("investigator", "inv")
    with pytest.raises(RuleViolation) as refusal:
        services.investigation_complete(
            investigation=investigation, actor=investigator, summary="done"
        )
    assert refusal.value.code == "investigation_incomplete"
    message = str(refusal.value.message)
    services.investigation_record_facts(
        investigation=investigation,
        actor=investigator,
        facts=facts_meeting(claim.condition_definition.criteria),
        non_disclosure_found=False,
    )
    services.investigation_record_visit(
        investigation=investigation,
        actor=investigator,
        kind="on_site",
        visited_on=date(2025, 3, 10),
        place="Home",
        notes="Met the family",
    )
    request = services.investigation_request_document(
        investigation=investigation,
        actor=investigator,
        kind="discharge_summary",
        description="Discharge summary of March",
    )
    with pytest.raises(RuleViolation):
        services.investigation_complete(
            investigation=investigation, actor=investigator, summary="done"
        )
    services.investigation_receive_document(
        request=request, actor=investigator, document=claim.documents.first()
    )
    done = services.investigation_complete(
        investigation=investigation, actor=investigator, summary="All verified"
    )
    assert done.completed_at is not None and message
    with pytest.raises(InvalidTransition):
        services.investigation_record_visit(
            investigation=investigation,
            actor=investigator,
            kind="on_site",
            visited_on=date(2025, 3, 10),
            place="x",
            notes="y",
        )


def test_a_reviewer_cannot_decide_without_a_complete_investigation():
    claim, investigation = assigned()
    with pytest.raises(InvalidTransition) as refusal:
        services.claim_decide(claim=claim, actor=staff("reviewer", "rev"), reason="fine")
    assert "investigation" in str(refusal.value.message) or refusal.value.code


def test_the_evaluator_proposes_and_an_override_needs_a_reason():
    denied = claim_in_state(ClaimState.INVESTIGATED, approve=False)
    assert denied.decision == Decision.DENY
    assert denied.decision_clause  # the failing clause keys
    event = ClaimEvent.objects.filter(claim=denied, event_type="investigation_recorded").get()
    assert event.payload["override"] is False and event.payload["proposed"] == "deny"

    claim = claim_in_state("filed_investigated", approve=False)
    reviewer = staff("reviewer", "rev")
    with pytest.raises(RuleViolation) as refusal:
        services.claim_decide(claim=claim, actor=reviewer, decision="approve", reason="ok")
    assert refusal.value.code == "override_reason_required"
    decided = services.claim_decide(
        claim=claim,
        actor=reviewer,
        decision="approve",
        reason="The hospital record shows 97 hours; clerical error",
    )
    assert decided.decision == Decision.APPROVE
    assert decided.approved_amount == decided.benefit_amount
    event = ClaimEvent.objects.filter(claim=claim, event_type="investigation_recorded").get()
    assert event.payload["override"] is True and event.payload["proposed"] == "deny"


def test_non_disclosure_at_joining_proposes_a_denial():
    claim, investigation = assigned()
    investigator = staff("investigator", "inv")
    with pytest.raises(RuleViolation):
        services.investigation_record_facts(
            investigation=investigation, actor=investigator, facts={}, non_disclosure_found=True
        )
    services.investigation_record_facts(
        investigation=investigation,
        actor=investigator,
        facts=facts_meeting(claim.condition_definition.criteria),
        non_disclosure_found=True,
        non_disclosure_notes="Hypertension treated since 2019, declared 'no' at joining",
    )
    services.investigation_record_visit(
        investigation=investigation,
        actor=investigator,
        kind="hospital",
        visited_on=date(2025, 3, 10),
        place="Clinic",
        notes="Older records found",
    )
    services.investigation_complete(
        investigation=investigation, actor=investigator, summary="Pre-existing illness not declared"
    )
    decided = services.claim_decide(
        claim=claim, actor=staff("reviewer", "rev"), reason="Not disclosed at joining"
    )
    assert decided.decision == Decision.DENY and decided.decision_clause == "non_disclosure"


def test_mild_conditions_pay_their_share_of_the_band():
    claim = claim_in_state(ClaimState.FILED, condition_code="malignant_tumour_mild")
    assert claim.condition_definition.severity == "mild"
    assert claim.benefit_amount == claim.condition_definition.benefit_share * 300000


def test_investigation_factory_completes(monkeypatch):
    claim = claim_in_state(ClaimState.FILED)
    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        investigation = investigate(claim, meets=False)
    assert Investigation.objects.get(pk=investigation.pk).evaluation["outcome"] == "not_met"
    assert facts_missing(claim.condition_definition.criteria)


def test_a_choice_fact_is_one_of_its_clause_values_or_other():
    claim = claim_in_state(ClaimState.FILED, condition_code="malignant_tumour")
    investigation = services.investigation_assign(
        claim=claim,
        investigator=staff("investigator", "inv"),
        actor=staff("reviewer", "rev"),
        now=NOW,
    )
    with pytest.raises(RuleViolation) as refusal:
        services.investigation_record_facts(
            investigation=investigation,
            actor=staff("investigator", "inv"),
            facts={"icdo3_behaviour_code": "7"},
        )
    assert refusal.value.code == "fact_invalid"
    recorded = services.investigation_record_facts(
        investigation=investigation,
        actor=staff("investigator", "inv"),
        facts={"icdo3_behaviour_code": "other"},
    )
    assert recorded.facts["icdo3_behaviour_code"] == "other"


def test_a_due_date_in_the_past_is_refused():
    claim = claim_in_state(ClaimState.FILED)
    with pytest.raises(RuleViolation) as refusal:
        services.investigation_assign(
            claim=claim,
            investigator=staff("investigator", "inv"),
            actor=staff("reviewer", "rev"),
            now=NOW,
            due_on=date(2025, 3, 10),
        )
    assert refusal.value.code == "due_in_past"


def test_assign_next_checks_the_reviewer_who_asks():
    claim = claim_in_state(ClaimState.FILED)
    staff("investigator", "inv")
    with pytest.raises(NotPermitted):
        services.investigation_assign_next(claim=claim, actor=claim.member.account, now=NOW)
    investigation = services.investigation_assign_next(
        claim=claim, actor=staff("reviewer", "rev"), now=NOW
    )
    assert investigation.assigned_by.username == "rev"
