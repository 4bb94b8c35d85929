"""The back office's case page (后台) and its steps of assignment and decision: thin views
over the services (the investigator's steps are in ``investigation``, the reviewer's others
in ``review``; both take them through ``act`` and ``step`` here).

Each POST calls exactly one service and always answers with a redirect (POST/redirect/
GET), so a refresh never sends it again. A success comes back to the case with a message
saying what was done; a refusal (DomainError) or a form with errors comes back with a
message saying why, and the form is shown again with what was typed (kept in the session
for the one GET that follows).
"""

from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from claims import selectors, services
from claims.models import Claim
from claims.selectors.facts import claim_clause_words, claim_fact_tree
from claims.selectors.progress import case_clock
from core import clock
from core.errors import DomainError
from core.forms import form_add_domain_error
from office.forms import (
    AssignForm,
    CompleteForm,
    ConfirmDecisionForm,
    DocumentRequestForm,
    FactsForm,
    JuryResultForm,
    NotProvidedForm,
    OverrideDecisionForm,
    ReceiveDocumentForm,
    VisitForm,
)
from office.selectors.actions import case_actions
from office.selectors.case import (
    case_proposal,
    claim_investigation,
    enrolment_facts,
    investigators_for_assignment,
    office_case,
    user_is_conflicted,
)
from office.selectors.publicity import batch_of
from office.views.access import office_required

STASH = "office_form"  # the session key of a form sent back with its errors


# --- the case page -------------------------------------------------------------------


def _case(reference: str) -> Claim:
    try:
        return office_case(reference=reference)
    except Claim.DoesNotExist as exc:
        raise Http404 from exc


def case_investigation(claim):
    investigation = claim_investigation(claim)
    if investigation is None:
        raise Http404
    return investigation


def _facts_form(claim, data=None):
    if claim.condition_definition is None:
        raise Http404
    return FactsForm(
        data,
        tree=claim.condition_definition.criteria,
        investigation=case_investigation(claim),
        vocabulary=claim.condition_definition.definition_set.facts,
    )


# Each form of the case page, made for one claim (unbound with data=None).
FORMS: dict[str, Callable] = {
    "assign": lambda claim, data=None: AssignForm(
        data, investigators=investigators_for_assignment()
    ),
    "confirm": lambda claim, data=None: ConfirmDecisionForm(data),
    "override": lambda claim, data=None: OverrideDecisionForm(data),
    "facts": _facts_form,
    "visit": lambda claim, data=None: VisitForm(
        data, initial={"visited_on": clock.today(), "place": claim.hospital}
    ),
    "request": lambda claim, data=None: DocumentRequestForm(data),
    "receive": lambda claim, data=None: ReceiveDocumentForm(
        data, investigation=case_investigation(claim)
    ),
    "not_provided": lambda claim, data=None: NotProvidedForm(
        data, investigation=case_investigation(claim), now=clock.now()
    ),
    "complete": lambda claim, data=None: CompleteForm(
        data, initial={"summary": case_investigation(claim).summary}
    ),
    "jury_result": lambda claim, data=None: JuryResultForm(data),
}
# Which forms each step shows.
STEP_FORMS = {
    "assign": ["assign"],
    "decide": ["confirm", "override"],
    "investigate": ["facts", "visit", "request", "receive", "not_provided", "complete"],
    "record_jury": ["jury_result"],
}


def _unstash(request, claim: Claim) -> dict:
    """The form sent back by the POST just before, bound again to what was typed."""
    stash = request.session.pop(STASH, None)
    if not stash or stash.get("claim") != claim.reference or stash.get("form") not in FORMS:
        return {}
    data = QueryDict(mutable=True)
    for key, values in stash["data"].items():
        data.setlist(key, values)
    form = FORMS[stash["form"]](claim, data)
    form.is_valid()
    if stash.get("refusal"):
        refusal = DomainError(stash["refusal"], field=stash.get("refusal_field") or None)
        form_add_domain_error(form, refusal)  # on the field it names, or the form
    return {stash["form"]: form}


def _forms(claim, actions, bound):
    """The forms for the steps this user may take; ``bound`` replaces one after a refusal."""
    forms = {}
    for step, names in STEP_FORMS.items():
        if step in actions:
            for name in names:
                if name == "facts" and claim.condition_definition is None:
                    continue
                forms[name] = FORMS[name](claim)
    forms.update({name: form for name, form in bound.items() if name in forms})
    for name, form in forms.items():
        form.auto_id = f"id_{name}_%s"  # several forms on one page: ids stay unique
    return forms


