"""The claimant's drafts: enter, attach, file; delete a draft or an upload (each after a
confirmation page, so a refresh never repeats it)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_stubs_ext import StrOrPromise

from claims import selectors, services
from claims.models import ClaimDocument, ClaimDraft, DraftStatus
from claims.selectors.progress import decision_due_at
from claims.services.filing import DRAFT_FIELDS, draft_missing_fields
from core.clock import format_deadline
from core.errors import DomainError
from core.forms import form_add_domain_error
from portal.forms import ClaimDraftForm


def _own_draft(request, draft_id: int) -> ClaimDraft:
    return get_object_or_404(ClaimDraft, pk=draft_id, account=request.user)


def _render(request, form, draft, status=200):
    missing = []
    if draft is not None and draft.refusal_code == "draft_incomplete" and not form.is_bound:
        missing = draft_missing_fields(draft)
    return render(
        request,
        "claims/draft_form.html",
        {"form": form, "draft": draft, "missing_fields": missing},
        status=status,
    )


@login_required
def draft_edit(request, draft_id: int | None = None):
    """New claim or an open draft: save what was entered, attach files, then try to file."""
    draft = None
    if draft_id is not None:
        draft = _own_draft(request, draft_id)
        if draft.status == DraftStatus.FILED and draft.claim is not None:
            return redirect("claims:claim-detail", draft.claim.reference)
    if request.method == "POST":
        form = ClaimDraftForm(request.POST, request.FILES, account=request.user)
        if form.is_valid():
            return _save_and_file(request, form, draft)
        return _render(request, form, draft, status=422)
    if draft is not None:
        initial = {field: getattr(draft, field) for field in DRAFT_FIELDS}
    else:
        initial = selectors.draft_initial_for(account=request.user)
    return _render(request, ClaimDraftForm(initial=initial, account=request.user), draft)


def _attach(request, form, draft) -> list[StrOrPromise]:
    """Attach the uploads; the errors, each naming its file."""
    errors = []
    for upload in form.cleaned_data["documents"]:
        try:
            document = services.draft_attach_document(
                draft=draft,
                actor=request.user,
                upload=upload,
                kind=form.cleaned_data["document_kind"] or "medical_record",
            )
        except DomainError as error:
            errors.append(error.message)
            continue
        if document.already_there:
            messages.info(
                request,
                _("“%(name)s” was already attached to this draft (as “%(original)s”).")
                % {"name": upload.name, "original": document.original_name},
            )
    return errors


def _save_and_file(request, form, draft):
    data = {field: form.cleaned_data[field] for field in DRAFT_FIELDS}
    try:
        draft = services.draft_save(account=request.user, data=data, draft=draft)
    except DomainError as error:
        form_add_domain_error(form, error)  # a date out of range: on its field
        return _render(request, form, draft, status=422)
    upload_errors = _attach(request, form, draft)
    for message in upload_errors:
        messages.error(request, message)
    if upload_errors or "save_only" in request.POST:
        messages.info(
            request,
            _("Draft #%(n)s is saved. File it once every field and a medical document are in.")
            % {"n": draft.pk},
        )
        return redirect("claims:draft-edit", draft.pk)
    try:
        claim = services.claim_file(draft=draft, actor=request.user)
    except DomainError as refusal:
        messages.error(request, refusal.message)
        return redirect("claims:draft-edit", draft.pk)
    messages.success(
        request,
        _(
            "Claim %(ref)s is filed. A decision is due by %(due)s (Beijing time); we will "
            "write to you at every step."
        )
        % {"ref": claim.reference, "due": format_deadline(decision_due_at(claim))},
    )
    return redirect("claims:claim-detail", claim.reference)


@login_required
def draft_delete(request, draft_id: int):
    draft = _own_draft(request, draft_id)
    if request.method == "POST":
        try:
            count = services.draft_delete(draft=draft, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("claims:draft-edit", draft.pk)
        messages.success(
            request,
            ngettext(
                "Draft #%(n)s is deleted, with its %(count)s document.",
                "Draft #%(n)s is deleted, with its %(count)s documents.",
                count,
            )
            % {"n": draft_id, "count": count},
        )
        return redirect("claims:portal-home")
    return render(request, "claims/draft_delete.html", {"draft": draft})


@login_required
def draft_document_remove(request, draft_id: int, document_id: int):
    draft = _own_draft(request, draft_id)
    document = get_object_or_404(ClaimDocument, pk=document_id, draft=draft)
    if request.method == "POST":
        try:
            services.draft_document_remove(document=document, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("“%(name)s” is removed from draft #%(n)s.")
                % {"name": document.original_name, "n": draft.pk},
            )
        return redirect("claims:draft-edit", draft.pk)
    return render(
        request, "claims/draft_document_remove.html", {"draft": draft, "document": document}
    )
