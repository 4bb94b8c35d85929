"""The back office of sharing periods: progress of each period, the payouts bank file."""

from datetime import date

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from core import clock
from core.access import staff_with
from sharing import selectors
from sharing.models import SharingPeriod
from sharing.services.payouts import payouts_export_csv, payouts_export_filename, payouts_of_day


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


@staff_with("sharing.view_sharingperiod")
def period(request, period_id: int):
    period = get_object_or_404(
        SharingPeriod.objects.select_related("plan", "publicity_batch"), pk=period_id
    )
    return render(
        request,
        "sharing/office_period.html",
        {
            "period": period,
            "payouts": selectors.period_payouts(period=period),
            "events": period.events.select_related("actor").order_by("-id")[:50],
        },
    )


@staff_with("sharing.export_payouts")
def payouts_csv(request):
    day = _day(request)
    response = HttpResponse(payouts_export_csv(day=day), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{payouts_export_filename(day)}"'
    return response
