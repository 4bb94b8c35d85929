"""Objecting to an approval from the board: sign in, give a reason, the case goes to the jury."""

import pytest
from django.urls import reverse

from claims.models import ClaimEvent
from claims.states import ClaimEventType, ClaimState
from tests.factories import EnrolmentFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_viewing_day")]

REASON = "The pathology report describes a benign lesion, not a malignant one"


def object_url(claim) -> str:
    return reverse("board:claim-object", args=[claim.reference])


def test_signed_out_the_link_leads_to_sign_in_and_back(client, board):
    response = client.get(object_url(board.approval))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={object_url(board.approval)}"


def test_a_member_objects_and_the_case_moves_to_disputed(english, board):
    objector = EnrolmentFactory().member.account
    english.force_login(objector)
    page = english.get(object_url(board.approval)).content.decode()
    assert "Why do you object to this approval?" in page

    response = english.post(object_url(board.approval), {"reason": REASON})

    batch_page = reverse("board:batch", args=[board.batch.batch_date.isoformat()])
    assert response.status_code == 302
    assert response["Location"] == f"{batch_page}#case-{board.approval.reference}"
    board.approval.refresh_from_db()
    assert board.approval.state == ClaimState.DISPUTED
    event = ClaimEvent.objects.get(claim=board.approval, event_type=ClaimEventType.DISPUTE_LODGED)
    assert event.actor == objector and event.reason == REASON

    page = english.get(batch_page).content.decode()
    assert "Your objection is lodged" in page
    assert "Objection lodged: before the jury" in page
    assert object_url(board.approval) not in page  # no second objection offered


def test_a_short_reason_is_shown_as_an_error(english, board):
    english.force_login(EnrolmentFactory().member.account)
    response = english.post(object_url(board.approval), {"reason": "no"})
    assert response.status_code == 422
    assert "at least 10 characters" in response.content.decode()
    board.approval.refresh_from_db()
    assert board.approval.state == ClaimState.PUBLICISED


def test_the_claimant_and_non_members_are_refused_with_the_reason(english, board):
    for account in (board.claimant.account, UserFactory()):
        english.force_login(account)
        response = english.post(object_url(board.approval), {"reason": REASON})
        assert response.status_code == 422
        assert "You may not take the step" in response.content.decode()
    board.approval.refresh_from_db()
    assert board.approval.state == ClaimState.PUBLICISED


def test_the_daily_limit_is_shown_on_the_page(english, settings, board):
    settings.OBJECTIONS_PER_DAY = 1
    english.force_login(EnrolmentFactory().member.account)
    assert english.post(object_url(board.approval), {"reason": REASON}).status_code == 302
    response = english.post(object_url(board.coma), {"reason": REASON})
    assert response.status_code == 422
    assert "At most 1 objections to approvals a day" in response.content.decode()
    board.coma.refresh_from_db()
    assert board.coma.state == ClaimState.PUBLICISED


def test_denials_are_not_objected_to_from_the_board(english, board):
    english.force_login(EnrolmentFactory().member.account)
    assert english.get(object_url(board.denial)).status_code == 404
    assert english.get(reverse("board:claim-object", args=["HZNOSUCH00"])).status_code == 404
