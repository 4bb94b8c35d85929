"""Repair: a members' period whose ledger stopped moving gets its missing ranges, and
only those, recorded again; a payout waits for its period's books."""

from datetime import timedelta

import pytest
from django.test import override_settings

from core.models import FollowUp
from sharing import services
from sharing.models import MemberShare, Payout, PeriodStatus, SharingPeriod
from tests.sharing.conftest import AFTER, SHARING_DAY

pytestmark = pytest.mark.django_db


@override_settings(SHARING_CHUNK=3)
def test_only_the_missing_ranges_are_recorded_again(
    plan, enrol, payable_claim, settings, django_capture_on_commit_callbacks
):
    payable_claim()
    for _ in range(10):
        enrol()
    period = services.sharing_period_open(plan=plan, sharing_day=SHARING_DAY, now=AFTER)
    ranges = list(services.member_id_chunks())
    assert len(ranges) >= 4
    written = ranges[::2]  # every other chunk made it before the messages were lost
    for lo, hi in written:
        services.sharing_period_write_chunk(period=period, lo=lo, hi=hi, now=AFTER)
    missing = services.missing_ranges(period)
    assert missing and set(missing) <= set(ranges) - set(written)
    quiet = timedelta(seconds=settings.REPAIR_AFTER_SECONDS)

    assert services.sharing_periods_resume_stalled(now=AFTER + quiet - timedelta(seconds=1)) == 0
    with django_capture_on_commit_callbacks(execute=False):
        recorded = services.sharing_periods_resume_stalled(now=AFTER + quiet)
    chunks = FollowUp.objects.filter(task="sharing.tasks.write_share_chunk")
    assert recorded == chunks.count() == len(missing)
    assert {tuple(f.args[1:]) for f in chunks} == set(missing)
    # Pending already: the next sweep records nothing more.
    assert services.sharing_periods_resume_stalled(now=AFTER + 3 * quiet) == 0

    for row in chunks:
        services.sharing_period_write_chunk(period=period, lo=row.args[1], hi=row.args[2])
    services.sharing_period_complete(period=period)
    period.refresh_from_db()
    assert period.status == PeriodStatus.COMPLETE
    assert MemberShare.objects.filter(period=period).count() == period.members_count == 11


def test_a_payout_waits_for_its_period(plan, enrol, payable_claim):
    claim = payable_claim()
    enrol()
    period = services.sharing_period_open(plan=plan, sharing_day=SHARING_DAY, now=AFTER)
    due = AFTER + timedelta(days=10)
    assert services.payouts_issue_due(now=due) == 0  # the books are not complete
    assert Payout.objects.get(claim=claim).issued_at is None

    services.sharing_period_write_shares(period=period, now=AFTER)
    services.sharing_period_complete(period=period, now=AFTER)
    assert SharingPeriod.objects.get(pk=period.pk).is_complete
    assert services.payouts_issue_due(now=due) == 1
