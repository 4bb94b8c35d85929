"""Open a sharing period (分摊) and, once its ledger is written, complete it.

A period's figures are fixed when it opens (one transaction, the plan row locked so
two periods of a plan never gather the same claims) and records the period's first
event. ``sharing_period_complete`` is the period's ``complete`` step
(``core.aggregates.run_step``): it runs the books check (shares + carried == total, to
the fen) and refuses if it fails.
"""

import logging
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Round
from django.utils.translation import gettext as _

from claims.models import Claim, PublicityBatch
from claims.states import ClaimState
from core import clock
from core.aggregates import audit_record, run_step
from core.errors import DomainError
from members.models import Plan
from sharing import rules, selectors
from sharing.models import (
    MemberShare,
    Payer,
    Payout,
    PeriodStatus,
    SharingEventType,
    SharingPeriod,
)

logger = logging.getLogger(__name__)

PAYABLE_STATES = (ClaimState.PUBLICISED, ClaimState.JURY_VOTED)


class BooksDoNotBalance(DomainError):
    """The ledger does not add up to the period's total: nothing is marked complete."""

    code = "books_do_not_balance"
    http_status = 409


def _figures(period: SharingPeriod) -> dict[str, str | int]:
    return {
        "approved_total": str(period.approved_total),
        "cases": period.cases_count,
        "fee": str(period.fee),
        "carried_in": str(period.carried_in),
        "total": str(period.total),
        "members": period.members_count,
        "share": str(period.share),
        "carried_out": str(period.carried_out),
        "payer": period.payer,
    }


# --- open --------------------------------------------------------------------------------


def sharing_period_open(
    *,
    plan: Plan | int,
    sharing_day: date,
    batch: PublicityBatch | None = None,
    payer: str | None = None,
    actor: User | None = None,
    now: datetime | None = None,
) -> SharingPeriod:
    """Open the plan's period for ``sharing_day``: gather the payable claims, count the
    members sharing, fix the figures, create the payouts. Re-running returns the period.

    Members sharing: an enrolment in the plan that began on or before the end of the
    sharing day (Beijing) and had not ended by then, waiting period or not.

    The payer follows the plan: the platform once a shutdown has been announced, the
    members before (``payer`` may ask for the platform on any day, never for the
    members once the platform bears the plan's periods).
    """
    now = now or clock.now()
    plan_id = plan.pk if isinstance(plan, Plan) else plan
    if sharing_day > clock.beijing_date(now):
        raise DomainError(
            _("A sharing period cannot open before its sharing day (%(day)s).")
            % {"day": sharing_day.isoformat()},
            code="sharing_day_ahead",
        )
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan_id)  # one opener per plan
        existing = SharingPeriod.objects.filter(plan=plan, sharing_day=sharing_day).first()
        if existing is not None:
            return existing
        _refuse_out_of_order(plan, sharing_day)
        payer = _payer_for(plan, now, payer)

        as_of = min(now, clock.beijing_end_of_day(sharing_day))
        claims = _claims_payable(plan, sharing_day, now)
        period = _period_create(
            plan, sharing_day, claims, batch=batch, payer=payer, as_of=as_of, now=now
        )
        audit_record(
            period,
            event_type=SharingEventType.OPENED,
            actor=actor,
            now=now,
            created=True,
            payload={
                "members_as_of": as_of.isoformat(),
                "batch": batch.batch_date.isoformat() if batch else None,
                "claims": [c.pk for c in claims],
                **_figures(period),
            },
        )
    return period


def _claims_payable(plan: Plan, sharing_day: date, now: datetime) -> list[Claim]:
    """The plan's claims payable by ``now`` and in no period yet, locked, in the order
    they became payable."""
    return list(
        Claim.objects.select_for_update(of=("self",))
        .filter(
            plan=plan,
            state__in=PAYABLE_STATES,
            payable_at__isnull=False,
            payable_at__lte=now,
            approved_amount__isnull=False,
            payout__isnull=True,
        )
        # Never a later batch's approvals: those wait for their own batch's period.
        .filter(Q(publicity_batch__isnull=True) | Q(publicity_batch__batch_date__lte=sharing_day))
        .order_by("payable_at", "id")
        .only("id", "approved_amount")
    )


