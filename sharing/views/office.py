"""The back office of sharing periods: progress of each period, the payouts desk (what
the payout sweep issued, what waits, what it holds and why), the payouts bank file."""

from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core import clock
from core.access import staff_with
from core.paging import CappedCount, bounded_page
from sharing import selectors
from sharing.models import SharingPeriod
from sharing.services.payouts import (
    payouts_export_csv,
    payouts_export_filename,
    payouts_export_record,
    payouts_of_day,
    payouts_release,
)

DESK_ROWS = 100


def _day(request) -> date:
    try:
        return date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return clock.today()


@staff_with("sharing.view_sharingperiod")
def periods(request):
    page = Paginator(selectors.periods_for_office(), 50).get_page(request.GET.get("page"))
    day = _day(request)
    return render(
        request,
        "sharing/office_periods.html",
        {
            "page": page,
            "day": day,
            "payouts_today": payouts_of_day(day=day).count(),
            "may_export": request.user.has_perm("sharing.export_payouts"),
        },
    )


#: A period's payouts a page: a period shares thousands of cases, and the bank file lists
#: them all.
PAYOUTS_PER_PAGE = 50


@staff_with("sharing.view_sharingperiod")
def period(request, period_id: int):
    period = get_object_or_404(
        SharingPeriod.objects.select_related("plan", "publicity_batch"), pk=period_id
    )
    payouts = selectors.period_payouts(period=period)
    total = payouts.count()  # one period's payouts, along their index: counted exactly
    return render(
        request,
        "sharing/office_period.html",
        {
            "period": period,
            "page": bounded_page(
                payouts,
                number=request.GET.get("page"),
                per_page=PAYOUTS_PER_PAGE,
                count=CappedCount(total, cap=max(total, 1)),
            ),
            "events": period.events.select_related("actor").order_by("-id")[:50],
        },
    )


@staff_with("sharing.export_payouts")
def payouts_csv(request):
    day = _day(request)
    payouts_export_record(day=day, actor=request.user)  # the audit row before the file
    response = HttpResponse(payouts_export_csv(day=day), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{payouts_export_filename(day)}"'
    return response


@staff_with("sharing.export_payouts")
def payouts(request):
    """Finance's payouts desk. The payout sweep pays: every 30 minutes it issues each
    payout whose due date has come and whose period's books balance (the claim becomes
    paid with the payout's reference). Here finance sees the day's payouts and the bank
    file, what waits and until when, and releases a payout the sweep held."""
    day = _day(request)
    waiting = selectors.payouts_waiting().order_by("due_on", "id")
    awaiting = selectors.claims_awaiting_period()
    return render(
        request,
        "sharing/office_payouts.html",
        {
            "day": day,
            "today": clock.today(),
            "issued": payouts_of_day(day=day),
            "held": selectors.payouts_held()[:DESK_ROWS],
            "waiting": waiting[:DESK_ROWS],
            "waiting_count": waiting.count(),
            "awaiting": awaiting[:DESK_ROWS],
            "awaiting_count": awaiting.count(),
        },
    )


@require_POST
@staff_with("sharing.export_payouts")
def payouts_release_held(request):
    chosen = [int(pk) for pk in request.POST.getlist("payouts") if pk.isdigit()]
    released = payouts_release(payouts=chosen, actor=request.user) if chosen else 0
    if released:
        messages.success(
            request,
            ngettext(
                "%(n)d payout released: the payout sweep tries it again within 30 minutes.",
                "%(n)d payouts released: the payout sweep tries them again within 30 minutes.",
                released,
            )
            % {"n": released},
        )
    else:
        messages.error(request, _("Select a held payout to release."))
    return redirect("sharing:office-payouts")
