"""The admin's FSM buttons run the claim services: guarded, audited, never around them."""

import re

import pytest
import time_machine
from django.urls import reverse

from claims.models import ClaimEvent
from claims.states import ClaimState
from tests.factories import claim_in_state, staff

pytestmark = pytest.mark.django_db


def form_fields(page) -> dict:
    """The hidden inputs a browser would send back (inline management forms, csrf)."""
    html = page.content.decode()
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


def test_the_admin_publishes_nothing_one_by_one(client):
    """A claim is published only in a publicity batch: the admin offers no "publish"
    button, and a forged one changes nothing."""
    claim = claim_in_state(ClaimState.INVESTIGATED)
    reviewer = staff("reviewer", "rev")
    client.force_login(reviewer)
    change = reverse("admin:claims_claim_change", args=[claim.pk])
    page = client.get(change)
    assert page.status_code == 200 and b'value="publish"' not in page.content
    client.post(change, {**form_fields(page), "_fsm_transition_to": "publish"}, follow=True)
    claim.refresh_from_db()
    assert claim.state == ClaimState.INVESTIGATED and claim.publicity_batch_id is None
    assert not ClaimEvent.objects.filter(claim=claim, event_type="published").exists()


def test_the_reviewer_closes_a_due_notice_from_the_admin_and_an_event_names_them(client):
    claim = claim_in_state(ClaimState.PUBLICISED)
    reviewer = staff("reviewer", "rev")
    client.force_login(reviewer)
    change = reverse("admin:claims_claim_change", args=[claim.pk])
    with time_machine.travel(claim.publicity_ends_at, tick=False):
        page = client.get(change)
        assert b'value="close_publicity"' in page.content
        client.post(change, {**form_fields(page), "_fsm_transition_to": "close_publicity"})
    claim.refresh_from_db()
    assert claim.publicity_closed_at is not None
    event = ClaimEvent.objects.filter(claim=claim).last()
    assert (event.event_type, event.actor) == ("publicity_closed", reviewer)


def test_decisions_are_not_made_in_the_admin(client):
    """A decision rests on the investigation: it is taken on the back-office case page."""
    claim = claim_in_state("filed_investigated")
    client.force_login(staff("reviewer", "rev"))
    page = client.get(reverse("admin:claims_claim_change", args=[claim.pk]))
    assert page.status_code == 200 and b'value="investigate"' not in page.content


def test_a_step_without_the_role_is_refused(client):
    claim = claim_in_state(ClaimState.PUBLICISED)
    investigator = staff("investigator", "inv")
    client.force_login(investigator)
    change = reverse("admin:claims_claim_change", args=[claim.pk])
    with time_machine.travel(claim.publicity_ends_at, tick=False):
        page = client.get(change)
        assert page.status_code == 200 and b'value="close_publicity"' not in page.content
        response = client.post(
            change, {**form_fields(page), "_fsm_transition_to": "close_publicity"}, follow=True
        )
    claim.refresh_from_db()
    assert claim.publicity_closed_at is None
    assert not ClaimEvent.objects.filter(claim=claim, event_type="publicity_closed").exists()
    assert response.status_code == 200
