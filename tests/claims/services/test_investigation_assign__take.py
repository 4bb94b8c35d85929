"""An investigator takes an unassigned claim through the assign service (to themselves)."""

from datetime import datetime

import pytest

from claims import services
from claims.models import ClaimEvent, Investigation
from claims.states import ClaimEventType
from core.errors import InvalidTransition, NotPermitted
from tests.factories import BEIJING, EnrolmentFactory, file_claim, staff

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 3, 11, 9, 0, tzinfo=BEIJING)


def test_an_investigator_takes_an_unassigned_claim_and_the_event_says_so():
    claim = file_claim(enrolment=EnrolmentFactory())
    inv = staff("investigator", "inv")
    investigation = services.investigation_assign(claim=claim, investigator=inv, actor=inv, now=NOW)
    assert (investigation.investigator, investigation.assigned_by) == (inv, inv)
    event = ClaimEvent.objects.get(claim=claim, event_type=ClaimEventType.INVESTIGATION_ASSIGNED)
    assert event.actor == inv and event.payload["taken"] is True
    # Taking it again is a quiet repeat: no second event.
    services.investigation_assign(claim=claim, investigator=inv, actor=inv, now=NOW)
    assert ClaimEvent.objects.filter(claim=claim).count() == 2  # filed, assigned


def test_an_investigator_cannot_take_a_claim_another_holds_or_assign_someone_else():
    claim = file_claim(enrolment=EnrolmentFactory())
    inv, inv2 = staff("investigator", "inv"), staff("investigator", "inv2")
    services.investigation_assign(claim=claim, investigator=inv, actor=inv, now=NOW)
    with pytest.raises(InvalidTransition) as refused:
        services.investigation_assign(claim=claim, investigator=inv2, actor=inv2, now=NOW)
    assert refused.value.code == "already_assigned"
    other = file_claim(enrolment=EnrolmentFactory())
    with pytest.raises(NotPermitted):
        services.investigation_assign(claim=other, investigator=inv2, actor=inv, now=NOW)
    assert Investigation.objects.get(claim=claim).investigator == inv
    assert not Investigation.objects.filter(claim=other).exists()


def test_a_reviewer_still_reassigns_a_taken_claim():
    claim = file_claim(enrolment=EnrolmentFactory())
    inv, inv2 = staff("investigator", "inv"), staff("investigator", "inv2")
    services.investigation_assign(claim=claim, investigator=inv, actor=inv, now=NOW)
    services.investigation_assign(
        claim=claim, investigator=inv2, actor=staff("reviewer", "rev"), now=NOW
    )
    assert Investigation.objects.get(claim=claim).investigator == inv2


def test_nobody_takes_a_claim_of_their_own():
    inv = staff("investigator", "inv")
    claim = file_claim(enrolment=EnrolmentFactory(member__account=inv))
    with pytest.raises(NotPermitted) as refused:
        services.investigation_assign(claim=claim, investigator=inv, actor=inv, now=NOW)
    assert refused.value.code == "conflict_of_interest"
