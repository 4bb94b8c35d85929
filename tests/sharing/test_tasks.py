"""The Celery path: one task per member-id chunk, the last chunk completes the period, and
the beat sweeps open batches' periods, complete written periods and issue payouts."""

from datetime import timedelta

import pytest
import time_machine
from django.test import override_settings

from claims.models import Claim, PublicityBatch
from core.models import FollowUp
from sharing import services, tasks
from sharing.models import MemberShare, Payout, PeriodStatus, SharingPeriod
from tests.sharing.conftest import AFTER, SHARING_DAY, at

pytestmark = pytest.mark.django_db


@override_settings(SHARING_CHUNK=3)
def test_the_workers_share_the_chunks_and_the_last_one_completes(
    plan, enrol, payable_claim, django_capture_on_commit_callbacks
):
    payable_claim()
    for _ in range(10):
        enrol()
    period = services.sharing_period_open(plan=plan, sharing_day=SHARING_DAY, now=AFTER)

    with django_capture_on_commit_callbacks(execute=True):  # each chunk, then the books
        queued = tasks.write_period_shares.delay(period.pk).get()

    period.refresh_from_db()
    assert queued >= 4
    chunks = FollowUp.objects.filter(task="sharing.tasks.write_share_chunk")
    assert chunks.count() == queued and not chunks.filter(done_at__isnull=True).exists()
    # Fanning out again records nothing: what is missing is the resume sweep's.
    assert tasks.write_period_shares.delay(period.pk).get() == 0
    assert period.status == PeriodStatus.COMPLETE
    assert MemberShare.objects.filter(period=period).count() == period.members_count == 11
    # A redelivered chunk changes nothing.
    assert tasks.write_share_chunk.delay(period.pk, 1, 10**9).get() == 0


def test_the_sweep_completes_a_period_whose_last_message_was_lost(plan, enrol):
    enrol()
    period = services.sharing_period_open(plan=plan, sharing_day=SHARING_DAY, now=AFTER)
    for lo, hi in services.member_id_chunks():
        services.sharing_period_write_chunk(period=period, lo=lo, hi=hi, now=AFTER)

    assert tasks.complete_written_periods.delay().get() == 1
    assert SharingPeriod.objects.get(pk=period.pk).status == PeriodStatus.COMPLETE


def test_a_batch_closes_into_a_period_once_its_window_has_ended(
    plan, enrol, payable_claim, django_capture_on_commit_callbacks
):
    claim = payable_claim()
    enrol()
    batch = PublicityBatch.objects.create(
        batch_date=SHARING_DAY, published_at=at(2025, 3, 21, 0, 5), window_ends_at=at(2025, 3, 28)
    )
    # The approval is one of this batch's (the factory published it in the batch of 7 March).
    Claim.objects.filter(pk=claim.pk).update(publicity_batch=batch)
    assert services.sharing_open_due_periods(now=at(2025, 3, 27, 12, 0)) == 0

    with time_machine.travel(at(2025, 3, 28, 0, 20), tick=False):
        with django_capture_on_commit_callbacks(execute=True) as queued:
            assert tasks.open_due_periods.delay().get() == 1
        # The shares are written once the period has committed: the fan-out, its chunk and
        # the books check, each a follow-up recorded with the change that needs it.
        sharing = FollowUp.objects.filter(task__startswith="sharing.").order_by("id")
        assert [f.task.rsplit(".")[-1] for f in sharing] == [
            "write_period_shares",
            "write_share_chunk",
            "complete_period",
        ]
        assert len(queued) == 3 and not sharing.filter(done_at__isnull=True).exists()
        assert tasks.open_due_periods.delay().get() == 0  # safe to run twice

    period = SharingPeriod.objects.get(plan=plan, sharing_day=SHARING_DAY)
    assert period.publicity_batch == batch and period.status == PeriodStatus.COMPLETE
    assert Payout.objects.get(claim=claim).due_on == SHARING_DAY + timedelta(days=7)

    with time_machine.travel(at(2025, 3, 28, 9, 0), tick=False):
        assert tasks.issue_due_payouts.delay().get() == 1
        assert tasks.issue_due_payouts.delay().get() == 0


def test_a_later_batch_of_another_plan_never_falls_into_an_earlier_period(plan):
    """Two plans, two batches, both recent: plan B's approvals of the 7 April batch get
    the 7 April period, not the 21 March one that only plan A had."""
    from datetime import date

    from claims import services as claim_services
    from members.models import Plan
    from sharing.models import Payout
    from tests.factories import EnrolmentFactory, claim_in_state

    chronic = Plan.objects.get(code="chronic-cancer")
    claim_a = claim_in_state("investigated")
    claim_services.publicity_batch_publish(batch_date=date(2025, 3, 21), now=at(2025, 3, 21, 0, 5))
    claim_services.claims_close_due_publicity(now=at(2025, 3, 29, 0, 10))
    services.sharing_open_due_periods(now=at(2025, 3, 29, 0, 10))
    assert Payout.objects.get(claim=claim_a).period.sharing_day == date(2025, 3, 21)

    claim_b = claim_in_state(
        "investigated",
        enrolment=EnrolmentFactory(plan=chronic, joined_at=at(2024, 1, 10, 9, 0)),
    )
    claim_services.publicity_batch_publish(batch_date=date(2025, 4, 7), now=at(2025, 4, 7, 0, 5))
    claim_services.claims_close_due_publicity(now=at(2025, 4, 15, 0, 10))
    services.sharing_open_due_periods(now=at(2025, 4, 15, 0, 10))

    period_b = Payout.objects.get(claim=claim_b).period
    assert period_b.plan == chronic and period_b.sharing_day == date(2025, 4, 7)


def test_a_late_sweep_keeps_each_batch_s_approvals_in_its_own_period(plan):
    """One plan, two batches, the sweep first running after both: the 21 March approval
    goes into the 21 March period, the 7 April one into the 7 April period."""
    from datetime import date

    from claims import services as claim_services
    from sharing.models import Payout
    from tests.factories import claim_in_state

    first = claim_in_state("investigated")
    claim_services.publicity_batch_publish(batch_date=date(2025, 3, 21), now=at(2025, 3, 21, 0, 5))
    second = claim_in_state("investigated")
    claim_services.publicity_batch_publish(batch_date=date(2025, 4, 7), now=at(2025, 4, 7, 0, 5))
    claim_services.claims_close_due_publicity(now=at(2025, 4, 15, 0, 10))

    later = at(2025, 4, 15, 0, 10)
    services.sharing_open_due_periods(now=later)  # 21 March (7 April waits for it)
    for period in SharingPeriod.objects.filter(status=PeriodStatus.BUILDING):
        services.sharing_period_write_shares(period=period, now=later)
        services.sharing_period_complete(period=period, now=later)
    services.sharing_open_due_periods(now=later)  # then 7 April

    assert Payout.objects.get(claim=first).period.sharing_day == date(2025, 3, 21)
    assert Payout.objects.get(claim=second).period.sharing_day == date(2025, 4, 7)
