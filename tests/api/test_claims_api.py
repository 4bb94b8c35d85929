"""The REST API: the same operations as the portal, errors as JSON with a code."""

from datetime import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from claims.definitions.examples import facts_meeting
from claims.models import Claim, ClaimDraft
from claims.states import ClaimState
from tests.claims.publicity_helpers import approval_on_board
from tests.factories import BEIJING, PDF_BYTES, EnrolmentFactory, claim_in_state, staff

pytestmark = pytest.mark.django_db


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def make_draft(client, enrolment, diagnosis_date):
    response = client.post(
        "/api/v1/drafts/",
        {
            "member": enrolment.member.pk,
            "plan": "critical-illness",
            "condition_code": "malignant_tumour",
            "diagnosis": "Lung adenocarcinoma",
            "hospital": "Zhejiang 1st",
            "city": "Hangzhou",
            "diagnosis_date": diagnosis_date,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    draft_id = response.json()["id"]
    upload = client.post(
        f"/api/v1/drafts/{draft_id}/documents/",
        {"kind": "medical_record", "file": SimpleUploadedFile("r.pdf", PDF_BYTES)},
        format="multipart",
    )
    assert upload.status_code == 201, upload.content
    return draft_id


@time_machine.travel(datetime(2024, 6, 1, 12, tzinfo=BEIJING), tick=False)
def test_file_a_claim_through_the_api():
    enrolment = EnrolmentFactory()
    client = client_for(enrolment.member.account)
    draft_id = make_draft(client, enrolment, "2024-04-10")
    response = client.post(f"/api/v1/drafts/{draft_id}/file/")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "filed"
    assert body["benefit_amount"] == "300000.00"
    assert [e["event_type"] for e in body["events"]] == ["filed"]
    listing = client.get("/api/v1/claims/").json()
    assert [c["reference"] for c in listing["results"]] == [body["reference"]]
    assert "national_id" not in str(body)


@time_machine.travel(datetime(2024, 6, 1, 12, tzinfo=BEIJING), tick=False)
def test_a_refusal_is_json_with_a_code_and_the_draft_is_kept():
    enrolment = EnrolmentFactory()
    client = client_for(enrolment.member.account)
    draft_id = make_draft(client, enrolment, "2024-04-09")
    response = client.post(f"/api/v1/drafts/{draft_id}/file/")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "in_waiting_period"
    assert "2024-04-10" in body["message"]
    assert body["detail"]["draft_id"] == draft_id
    draft = client.get(f"/api/v1/drafts/{draft_id}/").json()
    assert draft["status"] == "open" and draft["refusal_code"] == "in_waiting_period"
    assert len(draft["documents"]) == 1
    # Correct the date and file again.
    patched = client.patch(
        f"/api/v1/drafts/{draft_id}/", {"diagnosis_date": "2024-04-10"}, format="json"
    )
    assert patched.status_code == 200
    assert client.post(f"/api/v1/drafts/{draft_id}/file/").status_code == 201


def test_validation_errors_are_json_with_fields():
    enrolment = EnrolmentFactory()
    client = client_for(enrolment.member.account)
    response = client.post("/api/v1/drafts/", {"diagnosis_date": "not a date"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and "diagnosis_date" in body["detail"]["fields"]


def test_a_document_that_is_not_pdf_jpeg_or_png_is_refused():
    enrolment = EnrolmentFactory()
    client = client_for(enrolment.member.account)
    draft = client.post("/api/v1/drafts/", {}, format="json").json()
    response = client.post(
        f"/api/v1/drafts/{draft['id']}/documents/",
        {"kind": "medical_record", "file": SimpleUploadedFile("x.pdf", b"MZ\x90\x00 exe")},
        format="multipart",
    )
    assert response.status_code == 422
    assert response.json()["code"] == "document_type_not_allowed"


def test_investigation_and_decision_through_the_api():
    claim = claim_in_state(ClaimState.FILED)
    claimant = client_for(claim.member.account)
    investigator = client_for(staff("investigator", "inv"))
    reviewer = client_for(staff("reviewer", "rev"))
    url = f"/api/v1/claims/{claim.reference}/"

    forbidden = claimant.post(url + "assign/", {}, format="json")
    assert forbidden.status_code == 403 and forbidden.json()["code"] == "permission_denied"
    assigned = reviewer.post(url + "assign/", {"investigator": "inv"}, format="json")
    assert assigned.status_code == 200 and assigned.json()["investigator"] == "inv"

    early = reviewer.post(url + "decision/", {"reason": "looks fine"}, format="json")
    assert early.status_code == 409 and early.json()["code"] == "transition_not_allowed"

    tree = claim.condition_definition.criteria
    facts = investigator.post(
        url + "investigation/facts/",
        {"facts": facts_meeting(tree), "non_disclosure_found": False},
        format="json",
    )
    assert facts.status_code == 200 and facts.json()["evaluation"]["outcome"] == "met"
    incomplete = investigator.post(
        url + "investigation/complete/", {"summary": "done"}, format="json"
    )
    assert incomplete.status_code == 422
    assert incomplete.json()["code"] == "investigation_incomplete"
    investigator.post(
        url + "investigation/visits/",
        {
            "kind": "interview",
            "visited_on": "2025-03-10",
            "place": "Hangzhou",
            "notes": "Met the claimant and family",
        },
        format="json",
    )
    done = investigator.post(
        url + "investigation/complete/", {"summary": "All verified"}, format="json"
    )
    assert done.status_code == 200 and done.json()["completed_at"]

    override = reviewer.post(url + "decision/", {"decision": "deny", "reason": "no"}, format="json")
    assert override.status_code == 422 and override.json()["code"] == "override_reason_required"
    decided = reviewer.post(url + "decision/", {"reason": "Facts meet every clause"}, format="json")
    assert decided.status_code == 200
    body = decided.json()
    assert body["state"] == "investigated" and body["decision"] == "approve"
    assert body["approved_amount"] == body["benefit_amount"]
    assert claimant.get(url + "investigation/").status_code == 404


def test_a_member_of_the_plan_may_object_to_an_approval_but_not_a_stranger():
    claim = approval_on_board()
    member = EnrolmentFactory().member.account
    with time_machine.travel(claim.published_at, tick=False):
        ok = client_for(member).post(
            f"/api/v1/claims/{claim.reference}/dispute/",
            {"reason": "The hospital record contradicts the date"},
            format="json",
        )
    assert ok.status_code == 200 and ok.json()["state"] == "disputed"
    other = claim_in_state(ClaimState.PUBLICISED)
    with time_machine.travel(other.published_at, tick=False):
        own = client_for(other.member.account).post(
            f"/api/v1/claims/{other.reference}/dispute/",
            {"reason": "I object to my own approval"},
            format="json",
        )
    assert own.status_code == 403


def test_claimants_see_only_their_claims():
    mine = claim_in_state(ClaimState.FILED)
    theirs = claim_in_state(ClaimState.FILED)
    client = client_for(mine.member.account)
    assert client.get(f"/api/v1/claims/{theirs.reference}/").status_code == 404
    assert client.get(f"/api/v1/claims/{mine.reference}/").status_code == 200
    assert APIClient().get("/api/v1/claims/").status_code in (401, 403)


def test_plans_and_schema():
    client = client_for(EnrolmentFactory().member.account)
    plans = client.get("/api/v1/plans/").json()["results"]
    assert {p["code"] for p in plans} >= {"critical-illness"}
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/drafts/{id}/file/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200 and b"cdn" not in docs.content.lower()


def test_withdraw_through_the_api():
    claim = claim_in_state(ClaimState.FILED)
    response = client_for(claim.member.account).post(
        f"/api/v1/claims/{claim.reference}/withdraw/", {"reason": "Recovered"}, format="json"
    )
    assert response.status_code == 200 and response.json()["state"] == "withdrawn"
    assert Claim.objects.get(pk=claim.pk).state == ClaimState.WITHDRAWN
    assert not ClaimDraft.objects.filter(status="open").exists()


def test_publishing_one_claim_is_gone_and_names_its_batch():
    """A claim is published only in the batch of the 7th or the 21st: the old endpoint
    answers 410 with the batch that publishes the claim, and changes nothing."""
    reviewer = client_for(staff("reviewer", "rev"))
    decided = claim_in_state(ClaimState.INVESTIGATED)  # decided 11 March 2025
    response = reviewer.post(f"/api/v1/claims/{decided.reference}/publish/")
    body = response.json()
    assert response.status_code == 410 and body["code"] == "published_in_batches"
    assert body["detail"] == {"batch_date": "2025-03-21"} and "2025-03-21" in body["message"]
    decided.refresh_from_db()
    assert decided.state == ClaimState.INVESTIGATED and decided.publicity_batch_id is None
    published = claim_in_state(ClaimState.PUBLICISED)
    response = reviewer.post(f"/api/v1/claims/{published.reference}/publish/")
    assert response.status_code == 410
    assert (
        response.json()["detail"]["batch_date"] == published.publicity_batch.batch_date.isoformat()
    )
    filed = claim_in_state(ClaimState.FILED)
    response = reviewer.post(f"/api/v1/claims/{filed.reference}/publish/")
    assert response.status_code == 410 and response.json()["detail"] == {"batch_date": None}
