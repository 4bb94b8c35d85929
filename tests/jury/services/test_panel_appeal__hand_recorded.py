"""An appeal after a jury result a reviewer recorded by hand (no first panel on file, or
an open first panel with no seat count): the appeal panel opens with 2n + 1 seats, n
taken from the plan, instead of a server error."""

from datetime import timedelta

import pytest
import time_machine

from claims.models import ClaimEvent
from claims.states import ClaimEventType, ClaimState, Decision
from jury import rules
from jury.models import Panel, PanelStatus
from members.models import Plan
from tests.factories import claim_in_state
from tests.jury.services.test_panels import appeal_heard, qualified_jurors

pytestmark = pytest.mark.django_db
STATEMENT = "A new specialist report shows the clause is met after all"


def objector_of(claim):
    return ClaimEvent.objects.get(claim=claim, event_type=ClaimEventType.DISPUTE_LODGED).actor


def test_the_rule_takes_the_seats_or_the_quorum_and_refuses_neither():
    assert rules.appeal_panel_size(5, 3) == 11
    assert rules.appeal_panel_size(None, 21) == 43  # an open first panel: its quorum
    with pytest.raises(ValueError):
        rules.appeal_panel_size(None, None)


def test_an_objector_appeals_a_pay_verdict_recorded_by_hand():
    Plan.objects.filter(code="critical-illness").update(jury_panel_size=3, jury_quorum=2)
    claim = claim_in_state(ClaimState.JURY_VOTED, approve=True)  # 60:40 to pay, by hand
    assert not Panel.objects.filter(claim=claim).exists()
    qualified_jurors(10)
    appeal = appeal_heard(
        claim=claim,
        actor=objector_of(claim),
        statement=STATEMENT,
        now=claim.jury_voted_at + timedelta(hours=1),
    )
    assert (appeal.round, appeal.size, appeal.quorum) == (2, 7, 4)
    assert appeal.status == PanelStatus.OPEN and appeal.seats.count() == 7
    claim.refresh_from_db()
    assert claim.appeal_lodged_at is not None
    assert ClaimEvent.objects.filter(claim=claim, event_type=ClaimEventType.APPEAL_LODGED).exists()


def test_an_open_plan_appeals_on_twice_its_quorum_plus_one():
    Plan.objects.filter(code="critical-illness").update(jury_panel_size=None, jury_quorum=2)
    claim = claim_in_state(ClaimState.JURY_VOTED, approve=False)  # deny verdict, by hand
    qualified_jurors(8)
    appeal = appeal_heard(
        claim=claim,
        actor=claim.member.account,
        statement=STATEMENT,
        now=claim.jury_voted_at + timedelta(hours=1),
    )
    assert appeal.size == 5 and appeal.quorum == 3


def test_the_claimant_appeals_a_hand_recorded_deny_verdict_from_the_claim_page(
    client, django_capture_on_commit_callbacks
):
    Plan.objects.filter(code="critical-illness").update(jury_panel_size=3, jury_quorum=2)
    claim = claim_in_state(ClaimState.JURY_VOTED, approve=False)
    assert claim.jury_verdict == Decision.DENY
    qualified_jurors(10)
    client.force_login(claim.member.account)
    with time_machine.travel(claim.jury_voted_at + timedelta(hours=2), tick=False):
        with django_capture_on_commit_callbacks(execute=True):  # the jury reacts on commit
            response = client.post(f"/claims/{claim.reference}/appeal/", {"statement": STATEMENT})
    assert response.status_code == 302
    assert Panel.objects.get(claim=claim, round=2).size == 7


def test_the_api_appeal_after_a_hand_recorded_result_answers_201_not_500(
    client, django_capture_on_commit_callbacks
):
    Plan.objects.filter(code="critical-illness").update(jury_panel_size=3, jury_quorum=2)
    claim = claim_in_state(ClaimState.JURY_VOTED, approve=True)
    qualified_jurors(10)
    client.force_login(objector_of(claim))
    with time_machine.travel(claim.jury_voted_at + timedelta(hours=2), tick=False):
        with django_capture_on_commit_callbacks(execute=True):  # the jury reacts on commit
            response = client.post(
                f"/api/v1/claims/{claim.reference}/appeal/",
                {"statement": STATEMENT},
                content_type="application/json",
            )
    assert response.status_code in (200, 201), response.content
    assert Panel.objects.filter(claim=claim, round=2).exists()
