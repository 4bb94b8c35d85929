"""Payouts: each approved case is paid within 7 days after its sharing day.

The payout rows are the work queue (a partial index on status "due"). Each payout is a
state machine (due → issued, due → held → due) whose steps ``core.aggregates.run_step``
runs: the sweep issues each due payout in its own transaction (lock the row, return if it
was issued meanwhile, mark the claim paid with the payout's reference, stamp the payout,
one event). A refusal (the claim changed, the benefit was already paid) holds the payout
with the refusal's code for finance to look at, instead of retrying it every run;
finance releases it (one event each). Taking the day's bank file is recorded too.
"""

import csv
import io
import logging
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from claims.services import claim_mark_paid
from core import clock
from core.aggregates import audit_record, run_step
from core.errors import DomainError, NotPermitted, RuleViolation
from sharing.models import Payout, PayoutStatus, PeriodStatus, SharingEventType

SWEEP_BATCH = 500
CSV_COLUMNS = ("reference", "claim_reference", "payee", "amount", "due_on")
logger = logging.getLogger(__name__)


def payout_reference(payout: Payout) -> str:
    """``PO20250321000042``: "PO", the due date and the payout id; unique and stable,
    so a retried issue asks for the same reference the first attempt did."""
    return f"PO{payout.due_on:%Y%m%d}{payout.pk:06d}"


def payout_issue(
    *, payout: Payout | int, actor: User | None = None, now: datetime | None = None
) -> Payout:
    """Issue one payout whose due date has come (Beijing), as the sweep does: the claim
    moves to ``paid`` with the payout's reference. Finance issues one at once this way
    through the API; before its due date it is refused (``payout_not_due``)."""
    payout, _issued = _issue(payout.pk if isinstance(payout, Payout) else payout, actor, now)
    return payout


def _issue(payout_id: int, actor: User | None, now: datetime | None) -> tuple[Payout, bool]:
    """The payout's ``issue`` step: the claim is marked paid in the same transaction (a
    refusal there rolls both back, and the sweep holds the payout)."""
    now = now or clock.now()

    def pay_the_claim(payout: Payout) -> None:
        claim_mark_paid(
            claim=payout.claim_id, actor=actor, payout_reference=payout.reference, now=now
        )

    step = run_step(
        Payout,
        payout_id,
        transition="issue",
        event_type=SharingEventType.PAYOUT_ISSUED,
        actor=actor,
        now=now,
        related=("claim", "period__plan"),
        already_done=lambda p: p.status == PayoutStatus.ISSUED,  # another sweep got here first
        refusal=lambda p: DomainError(
            _("The payout waits for its sharing period %(period)s to complete.")
            % {"period": p.period},
            code="period_incomplete",
        ),
        check=lambda p: _due(p, now),
        transition_kwargs=lambda p: {"reference": payout_reference(p)},
        payload=lambda p: {
            "payout": p.pk,
            "claim": p.claim.reference,
            "amount": str(p.amount),
            "reference": payout_reference(p),
            "due_on": p.due_on.isoformat(),
        },
        then=pay_the_claim,
    )
    return step.row, step.event is not None


def _due(payout: Payout, now: datetime) -> None:
    """A payout is issued from its due day (Beijing time), not before."""
    if payout.due_on > clock.beijing_date(now):
        raise RuleViolation(
            _("The payout is due on %(day)s; it is issued from that day.")
            % {"day": payout.due_on.isoformat()},
            code="payout_not_due",
            due_on=payout.due_on.isoformat(),
        )


def _hold(payout_id: int, refusal: DomainError, now: datetime) -> None:
    run_step(
        Payout,
        payout_id,
        transition="hold",
        event_type=SharingEventType.PAYOUT_REFUSED,
        actor=None,
        now=now,
        already_done=lambda p: p.status != PayoutStatus.DUE,  # issued, or held already
        transition_kwargs={"code": refusal.code},
        payload={"payout": payout_id, "code": refusal.code, "message": str(refusal.message)},
    )


def payouts_issue_due(*, now: datetime | None = None, limit: int = SWEEP_BATCH) -> int:
    """Issue every payout whose due date has come (Beijing) and whose period's books are
    complete (a payout never goes out on a ledger that did not balance). Returns how many
    were issued by this run; running it twice issues nothing more."""
    now = now or clock.now()
    due = (
        Payout.objects.filter(status=PayoutStatus.DUE, due_on__lte=clock.beijing_date(now))
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


def payouts_release(
    *, payouts: Iterable[int], actor: User | None, now: datetime | None = None
) -> int:
    """Finance cleared what held these payouts: the next sweep tries them again. Each is
    the payout's ``release`` step (who, when, the refusal it cleared: one event each);
    ``actor`` is required and needs ``sharing.export_payouts``. Returns how many."""
    if actor is None:
        raise NotPermitted(_("Only finance may release a held payout."))
    now = now or clock.now()
    released = 0
    with transaction.atomic():
        held = (
            Payout.objects.filter(pk__in=list(payouts), status=PayoutStatus.HELD)
            .order_by("id")
            .values_list("id", flat=True)
        )
        for payout_id in list(held):
            step = run_step(
                Payout,
                payout_id,
                transition="release",
                event_type=SharingEventType.PAYOUT_RELEASED,
                actor=actor,
                now=now,
                already_done=lambda p: p.status != PayoutStatus.HELD,
                payload=lambda p: {"payout": p.pk, "cleared": p.held},
                not_permitted=lambda p: NotPermitted(_("Only finance may release a held payout.")),
            )
            released += step.event is not None
    return released


def payouts_of_day(*, day: date) -> QuerySet[Payout]:
    """The day's payouts: those issued on ``day`` (Beijing), the batch sent to the bank."""
    return (
        Payout.objects.filter(
            issued_at__gte=clock.beijing_start_of_day(day),
            issued_at__lt=clock.beijing_end_of_day(day),
        )
        .select_related("claim", "claim__member")
        .order_by("id")
    )


def payouts_export_record(*, day: date, actor: User | None, now: datetime | None = None) -> int:
    """Record who took the day's bank file, and when, before it is handed over: one event
    on each period whose payouts are in it (the payouts, their count and total). The file
    names payees and amounts, so it leaves the platform only with an audit row. Returns
    how many payouts the file holds; an empty file records nothing."""
    now = now or clock.now()
    by_period: dict[int, list[Payout]] = {}
    for payout in payouts_of_day(day=day).select_related("period"):
        by_period.setdefault(payout.period_id, []).append(payout)
    with transaction.atomic():
        for rows in by_period.values():
            audit_record(
                rows[0].period,
                event_type=SharingEventType.PAYOUTS_EXPORTED,
                actor=actor,
                now=now,
                payload={
                    "day": day.isoformat(),
                    "payouts": [p.pk for p in rows],
                    "count": len(rows),
                    "amount": str(sum((p.amount for p in rows), Decimal("0.00"))),
                },
            )
    return sum(len(rows) for rows in by_period.values())


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
