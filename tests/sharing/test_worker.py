"""A real Celery worker on Redis, against PostgreSQL: the chunk tasks write a period's
ledger and the last one completes it; the payouts sweep pays the claim."""

import time

import pytest
from celery.signals import task_postrun
from django.db import connections
from django.test import override_settings

from claims.models import Claim
from claims.states import ClaimState
from config.celery import app
from sharing import services, tasks
from sharing.models import MemberShare, PeriodStatus, SharingPeriod
from tests.sharing.conftest import AFTER, SHARING_DAY

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _close_worker_connections(**kwargs):
    connections.close_all()


@pytest.fixture
def celery_app():
    app.conf.task_always_eager = False
    app.control.purge()
    task_postrun.connect(_close_worker_connections)
    yield app
    task_postrun.disconnect(_close_worker_connections)
    app.conf.task_always_eager = True


@pytest.fixture
def celery_worker_pool():
    return "solo"


@pytest.fixture
def celery_worker_parameters():
    return {"perform_ping_check": False, "shutdown_timeout": 10, "loglevel": "WARNING"}


def wait_for(predicate, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


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
