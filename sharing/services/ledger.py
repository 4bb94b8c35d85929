"""Write a period's ledger (the per-member share rows) set-based, in chunks.

``INSERT … SELECT … ON CONFLICT DO NOTHING`` inside the database, one member-id range
per transaction, so workers can share the chunks and a crash followed by a re-run
leaves exactly one row per member. Never one ORM object per member. Each chunk that
wrote rows records one event (``core.aggregates.run_bulk``: the range and the count).
"""

import logging
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Max, Min, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from core import clock
from core.aggregates import audit_record, run_bulk
from core.followups import followup_pending, followup_record, followups_record
from core.models import FollowUp
from members.models import Member
from sharing import selectors
from sharing.models import MemberShare, Payer, PeriodStatus, SharingEventType, SharingPeriod
from sharing.services.periods import BooksDoNotBalance

logger = logging.getLogger(__name__)
Progress = Callable[[SharingPeriod, int, int], None]  # (period, rows this chunk, hi)
CHUNK_TASK = "sharing.tasks.write_share_chunk"
COMPLETE_TASK = "sharing.tasks.complete_period"


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
                last_written_at=Value(now),
            )
            # One event per chunk that wrote rows: the member-id range and the count.
            run_bulk(
                event_type=SharingEventType.CHUNK_WRITTEN,
                actor=None,
                record_on=period,
                now=now,
                count=written,
                payload={"lo": lo, "hi": hi},
            )
            # The chunk that completes the count records the books check with its rows.
            total = SharingPeriod.objects.values_list("members_written", flat=True).get(
                pk=period.pk
            )
            if written and total >= period.members_count:
                followup_record(COMPLETE_TASK, period.pk, now=now)
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
    actor: User | None = None,
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
    audit_record(
        period,
        event_type=SharingEventType.SHARES_WRITTEN,
        actor=actor,
        now=now,
        payload={
            "added": added,
            "chunks": chunks,
            "written": period.members_written,
            "members": period.members_count,
        },
    )
    return period


# --- fan out to the workers, and resume what stopped -------------------------------------


def sharing_period_fan_out(*, period: SharingPeriod | int, now: datetime | None = None) -> int:
    """Record one chunk follow-up per member-id range, in one transaction; the workers
    share them after the commit. Returns how many were recorded (0 on a repeat)."""
    now = now or clock.now()
    period_id = period.pk if isinstance(period, SharingPeriod) else period
    with transaction.atomic():
        locked = SharingPeriod.objects.select_for_update().filter(pk=period_id).first()
        if locked is None or locked.is_complete:
            return 0
        period = locked
        if FollowUp.objects.filter(task=CHUNK_TASK, args__0=period.pk).exists():
            return 0  # fanned out before: what is missing is the resume sweep's
        ranges = list(member_id_chunks())
        if period.payer == Payer.PLATFORM or not ranges or not period.members_count:
            followup_record(COMPLETE_TASK, period.pk, now=now)
            return 0
        followups_record(CHUNK_TASK, [(period.pk, lo, hi) for lo, hi in ranges], now=now)
    return len(ranges)


def missing_ranges(period: SharingPeriod, *, chunk: int | None = None) -> list[tuple[int, int]]:
    """The member-id ranges (of ``member_id_chunks``) that have fewer share rows than
    members sharing: two GROUP BYs inside the database, never a row per member."""
    chunk = chunk or settings.SHARING_CHUNK
    bounds = Member.objects.aggregate(lo=Min("id"), hi=Max("id"))
    lo0, top = bounds["lo"], bounds["hi"]
    if lo0 is None:
        return []
    bucket = (F("member_id") - Value(lo0)) / Value(chunk)
    members = selectors.members_sharing(plan_id=period.plan_id, as_of=period.members_as_of)
    expected = dict(
        members.annotate(b=bucket)
        .values("b")
        .annotate(n=Count("member_id", distinct=True))
        .values_list("b", "n")
    )
    written = dict(
        MemberShare.objects.filter(period=period)
        .order_by()
        .annotate(b=bucket)
        .values("b")
        .annotate(n=Count("id"))
        .values_list("b", "n")
    )
    return [
        (lo0 + b * chunk, min(lo0 + (b + 1) * chunk - 1, top))
        for b, n in sorted(expected.items())
        if written.get(b, 0) < n
    ]


def sharing_periods_resume_stalled(*, now: datetime | None = None) -> int:
    """The repair sweep: a members' period still building whose ledger has not moved for
    ``REPAIR_AFTER_SECONDS`` gets its missing ranges, and only those, recorded again.
    Returns how many ranges were recorded."""
    now = now or clock.now()
    quiet_since = now - timedelta(seconds=settings.REPAIR_AFTER_SECONDS)
    stalled = SharingPeriod.objects.filter(
        status=PeriodStatus.BUILDING,
        payer=Payer.MEMBERS,
        members_written__lt=F("members_count"),
    ).filter(
        Q(last_written_at__lte=quiet_since)
        | Q(last_written_at__isnull=True, opened_at__lte=quiet_since)
    )
    recorded = 0
    for period in list(stalled.order_by("id")):
        ranges = [
            (lo, hi)
            for lo, hi in missing_ranges(period)
            if not followup_pending(CHUNK_TASK, period.pk, lo, hi)
        ]
        if not ranges:
            continue
        with transaction.atomic():
            followups_record(CHUNK_TASK, [(period.pk, lo, hi) for lo, hi in ranges], now=now)
            SharingPeriod.objects.filter(pk=period.pk).update(last_written_at=now)
        logger.info("sharing period %s resumed: %s ranges missing", period.pk, len(ranges))
        recorded += len(ranges)
    return recorded
