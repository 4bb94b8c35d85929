"""The claimant portal through Django's test client: filing, refusals, the claim page."""

from datetime import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims import selectors
from claims.models import Claim, ClaimDraft
from claims.states import ClaimState
from tests.factories import BEIJING, PDF_BYTES, EnrolmentFactory, claim_in_state

pytestmark = pytest.mark.django_db


def form_data(enrolment, diagnosis_date, **extra):
    data = {
        "member": enrolment.member.pk,
        "plan": enrolment.plan.pk,
        "condition_code": "malignant_tumour",
        "diagnosis": "肺腺癌",
        "hospital": "浙一医院",
        "city": "杭州",
        "diagnosis_date": diagnosis_date,
        "document_kind": "pathology_report",
        "documents": [SimpleUploadedFile("病理报告.pdf", PDF_BYTES)],
        "file": "",
    }
    data.update(extra)
    return data


@time_machine.travel(datetime(2024, 6, 1, 12, tzinfo=BEIJING), tick=False)
def test_file_a_claim_through_the_portal(client):
    enrolment = EnrolmentFactory()
    client.force_login(enrolment.member.account)
    response = client.post(
        reverse("claims:claim-new"), form_data(enrolment, "2024-04-10"), follow=True
    )
    claim = Claim.objects.get()
    assert response.redirect_chain[-1][0] == reverse("claims:claim-detail", args=[claim.reference])
    page = response.content.decode()
    assert claim.reference in page
    assert "病理报告.pdf" in page
    assert "已提交" in page or "Filed" in page


@time_machine.travel(datetime(2024, 6, 1, 12, tzinfo=BEIJING), tick=False)
def test_a_refused_filing_shows_why_and_keeps_everything(client):
    enrolment = EnrolmentFactory()
    client.force_login(enrolment.member.account)
    response = client.post(
        reverse("claims:claim-new"), form_data(enrolment, "2024-04-09"), follow=True
    )
    draft = ClaimDraft.objects.get()
    assert response.redirect_chain[-1][0] == reverse("claims:draft-edit", args=[draft.pk])
    page = response.content.decode()
    assert "2024-04-10" in page  # the refusal names the first covered day
    assert 'value="浙一医院"' in page  # what was typed is still in the form
    assert "病理报告.pdf" in page
    assert not Claim.objects.exists()


@time_machine.travel(datetime(2024, 6, 1, 12, tzinfo=BEIJING), tick=False)
def test_a_bad_file_is_named_and_the_rest_is_saved(client):
    enrolment = EnrolmentFactory()
    client.force_login(enrolment.member.account)
    data = form_data(
        enrolment, "2024-04-10", documents=[SimpleUploadedFile("virus.pdf", b"MZ not a pdf")]
    )
    response = client.post(reverse("claims:claim-new"), data, follow=True)
    page = response.content.decode()
    assert "virus.pdf" in page
    draft = ClaimDraft.objects.get()
    assert draft.hospital == "浙一医院" and not Claim.objects.exists()


def test_claim_page_shows_timeline_and_next_step_and_masks_the_id(client):
    claim = claim_in_state(ClaimState.PUBLICISED, approve=False)
    client.force_login(claim.member.account)
    with time_machine.travel(claim.published_at, tick=False):
        page = client.get(reverse("claims:claim-detail", args=[claim.reference])).content
    page = page.decode()
    assert claim.member.national_id_masked in page
    clauses = selectors.claim_decision_clauses(claim=claim)
    assert clauses and all(label in page for label in clauses)  # in words, not codes
    assert f'action="/claims/{claim.reference}/dispute/"' in page


def test_someone_elses_claim_is_not_found(client):
    claim = claim_in_state(ClaimState.FILED)
    client.force_login(EnrolmentFactory().member.account)
    assert client.get(reverse("claims:claim-detail", args=[claim.reference])).status_code == 404


def test_pages_need_sign_in_and_speak_chinese_by_default(client):
    response = client.get(reverse("claims:portal-home"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get("/").headers["Content-Language"] == "zh-hans"
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert english.headers["Content-Language"] == "en"


def test_dispute_from_the_claim_page(client):
    claim = claim_in_state(ClaimState.PUBLICISED, approve=False)
    client.force_login(claim.member.account)
    with time_machine.travel(claim.published_at, tick=False):
        client.post(
            reverse("claims:claim-dispute", args=[claim.reference]),
            {"reason": "The life-support record shows 97 hours"},
        )
    claim.refresh_from_db()
    assert claim.state == ClaimState.DISPUTED
