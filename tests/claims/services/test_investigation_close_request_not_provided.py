"""An overdue document request closed as not provided: the investigation goes on without
it (and a wind-down can end); one event, the claimant told; refused before it is due."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from claims import services
from claims.models import DocumentRequest
from claims.states import ClaimEventType
from core.errors import RuleViolation
from tests.factories import claim_in_state, staff

pytestmark = pytest.mark.django_db
BEIJING = ZoneInfo("Asia/Shanghai")
ASKED = datetime(2025, 3, 11, 10, 0, tzinfo=BEIJING)
OVERDUE = datetime(2025, 4, 11, 0, 0, tzinfo=BEIJING)  # 30 days after 11 March, 24:00


@pytest.fixture
def request_(db):
    claim = claim_in_state("filed")
    investigator, reviewer = staff("investigator", "inv"), staff("reviewer", "rev")
    investigation = services.investigation_assign(
        claim=claim, investigator=investigator, actor=reviewer, now=ASKED - timedelta(hours=1)
    )
    return services.investigation_request_document(
        investigation=investigation,
        actor=investigator,
        kind="discharge_summary",
        description="Discharge summary",
        now=ASKED,
    ), investigator


def test_refused_until_the_request_is_overdue(request_):
    request, investigator = request_
    with pytest.raises(RuleViolation) as refusal:
        services.investigation_close_request_not_provided(
            request=request,
            actor=investigator,
            note="Called twice",
            now=OVERDUE - timedelta(seconds=1),
        )
    assert refusal.value.code == "request_not_overdue"
    assert "2025-04-10 24:00" in str(refusal.value.message)
    assert DocumentRequest.objects.get(pk=request.pk).not_provided_at is None


def test_closing_lets_the_investigation_complete_and_tells_the_claimant(
    request_, mailoutbox, django_capture_on_commit_callbacks
):
    request, investigator = request_
    investigation = request.investigation
    with pytest.raises(RuleViolation):
        services.investigation_complete(
            investigation=investigation, actor=investigator, summary="x", now=OVERDUE
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.investigation_close_request_not_provided(
            request=request, actor=investigator, note="Called and texted twice", now=OVERDUE
        )
    again = services.investigation_close_request_not_provided(
        request=request.pk, actor=investigator, note="again", now=OVERDUE + timedelta(hours=1)
    )
    assert again.not_provided_at == OVERDUE
    claim = investigation.claim
    (event,) = claim.events.filter(event_type=ClaimEventType.DOCUMENT_NOT_PROVIDED)
    assert event.actor == investigator and event.reason == "Called and texted twice"
    assert any(claim.reference in m.subject for m in mailoutbox)

    from claims.definitions.examples import facts_missing

    services.investigation_record_facts(
        investigation=investigation,
        actor=investigator,
        facts=facts_missing(claim.condition_definition.criteria),
        non_disclosure_found=False,
        now=OVERDUE,
    )
    services.investigation_record_visit(
        investigation=investigation,
        actor=investigator,
        kind="hospital",
        place="Zhejiang 1st",
        visited_on=date(2025, 4, 11),
        notes="Records",
        now=OVERDUE,
    )
    done = services.investigation_complete(
        investigation=investigation, actor=investigator, summary="Without the summary", now=OVERDUE
    )
    assert done.completed_at == OVERDUE


def test_a_closed_request_can_no_longer_be_received(request_):
    request, investigator = request_
    services.investigation_close_request_not_provided(
        request=request, actor=investigator, note="No answer", now=OVERDUE
    )
    document = request.investigation.claim.documents.first()
    with pytest.raises(RuleViolation) as refusal:
        services.investigation_receive_document(
            request=request, actor=investigator, document=document, now=OVERDUE
        )
    assert refusal.value.code == "request_closed"


def test_the_case_page_offers_it_once_overdue(request_, client):
    import time_machine

    request, investigator = request_
    claim = request.investigation.claim
    client.force_login(investigator)
    with time_machine.travel(OVERDUE - timedelta(days=1), tick=False):
        page = client.get(f"/office/claims/{claim.reference}/", HTTP_ACCEPT_LANGUAGE="en")
        assert "Close as not provided" not in page.content.decode()
    with time_machine.travel(OVERDUE + timedelta(hours=1), tick=False):
        page = client.get(f"/office/claims/{claim.reference}/", HTTP_ACCEPT_LANGUAGE="en")
        assert "Close as not provided" in page.content.decode()
        response = client.post(
            f"/office/claims/{claim.reference}/requests/not-provided/",
            {"request": request.pk, "note": "Called twice, no answer"},
        )
    assert response.status_code == 302
    assert DocumentRequest.objects.get(pk=request.pk).not_provided_at is not None
