"""An appeal against a jury result a reviewer recorded by hand (no first panel): a fresh
panel of 2n+1, n being the plan's panel. It used to fail with Panel.DoesNotExist (a 500
through the API) and leave the appeal unheard."""

from datetime import timedelta

import pytest
import time_machine
from rest_framework.test import APIClient

from claims.models import Claim, ClaimEvent
from claims.states import ClaimEventType, ClaimState
from jury.models import Panel
from members.models import Plan
from tests.factories import claim_in_state
from tests.jury.services.test_panels import appeal_heard, qualified_jurors

pytestmark = pytest.mark.django_db
STATEMENT = "A neurologist's new report shows the coma lasted five days"


def by_hand(*, size: int | None, quorum: int) -> Claim:
    """A deny verdict the reviewer recorded by hand: the claimant may appeal."""
    Plan.objects.filter(code="critical-illness").update(jury_panel_size=size, jury_quorum=quorum)
    claim = claim_in_state(ClaimState.JURY_VOTED, approve=False)
    assert not Panel.objects.filter(claim=claim).exists()
    return claim


@pytest.mark.parametrize(("size", "quorum", "seats"), [(3, 2, 7), (None, 4, 9)])
def test_the_appeal_panel_is_2n_plus_1_of_the_plans_panel(size, quorum, seats):
    claim = by_hand(size=size, quorum=quorum)
    qualified_jurors(12)
    appeal = appeal_heard(
        claim=claim,
        actor=claim.member.account,
        statement=STATEMENT,
        now=claim.jury_voted_at + timedelta(days=1),
    )
    assert (appeal.round, appeal.size, appeal.quorum) == (2, seats, seats // 2 + 1)
    assert appeal.appellant == claim.member.account
    assert appeal.seats.count() == min(seats, 12)
    assert (
        ClaimEvent.objects.filter(claim=claim, event_type=ClaimEventType.APPEAL_LODGED).count() == 1
    )


def test_the_claimant_appeals_through_the_api(django_capture_on_commit_callbacks):
    claim = by_hand(size=3, quorum=2)
    client = APIClient()
    client.force_authenticate(claim.member.account)
    with time_machine.travel(claim.jury_voted_at + timedelta(days=1), tick=False):
        with django_capture_on_commit_callbacks(execute=True):  # the jury reacts on commit
            response = client.post(
                f"/api/v1/claims/{claim.reference}/appeal/", {"statement": STATEMENT}, format="json"
            )
    assert response.status_code == 200, response.content
    assert response.json()["reference"] == claim.reference
    assert Panel.objects.get(claim=claim, round=2).size == 7
