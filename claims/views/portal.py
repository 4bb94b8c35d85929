"""The claimant portal: thin views over claims.services and claims.selectors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from claims import selectors, services
from claims.forms import AppealForm, ClaimDraftForm, DisputeForm, DocumentForm, WithdrawForm
from claims.models import Claim, ClaimDocument, ClaimDraft, DraftStatus
from claims.selectors_facts import claim_deciding_facts
from claims.services.filing import DRAFT_FIELDS
from core.errors import DomainError
from core.forms import form_add_domain_error
from members.selectors import members_of_account

READS_SHOWN = 100  # the newest staff reads of the claim's documents on its page


@login_required
def portal_home(request):
    claims = selectors.claims_visible_to(user=request.user).filter(member__account=request.user)
    return render(
        request,
        "claims/portal_home.html",
        {
            "claims": claims,
            "drafts": selectors.drafts_open_for(user=request.user),
            "expired_drafts": selectors.drafts_expired_for(user=request.user),
            "members": members_of_account(account=request.user),
        },
    )


@login_required
def draft_edit(request, draft_id: int | None = None):
    """New claim or an open draft: save what was entered, attach files, then try to file."""
    draft = None
    if draft_id is not None:
        draft = get_object_or_404(ClaimDraft, pk=draft_id, account=request.user)
        if draft.status == DraftStatus.FILED:
            return redirect("claims:claim-detail", draft.claim.reference)
    if request.method == "POST":
        form = ClaimDraftForm(request.POST, request.FILES, account=request.user)
        if form.is_valid():
            return _save_and_file(request, form, draft)
    else:
        if draft is not None:
            initial = {field: getattr(draft, field) for field in DRAFT_FIELDS}
        else:
            initial = selectors.draft_initial_for(account=request.user)
        form = ClaimDraftForm(initial=initial, account=request.user)
    return render(request, "claims/draft_form.html", {"form": form, "draft": draft})


def _save_and_file(request, form, draft):
    data = {field: form.cleaned_data[field] for field in DRAFT_FIELDS}
    try:
        draft = services.draft_save(account=request.user, data=data, draft=draft)
    except DomainError as error:
        form_add_domain_error(form, error)  # a date out of range: on its field
        return render(request, "claims/draft_form.html", {"form": form, "draft": draft})
    upload_errors = []
    for upload in form.cleaned_data["documents"]:
        try:
            services.draft_attach_document(
                draft=draft,
                actor=request.user,
                upload=upload,
                kind=form.cleaned_data["document_kind"] or "medical_record",
            )
        except DomainError as error:
            upload_errors.append(error.message)
    for message in upload_errors:
        messages.error(request, message)
    if upload_errors or "save_only" in request.POST:
        messages.info(request, _("Your draft is saved."))
        return redirect("claims:draft-edit", draft.pk)
    try:
        claim = services.claim_file(draft=draft, actor=request.user)
    except DomainError as refusal:
        messages.error(request, refusal.message)
        return redirect("claims:draft-edit", draft.pk)
    messages.success(request, _("Claim %(ref)s is filed.") % {"ref": claim.reference})
    return redirect("claims:claim-detail", claim.reference)


@login_required
def claim_detail(request, reference: str):
    try:
        claim = selectors.claim_get_for_user(user=request.user, reference=reference)
    except Claim.DoesNotExist as exc:
        raise Http404 from exc
    return render(
        request,
        "claims/claim_detail.html",
        {
            "claim": claim,
            "timeline": selectors.claim_timeline(claim=claim, viewer=request.user),
            "next_step": selectors.claim_next_step(claim=claim),
            "deciding": claim_deciding_facts(claim=claim),
            "open_for": selectors.claim_step_durations(claim=claim),
            "actions": selectors.claim_available_actions(claim=claim, user=request.user),
            "documents": claim.documents.all(),
            "document_reads": selectors.document_reads_for_claim(claim=claim)[:READS_SHOWN],
            "document_reads_total": selectors.document_reads_for_claim(claim=claim).count(),
            "dispute_form": DisputeForm(),
            "withdraw_form": WithdrawForm(),
            "appeal_form": AppealForm(),
            "document_form": DocumentForm(),
        },
    )


def _claim_action(request, reference, form_class, act):
    try:
        claim = selectors.claim_get_for_user(user=request.user, reference=reference)
    except Claim.DoesNotExist as exc:
        raise Http404 from exc
    form = form_class(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("claims:claim-detail", claim.reference)
    try:
        act(claim, form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Done."))
    return redirect("claims:claim-detail", claim.reference)


@login_required
@require_POST
def claim_dispute(request, reference: str):
    return _claim_action(
        request,
        reference,
        DisputeForm,
        lambda c, d: services.claim_lodge_dispute(claim=c, actor=request.user, reason=d["reason"]),
    )


@login_required
@require_POST
def claim_appeal(request, reference: str):
    from jury.services.panels import panel_appeal

    return _claim_action(
        request,
        reference,
        AppealForm,
        lambda c, d: panel_appeal(claim=c, actor=request.user, statement=d["statement"]),
    )


@login_required
@require_POST
def claim_withdraw(request, reference: str):
    return _claim_action(
        request,
        reference,
        WithdrawForm,
        lambda c, d: services.claim_withdraw(claim=c, actor=request.user, reason=d["reason"]),
    )


@login_required
@require_POST
def claim_add_document(request, reference: str):
    return _claim_action(
        request,
        reference,
        DocumentForm,
        lambda c, d: services.claim_attach_document(
            claim=c, actor=request.user, upload=d["file"], kind=d["kind"]
        ),
    )


@login_required
def document_download(request, document_id: int):
    try:
        document = selectors.document_for_user(user=request.user, document_id=document_id)
    except ClaimDocument.DoesNotExist as exc:
        raise Http404 from exc
    # Every read by staff is recorded (who, which, when) before the file is served.
    services.document_read_record(document=document, reader=request.user)
    response = FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        filename=document.original_name,
        as_attachment=False,
    )
    # An uploaded file is shown, never run: no scripts, no sniffing, no framing.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
