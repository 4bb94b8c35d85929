"""Bulk assignment from the queue, and an investigator taking an unassigned claim."""

from datetime import datetime

import pytest
import time_machine
from django.urls import reverse

from claims.models import ClaimEvent, Investigation
from claims.states import ClaimEventType, ClaimState
from tests.factories import BEIJING, EnrolmentFactory, claim_in_state, file_claim, staff
from tests.office.helpers import T0, action_url, assigned_claim, case_url, page_messages

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_12_march():
    with time_machine.travel(datetime(2025, 3, 12, 12, 0, tzinfo=BEIJING), tick=False):
        yield


def test_a_reviewer_assigns_several_claims_in_one_request(client):
    claims = [file_claim(enrolment=EnrolmentFactory(), now=T0) for _ in range(3)]
    investigator = staff("investigator", "inv")
    reviewer = staff("reviewer", "rev")
    client.force_login(reviewer)
    page = client.get(reverse("office:queue")).content.decode()
    for claim in claims:
        assert f'name="claims" value="{claim.reference}"' in page
    assert 'action="/office/assign/"' in page

    back = reverse("office:queue") + "?tab=unassigned&sort=filed"
    response = client.post(
        reverse("office:assign-bulk"),
        {
            "claims": [c.reference for c in claims[:2]],
            "investigator": investigator.pk,
            "next": back,
        },
        follow=True,
    )
    assert response.redirect_chain == [(back, 302)]
    refs = ", ".join(c.reference for c in claims[:2])
    assert page_messages(response) == [f"2 claims assigned to inv: {refs}."]
    for claim in claims[:2]:
        investigation = Investigation.objects.get(claim=claim)
        assert (investigation.investigator, investigation.assigned_by) == (investigator, reviewer)
        event = ClaimEvent.objects.filter(claim=claim).last()
        assert (event.event_type, event.actor) == (ClaimEventType.INVESTIGATION_ASSIGNED, reviewer)
    assert not Investigation.objects.filter(claim=claims[2]).exists()
    assert [row.claim for row in response.context["rows"]] == [claims[2]]


def test_a_refused_claim_is_named_and_the_others_are_assigned(client):
    filed = file_claim(enrolment=EnrolmentFactory(), now=T0)
    decided = claim_in_state(ClaimState.INVESTIGATED, enrolment=EnrolmentFactory())
    investigator = staff("investigator", "inv")
    client.force_login(staff("reviewer", "rev"))
    response = client.post(
        reverse("office:assign-bulk"),
        {"claims": [filed.reference, decided.reference], "investigator": investigator.pk},
        follow=True,
    )
    assert page_messages(response) == [
        f"1 claim assigned to inv: {filed.reference}.",
        f"Not assigned: {decided.reference}: Only a filed claim is investigated.",
    ]
    assert Investigation.objects.get(claim=filed).investigator == investigator


def test_nothing_selected_says_so(client):
    investigator = staff("investigator", "inv")
    client.force_login(staff("reviewer", "rev"))
    response = client.post(
        reverse("office:assign-bulk"), {"investigator": investigator.pk}, follow=True
    )
    assert page_messages(response) == ["Select at least one claim."]
    assert response.redirect_chain[-1][0] == reverse("office:queue")


def test_an_investigator_cannot_assign_in_bulk(client):
    claim = file_claim(enrolment=EnrolmentFactory(), now=T0)
    inv = staff("investigator", "inv")
    client.force_login(inv)
    assert 'name="claims"' not in client.get(reverse("office:queue")).content.decode()
    response = client.post(
        reverse("office:assign-bulk"), {"claims": [claim.reference], "investigator": inv.pk}
    )
    assert response.status_code == 403
    assert not Investigation.objects.filter(claim=claim).exists()


def test_an_investigator_takes_an_unassigned_claim(client):
    claim = file_claim(enrolment=EnrolmentFactory(), now=T0)
    inv = staff("investigator", "inv")
    client.force_login(inv)
    queue = client.get(reverse("office:queue")).content.decode()
    assert f'formaction="{action_url("take", claim)}"' in queue
    page = client.get(case_url(claim)).content.decode()
    assert f'action="{action_url("take", claim)}"' in page and "Take it" in page

    response = client.post(action_url("take", claim), follow=True)
    assert response.redirect_chain == [(case_url(claim) + "#actions", 302)]
    assert page_messages(response) == [
        "You took this claim; the investigation is due 2025-03-27 24:00."
    ]
    investigation = Investigation.objects.get(claim=claim)
    assert (investigation.investigator, investigation.assigned_by) == (inv, inv)
    event = ClaimEvent.objects.filter(claim=claim).last()
    assert event.payload["taken"] is True and event.actor == inv
    page = response.content.decode()
    assert 'href="#facts"' in page and "Your investigation is due 2025-03-27 24:00" in page


def test_a_claim_another_investigator_holds_cannot_be_taken(client):
    claim = assigned_claim()  # held by "inv"
    client.force_login(staff("investigator", "inv2"))
    assert "Take it" not in client.get(case_url(claim)).content.decode()
    response = client.post(action_url("take", claim), follow=True)
    assert page_messages(response) == ["inv has already taken this claim."]
    assert Investigation.objects.get(claim=claim).investigator.username == "inv"


def test_a_reviewer_is_not_offered_to_take(client):
    claim = file_claim(enrolment=EnrolmentFactory(), now=T0)
    client.force_login(staff("reviewer", "rev"))
    assert "Take it" not in client.get(case_url(claim)).content.decode()
