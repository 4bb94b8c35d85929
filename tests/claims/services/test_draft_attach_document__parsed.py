"""A hostile document is refused through the service, the API and the portal, and
nothing of it is kept (no row, no file)."""

from datetime import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from rest_framework.test import APIClient

from claims import services
from claims.models import ClaimDocument
from claims.samples import sample_image, sample_pdf
from core.errors import InvalidDocument
from tests.factories import BEIJING, EnrolmentFactory

pytestmark = pytest.mark.django_db


def pdf_with_javascript() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_open_action(JavaScript("app.launchURL('http://example.org');"))
    from io import BytesIO

    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def stored_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_the_service_keeps_nothing_of_a_refused_file(settings):
    enrolment = EnrolmentFactory()
    account = enrolment.member.account
    draft = services.draft_save(account=account, data={})
    polyglot = sample_image("JPEG") + sample_pdf()
    for data, code in ((pdf_with_javascript(), "document_unsafe"), (polyglot, "document_unsafe")):
        with pytest.raises(InvalidDocument) as refusal:
            services.draft_attach_document(
                draft=draft,
                actor=account,
                kind="medical_record",
                upload=SimpleUploadedFile("x.pdf", data),
            )
        assert refusal.value.code == code
    assert not ClaimDocument.objects.exists()
    assert stored_files(settings) == []


def test_the_api_answers_422_with_the_code():
    enrolment = EnrolmentFactory()
    client = APIClient()
    client.force_authenticate(enrolment.member.account)
    draft = client.post("/api/v1/drafts/", {}, format="json").json()
    response = client.post(
        f"/api/v1/drafts/{draft['id']}/documents/",
        {"kind": "medical_record", "file": SimpleUploadedFile("a.pdf", pdf_with_javascript())},
        format="multipart",
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "document_unsafe" and "JavaScript" in body["message"]


@time_machine.travel(datetime(2024, 6, 1, 12, tzinfo=BEIJING), tick=False)
def test_the_portal_names_the_file_and_why_in_chinese(client):
    enrolment = EnrolmentFactory()
    client.force_login(enrolment.member.account)
    data = {
        "member": enrolment.member.pk,
        "plan": enrolment.plan.pk,
        "hospital": "浙一医院",
        "document_kind": "medical_record",
        "documents": [SimpleUploadedFile("报告.pdf", pdf_with_javascript())],
        "save_only": "1",
    }
    with translation.override("zh-hans"):
        response = client.post(reverse("claims:claim-new"), data, follow=True)
    page = response.content.decode()
    assert "“报告.pdf”含有JavaScript" in page
    assert not ClaimDocument.objects.exists()
