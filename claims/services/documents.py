"""Documents: checked by their content (PDF, JPEG, PNG, parsed), never by their name."""

import hashlib
import logging
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from claims.document_checks import document_content_type
from claims.models import (
    Claim,
    ClaimDocument,
    ClaimDraft,
    DocumentRead,
    DocumentRequest,
    DraftStatus,
    ReaderRole,
)
from claims.models.guards import is_claimant
from claims.states import ClaimEventType, ClaimState, DocumentKind
from core import clock
from core.aggregates import audit_record, audit_row
from core.errors import InvalidDocument, InvalidTransition, NotPermitted, RuleViolation

logger = logging.getLogger(__name__)
STATES_ACCEPTING_DOCUMENTS = {ClaimState.FILED, ClaimState.INVESTIGATED, ClaimState.DISPUTED}


def document_inspect(upload: UploadedFile) -> tuple[str, str]:
    """Check size and content; return (content_type, sha256). Raises InvalidDocument.

    The content is parsed, not only sniffed (``claims.document_checks``): a PDF is opened
    with pypdf and refused with active content, an image is verified and decoded by
    Pillow within a pixel limit, and a polyglot is refused.
    """
    limit = settings.DOCUMENT_MAX_BYTES
    if upload.size is None or upload.size == 0:
        raise InvalidDocument(_("The file is empty."), code="document_empty")
    if upload.size > limit:
        raise InvalidDocument(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(upload.size / 1_048_576, 1), "limit": limit // 1_048_576},
            code="document_too_large",
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    upload.seek(0)
    if len(data) > limit:  # the size reported was not the size read
        raise InvalidDocument(
            _("The file is over the limit of %(limit)s MB.") % {"limit": limit // 1_048_576},
            code="document_too_large",
        )
    content_type = document_content_type(data, name=upload.name or "")
    return content_type, hashlib.sha256(data).hexdigest()


def _inspected(upload: UploadedFile, kind: str) -> tuple[str, str]:
    """The kind and the content checked, before any row is locked: parsing a large PDF
    takes a while, and the claim's row must not wait for it."""
    if kind not in DocumentKind.values:
        raise InvalidDocument(_("Unknown document kind."), code="document_kind_unknown")
    return document_inspect(upload)


def _store(
    *,
    upload: UploadedFile,
    kind: str,
    actor: User,
    now: datetime,
    inspected: tuple[str, str],
    claim: Claim | None = None,
    draft: ClaimDraft | None = None,
) -> ClaimDocument:
    content_type, sha256 = inspected
    owner: dict[str, Claim | ClaimDraft | None] = (
        {"claim": claim} if claim is not None else {"draft": draft}
    )
    existing = ClaimDocument.objects.filter(sha256=sha256, **owner).first()
    if existing:
        existing.already_there = True  # the same file is on it: nothing is added
        return existing
    document = ClaimDocument(
        claim=claim,
        draft=draft,
        kind=kind,
        original_name=(upload.name or "")[:255],
        content_type=content_type,
        size=upload.size or 0,  # an empty upload was refused by _inspected
        sha256=sha256,
        uploaded_by=actor,
        uploaded_at=now,
    )
    document.file.save("upload", upload, save=False)
    document.save()
    return document


def draft_attach_document(
    *, draft: ClaimDraft, actor: User, upload: UploadedFile, kind: str, now: datetime | None = None
) -> ClaimDocument:
    now = now or clock.now()
    inspected = _inspected(upload, kind)
    with transaction.atomic():
        return _draft_attach(draft, actor, upload, kind, now, inspected)


def _draft_attach(
    draft: ClaimDraft,
    actor: User,
    upload: UploadedFile,
    kind: str,
    now: datetime,
    inspected: tuple[str, str],
) -> ClaimDocument:
    draft = ClaimDraft.objects.select_for_update().get(pk=draft.pk)
    if draft.account_id != actor.pk:
        raise NotPermitted(_("This draft is not yours."))
    if draft.status == DraftStatus.EXPIRED:
        raise InvalidTransition(
            _("This draft expired when its claim window closed; it is kept for your records."),
            code="draft_expired",
        )
    if draft.status != DraftStatus.OPEN:
        raise InvalidTransition(_("This draft has been filed already."), code="draft_filed")
    return _store(upload=upload, kind=kind, actor=actor, now=now, inspected=inspected, draft=draft)


def claim_attach_document(
    *, claim: Claim | int, actor: User, upload: UploadedFile, kind: str, now: datetime | None = None
) -> ClaimDocument:
    """Add evidence to a claim under investigation or dispute; one event per new document.
    The same file again adds nothing: the document returned has ``already_there`` set."""
    now = now or clock.now()
    inspected = _inspected(upload, kind)
    with transaction.atomic():
        return _claim_attach(claim, actor, upload, kind, now, inspected)


def _claim_attach(
    claim: Claim | int,
    actor: User,
    upload: UploadedFile,
    kind: str,
    now: datetime,
    inspected: tuple[str, str],
) -> ClaimDocument:
    claim_id = claim.pk if isinstance(claim, Claim) else claim
    claim = Claim.objects.select_for_update(of=("self",)).select_related("member").get(pk=claim_id)
    return _attach_to_claim(
        claim, actor=actor, upload=upload, kind=kind, now=now, inspected=inspected
    )


def _attach_to_claim(
    claim: Claim,
    *,
    actor: User,
    upload: UploadedFile,
    kind: str,
    now: datetime,
    inspected: tuple[str, str],
    **payload: Any,
) -> ClaimDocument:
    """Store the upload on the locked claim; write the event if it is new."""
    if not (is_claimant(claim, actor) or actor.has_perm("claims.investigate_claim")):
        raise NotPermitted(_("You may not add documents to this claim."))
    if claim.state not in STATES_ACCEPTING_DOCUMENTS:
        raise InvalidTransition(
            _("Documents can be added while a claim is filed, investigated or disputed."),
            code="documents_closed",
        )
    document = _store(
        upload=upload, kind=kind, actor=actor, now=now, inspected=inspected, claim=claim
    )
    if not document.already_there:
        audit_record(
            claim,
            event_type=ClaimEventType.DOCUMENT_ATTACHED,
            actor=actor,
            now=now,
            payload={
                "document_id": document.pk,
                "kind": kind,
                "sha256": document.sha256,
                **payload,
            },
        )
    return document


# The role a reader is shown by, when they hold more than one.
READER_ROLES = [
    ReaderRole.REVIEWER,
    ReaderRole.INVESTIGATOR,
    ReaderRole.FINANCE,
    ReaderRole.OPERATOR,
]


def reader_role(user: User) -> str:
    if user.is_superuser:
        return ReaderRole.ADMINISTRATOR
    groups = set(user.groups.values_list("name", flat=True))
    return next((role for role in READER_ROLES if role in groups), ReaderRole.STAFF)


def document_read_record(
    *, document: ClaimDocument, reader: User, now: datetime | None = None
) -> DocumentRead | None:
    """Record that ``reader`` opened ``document``: who (and their role), which, when.

    Called by the download view before it serves the file, for every read by someone
    other than the document's own account (only staff with ``view_claimdocument`` may
    read another account's documents). The owner's own reads return None, unrecorded.
    """
    if document.owner_account_id == reader.pk:
        return None
    return audit_row(
        DocumentRead,
        document=document,
        reader=reader,
        reader_role=reader_role(reader),
        read_at=now or clock.now(),
    )


def document_request_answer(
    *,
    request: DocumentRequest | int,
    actor: User,
    upload: UploadedFile,
    now: datetime | None = None,
) -> ClaimDocument:
    """The member sends the document an investigator asked for: it joins the claim (one
    event naming the request, none if the same file was there already) and the request
    is marked answered, so its reminders stop. The investigator checks it and marks it
    received. Sending again replaces the answer (a wrong file can be corrected)."""
    now = now or clock.now()
    pk = request.pk if isinstance(request, DocumentRequest) else request
    claim_id, kind = DocumentRequest.objects.values_list("investigation__claim_id", "kind").get(
        pk=pk
    )
    inspected = _inspected(upload, kind)  # parsed before any row is locked
    with transaction.atomic():
        return _answer(pk, claim_id, actor=actor, upload=upload, now=now, inspected=inspected)


def _answer(
    pk: int,
    claim_id: int,
    *,
    actor: User,
    upload: UploadedFile,
    now: datetime,
    inspected: tuple[str, str],
) -> ClaimDocument:
    claim = Claim.objects.select_for_update(of=("self",)).select_related("member").get(pk=claim_id)
    request = DocumentRequest.objects.select_for_update().get(pk=pk)
    if not is_claimant(claim, actor):
        raise NotPermitted(_("Only the claimant answers a document request."))
    if request.received_at is not None:
        raise RuleViolation(
            _("The investigator has received this document already."), code="request_received"
        )
    if request.not_provided_at is not None:
        raise RuleViolation(
            _(
                "This request was closed as not provided; add the document to the claim "
                "below and the investigator will see it."
            ),
            code="request_closed",
        )
    document = _attach_to_claim(
        claim,
        actor=actor,
        upload=upload,
        kind=request.kind,
        now=now,
        inspected=inspected,
        request_id=request.pk,
    )
    request.answered_at = now
    request.document = document
    request.save(update_fields=["answered_at", "document"])
    return document


def delete_files_on_commit(documents: list[ClaimDocument]) -> None:
    """Remove the stored files once the rows' deletion has committed (a rollback keeps
    both)."""
    stored = [(d.file.storage, d.file.name) for d in documents if d.file]
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in stored])


@transaction.atomic
def draft_document_remove(*, document: ClaimDocument | int, actor: User) -> ClaimDocument:
    """Remove an upload from an open draft of the actor's (never from a claim: once
    filed, a document is evidence). The file goes too."""
    pk = document.pk if isinstance(document, ClaimDocument) else document
    draft_id = ClaimDocument.objects.values_list("draft_id", flat=True).get(pk=pk)
    draft = ClaimDraft.objects.select_for_update().filter(pk=draft_id).first()
    document = ClaimDocument.objects.select_for_update().get(pk=pk)
    if draft is None or draft.account_id != actor.pk:
        raise NotPermitted(_("This document is not on a draft of yours."))
    if document.claim_id is not None or draft.status != DraftStatus.OPEN:
        raise InvalidTransition(
            _("This document belongs to a filed claim and is kept as evidence."),
            code="document_in_use",
        )
    delete_files_on_commit([document])
    document.delete()
    logger.info("document %s removed from draft %s by account %s", pk, draft.pk, actor.pk)
    return document