def _render_case(request, claim: Claim):
    user = request.user
    investigation = claim_investigation(claim)
    actions = case_actions(claim=claim, investigation=investigation, user=user, now=clock.now())
    definition = claim.condition_definition
    proposal = case_proposal(investigation=investigation)
    return render(
        request,
        "office/case.html",
        {
            "claim": claim,
            "member": claim.member,
            "enrolment": enrolment_facts(claim=claim),
            "investigation": investigation,
            "clock": case_clock(claim=claim, today=clock.today()),
            "conflicted": user_is_conflicted(claim=claim, user=user),
            "actions": actions,
            "forms": _forms(claim, actions, _unstash(request, claim)),
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


# Where each form sits on the case page: a refusal comes back there, and so does a
# success unless AFTER_SUCCESS names another place.
ANCHORS = {
    "assign": "actions",
    "confirm": "decide",
    "override": "decide",
    "facts": "facts",
    "visit": "visits",
    "request": "requests",
    "receive": "requests",
    "not_provided": "requests",
    "complete": "complete",
    "jury_result": "actions",
}

# A decision or a sign-off removes its form: the page comes back to the top or the record.
AFTER_SUCCESS = {
    "assign": "investigation",
    "confirm": "main",
    "override": "main",
    "complete": "investigation",
}


def back_to_case(claim: Claim, anchor: str = ""):
    url = reverse("office:case", args=[claim.reference])
    return redirect(f"{url}#{anchor}" if anchor else url)


def _stash(request, claim: Claim, name: str, refusal: DomainError | None = None) -> None:
    request.session[STASH] = {
        "claim": claim.reference,
        "form": name,
        "data": {k: v for k, v in request.POST.lists() if k != "csrfmiddlewaretoken"},
        "refusal": str(refusal.message) if refusal else "",
        # the field the refusal names (shown beside it on the page that follows)
        "refusal_field": str(refusal.params.get("field") or "") if refusal else "",
    }


def act(request, reference: str, name: str, service: Callable, done: str | Callable):
    """Validate the form ``name``, call one service with it, redirect back to the case.

    ``done`` is the success message, or a function of the service's result giving it.
    """
    claim = _case(reference)
    form = FORMS[name](claim, request.POST)
    if not form.is_valid():
        messages.error(request, _("Please correct the marked fields."))
        _stash(request, claim, name)
        return back_to_case(claim, ANCHORS[name])
    try:
        result = service(claim, form)
    except DomainError as error:
        messages.error(request, error.message)
        _stash(request, claim, name, refusal=error)
        return back_to_case(claim, ANCHORS[name])
    messages.success(request, done(result) if callable(done) else done)
    return back_to_case(claim, AFTER_SUCCESS.get(name, ANCHORS[name]))


def step(request, reference: str, service: Callable, done: str | Callable, anchor="actions"):
    """A step with no form (a button): call one service, redirect back with its message."""
    claim = _case(reference)
    try:
        result = service(claim)
    except DomainError as error:
        messages.error(request, error.message)
        return back_to_case(claim, "actions")
    messages.success(request, done(result) if callable(done) else done)
    return back_to_case(claim, anchor)


# --- assignment -----------------------------------------------------------------------


@office_required
@require_POST
def assign(request, reference: str):
    return act(
        request,
        reference,
        "assign",
        lambda claim, form: services.investigation_assign(
            claim=claim,
            investigator=form.cleaned_data["investigator"],
            actor=request.user,
            due_on=form.cleaned_data["due_on"],
        ),
        lambda investigation: (
            _("Assigned to %(name)s, due %(due)s.")
            % {
                "name": investigation.investigator.get_username(),
                "due": clock.format_deadline(investigation.due_at),
            }
        ),
    )


@office_required
@require_POST
def assign_next(request, reference: str):
    return step(
        request,
        reference,
        lambda claim: services.investigation_assign_next(claim=claim, actor=request.user),
        lambda investigation: (
            _("Assigned to %(name)s.") % {"name": investigation.investigator.get_username()}
        ),
        anchor="investigation",
    )


@office_required
@require_POST
def take(request, reference: str):
    """An investigator takes an unassigned claim (the assign service, to themselves)."""
    return step(
        request,
        reference,
        lambda claim: services.investigation_assign(
            claim=claim, investigator=request.user, actor=request.user
        ),
        lambda investigation: (
            _("You took this claim; the investigation is due %(due)s.")
            % {"due": clock.format_deadline(investigation.due_at)}
        ),
        anchor="actions",
    )


# --- the decision ---------------------------------------------------------------------


@office_required
@require_POST
def confirm(request, reference: str):
    return act(
        request,
        reference,
        "confirm",
        lambda claim, form: services.claim_decide(
            claim=claim, actor=request.user, reason=form.cleaned_data["reason"]
        ),
        _decided,
    )


@office_required
@require_POST
def override(request, reference: str):
    return act(
        request,
        reference,
        "override",
        lambda claim, form: services.claim_decide(
            claim=claim,
            actor=request.user,
            decision=form.cleaned_data["decision"],
            reason=form.cleaned_data["reason"],
        ),
        _decided,
    )


def _decided(claim: Claim) -> str:
    return _("The decision is recorded: %(decision)s. It is published in the batch of %(day)s.") % {
        "decision": claim.get_decision_display(),
        "day": batch_of(claim=claim, today=clock.today()).isoformat(),
    }