def _period_create(
    plan: Plan,
    sharing_day: date,
    claims: list[Claim],
    *,
    batch: PublicityBatch | None,
    payer: str,
    as_of: datetime,
    now: datetime,
) -> SharingPeriod:
    """The period with its figures fixed (the platform bears it all, or the members
    sharing as of ``as_of`` share it with the carry-over), and a payout per claim."""
    # payable claims carry their approved amount
    approved_total = sum((c.approved_amount or rules.ZERO for c in claims), rules.ZERO)
    if payer == Payer.PLATFORM:
        members, carried_in = 0, rules.ZERO
        figures = rules.platform_borne(approved_total)
    else:
        members = selectors.members_sharing_count(plan=plan, as_of=as_of)
        carried_in = selectors.carried_in_for(plan=plan, sharing_day=sharing_day)
        figures = rules.apportion(approved_total, settings.MANAGEMENT_FEE_RATE, carried_in, members)
    period = SharingPeriod.objects.create(
        plan=plan,
        publicity_batch=batch,
        sharing_day=sharing_day,
        payer=payer,
        members_as_of=as_of,
        approved_total=approved_total,
        cases_count=len(claims),
        fee=figures.fee,
        carried_in=carried_in,
        total=figures.total,
        members_count=members,
        share=figures.share,
        carried_out=figures.carried_out,
        opened_at=now,
    )
    due_on = sharing_day + timedelta(days=settings.PAYOUT_DAYS)
    Payout.objects.bulk_create(
        Payout(claim_id=c.pk, period=period, amount=c.approved_amount, payer=payer, due_on=due_on)
        for c in claims
    )
    return period


def _payer_for(plan: Plan, now: datetime, asked: str | None) -> str:
    announced_at = plan.shutdown_announced_at
    if announced_at is not None and rules.platform_bears(
        opened_at=now, shutdown_announced_at=announced_at
    ):
        if asked == Payer.MEMBERS:
            raise DomainError(
                _(
                    "The shutdown of %(plan)s was announced on %(day)s: members share "
                    "nothing from then on; the platform bears the period."
                )
                % {"plan": plan.name, "day": clock.beijing_date(announced_at).isoformat()},
                code="members_share_nothing",
            )
        return Payer.PLATFORM
    return asked or Payer.MEMBERS


def _refuse_out_of_order(plan: Plan, sharing_day: date) -> None:
    """The carried remainder runs from period to period: one at a time, in date order."""
    building = SharingPeriod.objects.filter(plan=plan, status=PeriodStatus.BUILDING).first()
    if building is not None:
        raise DomainError(
            _("The period of %(day)s is still writing its shares; complete it first.")
            % {"day": building.sharing_day.isoformat()},
            code="period_building",
        )
    later = SharingPeriod.objects.filter(plan=plan, sharing_day__gt=sharing_day).first()
    if later is not None:
        raise DomainError(
            _("A later period (%(day)s) exists; periods open in date order.")
            % {"day": later.sharing_day.isoformat()},
            code="period_out_of_order",
        )


# --- complete ----------------------------------------------------------------------------


def sharing_period_complete(
    *, period: SharingPeriod | int, actor: User | None = None, now: datetime | None = None
) -> SharingPeriod:
    """Check the books to the fen and mark the period complete. Raises if they fail:
    ``sum(shares) + carried_out (+ the platform's part) == total`` and one row per
    member counted."""
    period_id = period.pk if isinstance(period, SharingPeriod) else period
    books: dict[str, object] = {}

    def check(period: SharingPeriod) -> None:
        # Summed in whole fen, each row rounded first: exact on PostgreSQL's numeric and on
        # SQLite, which keeps decimals as binary floating point.
        ledger = MemberShare.objects.filter(period=period).aggregate(
            rows=Count("id"), fen=Sum(Round(F("amount") * 100))
        )
        rows = ledger["rows"]
        shares = (Decimal(int(ledger["fen"] or 0)) / 100).quantize(Decimal("0.01"))
        if rows < period.members_count:
            raise DomainError(
                _("%(rows)s of %(members)s shares are written; the period is not complete.")
                % {"rows": f"{rows:,}", "members": f"{period.members_count:,}"},
                code="shares_incomplete",
            )
        balanced = rows == period.members_count and rules.books_balance(
            total=period.total,
            shares_sum=shares,
            carried_out=period.carried_out,
            platform=period.platform_amount,
        )
        if not balanced:
            raise BooksDoNotBalance(
                _(
                    "The books of the period %(period)s do not balance: %(rows)s shares "
                    "totalling %(shares)s, carried %(carried)s, total %(total)s."
                )
                % {
                    "period": period,
                    "rows": rows,
                    "shares": shares,
                    "carried": period.carried_out,
                    "total": period.total,
                }
            )
        books.update(rows=rows, shares_sum=str(shares))

    return run_step(
        SharingPeriod,
        period_id,
        transition="complete",
        event_type=SharingEventType.COMPLETED,
        actor=actor,
        now=now,
        already_done=lambda p: p.is_complete,
        check=check,
        transition_kwargs=lambda p: {"members_written": books["rows"]},
        payload=lambda p: {**books, **_figures(p)},
    ).row
