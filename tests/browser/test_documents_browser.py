"""Documents in a real browser: a staff read shows on the claimant's claim page; a
document with JavaScript and one over the size limit are refused with clear words."""

from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfWriter
from pypdf.actions import JavaScript

from claims.models import ClaimDocument, DocumentRead
from claims.samples import sample_image
from claims.states import ClaimState
from tests.browser.support import PASSWORD, SCREENSHOTS, closes_db_connections, sign_in, sign_out
from tests.factories import claim_in_state, staff

pytestmark = pytest.mark.browser


def _with_password(user):
    user.set_password(PASSWORD)
    user.save()
    return user


@closes_db_connections
def test_the_claimant_sees_which_staff_role_read_their_document(
    live_server, transactional_db, django_db_serialized_rollback, page
):
    claim = claim_in_state(ClaimState.FILED)
    claimant = _with_password(claim.member.account)
    reviewer = _with_password(staff("reviewer", "rev-browser"))
    document = ClaimDocument.objects.get(claim=claim)

    sign_in(page, live_server.url, reviewer.username)
    page.goto(f"{live_server.url}{reverse('office:case', args=[claim.reference])}")
    link = page.locator(f"a[href$='/claims/documents/{document.pk}/']").first
    response = page.request.get(f"{live_server.url}{link.get_attribute('href')}")
    assert response.ok and response.body().startswith(b"%PDF-")
    assert DocumentRead.objects.filter(document=document, reader=reviewer).count() == 1
    sign_out(page)

    sign_in(page, live_server.url, claimant.username)
    page.goto(f"{live_server.url}{reverse('claims:claim-detail', args=[claim.reference])}")
    reads = page.locator("#document-reads").inner_text()
    page.screenshot(path=SCREENSHOTS / "browser-document-reads.png", full_page=True)
    assert "谁查看过材料" in reads
    assert f"审核员（工号 S{reviewer.pk:05d}）" in reads
    assert document.original_name in reads and reviewer.username not in reads


@closes_db_connections
def test_a_pdf_with_javascript_and_an_oversized_file_are_refused_on_the_page(
    live_server, transactional_db, django_db_serialized_rollback, page, tmp_path, settings
):
    settings.DOCUMENT_MAX_BYTES = 20_000
    claim = claim_in_state(ClaimState.FILED)
    claimant = _with_password(claim.member.account)
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_open_action(JavaScript("app.alert('hi');"))
    buffer = BytesIO()
    writer.write(buffer)
    scripted = tmp_path / "scripted.pdf"
    scripted.write_bytes(buffer.getvalue())
    big = tmp_path / "big-scan.png"
    big.write_bytes(sample_image("PNG", size=(400, 400)) + b"\0" * 30_000)

    sign_in(page, live_server.url, claimant.username)
    claim_url = f"{live_server.url}{reverse('claims:claim-detail', args=[claim.reference])}"
    page.goto(claim_url)
    page.set_input_files("#id_file", str(scripted))
    with page.expect_navigation():
        page.click("form[action$='/documents/'] button[type=submit]")
    page.screenshot(path=SCREENSHOTS / "browser-document-unsafe.png", full_page=True)
    assert "“scripted.pdf”含有JavaScript" in page.locator("main").inner_text()

    page.goto(claim_url)
    page.set_input_files("#id_file", str(big))
    with page.expect_navigation():
        page.click("form[action$='/documents/'] button[type=submit]")
    page.screenshot(path=SCREENSHOTS / "browser-upload-too-large.png", full_page=True)
    text = page.locator("main").inner_text()
    assert "上传被拒绝" in text and "“big-scan.png”超过单份材料" in text
    assert ClaimDocument.objects.filter(claim=claim).count() == 1
