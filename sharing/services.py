"""Sharing period writes (分摊): open a period, write its ledger set-based, complete it.

A period's figures are fixed when it opens (one transaction, the plan row locked so
two periods of a plan never gather the same claims). The per-member share rows are
then written by ``INSERT … SELECT … ON CONFLICT DO NOTHING`` inside the database, one
member-id range per transaction, so workers can share the chunks and a crash followed
by a re-run leaves exactly one row per member. ``sharing_period_complete`` runs the
books check (shares + carried == total, to the fen) and refuses if it fails.

Payouts (the issuing sweep and the bank file) live in ``sharing.payouts`` and are
re-exported here.
"""

import logging
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Exists, F, Max, Min, OuterRef, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from claims.models import Claim, PublicityBatch
from claims.states import ClaimState
from core import clock
from core.errors import DomainError
from members.models import Member, Plan
from sharing import rules, selectors
from sharing.models import (
    MemberShare,
    Payer,
    Payout,
    PeriodStatus,
    SharingEvent,
    SharingEventType,
    SharingPeriod,
)
from sharing.payouts import (
    payout_issue,
    payouts_export_csv,
    payouts_issue_due,
    payouts_release,
)

__all__ = [
    "BooksDoNotBalance",
    "member_id_chunks",
    "payout_issue",
    "payouts_export_csv",
    "payouts_issue_due",
    "payouts_release",
    "sharing_period_complete",
    "sharing_period_open",
    "sharing_period_write_chunk",
    "sharing_open_due_periods",
    "sharing_period_write_shares",
    "sharing_periods_complete_written",
    "sharing_periods_open_for_batch",
]
logger = logging.getLogger(__name__)

PAYABLE_STATES = (ClaimState.PUBLICISED, ClaimState.JURY_VOTED)
BATCH_LOOKBACK_DAYS = 30  # the sweep looks at batches whose window closed this recently
Progress = Callable[[SharingPeriod, int, int], None]  # (period, rows this chunk, hi)


class BooksDoNotBalance(DomainError):
    """The ledger does not add up to the period's total: nothing is marked complete."""

    code = "books_do_not_balance"
    http_status = 409


