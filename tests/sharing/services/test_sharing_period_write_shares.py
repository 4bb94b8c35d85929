"""Writing the ledger set-based, in chunks: progress, a crash half-way, a re-run."""

from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.errors import DomainError
from sharing import services
from sharing.models import MemberShare, PeriodStatus, SharingEvent, SharingEventType
from sharing.services import ledger
from tests.sharing.conftest import AFTER, SHARING_DAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(plan, enrol, payable_claim):
    payable_claim()
    for _ in range(20):
        enrol()
    return services.sharing_period_open(plan=plan, sharing_day=SHARING_DAY, now=AFTER)


def member_ids(period):
    return list(MemberShare.objects.filter(period=period).values_list("member_id", flat=True))


def test_shares_are_written_in_chunks_with_progress(period):
    seen = []

    services.sharing_period_write_shares(
        period=period,
        chunk=4,
        now=AFTER,
        on_progress=lambda p, n, hi: seen.append(p.members_written),
    )

    period.refresh_from_db()
    assert period.members_written == period.members_count == 21
    assert len(seen) >= 5 and seen == sorted(seen) and seen[-1] == 21
    assert period.started_at == AFTER
    assert set(MemberShare.objects.filter(period=period).values_list("amount", flat=True)) == {
        period.share
    }
    event = SharingEvent.objects.get(period=period, event_type=SharingEventType.SHARES_WRITTEN)
    assert event.payload["added"] == 21 and event.payload["written"] == 21


def test_each_chunk_is_one_insert_select_not_one_object_per_member(period):
    lo, hi = next(services.member_id_chunks(chunk=1_000_000))
    with CaptureQueriesContext(connection) as queries:
        written = services.sharing_period_write_chunk(period=period, lo=lo, hi=hi, now=AFTER)
    inserts = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("INSERT")]
    assert written == 21
    shares = [q for q in inserts if "sharing_membershare" in q]
    assert len(shares) == 1
    # The only other rows: the chunk's one event (the bulk form: its range and count), and
    # the books check, recorded by the chunk that completed the count.
    events = [q for q in inserts if "sharing_sharingevent" in q]
    assert len(events) == 1
    assert [q for q in inserts if q not in shares + events and "core_followup" not in q] == []
    assert "SELECT" in inserts[0] and "ON CONFLICT" in inserts[0]
    (chunk,) = SharingEvent.objects.filter(period=period, event_type=SharingEventType.CHUNK_WRITTEN)
    assert chunk.payload == {"lo": lo, "hi": hi, "count": 21}
    assert (chunk.from_state, chunk.to_state) == ("building", "building")


def test_a_crash_half_way_then_a_rerun_leaves_one_row_per_member(period):
    first_chunk = next(services.member_id_chunks(chunk=8))
    services.sharing_period_write_chunk(period=period, lo=first_chunk[0], hi=first_chunk[1])
    period.refresh_from_db()
    partial = period.members_written
    assert 0 < partial < period.members_count
    with pytest.raises(DomainError) as incomplete:
        services.sharing_period_complete(period=period, now=AFTER)
    assert incomplete.value.code == "shares_incomplete"

    # The worker died here; the whole run starts again from the top.
    services.sharing_period_write_shares(period=period, chunk=8, now=AFTER)
    services.sharing_period_write_shares(period=period, chunk=5, now=AFTER)  # and once more
    period = services.sharing_period_complete(period=period, now=AFTER)

    ids = member_ids(period)
    assert len(ids) == len(set(ids)) == period.members_count == period.members_written
    assert period.status == PeriodStatus.COMPLETE
    total = sum(MemberShare.objects.filter(period=period).values_list("amount", flat=True))
    assert total + period.carried_out == period.total


def test_a_chunk_that_fails_leaves_neither_rows_nor_progress(period):
    lo, hi = next(services.member_id_chunks(chunk=1_000_000))
    with mock.patch.object(ledger, "Coalesce", side_effect=RuntimeError("worker lost")):
        with pytest.raises(RuntimeError):
            services.sharing_period_write_chunk(period=period, lo=lo, hi=hi, now=AFTER)
    period.refresh_from_db()
    assert member_ids(period) == [] and period.members_written == 0


def test_the_books_check_refuses_a_ledger_that_does_not_add_up(period):
    services.sharing_period_write_shares(period=period, now=AFTER)
    row = MemberShare.objects.filter(period=period).first()
    MemberShare.objects.filter(pk=row.pk).update(amount=period.share + Decimal("0.01"))

    with pytest.raises(services.BooksDoNotBalance):
        services.sharing_period_complete(period=period, now=AFTER)

    period.refresh_from_db()
    assert period.status == PeriodStatus.BUILDING and period.completed_at is None
    assert not SharingEvent.objects.filter(period=period, event_type=SharingEventType.COMPLETED)


def test_complete_records_the_figures_and_is_idempotent(period):
    services.sharing_period_write_shares(period=period, now=AFTER)
    done = services.sharing_period_complete(period=period, now=AFTER)
    again = services.sharing_period_complete(period=period, now=AFTER)

    assert done.status == again.status == PeriodStatus.COMPLETE
    assert done.completed_at == AFTER
    event = SharingEvent.objects.get(period=period, event_type=SharingEventType.COMPLETED)
    assert event.payload["rows"] == 21 and event.payload["total"] == str(period.total)
    # A complete period writes nothing more.
    assert services.sharing_period_write_chunk(period=period, lo=1, hi=10**9) == 0


def test_more_sharers_than_counted_writes_nothing(period, enrol):
    from tests.sharing.conftest import at

    enrol(joined=at(2025, 3, 20, 9, 0))  # backdated after the count: the books would not add up
    lo, hi = next(services.member_id_chunks(chunk=1_000_000))

    with pytest.raises(services.BooksDoNotBalance):
        services.sharing_period_write_chunk(period=period, lo=lo, hi=hi, now=AFTER)

    period.refresh_from_db()
    assert member_ids(period) == [] and period.members_written == 0


def test_the_books_balance_exactly_when_shares_do_not_add_up_in_binary(plan, enrol, payable_claim):
    """300,000 + 8% over 302 members: 1,072.84 each, a sum that binary floating point
    (SQLite's storage for decimals) cannot hold exactly. The check counts in fen."""
    payable_claim()
    for _ in range(301):
        enrol()
    period = services.sharing_period_open(plan=plan, sharing_day=SHARING_DAY, now=AFTER)
    services.sharing_period_write_shares(period=period, now=AFTER)
    completed = services.sharing_period_complete(period=period, now=AFTER)
    assert completed.status == PeriodStatus.COMPLETE
    assert completed.share * completed.members_count + completed.carried_out == completed.total
    assert completed.share == Decimal("1072.84")
