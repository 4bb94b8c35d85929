"""A reviewer on the case page: assigns, decides on the proposal or overrides it."""

from datetime import date

import pytest
import time_machine

from claims.models import ClaimEvent, Investigation
from claims.states import ClaimState, Decision
from tests.factories import (
    BEIJING,
    EnrolmentFactory,
    claim_in_state,
    file_claim,
    investigate,
    staff,
)
from tests.office.helpers import T0, action_url, case_url, form_for, page_messages

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_12_march():
    """Two days after filing (10 March 2025, Beijing)."""
    with time_machine.travel(T0.replace(day=12), tick=False):
        yield


CONFLICT = "You may not work on a claim of your own or of a member you are linked to."


def test_a_reviewer_assigns_a_claim_to_an_investigator(client):
    claim = file_claim(enrolment=EnrolmentFactory(), now=T0)
    investigator = staff("investigator", "inv")
    reviewer = staff("reviewer", "rev")
    client.force_login(reviewer)
    page = client.get(case_url(claim)).content.decode()
    assert form_for("assign", claim) in page
    assert f'<option value="{investigator.pk}">inv</option>' in page

    response = client.post(
        action_url("assign", claim),
        {"investigator": investigator.pk, "due_on": "2025-03-20"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == case_url(claim) + "#investigation"
    investigation = Investigation.objects.get(claim=claim)
    assert investigation.investigator == investigator
    assert investigation.assigned_by == reviewer
    assert investigation.due_at.astimezone(BEIJING).date() == date(2025, 3, 21)
    event = ClaimEvent.objects.filter(claim=claim).last()
    assert (event.event_type, event.actor) == ("investigation_assigned", reviewer)
    assert page_messages(response) == ["Assigned to inv, due 2025-03-20 24:00."]
    assert "2025-03-20 24:00" in response.content.decode()


def test_assigning_someone_who_is_not_an_investigator_shows_the_service_refusal(client):
    claim = file_claim(enrolment=EnrolmentFactory(), now=T0)
    reviewer = staff("reviewer", "rev")
    client.force_login(reviewer)
    # The select offers investigators only; a forged choice is refused by the form.
    response = client.post(action_url("assign", claim), {"investigator": reviewer.pk}, follow=True)
    assert response.redirect_chain == [(case_url(claim) + "#actions", 302)]
    assert page_messages(response) == ["Please correct the marked fields."]
    assert not Investigation.objects.filter(claim=claim).exists()


def test_assign_next_free_picks_an_investigator(client):
    claim = file_claim(enrolment=EnrolmentFactory(), now=T0)
    investigator = staff("investigator", "inv")
    client.force_login(staff("reviewer", "rev"))
    response = client.post(action_url("assign-next", claim), follow=True)
    assert Investigation.objects.get(claim=claim).investigator == investigator
    assert page_messages(response) == ["Assigned to inv."]


def test_a_reviewer_confirms_the_proposal(client):
    claim = claim_in_state("filed_investigated")
    reviewer = staff("reviewer", "rev")
    client.force_login(reviewer)
    page = client.get(case_url(claim)).content.decode()
    assert form_for("confirm", claim) in page
    assert 'class="verdict verdict-approve"' in page  # the proposal

    response = client.post(
        action_url("confirm", claim), {"reason": "Pathology meets every clause"}, follow=True
    )
    claim.refresh_from_db()
    assert (claim.state, claim.decision) == (ClaimState.INVESTIGATED, Decision.APPROVE)
    event = ClaimEvent.objects.filter(claim=claim).last()
    assert event.actor == reviewer and event.payload["override"] is False
    assert page_messages(response) == [
        "The decision is recorded: Approve. It is published in the batch of 2025-03-21."
    ]
    assert form_for("confirm", claim) not in response.content.decode()


def test_an_override_needs_a_written_reason_and_keeps_the_input(client):
    claim = claim_in_state("filed_investigated")
    client.force_login(staff("reviewer", "rev"))
    response = client.post(
        action_url("override", claim), {"decision": "deny", "reason": "No."}, follow=True
    )
    assert response.redirect_chain == [(case_url(claim) + "#decide", 302)]
    assert page_messages(response) == [
        "Overriding the evaluator needs a written reason (at least 10 characters)."
    ]
    page = response.content.decode()
    assert '<option value="deny" selected>' in page and "No.</textarea>" in page
    claim.refresh_from_db()
    assert claim.state == ClaimState.FILED

    client.post(
        action_url("override", claim),
        {"decision": "deny", "reason": "The pathology slides belong to another patient."},
    )
    claim.refresh_from_db()
    assert (claim.state, claim.decision, claim.decision_clause) == (
        ClaimState.INVESTIGATED,
        Decision.DENY,
        "override",
    )
    assert ClaimEvent.objects.filter(claim=claim).last().payload["override"] is True


def test_no_decision_without_a_complete_investigation(client):
    claim = file_claim(enrolment=EnrolmentFactory(), now=T0)
    client.force_login(staff("reviewer", "rev"))
    page = client.get(case_url(claim)).content.decode()
    assert form_for("confirm", claim) not in page
    response = client.post(
        action_url("confirm", claim), {"reason": "Looks fine to me"}, follow=True
    )
    assert response.redirect_chain[-1][1] == 302
    assert len(page_messages(response)) == 1
    claim.refresh_from_db()
    assert claim.state == ClaimState.FILED


def test_a_conflicted_reviewer_is_told_and_refused(client):
    reviewer = staff("reviewer", "rev2")
    claim = file_claim(enrolment=EnrolmentFactory(member__account=reviewer), now=T0)
    investigator = staff("investigator", "inv")
    client.force_login(reviewer)
    page = client.get(case_url(claim)).content.decode()
    assert CONFLICT in page
    assert form_for("assign", claim) not in page

    response = client.post(
        action_url("assign", claim), {"investigator": investigator.pk}, follow=True
    )
    assert response.redirect_chain == [(case_url(claim) + "#actions", 302)]
    assert page_messages(response) == [CONFLICT]
    assert not Investigation.objects.filter(claim=claim).exists()

    response = client.post(action_url("assign-next", claim), follow=True)
    assert page_messages(response) == [CONFLICT]
    assert not Investigation.objects.filter(claim=claim).exists()


def test_a_conflicted_reviewer_cannot_decide(client):
    reviewer = staff("reviewer", "rev2")
    claim = file_claim(enrolment=EnrolmentFactory(member__account=reviewer), now=T0)
    investigate(claim, now=T0)
    client.force_login(reviewer)
    response = client.post(
        action_url("confirm", claim), {"reason": "My own claim is fine"}, follow=True
    )
    assert page_messages(response) == [CONFLICT]
    claim.refresh_from_db()
    assert claim.state == ClaimState.FILED


def test_a_decided_claim_is_read_only(client):
    claim = claim_in_state(ClaimState.PUBLICISED)
    client.force_login(staff("reviewer", "rev"))
    page = client.get(case_url(claim)).content.decode()
    assert "Read-only" in page and '<form method="post" action="/office/' not in page
    assert "Under public notice until" in page  # what the claim waits for
