"""Workers racing over one period and its payouts, on PostgreSQL with real row locks."""

import pytest
from django.db import DatabaseError, connection, transaction

from sharing import services
from sharing.models import MemberShare, Payout, SharingEvent, SharingEventType, SharingPeriod
from tests.concurrency import race
from tests.sharing.conftest import AFTER, SHARING_DAY, at

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def members(enrol, payable_claim):
    claims = [payable_claim(), payable_claim()]
    for _ in range(40):
        enrol()
    return claims


def test_three_openers_make_one_period_and_one_payout_per_claim(plan, members):
    results = race(
        3, lambda i: services.sharing_period_open(plan=plan.pk, sharing_day=SHARING_DAY, now=AFTER)
    )
    assert len({r.pk for r in results}) == 1
    assert SharingPeriod.objects.count() == 1
    assert Payout.objects.count() == 2
    assert SharingEvent.objects.filter(event_type=SharingEventType.OPENED).count() == 1


def test_four_workers_writing_the_same_chunks_leave_one_row_per_member(plan, members):
    period = services.sharing_period_open(plan=plan, sharing_day=SHARING_DAY, now=AFTER)

    race(4, lambda i: services.sharing_period_write_shares(period=period.pk, chunk=3 + i))

    period.refresh_from_db()
    ids = list(MemberShare.objects.filter(period=period).values_list("member_id", flat=True))
    assert len(ids) == len(set(ids)) == period.members_count == period.members_written == 42
    assert services.sharing_period_complete(period=period, now=AFTER).is_complete


def test_two_sweeps_at_once_issue_each_payout_once(plan, members):
    period = services.sharing_period_open(plan=plan, sharing_day=SHARING_DAY, now=AFTER)
    services.sharing_period_write_shares(period=period, now=AFTER)
    services.sharing_period_complete(period=period, now=AFTER)
    due = at(2025, 3, 28, 9, 0)

    issued = race(4, lambda i: services.payouts_issue_due(now=due))

    assert sum(issued) == 2
    assert Payout.objects.filter(issued_at=due).count() == 2
    assert SharingEvent.objects.filter(event_type=SharingEventType.PAYOUT_ISSUED).count() == 2


def test_postgresql_refuses_raw_updates_of_sharing_events(plan, members):
    period = services.sharing_period_open(plan=plan, sharing_day=SHARING_DAY, now=AFTER)
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "UPDATE sharing_sharingevent SET payload = '{}' WHERE period_id = %s", [period.pk]
            )
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM sharing_sharingevent WHERE period_id = %s", [period.pk])
