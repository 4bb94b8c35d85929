"""An objection through the API follows the board's rule: only an approval on the public
board whose notice is open. Every other reference that is not the caller's own answers
the same 404, so no answer tells whether it exists."""

from datetime import date, timedelta

import pytest
import time_machine
from rest_framework.test import APIClient

from claims.models import Claim
from claims.selectors import public
from claims.states import ClaimState, Decision
from jury.services import panels
from tests.claims.publicity_helpers import beijing, decided_claim, publish
from tests.factories import EnrolmentFactory, UserFactory, claim_in_state
from tests.jury.services.test_panels import T, disputed_claim, qualified_jurors, vote

pytestmark = pytest.mark.django_db

REASON = "The pathology report describes a benign lesion"
VIEWED_AT = beijing(2025, 3, 22, 10, 0)


@pytest.fixture
def claims():
    approval = decided_claim(decided_at=beijing(2025, 3, 15, 10))
    denial = decided_claim(decided_at=beijing(2025, 3, 16, 10), approve=False)
    publish(date(2025, 3, 21), beijing(2025, 3, 21, 0, 5))
    # Decided after the batch: it waits for the next one, not on the board (a claim is
    # published only in a batch now).
    unbatched = decided_claim(decided_at=beijing(2025, 3, 21, 9))
    filed = claim_in_state(ClaimState.FILED)
    return {
        "approval": Claim.objects.get(pk=approval.pk),
        "denial": Claim.objects.get(pk=denial.pk),
        "unbatched": Claim.objects.get(pk=unbatched.pk),
        "filed": filed,
    }


def object_to(user, reference: str, at=VIEWED_AT):
    client = APIClient()
    client.force_authenticate(user)
    with time_machine.travel(at, tick=False):
        return client.post(
            f"/api/v1/claims/{reference}/dispute/", {"reason": REASON}, format="json"
        )


def test_a_member_objects_to_an_approval_on_the_board(claims):
    member = EnrolmentFactory().member.account
    response = object_to(member, claims["approval"].reference)
    assert response.status_code == 200
    assert response.json() == {"reference": claims["approval"].reference, "state": "disputed"}


def test_every_other_reference_answers_the_same_404(claims):
    member = EnrolmentFactory().member.account
    answers = [
        object_to(member, reference)
        for reference in (
            claims["unbatched"].reference,  # decided, waiting for the next batch
            claims["denial"].reference,  # on the board, but a denial
            claims["filed"].reference,  # not published
            "HZNOSUCH00",  # no such claim
        )
    ]
    assert {a.status_code for a in answers} == {404}
    assert len({a.content for a in answers}) == 1
    assert answers[0].json()["code"] == "not_found"
    states = {k: Claim.objects.get(pk=c.pk).state for k, c in claims.items()}
    assert states == {
        "approval": "publicised",
        "denial": "publicised",
        "unbatched": "investigated",
        "filed": "filed",
    }


def test_after_the_notice_the_board_claim_answers_404_too(claims):
    approval = claims["approval"]
    member = EnrolmentFactory().member.account
    ends = approval.publicity_ends_at
    assert public.claim_open_to_objection(claim=approval, now=ends - timedelta(seconds=1))
    assert not public.claim_open_to_objection(claim=approval, now=ends)
    late = object_to(member, approval.reference, at=ends)
    assert late.status_code == 404 and late.content == object_to(member, "HZNOSUCH00").content
    assert object_to(member, approval.reference, at=ends - timedelta(seconds=1)).status_code == 200


def test_someone_outside_the_plan_is_refused_on_a_board_claim(claims):
    # The board shows the claim to everyone, so the refusal tells nothing new.
    response = object_to(UserFactory(), claims["approval"].reference)
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"


def test_the_claimant_still_disputes_their_own_denial_wherever_it_was_published():
    denial = claim_in_state(ClaimState.PUBLICISED, approve=False)  # published outside a batch
    response = object_to(denial.member.account, denial.reference, at=denial.published_at)
    assert response.status_code == 200 and response.json()["state"] == "disputed"
    assert response.json()["events"]  # their own claim: the whole file comes back


def test_an_appeal_on_someone_elses_claim_is_404_unless_you_objected():
    claim = disputed_claim(size=3, quorum=2, approve=True)  # another member objected
    objector = claim.events.get(event_type="dispute_lodged").actor
    qualified_jurors(10)
    first = panels.panel_open(claim=claim, now=T)
    for seat in first.seats.all():
        vote(first, seat.juror, Decision.APPROVE, claim)
    panels.panel_close(panel=first, now=first.deadline_at)  # the jury decided to pay
    statement = {"statement": "A new specialist report shows the lesion is benign"}
    for user, status in ((EnrolmentFactory().member.account, 404), (objector, 200)):
        client = APIClient()
        client.force_authenticate(user)
        with time_machine.travel(first.deadline_at + timedelta(hours=1), tick=False):
            response = client.post(
                f"/api/v1/claims/{claim.reference}/appeal/", statement, format="json"
            )
        assert response.status_code == status, response.content
    assert response.json() == {"reference": claim.reference, "state": "jury_voted"}
