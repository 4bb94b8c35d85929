"""The objector follows the objection on "my objections": the case as the board shows it
(no names), where it stands, the jury's result, and the one appeal when the jury ruled
against the objector."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from claims import services
from claims.models import Claim
from claims.states import ClaimState
from jury.models import Panel
from jury.services import panels
from members.models import Plan
from tests.board.conftest import FULL_NAME, HOSPITAL, VIEWED_AT
from tests.factories import EnrolmentFactory, UserFactory, staff
from tests.jury.services.test_panels import qualified_jurors

pytestmark = pytest.mark.django_db
REASON = "The pathology report describes a benign lesion, not a malignant one"
STATEMENT = "A second pathologist's report names the lesion benign; attached to the board"
URL = "/claims/objections/"


@pytest.fixture
def objected(board, english):
    """An approval on the board, objected to by another member of the plan (signed in)."""
    Plan.objects.filter(code="critical-illness").update(jury_panel_size=3, jury_quorum=2)
    objector = EnrolmentFactory().member.account
    english.force_login(objector)
    with time_machine.travel(VIEWED_AT, tick=False):
        english.post(
            reverse("board:claim-object", args=[board.approval.reference]), {"reason": REASON}
        )
    return board.approval, objector


def test_the_objection_is_listed_with_its_card_and_the_panels_deadline(english, objected):
    claim, _objector = objected
    qualified_jurors(5)
    panel = panels.panel_open(claim=claim, now=VIEWED_AT)
    with time_machine.travel(VIEWED_AT + timedelta(hours=1), tick=False):
        html = english.get(URL).content.decode()
    assert f'id="objection-{claim.reference}"' in html
    assert "Before the jury: a panel of member-jurors is voting." in html
    assert REASON in html
    deadline = panel.deadline_at.astimezone(VIEWED_AT.tzinfo).strftime("%Y-%m-%d %H:%M")
    assert f"The jury votes until</dt><dd><strong>{deadline}</strong>" in html
    assert FULL_NAME not in html and HOSPITAL not in html  # as anonymous as the board
    assert f"{FULL_NAME[0]}**" in html
    portal = english.get(reverse("claims:portal-home")).content.decode()
    assert "You objected to 1 approval on the public board." in portal
    assert f'href="{URL}"' in portal


def test_after_a_pay_verdict_recorded_by_hand_the_objector_appeals(
    english, objected, django_capture_on_commit_callbacks
):
    claim, objector = objected
    voted_at = VIEWED_AT + timedelta(days=1)
    services.claim_record_jury_result(
        claim=claim, actor=staff("reviewer", "rev"), pay_votes=3, deny_votes=2, now=voted_at
    )
    qualified_jurors(10)
    with time_machine.travel(voted_at + timedelta(hours=2), tick=False):
        html = english.get(URL).content.decode()
        assert "The jury decided to pay. You may appeal once." in html
        assert "3 votes to pay, 2 to deny" in html
        action = reverse("claims:objection-appeal", args=[claim.reference])
        assert f'action="{action}"' in html and "At least 20 characters." in html

        short = english.post(action, {f"appeal-{claim.reference}-statement": "too short"})
        assert short.status_code == 422
        field = short.content.decode().split(f'id="id_appeal-{claim.reference}-statement"')[1]
        assert "Ensure this value has at least 20 characters" in field.split("</form>")[0]

        with django_capture_on_commit_callbacks(execute=True):  # the jury reacts on commit
            response = english.post(
                action, {f"appeal-{claim.reference}-statement": STATEMENT}, follow=True
            )
    assert response.redirect_chain[-1][0] == URL
    [message] = [str(m) for m in response.context["messages"]]
    assert message.startswith("Your appeal is lodged. A fresh panel of member-jurors is being")
    appeal = Panel.objects.get(claim=claim, round=2)
    assert appeal.appellant == objector and appeal.size == 7
    html = response.content.decode()
    assert "Appealed: a larger panel of jurors is voting." in html
    assert f'action="{action}"' not in html  # one appeal only


def test_a_deny_verdict_upholds_the_objection_and_offers_no_appeal(english, objected):
    claim, _objector = objected
    voted_at = VIEWED_AT + timedelta(days=1)
    services.claim_record_jury_result(
        claim=claim, actor=staff("reviewer", "rev"), pay_votes=1, deny_votes=4, now=voted_at
    )
    with time_machine.travel(voted_at + timedelta(hours=2), tick=False):
        html = english.get(URL).content.decode()
    assert "The jury upheld your objection. The claimant may still appeal." in html
    assert "objection-appeal" not in html and "/appeal/" not in html


def test_someone_else_cannot_appeal_an_objection_that_is_not_theirs(english, objected):
    claim, _objector = objected
    voted_at = VIEWED_AT + timedelta(days=1)
    services.claim_record_jury_result(
        claim=claim, actor=staff("reviewer", "rev"), pay_votes=3, deny_votes=2, now=voted_at
    )
    english.force_login(EnrolmentFactory().member.account)
    action = reverse("claims:objection-appeal", args=[claim.reference])
    with time_machine.travel(voted_at + timedelta(hours=2), tick=False):
        assert "You have not objected to any approval." in english.get(URL).content.decode()
        response = english.post(action, {f"appeal-{claim.reference}-statement": STATEMENT})
    assert response.status_code == 404  # as for a reference that does not exist
    assert not Panel.objects.filter(claim=claim, round=2).exists()
    assert Claim.objects.get(pk=claim.pk).appeal_lodged_at is None


def test_the_page_needs_a_sign_in(client, db):
    assert client.get(URL).status_code == 302
    client.force_login(UserFactory())
    assert client.get(URL).status_code == 200


def test_the_board_says_where_to_follow_the_objection(english, board):
    english.force_login(EnrolmentFactory().member.account)
    with time_machine.travel(VIEWED_AT, tick=False):
        response = english.post(
            reverse("board:claim-object", args=[board.approval.reference]),
            {"reason": REASON},
            follow=True,
        )
    [message] = [str(m) for m in response.context["messages"]]
    assert "Follow it under “My objections”." in message
    assert board.approval.__class__.objects.get(pk=board.approval.pk).state == ClaimState.DISPUTED
