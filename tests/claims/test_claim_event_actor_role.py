"""A claimant reads who acted on their claim as a role, never another member's or a staff
user's name: in the API and on the portal's claim page, in both languages."""

import pytest
from django.conf import settings
from django.urls import reverse
from rest_framework.test import APIClient

from claims import selectors, services
from claims.models import ClaimEvent
from claims.states import ClaimEventType, ClaimState
from tests.factories import EnrolmentFactory, claim_in_state, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def objected_claim():
    """An approval another member objected to, the jury paid, and the objector appealed."""
    claim = claim_in_state("jury_voted_appealed", approve=True)
    objector = ClaimEvent.objects.get(claim=claim, event_type=ClaimEventType.DISPUTE_LODGED).actor
    return claim, objector


def strings_in(value):
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)
    elif isinstance(value, str):
        yield value


def api_events(user, claim, language="en"):
    client = APIClient()
    client.force_authenticate(user)
    response = client.get(f"/api/v1/claims/{claim.reference}/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.json()


def test_the_claimants_api_view_names_roles_not_people(objected_claim):
    claim, objector = objected_claim
    body = api_events(claim.member.account, claim)
    roles = {e["event_type"]: e["actor"] for e in body["events"]}
    assert roles == {
        "filed": "you",
        "investigation_assigned": "the reviewer",
        "facts_recorded": "the investigator",
        "visit_recorded": "the investigator",
        "investigation_completed": "the investigator",
        "investigation_recorded": "the reviewer",
        "published": "the reviewer",
        "dispute_lodged": "a member",
        "jury_result_recorded": "the reviewer",
        "appeal_lodged": "a member",
    }
    assert all(e["actor_role"] == e["actor"] for e in body["events"])
    names = {objector.username, "rev", "inv", objector.email}
    assert names.isdisjoint(strings_in(body))
    assigned = next(e for e in body["events"] if e["event_type"] == "investigation_assigned")
    assert "investigator" not in assigned["payload"] and assigned["payload"]["due_at"]


def test_the_roles_are_translated(objected_claim):
    claim, _ = objected_claim
    body = api_events(claim.member.account, claim, language="zh-hans")
    roles = {e["event_type"]: e["actor"] for e in body["events"]}
    assert roles["filed"] == "您"
    assert roles["dispute_lodged"] == "一名会员"
    assert roles["investigation_recorded"] == "审核员"
    assert roles["facts_recorded"] == "调查员"


def test_staff_who_read_every_claim_see_usernames(objected_claim):
    claim, objector = objected_claim
    body = api_events(staff("reviewer", "rev"), claim)
    actors = {e["event_type"]: (e["actor"], e["actor_role"]) for e in body["events"]}
    assert actors["dispute_lodged"] == (objector.username, "a member")
    assert actors["investigation_recorded"] == ("rev", "the reviewer")
    assert actors["filed"] == (claim.member.account.username, "the claimant")
    assigned = next(e for e in body["events"] if e["event_type"] == "investigation_assigned")
    assert assigned["payload"]["investigator"] == "inv"


def test_the_portal_claim_page_names_roles_not_people(client, objected_claim):
    claim, objector = objected_claim
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(claim.member.account)
    page = client.get(reverse("claims:claim-detail", args=[claim.reference])).content.decode()
    assert page.count('<span class="actor">a member</span>') == 2  # objection and appeal
    assert '<span class="actor">the investigator</span>' in page
    assert '<span class="actor">you</span>' in page
    for name in (objector.username, objector.email, ">rev<", ">inv<"):
        assert name not in page


def test_steps_with_no_actor_are_the_systems():
    claim = claim_in_state(ClaimState.FILED)
    event = ClaimEvent.objects.get(claim=claim, event_type=ClaimEventType.FILED)
    event.actor = None
    assert selectors.claim_event_actor_role_code(event=event) == "system"
    event.actor_id = staff("finance", "fin").pk
    event.event_type = ClaimEventType.WITHDRAWN  # a step staff never takes: no guess
    assert selectors.claim_event_actor_role_code(event=event) == "staff"


def test_an_objectors_signature_in_the_reason_is_blanked_for_the_claimant():
    claim = claim_in_state(ClaimState.PUBLICISED)
    objector = EnrolmentFactory(
        member__full_name="欧阳锋", member__phone="13912345678", member__account__email="feng@x.org"
    ).member.account
    services.claim_lodge_dispute(
        claim=claim,
        actor=objector,
        now=claim.published_at,
        reason="我是欧阳锋 (13912345678, feng@x.org): the pathology report is not malignant",
    )
    body = api_events(claim.member.account, claim)
    reason = next(e["reason"] for e in body["events"] if e["event_type"] == "dispute_lodged")
    assert reason == "我是▇▇▇ (▇▇▇, ▇▇▇): the pathology report is not malignant"
    staff_body = api_events(staff("reviewer", "rev"), claim)
    staff_reason = next(
        e["reason"] for e in staff_body["events"] if e["event_type"] == "dispute_lodged"
    )
    assert "欧阳锋" in staff_reason
