"""The objector's page (我的异议): each objection to an approval, where it stands, the
jury's result, and the one appeal when the jury ruled against the objector."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from claims import selectors, services
from claims.hearings import hearing_deadlines
from claims.messages import appeal_lodged
from claims.models import Claim
from core import clock
from core.errors import DomainError
from portal.forms import AppealForm
from portal.selectors.objections import objections_of


def appeal_form(reference: str, data=None) -> AppealForm:
    """One appeal form per case on the page, each with its own field ids."""
    return AppealForm(data, prefix=f"appeal-{reference}")


def _page(request, *, bound: tuple[str, AppealForm] | None = None, status: int = 200):
    now = clock.now()
    objections = objections_of(user=request.user, now=now)
    deadlines = hearing_deadlines(claim_ids=[o.claim_id for o in objections])
    rows = []
    for objection in objections:
        form = None
        if objection.may_appeal:
            reference = objection.card.reference
            form = bound[1] if bound and bound[0] == reference else appeal_form(reference)
        rows.append(
            {"objection": objection, "deadline": deadlines.get(objection.claim_id), "form": form}
        )
    return render(request, "claims/objections.html", {"rows": rows}, status=status)


@login_required
def objections_home(request):
    return _page(request)


@login_required
@require_POST
def objection_appeal(request, reference: str):
    """The objector appeals a pay verdict on an approval they objected to."""
    try:
        claim = selectors.claims_open_to_appeal_by(user=request.user).get(reference=reference)
    except Claim.DoesNotExist as exc:
        raise Http404 from exc
    form = appeal_form(reference, request.POST)
    if form.is_valid():
        try:
            claim = services.claim_lodge_appeal(
                claim=claim, actor=request.user, statement=form.cleaned_data["statement"]
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, appeal_lodged(claim))
            return redirect("claims:objections")
    return _page(request, bound=(reference, form), status=422)
