"""The members' ledger and the public history: thin views over the selectors."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from core import clock
from sharing import selectors
from sharing.chart import Point, history_chart


@login_required
def ledger(request):
    """/sharing/me/: each period's share of each of the account's members."""
    today = clock.today()
    return render(
        request,
        "sharing/ledger.html",
        {"ledgers": selectors.account_ledgers(account=request.user, today=today)},
    )


def history(request):
    """/sharing/history/ (public): per period, the share as a line, members and cases as
    bars, and the same figures in a table."""
    plans = list(selectors.plans_with_periods().order_by("id"))
    plan = next((p for p in plans if p.code == request.GET.get("plan")), None)
    if plan is None and plans:
        plan = plans[0]
    periods = selectors.sharing_history(plan=plan) if plan else []
    chart = history_chart(
        [Point(p.sharing_day, p.share, p.members_count, p.cases_count) for p in periods]
    )
    return render(
        request,
        "sharing/history.html",
        {
            "plans": plans,
            "plan": plan,
            "periods": periods[::-1],  # the table: newest first
            "chart": chart,
        },
    )
