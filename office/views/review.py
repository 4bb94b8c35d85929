"""The reviewer's steps beyond the investigation (审核): assign several claims at once,
publish the batch that is due, close a due notice, record a jury tally by hand, make a
jury result final. One service call per claim; every POST ends in a redirect back, with a
message saying what was done or why it was refused."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_POST

from claims import services
from core import clock
from core.access import redirect_back
from core.errors import DomainError
from core.text import colon
from office.forms import BulkAssignForm, PublishBatchForm
from office.selectors.case import investigators_for_assignment
from office.selectors.publicity import publicity_desk
from office.views.access import office_required
from office.views.case import act, step


@office_required
@require_POST
def bulk_assign(request):
    """The selected claims of a queue to one investigator: one assignment service call
    per claim, all in this request; the message lists what was done and what was refused."""
    if not request.user.has_perm("claims.assign_investigation"):
        raise PermissionDenied
    form = BulkAssignForm(request.POST, investigators=investigators_for_assignment())
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(error) for error in errors))
        return redirect_back(request, reverse("office:queue"))
    investigator = form.cleaned_data["investigator"]
    done, refused = [], []
    for claim in form.cleaned_data["claims"].order_by("filed_at", "id"):
        try:
            services.investigation_assign(
                claim=claim, investigator=investigator, actor=request.user
            )
        except DomainError as error:
            refused.append(f"{claim.reference}{colon()}{error.message}")
        else:
            done.append(claim.reference)
    if done:
        messages.success(
            request,
            ngettext(
                "%(n)s claim assigned to %(name)s: %(refs)s.",
                "%(n)s claims assigned to %(name)s: %(refs)s.",
                len(done),
            )
            % {
                "n": len(done),
                "name": investigator.get_username(),
                "refs": pgettext("list separator", ", ").join(done),
            },
        )
    for refusal in refused:
        messages.error(request, _("Not assigned: %(refusal)s") % {"refusal": refusal})
    return redirect_back(request, reverse("office:queue"))


@office_required
def publicity(request):
    """The publicity desk: the batch that is due, notices to close, results to settle."""
    return render(
        request,
        "office/publicity.html",
        {
            "desk": publicity_desk(now=clock.now()),
            "may_publish": request.user.has_perm("claims.publish_claim"),
            "may_close": request.user.has_perm("claims.close_publicity"),
            "may_settle": request.user.has_perm("claims.settle_jury_result"),
        },
    )


@office_required
@require_POST
def publish_batch(request):
    form = PublishBatchForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a batch date."))
        return redirect_back(request, reverse("office:publicity"))
    try:
        batch = services.publicity_batch_publish(
            batch_date=form.cleaned_data["batch_date"], actor=request.user
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            ngettext(
                "The batch of %(date)s is published: %(n)s claim under public notice "
                "until %(ends)s.",
                "The batch of %(date)s is published: %(n)s claims under public notice "
                "until %(ends)s.",
                batch.claims_count,
            )
            % {
                "date": batch.batch_date.isoformat(),
                "n": batch.claims_count,
                "ends": clock.format_deadline(batch.window_ends_at),
            },
        )
    return redirect_back(request, reverse("office:publicity"))


def _from_desk(request, reference: str, response):
    """A step taken from the publicity desk goes back there, not to the case."""
    if request.POST.get("next"):
        return redirect_back(request, reverse("office:case", args=[reference]))
    return response


@office_required
@require_POST
def close_publicity(request, reference: str):
    response = step(
        request,
        reference,
        lambda claim: services.claim_close_publicity(claim=claim, actor=request.user),
        lambda claim: (
            _("The notice is closed: the approval is payable and goes to the next sharing period.")
            if claim.payable_at
            else _("The notice is closed: the denial is final.")
        ),
    )
    return _from_desk(request, reference, response)


@office_required
@require_POST
def settle_jury_result(request, reference: str):
    response = step(
        request,
        reference,
        lambda claim: services.claim_settle_jury_result(claim=claim, actor=request.user),
        lambda claim: (
            _(
                "The jury's result is final: the claim is payable and goes to the next "
                "sharing period."
            )
            if claim.payable_at
            else _("The jury's result is final: the claim is denied.")
        ),
    )
    return _from_desk(request, reference, response)


@office_required
@require_POST
def record_jury_result(request, reference: str):
    return act(
        request,
        reference,
        "jury_result",
        lambda claim, form: services.claim_record_jury_result(
            claim=claim, actor=request.user, **form.cleaned_data
        ),
        lambda claim: (
            _("The jury's tally is recorded: %(verdict)s, %(pay)s to pay, %(deny)s to deny.")
            % {
                "verdict": claim.get_jury_verdict_display(),
                "pay": claim.jury_pay_votes,
                "deny": claim.jury_deny_votes,
            }
        ),
    )
