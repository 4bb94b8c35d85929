"""A real Celery worker on Redis, against PostgreSQL: the chunk tasks write a period's
ledger and the last one completes it; the payouts sweep pays the claim."""

import pytest
from django.test import override_settings

from claims.models import Claim
from claims.states import ClaimState
from sharing import services, tasks
from sharing.models import MemberShare, PeriodStatus, SharingPeriod
from tests.sharing.conftest import AFTER, SHARING_DAY
from tests.worker_support import (  # noqa: F401 (fixtures)
    celery_app,
    celery_worker_parameters,
    celery_worker_pool,
    wait_for,
)

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@override_settings(SHARING_CHUNK=4)
def test_real_worker_writes_the_chunks_and_completes_the_period(
    celery_worker, plan, enrol, payable_claim
):
    claim = payable_claim()
    for _ in range(12):
        enrol()
    period = services.sharing_period_open(plan=plan, sharing_day=SHARING_DAY, now=AFTER)

    tasks.write_period_shares.delay(period.pk)

    assert wait_for(lambda: SharingPeriod.objects.get(pk=period.pk).status == PeriodStatus.COMPLETE)
    assert MemberShare.objects.filter(period=period).count() == 13

    tasks.issue_due_payouts.delay()  # due on the sharing day + 7, long past by now
    assert wait_for(lambda: Claim.objects.get(pk=claim.pk).state == ClaimState.PAID)
