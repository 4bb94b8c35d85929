"""The admin is for superusers. Its FSM buttons still run the claim services (guarded,
audited); the staff roles take every step in their offices and cannot enter it."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from claims.models import ClaimEvent
from claims.states import ClaimState
from tests.factories import UserFactory, claim_in_state, staff

pytestmark = pytest.mark.django_db


def form_fields(page) -> dict:
    """The hidden inputs a browser would send back (inline management forms, csrf)."""
    html = page.content.decode()
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


@pytest.fixture
def superuser():
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def test_a_superuser_closes_a_due_notice_from_the_admin_and_an_event_names_them(client, superuser):
    claim = claim_in_state(ClaimState.PUBLICISED)
    client.force_login(superuser)
    change = reverse("admin:claims_claim_change", args=[claim.pk])
    with time_machine.travel(claim.publicity_ends_at + timedelta(minutes=1), tick=False):
        page = client.get(change)
        assert page.status_code == 200
        assert b'value="close_publicity"' in page.content
        client.post(change, {**form_fields(page), "_fsm_transition_to": "close_publicity"})
    claim.refresh_from_db()
    assert claim.publicity_closed_at is not None
    event = ClaimEvent.objects.filter(claim=claim).last()
    assert (event.event_type, event.actor) == ("publicity_closed", superuser)


def test_the_admin_publishes_nothing_one_by_one(client, superuser):
    """A claim is published only in a publicity batch: the admin offers no "publish"
    button, and a forged one changes nothing."""
    claim = claim_in_state(ClaimState.INVESTIGATED)
    client.force_login(superuser)
    change = reverse("admin:claims_claim_change", args=[claim.pk])
    page = client.get(change)
    assert page.status_code == 200 and b'value="publish"' not in page.content
    client.post(change, {**form_fields(page), "_fsm_transition_to": "publish"}, follow=True)
    claim.refresh_from_db()
    assert claim.state == ClaimState.INVESTIGATED and claim.publicity_batch_id is None
    assert not ClaimEvent.objects.filter(claim=claim, event_type="published").exists()


def test_decisions_are_not_made_in_the_admin(client, superuser):
    """A decision rests on the investigation: it is taken on the back-office case page."""
    claim = claim_in_state("filed_investigated")
    client.force_login(superuser)
    page = client.get(reverse("admin:claims_claim_change", args=[claim.pk]))
    assert page.status_code == 200 and b'value="investigate"' not in page.content


@pytest.mark.parametrize("role", ["investigator", "reviewer", "finance", "operator"])
def test_the_staff_roles_cannot_enter_the_admin(client, role):
    claim = claim_in_state(ClaimState.INVESTIGATED)
    client.force_login(staff(role, f"the-{role}"))
    for url in (reverse("admin:index"), reverse("admin:claims_claim_change", args=[claim.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    response = client.post(
        reverse("admin:claims_claim_change", args=[claim.pk]),
        {"_fsm_transition_to": "close_publicity"},
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.state == ClaimState.INVESTIGATED


def test_admin_deadlines_read_as_the_pages_write_them(client, superuser):
    """A notice ends at 00:00 of a Beijing day: the admin says 24:00 of the day before."""
    claim = claim_in_state(ClaimState.PUBLICISED)
    ends = claim.publicity_ends_at
    written = f"{(ends.astimezone(ends.tzinfo) - timedelta(days=1)):%Y-%m-%d}"
    client.force_login(superuser)
    page = client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()
    listing = client.get(reverse("admin:claims_claim_changelist")).content.decode()
    from core.clock import format_deadline

    shown = format_deadline(ends)
    assert shown.endswith("24:00") and shown.startswith(written[:4])
    assert shown in page and shown in listing
