"""The demo's sharing: one period completed and its payouts issued, as the beat would."""

from collections.abc import Callable
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet

from claims.models import Claim
from claims.states import ClaimState
from core import clock
from members.models import Plan
from sharing import services as sharing
from sharing.models import SharingPeriod


def sharing_period(now: datetime, out: Callable[[str], None]) -> None:
    """A complete sharing period with its payouts issued, through the sharing services
    (what the beat does), so /sharing/me/, /sharing/history/ and /sharing/office/
    have something to show from the start.

    Its sharing day is PAYOUT_DAYS ago, so its payouts are due today and the payout
    sweep pays them now; it takes the approvals payable by the end of that day (of a
    batch up to that day, or of none). With none, the period is today's and its
    payouts wait for their due date.
    """
    plan = Plan.objects.get(code="critical-illness")
    if SharingPeriod.objects.filter(plan=plan).exists():
        return
    day = clock.beijing_date(now) - timedelta(days=settings.PAYOUT_DAYS)
    opened = clock.beijing_end_of_day(day)
    if not payable_by(plan, day, opened).exists():
        day, opened = clock.beijing_date(now), now
        if not payable_by(plan, day, opened).exists():
            return
    period = sharing.sharing_period_open(plan=plan, sharing_day=day, now=opened)
    sharing.sharing_period_write_shares(period=period, now=opened)
    period = sharing.sharing_period_complete(period=period, now=opened)
    paid = sharing.payouts_issue_due(now=now)
    out(
        f"Sharing period of {day:%Y-%m-%d}: {period.cases_count} cases, "
        f"{period.members_count} members share {period.share} each; {paid} payouts issued."
    )


def payable_by(plan: Plan, day: date, moment: datetime) -> QuerySet[Claim]:
    """Approvals of ``plan`` payable by ``moment`` and in no period, of a batch up to
    ``day`` or of none (what a period of ``day`` opened at ``moment`` would take)."""
    return Claim.objects.filter(
        plan=plan,
        state__in=[ClaimState.PUBLICISED, ClaimState.JURY_VOTED],
        payable_at__lte=moment,
        payout__isnull=True,
    ).filter(Q(publicity_batch__isnull=True) | Q(publicity_batch__batch_date__lte=day))
