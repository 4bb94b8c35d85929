import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from claims import services
from claims.models import ClaimDocument, ClaimEvent
from claims.states import ClaimState
from core.errors import InvalidDocument, InvalidTransition, NotPermitted
from tests.factories import PDF_BYTES, PNG_BYTES, EnrolmentFactory, claim_in_state

pytestmark = pytest.mark.django_db


def draft():
    enrolment = EnrolmentFactory()
    return services.draft_save(account=enrolment.member.account, data={}), enrolment.member.account


def test_pdf_and_png_are_recognised_by_content_not_name():
    d, account = draft()
    pdf = services.draft_attach_document(
        draft=d,
        actor=account,
        kind="medical_record",
        upload=SimpleUploadedFile("scan.png", PDF_BYTES, content_type="image/png"),
    )
    png = services.draft_attach_document(
        draft=d,
        actor=account,
        kind="test_report",
        upload=SimpleUploadedFile("report.pdf", PNG_BYTES, content_type="application/pdf"),
    )
    assert (pdf.content_type, png.content_type) == ("application/pdf", "image/png")
    assert pdf.file.name.endswith(".pdf") and "scan" not in pdf.file.name
    with pdf.file.open("rb") as stored:
        assert stored.read() == PDF_BYTES


def test_a_text_file_named_pdf_is_refused():
    d, account = draft()
    with pytest.raises(InvalidDocument) as refusal:
        services.draft_attach_document(
            draft=d,
            actor=account,
            kind="medical_record",
            upload=SimpleUploadedFile("record.pdf", b"<html>not a pdf</html>"),
        )
    assert refusal.value.code == "document_type_not_allowed"
    assert not ClaimDocument.objects.exists()


def test_size_limit(settings):
    settings.DOCUMENT_MAX_BYTES = 1024
    d, account = draft()
    big = SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * 2048)
    with pytest.raises(InvalidDocument) as refusal:
        services.draft_attach_document(draft=d, actor=account, kind="medical_record", upload=big)
    assert refusal.value.code == "document_too_large"
    with pytest.raises(InvalidDocument):
        services.draft_attach_document(
            draft=d,
            actor=account,
            kind="medical_record",
            upload=SimpleUploadedFile("empty.pdf", b""),
        )


def test_the_same_file_twice_is_stored_once():
    d, account = draft()
    for _ in range(2):
        services.draft_attach_document(
            draft=d,
            actor=account,
            kind="medical_record",
            upload=SimpleUploadedFile("a.pdf", PDF_BYTES),
        )
    assert d.documents.count() == 1


def test_claim_document_writes_an_event_and_only_while_open():
    claim = claim_in_state(ClaimState.FILED)
    owner = claim.member.account
    before = ClaimEvent.objects.filter(claim=claim).count()
    services.claim_attach_document(
        claim=claim,
        actor=owner,
        kind="pathology_report",
        upload=SimpleUploadedFile("p.png", PNG_BYTES),
    )
    event = ClaimEvent.objects.filter(claim=claim).last()
    assert ClaimEvent.objects.filter(claim=claim).count() == before + 1
    assert event.event_type == "document_attached"
    assert event.from_state == event.to_state == ClaimState.FILED
    stranger = EnrolmentFactory().member.account
    with pytest.raises(NotPermitted):
        services.claim_attach_document(
            claim=claim,
            actor=stranger,
            kind="evidence",
            upload=SimpleUploadedFile("q.png", PNG_BYTES),
        )
    paid = claim_in_state(ClaimState.PAID)
    with pytest.raises(InvalidTransition):
        services.claim_attach_document(
            claim=paid,
            actor=paid.member.account,
            kind="evidence",
            upload=SimpleUploadedFile("q.png", PNG_BYTES),
        )
