"""The back office (后台) of reviewers and investigators: thin views over the services.

Each POST calls exactly one service. A refusal (DomainError) is shown as a message on
the case page, re-rendered with what was typed; a success redirects back to the page.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from claims import selectors, services
from claims import selectors_backoffice as office
from claims.forms_backoffice import (
    AssignForm,
    CompleteForm,
    ConfirmDecisionForm,
    DocumentRequestForm,
    FactsForm,
    NotProvidedForm,
    OverrideDecisionForm,
    QueueFilterForm,
    ReceiveDocumentForm,
    VisitForm,
)
from claims.models import Claim
from claims.selectors_facts import claim_clause_words, claim_fact_tree
from core import clock
from core.errors import DomainError
from core.forms import form_add_domain_error
from members.models import Plan

PAGE_SIZE = 50


def office_required(view):
    """Reviewers and investigators only: others get 403, anonymous users the login page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not office.office_user_may_enter(user=request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


# --- queues --------------------------------------------------------------------------


@office_required
def queue(request):
    now = clock.now()
    tab = request.GET.get("tab") or office.QUEUE_UNASSIGNED
    if tab not in dict(office.QUEUES):
        tab = office.QUEUE_UNASSIGNED
    filters = QueueFilterForm(
        request.GET or None,
        plans=Plan.objects.order_by("id"),
        conditions=office.condition_filter_choices(),
    )
    chosen = {}
    if filters.is_bound and filters.is_valid():
        plan = filters.cleaned_data["plan"]
        chosen = {
            "plan_id": plan.pk if plan else None,
            "condition_code": filters.cleaned_data["condition"],
            "state": filters.cleaned_data["state"],
        }
    claims = office.office_queue(queue=tab, user=request.user, now=now, **chosen)
    page = Paginator(claims, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = office.office_queue_counts(user=request.user, now=now, **chosen)
    return render(
        request,
        "office/queue.html",
        {
            "tab": tab,
            "tabs": [(key, label, counts[key]) for key, label in office.QUEUES],
            "filters": filters,
            "filtered": any(chosen.values()),
            "page": page,
            "rows": office.queue_rows(claims=page.object_list, now=now),
            "due_soon_days": office.DUE_SOON_DAYS,
        },
    )


# --- the case page -------------------------------------------------------------------


def _case(reference: str) -> Claim:
    try:
        return office.office_case(reference=reference)
    except Claim.DoesNotExist as exc:
        raise Http404 from exc


def _forms(claim, investigation, actions, bound):
    """The forms for the actions this user may take; ``bound`` replaces one after a refusal."""
    forms = {}
    if "assign" in actions:
        forms["assign"] = AssignForm(investigators=office.investigators_for_assignment())
    if "decide" in actions:
        forms["confirm"] = ConfirmDecisionForm()
        forms["override"] = OverrideDecisionForm()
    if "investigate" in actions:
        if claim.condition_definition is not None:
            forms["facts"] = FactsForm(
                tree=claim.condition_definition.criteria,
                investigation=investigation,
                vocabulary=claim.condition_definition.definition_set.facts,
            )
        forms["visit"] = VisitForm(initial={"visited_on": clock.today(), "place": claim.hospital})
        forms["request"] = DocumentRequestForm()
        forms["receive"] = ReceiveDocumentForm(investigation=investigation)
        forms["not_provided"] = NotProvidedForm(investigation=investigation, now=clock.now())
        forms["complete"] = CompleteForm(initial={"summary": investigation.summary})
    forms.update(bound or {})
    for name, form in forms.items():
        form.auto_id = f"id_{name}_%s"  # several forms on one page: ids stay unique
    return forms


def _render_case(request, claim: Claim, bound: dict | None = None):
    user = request.user
    investigation = office.claim_investigation(claim)
    actions = office.case_actions(claim=claim, investigation=investigation, user=user)
    definition = claim.condition_definition
    proposal = office.case_proposal(investigation=investigation)
    return render(
        request,
        "office/case.html",
        {
            "claim": claim,
            "member": claim.member,
            "enrolment": office.enrolment_facts(claim=claim),
            "investigation": investigation,
            "clock": office.case_clock(claim=claim, today=clock.today()),
            "conflicted": office.user_is_conflicted(claim=claim, user=user),
            "actions": actions,
            "forms": _forms(claim, investigation, actions, bound),
            "definition": definition,
            "criteria": claim_fact_tree(claim=claim),
            "outcome": (investigation.evaluation or {}).get("outcome") if investigation else None,
            "proposal": proposal,
            "proposal_words": claim_clause_words(claim=claim, keys=proposal.clause)
            if proposal
            else "",
            "decision_words": claim_clause_words(claim=claim, keys=claim.decision_clause),
            "visits": investigation.visits.select_related("recorded_by") if investigation else [],
            "requests": (
                investigation.document_requests.select_related("document", "requested_by")
                if investigation
                else []
            ),
            "documents": claim.documents.all(),
            "timeline": selectors.claim_timeline(claim=claim, viewer=request.user),
        },
    )


@office_required
def case(request, reference: str):
    return _render_case(request, _case(reference))


# Where each form sits on the case page: a refusal re-renders there (the form's action
# carries the fragment), a success comes back there.
ANCHORS = {
    "assign": "investigation",
    "confirm": "decide",
    "override": "decide",
    "facts": "facts",
    "visit": "visits",
    "request": "requests",
    "receive": "requests",
    "not_provided": "requests",
    "complete": "complete",
}

# A decision or a sign-off removes its form: the page comes back to the top or the record.
AFTER_SUCCESS = {"confirm": "main", "override": "main", "complete": "investigation"}


def _back_to_case(claim: Claim, anchor: str = ""):
    url = reverse("office:case", args=[claim.reference])
    return redirect(f"{url}#{anchor}" if anchor else url)


def _act(request, reference: str, name: str, make_form: Callable, act: Callable, done: str):
    """Validate one form, call one service; on refusal re-render with the input kept and
    the service's message shown, at the top and on the form."""
    claim = _case(reference)
    form = make_form(claim, request.POST)
    if form.is_valid():
        try:
            act(claim, form)
        except DomainError as error:
            messages.error(request, error.message)
            form_add_domain_error(form, error)  # on the field it names, or the form
        else:
            messages.success(request, done)
            return _back_to_case(claim, AFTER_SUCCESS.get(name, ANCHORS[name]))
    else:
        messages.error(request, _("Please correct the marked fields."))
    return _render_case(request, claim, bound={name: form})


def _investigation(claim):
    investigation = office.claim_investigation(claim)
    if investigation is None:
        raise Http404
    return investigation


@office_required
@require_POST
def assign(request, reference: str):
    return _act(
        request,
        reference,
        "assign",
        lambda claim, data: AssignForm(data, investigators=office.investigators_for_assignment()),
        lambda claim, form: services.investigation_assign(
            claim=claim,
            investigator=form.cleaned_data["investigator"],
            actor=request.user,
            due_on=form.cleaned_data["due_on"],
        ),
        _("The investigation is assigned."),
    )


@office_required
@require_POST
def assign_next(request, reference: str):
    claim = _case(reference)
    try:
        investigation = services.investigation_assign_next(claim=claim, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return _render_case(request, claim)
    messages.success(
        request,
        _("Assigned to %(name)s.") % {"name": investigation.investigator.get_username()},
    )
    return _back_to_case(claim, "investigation")


@office_required
@require_POST
def confirm(request, reference: str):
    return _act(
        request,
        reference,
        "confirm",
        lambda claim, data: ConfirmDecisionForm(data),
        lambda claim, form: services.claim_decide(
            claim=claim, actor=request.user, reason=form.cleaned_data["reason"]
        ),
        _("The decision is recorded."),
    )


@office_required
@require_POST
def override(request, reference: str):
    return _act(
        request,
        reference,
        "override",
        lambda claim, data: OverrideDecisionForm(data),
        lambda claim, form: services.claim_decide(
            claim=claim,
            actor=request.user,
            decision=form.cleaned_data["decision"],
            reason=form.cleaned_data["reason"],
        ),
        _("The decision is recorded."),
    )


@office_required
@require_POST
def record_visit(request, reference: str):
    return _act(
        request,
        reference,
        "visit",
        lambda claim, data: VisitForm(data),
        lambda claim, form: services.investigation_record_visit(
            investigation=_investigation(claim), actor=request.user, **form.cleaned_data
        ),
        _("The visit is recorded."),
    )


@office_required
@require_POST
def request_document(request, reference: str):
    return _act(
        request,
        reference,
        "request",
        lambda claim, data: DocumentRequestForm(data),
        lambda claim, form: services.investigation_request_document(
            investigation=_investigation(claim), actor=request.user, **form.cleaned_data
        ),
        _("The document is requested."),
    )


@office_required
@require_POST
def receive_document(request, reference: str):
    return _act(
        request,
        reference,
        "receive",
        lambda claim, data: ReceiveDocumentForm(data, investigation=_investigation(claim)),
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
    return _act(
        request,
        reference,
        "not_provided",
        lambda claim, data: NotProvidedForm(
            data, investigation=_investigation(claim), now=clock.now()
        ),
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
    def make_form(claim, data):
        if claim.condition_definition is None:
            raise Http404
        return FactsForm(
            data,
            tree=claim.condition_definition.criteria,
            investigation=_investigation(claim),
            vocabulary=claim.condition_definition.definition_set.facts,
        )

    return _act(
        request,
        reference,
        "facts",
        make_form,
        lambda claim, form: services.investigation_record_facts(
            investigation=_investigation(claim),
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
    return _act(
        request,
        reference,
        "complete",
        lambda claim, data: CompleteForm(data),
        lambda claim, form: services.investigation_complete(
            investigation=_investigation(claim),
            actor=request.user,
            summary=form.cleaned_data["summary"],
        ),
        _("The investigation is complete."),
    )
