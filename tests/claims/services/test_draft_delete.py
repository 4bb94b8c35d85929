"""Deleting an open draft, and removing an upload from one: rows and files go; a filed
or expired draft, and a claim's documents, stay."""

import pytest

from claims import services
from claims.models import ClaimDocument, ClaimDraft
from core.errors import DomainError, NotPermitted
from tests.factories import EnrolmentFactory, UserFactory, file_claim, pdf_upload

pytestmark = pytest.mark.django_db


def draft_with_document():
    enrolment = EnrolmentFactory()
    account = enrolment.member.account
    draft = services.draft_save(
        account=account, data={"member": enrolment.member, "hospital": "Zhejiang 1st"}
    )
    document = services.draft_attach_document(
        draft=draft, actor=account, upload=pdf_upload(), kind="medical_record"
    )
    return draft, document


def test_a_draft_and_its_files_are_deleted(django_capture_on_commit_callbacks):
    draft, document = draft_with_document()
    storage, name = document.file.storage, document.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        removed = services.draft_delete(draft=draft, actor=draft.account)
    assert removed == 1
    assert not ClaimDraft.objects.filter(pk=draft.pk).exists()
    assert not ClaimDocument.objects.filter(pk=document.pk).exists()
    assert not storage.exists(name)


def test_only_its_own_open_draft():
    draft, _document = draft_with_document()
    with pytest.raises(NotPermitted):
        services.draft_delete(draft=draft, actor=UserFactory())
    claim = file_claim()
    filed = ClaimDraft.objects.get(claim=claim)
    with pytest.raises(DomainError) as refusal:
        services.draft_delete(draft=filed, actor=filed.account)
    assert refusal.value.code == "draft_filed"
    ClaimDraft.objects.filter(pk=draft.pk).update(status="expired")
    with pytest.raises(DomainError) as refusal:
        services.draft_delete(draft=draft, actor=draft.account)
    assert refusal.value.code == "draft_expired"
    assert ClaimDraft.objects.filter(pk__in=[draft.pk, filed.pk]).count() == 2


def test_an_upload_is_removed_from_an_open_draft(django_capture_on_commit_callbacks):
    draft, document = draft_with_document()
    storage, name = document.file.storage, document.file.name
    with pytest.raises(NotPermitted):
        services.draft_document_remove(document=document, actor=UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        services.draft_document_remove(document=document, actor=draft.account)
    assert not draft.documents.exists() and not storage.exists(name)
    assert ClaimDraft.objects.filter(pk=draft.pk).exists()


def test_a_filed_claims_document_is_evidence_and_stays():
    claim = file_claim()
    document = claim.documents.get()
    with pytest.raises(DomainError) as refusal:
        services.draft_document_remove(document=document, actor=claim.member.account)
    assert refusal.value.code == "document_in_use"
    assert ClaimDocument.objects.filter(pk=document.pk).exists()
