"""Payouts: each approved case is paid within 7 days after its sharing day.

The payout rows are the work queue (a partial index on "not issued, not held"). The
sweep issues each due payout in its own transaction: lock the row, return if it was
issued meanwhile, mark the claim paid with the payout's reference, stamp the payout.
A refusal (the claim changed, the benefit was already paid) holds the payout with the
refusal's code for finance to look at, instead of retrying it every run.
"""

import csv
import io
import logging
from datetime import date, datetime

from django.db import transaction
from django.utils.translation import gettext as _

from claims.services import claim_mark_paid
from core import clock
from core.errors import DomainError, RuleViolation
from sharing.models import Payout, PeriodStatus, SharingEvent, SharingEventType

SWEEP_BATCH = 500
CSV_COLUMNS = ("reference", "claim_reference", "payee", "amount", "due_on")
logger = logging.getLogger(__name__)


def payout_reference(payout: Payout) -> str:
    """``PO20250321000042``: "PO", the due date and the payout id; unique and stable,
    so a retried issue asks for the same reference the first attempt did."""
    return f"PO{payout.due_on:%Y%m%d}{payout.pk:06d}"


def payout_issue(*, payout: Payout | int, actor=None, now: datetime | None = None) -> Payout:
    """Issue one payout whose due date has come (Beijing), as the sweep does: the claim
    moves to ``paid`` with the payout's reference. Finance issues one at once this way
    through the API; before its due date it is refused (``payout_not_due``)."""
    payout, _issued = _issue(payout.pk if isinstance(payout, Payout) else payout, actor, now)
    return payout


def _issue(payout_id: int, actor, now: datetime | None) -> tuple[Payout, bool]:
    now = now or clock.now()
    with transaction.atomic():
        payout = (
            Payout.objects.select_for_update(of=("self",))
            .select_related("claim", "period__plan")
            .get(pk=payout_id)
        )
        if payout.issued_at is not None:
            return payout, False  # another sweep got here first
        if payout.due_on > clock.beijing_date(now):
            raise RuleViolation(
                _("The payout is due on %(day)s; it is issued from that day.")
                % {"day": payout.due_on.isoformat()},
                code="payout_not_due",
                due_on=payout.due_on.isoformat(),
            )
        if payout.period.status != PeriodStatus.COMPLETE:
            raise DomainError(
                _("The payout waits for its sharing period %(period)s to complete.")
                % {"period": payout.period},
                code="period_incomplete",
            )
        reference = payout_reference(payout)
        claim = claim_mark_paid(
            claim=payout.claim_id, actor=actor, payout_reference=reference, now=now
        )
        payout.reference = reference
        payout.issued_at = now
        payout.held = ""
        payout.save(update_fields=["reference", "issued_at", "held"])
        SharingEvent.objects.create(
            period_id=payout.period_id,
            event_type=SharingEventType.PAYOUT_ISSUED,
            actor=actor,
            created_at=now,
            payload={
                "payout": payout.pk,
                "claim": claim.reference,
                "amount": str(payout.amount),
                "reference": reference,
                "due_on": payout.due_on.isoformat(),
            },
        )
    return payout, True


def _hold(payout_id: int, refusal: DomainError, now: datetime) -> None:
    with transaction.atomic():
        payout = Payout.objects.select_for_update().get(pk=payout_id)
        if payout.issued_at is not None or payout.held:
            return
        payout.held = refusal.code[:40]
        payout.save(update_fields=["held"])
        SharingEvent.objects.create(
            period_id=payout.period_id,
            event_type=SharingEventType.PAYOUT_REFUSED,
            actor=None,
            created_at=now,
            payload={"payout": payout.pk, "code": refusal.code, "message": str(refusal.message)},
        )


def payouts_issue_due(*, now: datetime | None = None, limit: int = SWEEP_BATCH) -> int:
    """Issue every payout whose due date has come (Beijing) and whose period's books are
    complete (a payout never goes out on a ledger that did not balance). Returns how many
    were issued by this run; running it twice issues nothing more."""
    now = now or clock.now()
    due = (
        Payout.objects.filter(issued_at__isnull=True, held="", due_on__lte=clock.beijing_date(now))
        .filter(period__status=PeriodStatus.COMPLETE)
        .order_by("due_on", "id")
        .values_list("id", flat=True)[:limit]
    )
    issued = 0
    for payout_id in list(due):
        try:
            _payout, fresh = _issue(payout_id, None, now)
        except DomainError as refusal:
            logger.warning("payout %s held: %s", payout_id, refusal.code)
            _hold(payout_id, refusal, now)
            continue
        issued += fresh
    return issued


def payouts_release(*, payouts, actor=None, now: datetime | None = None) -> int:
    """Finance cleared what held these payouts: the next sweep tries them again. One
    event per payout released (who, when, the refusal it cleared); returns how many."""
    now = now or clock.now()
    with transaction.atomic():
        held = list(
            Payout.objects.select_for_update()
            .filter(pk__in=list(payouts), issued_at__isnull=True)
            .exclude(held="")
            .order_by("id")
        )
        for payout in held:
            SharingEvent.objects.create(
                period_id=payout.period_id,
                event_type=SharingEventType.PAYOUT_RELEASED,
                actor=actor,
                created_at=now,
                payload={"payout": payout.pk, "cleared": payout.held},
            )
        Payout.objects.filter(pk__in=[p.pk for p in held]).update(held="")
    return len(held)


def payouts_of_day(*, day: date):
    """The day's payouts: those issued on ``day`` (Beijing), the batch sent to the bank."""
    return (
        Payout.objects.filter(
            issued_at__gte=clock.beijing_start_of_day(day),
            issued_at__lt=clock.beijing_end_of_day(day),
        )
        .select_related("claim", "claim__member")
        .order_by("id")
    )


def payouts_export_csv(*, day: date) -> str:
    """The bank-batch file of the day's payouts: reference, claim reference, the payee's
    masked name, the amount (CNY, to the fen) and the due date."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for payout in payouts_of_day(day=day):
        writer.writerow(
            (
                payout.reference,
                payout.claim.reference,
                payout.claim.member.masked_name,
                f"{payout.amount:.2f}",
                payout.due_on.isoformat(),
            )
        )
    return out.getvalue()


def payouts_export_filename(day: date) -> str:
    return f"payouts-{day.isoformat()}.csv"
