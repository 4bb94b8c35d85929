"""The claimant portal: thin views over claims.services and claims.selectors.

Every message says what happened and what comes next; a form that fails is shown again
with its errors beside its fields (status 422), never as a bare flash message.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from claims import selectors, services
from claims.hearings import hearing_deadlines
from claims.messages import (
    appeal_lodged,
    dispute_lodged,
    document_added,
    request_answered,
)
from claims.models import Claim, ClaimDocument, DocumentRequest
from claims.selectors.facts import claim_deciding_facts
from claims.selectors.progress import claim_progress
from core import clock
from core.errors import DomainError
from core.paging import bounded_page
from members.selectors import members_of_account
from portal.forms import AppealForm, DisputeForm, DocumentForm, RequestAnswerForm, WithdrawForm
from portal.selectors.actions import actions_needed
from portal.selectors.objections import objections_count

READS_SHOWN = 100  # the newest staff reads of the claim's documents on its page
CLAIMS_PER_PAGE = 20

CLAIM_FORMS = {
    "dispute_form": DisputeForm,
    "withdraw_form": WithdrawForm,
    "appeal_form": AppealForm,
    "document_form": DocumentForm,
}


def _answer_forms(actions, bound: RequestAnswerForm | None = None) -> dict[int, RequestAnswerForm]:
    """An upload form beside each document request (the bound one, if it failed)."""
    forms = {a.request.pk: RequestAnswerForm(request_id=a.request.pk) for a in actions if a.request}
    if bound is not None:
        forms[int((bound.prefix or "").rpartition("-")[2])] = bound
    return forms


@login_required
def portal_home(request):
    page = bounded_page(
        selectors.claims_of_account(account=request.user),
        number=request.GET.get("page"),
        per_page=CLAIMS_PER_PAGE,
    )
    actions = actions_needed(user=request.user, now=clock.now())
    return render(
        request,
        "claims/portal_home.html",
        {
            "page": page,
            "claims": page.object_list,
            "actions": actions,
            "answer_forms": _answer_forms(actions),
            "drafts": selectors.drafts_open_for(user=request.user),
            "expired_drafts": selectors.drafts_expired_for(user=request.user),
            "members": members_of_account(account=request.user),
            "objections_count": objections_count(user=request.user),
        },
    )


def _claim_or_404(request, reference: str) -> Claim:
    try:
        return selectors.claim_get_for_user(user=request.user, reference=reference)
    except Claim.DoesNotExist as exc:
        raise Http404 from exc


def _claim_page(request, claim: Claim, *, bound: dict | None = None, status: int = 200):
    """The claim page; ``bound``: forms that failed, shown with their errors."""
    now = clock.now()
    bound = bound or {}
    actions = actions_needed(user=request.user, now=now, claim=claim)
    context = {name: form_class() for name, form_class in CLAIM_FORMS.items()}
    context.update({k: v for k, v in bound.items() if k in CLAIM_FORMS})
    deadline = hearing_deadlines(claim_ids=[claim.pk]).get(claim.pk)
    context.update(
        {
            "claim": claim,
            "progress": claim_progress(claim=claim, now=now, panel_deadline_at=deadline),
            "actions_needed": actions,
            "answer_forms": _answer_forms(actions, bound.get("answer_form")),
            "timeline": selectors.claim_timeline(claim=claim, viewer=request.user),
            "deciding": claim_deciding_facts(claim=claim),
            "next_step": selectors.claim_next_step(claim=claim),
            "decision_clauses": selectors.claim_decision_clauses(claim=claim),
            "actions": selectors.claim_available_actions(claim=claim, user=request.user),
            "documents": claim.documents.all(),
            "document_requests": selectors.document_requests_of(claim=claim),
            "document_reads": selectors.document_reads_for_claim(claim=claim)[:READS_SHOWN],
            "document_reads_total": selectors.document_reads_for_claim(claim=claim).count(),
        }
    )
    return render(request, "claims/claim_detail.html", context, status=status)


@login_required
def claim_detail(request, reference: str):
    return _claim_page(request, _claim_or_404(request, reference))


def _claim_action(request, reference: str, form_name: str, act):
    """Validate the form, run ``act(claim, cleaned_data)`` and say what happened (the
    text ``act`` returns); a bad form or a refusal shows the page again, the error beside
    the field or at the top of the form."""
    claim = _claim_or_404(request, reference)
    form = CLAIM_FORMS[form_name](request.POST, request.FILES)
    if form.is_valid():
        try:
            done = act(claim, form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, done)
            return redirect("claims:claim-detail", claim.reference)
    claim = _claim_or_404(request, reference)  # as it is now
    return _claim_page(request, claim, bound={form_name: form}, status=422)


@login_required
@require_POST
def claim_dispute(request, reference: str):
    def act(claim, data):
        claim = services.claim_lodge_dispute(claim=claim, actor=request.user, reason=data["reason"])
        return dispute_lodged(claim)

    return _claim_action(request, reference, "dispute_form", act)


@login_required
@require_POST
def claim_appeal(request, reference: str):
    def act(claim, data):
        claim = services.claim_lodge_appeal(
            claim=claim, actor=request.user, statement=data["statement"]
        )
        return appeal_lodged(claim)

    return _claim_action(request, reference, "appeal_form", act)


@login_required
@require_POST
def claim_withdraw(request, reference: str):
    def act(claim, data):
        services.claim_withdraw(claim=claim, actor=request.user, reason=data["reason"])
        return _("Claim %(ref)s is withdrawn. Nothing more will happen on it.") % {
            "ref": claim.reference
        }

    return _claim_action(request, reference, "withdraw_form", act)


@login_required
@require_POST
def claim_add_document(request, reference: str):
    def act(claim, data):
        document = services.claim_attach_document(
            claim=claim, actor=request.user, upload=data["file"], kind=data["kind"]
        )
        return document_added(document, upload_name=data["file"].name)

    return _claim_action(request, reference, "document_form", act)


@login_required
@require_POST
def request_answer(request, reference: str, request_id: int):
    """The member sends the document an investigator asked for (from the portal's or the
    claim page's "needs your action" card)."""
    claim = _claim_or_404(request, reference)
    document_request = get_object_or_404(DocumentRequest, pk=request_id, investigation__claim=claim)
    form = RequestAnswerForm(request.POST, request.FILES, request_id=request_id)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            document = services.document_request_answer(
                request=document_request, actor=request.user, upload=upload
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, request_answered(document, document_request, upload.name))
            return redirect("claims:claim-detail", claim.reference)
    return _claim_page(request, claim, bound={"answer_form": form}, status=422)


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
