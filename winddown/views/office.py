"""The wind-down back office: propose and confirm a shutdown (two operators), the
dashboard, the final report (page, CSV, print) and the insurer's list."""

from django.contrib import messages
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import clock
from core.access import staff_with
from core.errors import DomainError
from winddown import selectors, services
from winddown.forms import CancelShutdownForm, ProposeShutdownForm
from winddown.models import Shutdown, ShutdownStatus
from winddown.services.report import final_report_csv

VIEW = "winddown.view_shutdown"
ANNOUNCE = "winddown.announce_shutdown"


@staff_with(VIEW)
def shutdowns(request):
    may_announce = request.user.has_perm(ANNOUNCE)
    form = ProposeShutdownForm(request.POST or None)
    if request.method == "POST":
        if not may_announce:
            return HttpResponse(status=403)
        if form.is_valid():
            try:
                shutdown = services.shutdown_propose(actor=request.user, **form.cleaned_data)
            except DomainError as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, _("Proposed. A second operator must confirm it."))
                return redirect("winddown:office-shutdown", shutdown.pk)
    return render(
        request,
        "winddown/office_shutdowns.html",
        {
            "shutdowns": selectors.shutdowns_for_office(),
            "form": form,
            "may_announce": may_announce,
        },
    )


@staff_with(VIEW)
def shutdown(request, shutdown_id: int):
    shutdown = get_object_or_404(selectors.shutdowns_for_office(), pk=shutdown_id)
    now = clock.now()
    board = selectors.dashboard(shutdown, now=now) if shutdown.is_announced else None
    return render(
        request,
        "winddown/office_shutdown.html",
        {
            "shutdown": shutdown,
            "board": board,
            "now": now,
            "may_announce": request.user.has_perm(ANNOUNCE),
            "may_export": request.user.has_perm("winddown.export_insurance_moves"),
            "cancel_form": CancelShutdownForm(),
            "events": shutdown.events.select_related("actor").order_by("-id")[:30],
        },
    )


def _act(request, shutdown_id: int, act, done: str):
    try:
        act()
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, done)
    return redirect("winddown:office-shutdown", shutdown_id)


@require_POST
@staff_with(ANNOUNCE)
def confirm(request, shutdown_id: int):
    return _act(
        request,
        shutdown_id,
        lambda: services.shutdown_confirm(shutdown=shutdown_id, actor=request.user),
        _("The shutdown is announced."),
    )


@require_POST
@staff_with(ANNOUNCE)
def cancel(request, shutdown_id: int):
    form = CancelShutdownForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _act(
        request,
        shutdown_id,
        lambda: services.shutdown_cancel(shutdown=shutdown_id, actor=request.user, reason=reason),
        _("The proposal is cancelled."),
    )


@require_POST
@staff_with(ANNOUNCE)
def finish(request, shutdown_id: int):
    return _act(
        request,
        shutdown_id,
        lambda: services.shutdown_finish(shutdown=shutdown_id, actor=request.user),
        _("The final report is issued."),
    )


def _finished(shutdown_id: int) -> Shutdown:
    return get_object_or_404(
        Shutdown.objects.prefetch_related("plans"),
        pk=shutdown_id,
        status=ShutdownStatus.FINISHED,
    )


@staff_with(VIEW)
def report(request, shutdown_id: int):
    shutdown = _finished(shutdown_id)
    return render(
        request,
        "winddown/report.html",
        {
            "shutdown": shutdown,
            "r": shutdown.final_report,
            "rows": selectors.report_rows(shutdown.final_report),
        },
    )


@staff_with(VIEW)
def report_csv(request, shutdown_id: int):
    shutdown = _finished(shutdown_id)
    response = HttpResponse(
        final_report_csv(shutdown=shutdown), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="winddown-{shutdown.pk}-final-report.csv"'
    )
    return response


@staff_with("winddown.export_insurance_moves")
def insurance_csv(request, shutdown_id: int):
    shutdown = get_object_or_404(Shutdown, pk=shutdown_id)
    services.insurance_moves_export_record(shutdown=shutdown, actor=request.user)
    response = StreamingHttpResponse(
        services.insurance_moves_export_csv(shutdown=shutdown),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="winddown-{shutdown.pk}-insurance-moves.csv"'
    )
    return response
