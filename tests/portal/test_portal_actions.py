"""The portal's "needs your action" card (portal list and claim page), the stepper on the
claim page, and the answer to a document request uploaded beside it."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims import services
from claims.models import ClaimEvent
from claims.states import ClaimEventType, ClaimState
from portal.selectors.actions import APPEAL, DISPUTE, DOCUMENT, actions_needed
from tests.factories import BEIJING, PDF_BYTES, EnrolmentFactory, claim_in_state, staff

pytestmark = pytest.mark.django_db
ASKED = datetime(2025, 3, 11, 10, 0, tzinfo=BEIJING)


def ask_for_document(claim):
    investigator, reviewer = staff("investigator", "inv"), staff("reviewer", "rev")
    investigation = services.investigation_assign(
        claim=claim, investigator=investigator, actor=reviewer, now=ASKED
    )
    return services.investigation_request_document(
        investigation=investigation,
        actor=investigator,
        kind="discharge_summary",
        description="出院小结（浙一医院）",
        now=ASKED,
    )


def discharge_pdf(name="出院小结.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES + b"% discharge\n", "application/pdf")


def test_a_document_request_is_on_the_portal_with_its_due_date_and_an_upload(client):
    claim = claim_in_state(ClaimState.FILED)
    request = ask_for_document(claim)
    client.force_login(claim.member.account)
    with time_machine.travel(ASKED + timedelta(days=1), tick=False):
        page = client.get(reverse("claims:portal-home"), HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert "Needs your action" in html
    assert "出院小结（浙一医院）" in html
    assert "Due by <strong>2025-04-10 24:00</strong>" in html
    action = reverse("claims:request-answer", args=[claim.reference, request.pk])
    assert f'action="{action}"' in html and 'type="file"' in html
    with time_machine.travel(ASKED + timedelta(days=1), tick=False):
        detail = client.get(
            reverse("claims:claim-detail", args=[claim.reference]), HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
    assert "due by 2025-04-10 24:00" in detail


def test_the_member_answers_the_request_from_the_claim_page(client):
    claim = claim_in_state(ClaimState.FILED)
    request = ask_for_document(claim)
    client.force_login(claim.member.account)
    url = reverse("claims:request-answer", args=[claim.reference, request.pk])
    with time_machine.travel(ASKED + timedelta(days=2), tick=False):
        response = client.post(
            url, {f"request-{request.pk}-file": discharge_pdf()}, HTTP_ACCEPT_LANGUAGE="en"
        )
        assert response.status_code == 302
        page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "“出院小结.pdf” is sent for “出院小结（浙一医院）”" in page
    assert "Needs your action" not in page  # answered: nothing left to do
    assert "2025-03-13 10:00: the investigator is checking it" in page
    request.refresh_from_db()
    assert request.answered_at is not None and request.document.original_name == "出院小结.pdf"


def test_an_empty_upload_is_refused_beside_its_field(client):
    claim = claim_in_state(ClaimState.FILED)
    request = ask_for_document(claim)
    client.force_login(claim.member.account)
    url = reverse("claims:request-answer", args=[claim.reference, request.pk])
    with time_machine.travel(ASKED + timedelta(days=2), tick=False):
        response = client.post(url, {}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    html = response.content.decode()
    field = html.split(f'id="id_request-{request.pk}-file"')[1].split("</div>")[0]
    assert "This field is required." in field
    assert request.__class__.objects.get(pk=request.pk).answered_at is None


def test_the_dispute_window_and_the_appeal_window_need_action():
    denied = claim_in_state(ClaimState.PUBLICISED, approve=False)
    account = denied.member.account
    items = actions_needed(user=account, now=denied.published_at + timedelta(days=1))
    assert [(i.kind, i.due) for i in items] == [(DISPUTE, denied.publicity_ends_at)]
    assert actions_needed(user=account, now=denied.publicity_ends_at) == []

    voted = claim_in_state(ClaimState.JURY_VOTED, approve=True)  # pay verdict
    objector = ClaimEvent.objects.get(claim=voted, event_type=ClaimEventType.DISPUTE_LODGED).actor
    items = actions_needed(user=objector, now=voted.jury_voted_at + timedelta(hours=1))
    assert [(i.kind, i.as_objector) for i in items] == [(APPEAL, True)]
    assert actions_needed(user=voted.member.account, now=voted.jury_voted_at) == []
    assert actions_needed(user=EnrolmentFactory().member.account, now=voted.jury_voted_at) == []


def test_the_claim_page_shows_the_stepper_with_the_decision_clock(client):
    claim = claim_in_state(ClaimState.FILED)  # filed 2025-03-10 10:00
    client.force_login(claim.member.account)
    with time_machine.travel(datetime(2025, 3, 15, 9, tzinfo=BEIJING), tick=False):
        html = client.get(
            reverse("claims:claim-detail", args=[claim.reference]), HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
    assert 'aria-current="step"' in html
    assert "Day 5 of 30." in html
    assert "Decision due by</span> <strong>2025-04-09 24:00</strong>" in html


def test_document_requests_only_for_the_claims_own_account():
    claim = claim_in_state(ClaimState.FILED)
    ask_for_document(claim)
    other = EnrolmentFactory().member.account
    assert actions_needed(user=other, now=ASKED) == []
    kinds = [i.kind for i in actions_needed(user=claim.member.account, now=ASKED)]
    assert kinds == [DOCUMENT]
