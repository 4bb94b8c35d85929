"""The investigator's steps on the case page (调查): visits, document requests, facts,
sign-off. Thin views: one service each, through ``case.act`` (POST/redirect/GET)."""

from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from claims import services
from core import clock
from office.views.access import office_required
from office.views.case import act, case_investigation


@office_required
@require_POST
def record_visit(request, reference: str):
    return act(
        request,
        reference,
        "visit",
        lambda claim, form: services.investigation_record_visit(
            investigation=case_investigation(claim), actor=request.user, **form.cleaned_data
        ),
        _("The visit is recorded."),
    )


@office_required
@require_POST
def request_document(request, reference: str):
    return act(
        request,
        reference,
        "request",
        lambda claim, form: services.investigation_request_document(
            investigation=case_investigation(claim), actor=request.user, **form.cleaned_data
        ),
        _requested,
    )


@office_required
@require_POST
def receive_document(request, reference: str):
    return act(
        request,
        reference,
        "receive",
        lambda claim, form: services.investigation_receive_document(
            request=form.cleaned_data["request"],
            actor=request.user,
            document=form.cleaned_data["document"],
        ),
        _("The request is marked received."),
    )


@office_required
@require_POST
def close_request_not_provided(request, reference: str):
    return act(
        request,
        reference,
        "not_provided",
        lambda claim, form: services.investigation_close_request_not_provided(
            request=form.cleaned_data["request"],
            actor=request.user,
            note=form.cleaned_data["note"],
        ),
        _("The request is closed as not provided; the investigation goes on without it."),
    )


@office_required
@require_POST
def record_facts(request, reference: str):
    return act(
        request,
        reference,
        "facts",
        lambda claim, form: services.investigation_record_facts(
            investigation=case_investigation(claim),
            actor=request.user,
            facts=form.facts(),
            non_disclosure_found=form.non_disclosure(),
            non_disclosure_notes=form.cleaned_data["non_disclosure_notes"],
        ),
        _("The facts are recorded and evaluated."),
    )


@office_required
@require_POST
def complete(request, reference: str):
    return act(
        request,
        reference,
        "complete",
        lambda claim, form: services.investigation_complete(
            investigation=case_investigation(claim),
            actor=request.user,
            summary=form.cleaned_data["summary"],
        ),
        _("The investigation is signed off; the claim waits for the reviewer's decision."),
    )


def _requested(document_request) -> str:
    if document_request.due_at:
        return _("The document is requested from the claimant, due %(due)s.") % {
            "due": clock.format_deadline(document_request.due_at)
        }
    return _("The document is requested from the claimant.")
