"""Sweeps run by Celery beat: each publicity batch closes into its periods, written
periods complete. Safe to run twice."""

import logging
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet

from claims.models import Claim, PublicityBatch
from claims.states import ClaimState
from core import clock
from core.errors import DomainError
from core.followups import followup_record
from sharing.models import PeriodStatus, SharingPeriod
from sharing.services.periods import PAYABLE_STATES, sharing_period_complete, sharing_period_open

BATCH_LOOKBACK_DAYS = 30  # the sweep looks at batches whose window closed this recently
logger = logging.getLogger(__name__)


def _unpaid_up_to(batch_date: date | OuterRef) -> QuerySet[Claim]:
    """Payable approvals in no period yet, published in a batch up to ``batch_date`` (or
    outside any batch: one by one, or after a jury), of plans with no period on that day.

    A later batch's approvals never fall into an earlier batch's period.
    """
    return (
        Claim.objects.filter(
            state__in=PAYABLE_STATES, payable_at__isnull=False, payout__isnull=True
        )
        .filter(Q(publicity_batch__isnull=True) | Q(publicity_batch__batch_date__lte=batch_date))
        .exclude(Q(plan__sharing_periods__sharing_day=batch_date))  # a date or an OuterRef
    )


def sharing_periods_open_for_batch(
    *, batch: PublicityBatch | int, now: datetime | None = None
) -> list[SharingPeriod]:
    """Each publicity batch closes into a period per plan that has payable claims; the
    sharing day is the batch date. Safe to run twice."""
    now = now or clock.now()
    batch = batch if isinstance(batch, PublicityBatch) else PublicityBatch.objects.get(pk=batch)
    plan_ids = (
        _unpaid_up_to(batch.batch_date)
        .values_list("plan_id", flat=True)
        .distinct()
        .order_by("plan_id")
    )
    opened = []
    for plan_id in list(plan_ids):
        try:
            with transaction.atomic():  # the period and the follow-up that writes it, together
                period = sharing_period_open(
                    plan=plan_id, sharing_day=batch.batch_date, batch=batch, now=now
                )
                if period.opened_at == now and not period.is_complete:
                    followup_record("sharing.tasks.write_period_shares", period.pk, now=now)
        except DomainError as refusal:
            logger.warning("no period for plan %s on %s: %s", plan_id, batch, refusal.code)
            continue
        opened.append(period)
    return opened


def sharing_open_due_periods(*, now: datetime | None = None) -> int:
    """The beat sweep: every recent batch whose objection window has ended and whose
    notices have all closed gets its periods; their shares are written by the workers."""
    now = now or clock.now()
    still_open = Claim.objects.filter(
        publicity_batch=OuterRef("pk"),
        state=ClaimState.PUBLICISED,
        publicity_closed_at__isnull=True,
    )
    # A batch is due while a plan has payable approvals of it (or of earlier batches, or
    # of none) in no period, and no period on the batch's date yet.
    unpaid = _unpaid_up_to(OuterRef("batch_date"))
    due = (
        PublicityBatch.objects.filter(
            window_ends_at__lte=now,
            window_ends_at__gte=now - timedelta(days=BATCH_LOOKBACK_DAYS),
        )
        .filter(Exists(unpaid))
        .exclude(Exists(still_open))
        .order_by("batch_date")
    )
    opened = 0
    for batch in list(due):
        opened += len(sharing_periods_open_for_batch(batch=batch, now=now))
    return opened


def sharing_periods_complete_written(*, now: datetime | None = None) -> int:
    """Complete every building period whose shares are all written (the workers' last
    chunk normally does it; this sweep catches what a lost message left)."""
    now = now or clock.now()
    done = 0
    ready = SharingPeriod.objects.filter(
        status=PeriodStatus.BUILDING, members_written__gte=F("members_count")
    ).values_list("id", flat=True)
    for period_id in list(ready):
        try:
            sharing_period_complete(period=period_id, now=now)
        except DomainError:
            logger.exception("sharing period %s did not complete", period_id)
            continue
        done += 1
    return done