def _event(period: SharingPeriod, event_type: str, *, actor, now: datetime, **payload):
    return SharingEvent.objects.create(
        period=period, event_type=event_type, actor=actor, payload=payload, created_at=now
    )


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
    payer: str = Payer.MEMBERS,
    actor=None,
    now: datetime | None = None,
) -> SharingPeriod:
    """Open the plan's period for ``sharing_day``: gather the payable claims, count the
    members sharing, fix the figures, create the payouts. Re-running returns the period.

    Members sharing: an enrolment in the plan that began on or before the end of the
    sharing day (Beijing) and had not ended by then, waiting period or not.
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

        as_of = min(now, clock.beijing_end_of_day(sharing_day))
        claims = list(
            Claim.objects.select_for_update(of=("self",))
            .filter(
                plan=plan,
                state__in=PAYABLE_STATES,
                payable_at__isnull=False,
                payable_at__lte=now,
                approved_amount__isnull=False,
                payout__isnull=True,
            )
            .order_by("payable_at", "id")
            .only("id", "approved_amount")
        )
        approved_total = sum((c.approved_amount for c in claims), rules.ZERO)
        if payer == Payer.PLATFORM:
            members, carried_in = 0, rules.ZERO
            figures = rules.platform_borne(approved_total)
        else:
            members = selectors.members_sharing_count(plan=plan, as_of=as_of)
            carried_in = selectors.carried_in_for(plan=plan, sharing_day=sharing_day)
            figures = rules.apportion(
                approved_total, settings.MANAGEMENT_FEE_RATE, carried_in, members
            )
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
            Payout(
                claim_id=c.pk, period=period, amount=c.approved_amount, payer=payer, due_on=due_on
            )
            for c in claims
        )
        _event(
            period,
            SharingEventType.OPENED,
            actor=actor,
            now=now,
            members_as_of=as_of.isoformat(),
            batch=batch.batch_date.isoformat() if batch else None,
            claims=[c.pk for c in claims],
            **_figures(period),
        )
    return period


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


def sharing_periods_open_for_batch(
    *, batch: PublicityBatch | int, now: datetime | None = None
) -> list[SharingPeriod]:
    """Each publicity batch closes into a period per plan that has payable claims; the
    sharing day is the batch date. Safe to run twice."""
    now = now or clock.now()
    batch = batch if isinstance(batch, PublicityBatch) else PublicityBatch.objects.get(pk=batch)
    plan_ids = (
        Claim.objects.filter(
            state__in=PAYABLE_STATES, payable_at__isnull=False, payout__isnull=True
        )
        .values_list("plan_id", flat=True)
        .distinct()
        .order_by("plan_id")
    )
    opened = []
    for plan_id in list(plan_ids):
        try:
            opened.append(
                sharing_period_open(
                    plan=plan_id, sharing_day=batch.batch_date, batch=batch, now=now
                )
            )
        except DomainError as refusal:
            logger.warning("no period for plan %s on %s: %s", plan_id, batch, refusal.code)
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
    due = (
        PublicityBatch.objects.filter(
            window_ends_at__lte=now,
            window_ends_at__gte=now - timedelta(days=BATCH_LOOKBACK_DAYS),
            sharing_periods__isnull=True,
        )
        .exclude(Exists(still_open))
        .order_by("batch_date")
    )
    from sharing.tasks import write_period_shares

    opened = 0
    for batch in list(due):
        for period in sharing_periods_open_for_batch(batch=batch, now=now):
            if not period.is_complete:
                write_period_shares.delay_on_commit(period.pk)
                opened += 1
    return opened


# --- write the ledger --------------------------------------------------------------------


def member_id_chunks(*, chunk: int | None = None) -> Iterator[tuple[int, int]]:
    """Member-id ranges ``(lo, hi)`` (inclusive) covering every member, ``chunk`` ids each."""
    chunk = chunk or settings.SHARING_CHUNK
    bounds = Member.objects.aggregate(lo=Min("id"), hi=Max("id"))
    if bounds["lo"] is None:
        return
    for lo in range(bounds["lo"], bounds["hi"] + 1, chunk):
        yield lo, min(lo + chunk - 1, bounds["hi"])


def _insert_shares_sql(period: SharingPeriod, lo: int, hi: int) -> tuple[str, list]:
    """``INSERT … SELECT`` of the members sharing with ids in ``[lo, hi]``.

    The SELECT is the same query the period's member count ran (``members_sharing``),
    compiled by Django for the backend in use; ``ON CONFLICT DO NOTHING`` on the unique
    (period, member) makes a re-run write only the rows that are missing. (The
    ``WHERE true`` lets SQLite parse ``ON CONFLICT`` after ``INSERT … SELECT``.)
    """
    members = selectors.members_sharing(plan_id=period.plan_id, as_of=period.members_as_of)
    inner, inner_params = (
        members.filter(member_id__gte=lo, member_id__lte=hi).values("member_id").query
    ).sql_with_params()
    share = MemberShare._meta.get_field("amount")
    table = connection.ops.quote_name(MemberShare._meta.db_table)
    sql = (
        f"INSERT INTO {table} (period_id, member_id, amount) "
        f"SELECT %s, s.member_id, %s FROM ({inner}) AS s WHERE true "
        f"ON CONFLICT (period_id, member_id) DO NOTHING"
    )
    return sql, [period.pk, share.get_db_prep_save(period.share, connection), *inner_params]


def sharing_period_write_chunk(
    *, period: SharingPeriod | int, lo: int, hi: int, now: datetime | None = None
) -> int:
    """Write the shares of members with ids in ``[lo, hi]``; returns the rows added.

    One transaction: the rows and the period's progress counter move together, so
    ``members_written`` is always the number of rows in the ledger.
    """
    now = now or clock.now()
    period_id = period.pk if isinstance(period, SharingPeriod) else period
    period = SharingPeriod.objects.get(pk=period_id)
    if period.is_complete or period.payer == Payer.PLATFORM:
        return 0
    sql, params = _insert_shares_sql(period, lo, hi)
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                written = max(cursor.rowcount, 0)
            SharingPeriod.objects.filter(pk=period.pk).update(
                members_written=F("members_written") + written,
                started_at=Coalesce(F("started_at"), Value(now)),
            )
    except IntegrityError as exc:  # more rows than members counted: the check constraint
        raise BooksDoNotBalance(
            _("More members share the period %(period)s than it counted; nothing was written.")
            % {"period": period}
        ) from exc
    return written


def sharing_period_write_shares(
    *,
    period: SharingPeriod | int,
    chunk: int | None = None,
    on_progress: Progress | None = None,
    actor=None,
    now: datetime | None = None,
) -> SharingPeriod:
    """Write every share row of the period, chunk by chunk (in this process).

    Celery workers share the same chunks through ``sharing.tasks``; either way a crash
    half-way and a re-run leave exactly one row per member.
    """
    now = now or clock.now()
    period_id = period.pk if isinstance(period, SharingPeriod) else period
    period = SharingPeriod.objects.get(pk=period_id)
    if period.is_complete:
        return period
    added = chunks = 0
    if period.payer == Payer.MEMBERS and period.members_count:
        for lo, hi in member_id_chunks(chunk=chunk):
            written = sharing_period_write_chunk(period=period, lo=lo, hi=hi, now=now)
            added += written
            chunks += 1
            if on_progress is not None:
                period.refresh_from_db(fields=["members_written"])
                on_progress(period, written, hi)
    period.refresh_from_db()
    _event(
        period,
        SharingEventType.SHARES_WRITTEN,
        actor=actor,
        now=now,
        added=added,
        chunks=chunks,
        written=period.members_written,
        members=period.members_count,
    )
    return period


# --- complete ----------------------------------------------------------------------------


def sharing_period_complete(
    *, period: SharingPeriod | int, actor=None, now: datetime | None = None
) -> SharingPeriod:
    """Check the books to the fen and mark the period complete. Raises if they fail:
    ``sum(shares) + carried_out (+ the platform's part) == total`` and one row per
    member counted."""
    now = now or clock.now()
    period_id = period.pk if isinstance(period, SharingPeriod) else period
    with transaction.atomic():
        period = SharingPeriod.objects.select_for_update().get(pk=period_id)
        if period.is_complete:
            return period
        ledger = MemberShare.objects.filter(period=period).aggregate(
            rows=Count("id"), shares=Sum("amount")
        )
        rows, shares = ledger["rows"], ledger["shares"] or rules.ZERO
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
        period.status = PeriodStatus.COMPLETE
        period.members_written = rows
        period.completed_at = now
        period.save(update_fields=["status", "members_written", "completed_at"])
        _event(
            period,
            SharingEventType.COMPLETED,
            actor=actor,
            now=now,
            rows=rows,
            shares_sum=str(shares),
            **_figures(period),
        )
    return period


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
