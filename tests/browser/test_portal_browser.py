"""The claimant portal in a real browser: sign in, fill the claim form, attach a PDF, file.

Drives Debian's Chromium through Playwright's sync API against pytest-django's live
server. Never downloads a browser. Screenshots go to ``screenshots/`` (git-ignored).
"""

import re
from datetime import timedelta
from pathlib import Path

import pytest

from claims.models import Claim, ClaimDraft, ClaimEvent, DraftStatus
from claims.states import ClaimEventType, ClaimState
from core import clock
from members.models import Plan
from tests.browser.support import PASSWORD, SCREENSHOTS, closes_db_connections, sign_in
from tests.factories import PDF_BYTES, EnrolmentFactory, UserFactory

pytestmark = pytest.mark.browser

FILED_LABELS = ("已提交", "Filed")  # translated, or the source string if .mo files are missing


def _claimant(username: str, *, joined_days_ago: int):
    user = UserFactory(username=username)
    user.set_password(PASSWORD)
    user.save()
    joined_at = clock.now() - timedelta(days=joined_days_ago)
    enrolment = EnrolmentFactory(member__account=user, joined_at=joined_at)
    return user, enrolment


def _fill_claim(page, *, enrolment, diagnosis_date, pdf: Path) -> None:
    plan = Plan.objects.get(code="critical-illness")
    page.select_option("#id_member", str(enrolment.member.pk))
    page.select_option("#id_plan", str(plan.pk))
    page.select_option("#id_condition_code", "malignant_tumour")
    page.fill("#id_diagnosis", "肺腺癌，病理确诊 (adenocarcinoma of the lung)")
    page.fill("#id_hospital", "浙江大学医学院附属第一医院")
    page.fill("#id_city", "杭州")
    page.fill("#id_diagnosis_date", diagnosis_date.isoformat())
    page.select_option("#id_document_kind", "pathology_report")
    page.set_input_files("#id_documents", str(pdf))


def _submit_file_claim(page) -> None:
    button = page.locator("button[name=file]")  # "File claim" (提交理赔 once translated)
    assert button.count() == 1
    with page.expect_navigation():
        button.click()


@closes_db_connections
def test_claimant_files_a_claim_with_a_pdf(
    live_server, transactional_db, django_db_serialized_rollback, page, tmp_path
):
    user, enrolment = _claimant("browser-claimant", joined_days_ago=120)
    today = clock.today()
    pdf = tmp_path / "pathology-report.pdf"
    pdf.write_bytes(PDF_BYTES)

    sign_in(page, live_server.url, user.username)
    page.goto(f"{live_server.url}/claims/new/")
    page.screenshot(path=SCREENSHOTS / "browser-claim-new.png", full_page=True)
    _fill_claim(page, enrolment=enrolment, diagnosis_date=today - timedelta(days=5), pdf=pdf)
    page.screenshot(path=SCREENSHOTS / "browser-claim-filled.png", full_page=True)
    _submit_file_claim(page)
    page.screenshot(path=SCREENSHOTS / "browser-claim-filed.png", full_page=True)

    claim = Claim.objects.get(member=enrolment.member)
    assert re.search(rf"/claims/{re.escape(claim.reference)}/$", page.url), page.url
    assert claim.reference in page.locator("h1").inner_text()
    state = page.locator("h1 + .state, .heading-row .state").first.inner_text().strip()
    assert state in FILED_LABELS
    documents = page.locator(
        "section", has=page.locator("h2", has_text=re.compile("Documents|材料|文件"))
    ).first.inner_text()
    assert "pathology-report.pdf" in documents

    assert claim.state == ClaimState.FILED
    assert claim.diagnosis_date == today - timedelta(days=5)
    assert list(claim.documents.values_list("original_name", flat=True)) == ["pathology-report.pdf"]
    assert ClaimEvent.objects.filter(claim=claim, event_type=ClaimEventType.FILED).count() == 1
    assert ClaimEvent.objects.filter(claim=claim).count() == 1
    assert ClaimDraft.objects.get(claim=claim).status == DraftStatus.FILED


@closes_db_connections
def test_waiting_period_refusal_keeps_the_draft(
    live_server, transactional_db, django_db_serialized_rollback, page, tmp_path
):
    user, enrolment = _claimant("browser-newcomer", joined_days_ago=10)
    today = clock.today()
    pdf = tmp_path / "discharge-summary.pdf"
    pdf.write_bytes(PDF_BYTES)

    sign_in(page, live_server.url, user.username)
    page.goto(f"{live_server.url}/claims/new/")
    _fill_claim(page, enrolment=enrolment, diagnosis_date=today - timedelta(days=3), pdf=pdf)
    _submit_file_claim(page)
    page.screenshot(path=SCREENSHOTS / "browser-claim-refused.png", full_page=True)

    draft = ClaimDraft.objects.get(account=user)
    assert re.search(rf"/claims/drafts/{draft.pk}/$", page.url), page.url
    assert draft.status == DraftStatus.OPEN
    assert draft.refusal_code == "in_waiting_period"
    refusal = page.locator(".refusal[role=alert]")
    assert refusal.count() == 1
    assert draft.refusal_message in refusal.inner_text()
    # shown once, in the refusal box, not repeated as a flash message above it
    assert page.locator("main").inner_text().count(draft.refusal_message) == 1
    assert (today + timedelta(days=81)).isoformat() in refusal.inner_text()  # covered from J+91

    # the draft keeps what was entered, and its document
    assert page.input_value("#id_hospital") == "浙江大学医学院附属第一医院"
    assert page.input_value("#id_diagnosis_date") == (today - timedelta(days=3)).isoformat()
    assert "discharge-summary.pdf" in page.locator("main form.card").inner_text()
    assert list(draft.documents.values_list("original_name", flat=True)) == [
        "discharge-summary.pdf"
    ]
    assert not Claim.objects.filter(member=enrolment.member).exists()
    assert not ClaimEvent.objects.exists()
