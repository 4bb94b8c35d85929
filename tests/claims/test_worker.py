"""A real Celery worker on Redis, against PostgreSQL: the beat task closes a due notice.

Uses celery.contrib.pytest's ``celery_worker`` (a worker thread consuming from the Redis
broker) with the project's own app. There is no result backend: the test watches the
database, as an operator would.
"""

import time
from datetime import timedelta

import pytest

from claims import tasks
from claims.models import Claim, ClaimEvent
from claims.states import ClaimState
from core import clock
from tests.factories import claim_in_state
from tests.worker_support import (  # noqa: F401 (fixtures)
    celery_app,
    celery_worker_parameters,
    celery_worker_pool,
    wait_for,
)

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_real_worker_closes_a_due_publicity_period(celery_worker):
    claim = claim_in_state(ClaimState.PUBLICISED, approve=False)
    past = clock.now() - timedelta(days=8)  # published 8 days ago: the notice ended yesterday
    Claim.objects.filter(pk=claim.pk).update(
        published_at=past, publicity_ends_at=past + timedelta(days=7)
    )

    tasks.close_due_publicity.delay()

    assert wait_for(lambda: Claim.objects.get(pk=claim.pk).state == ClaimState.DENIED)
    event = ClaimEvent.objects.get(claim=claim, event_type="publicity_closed")
    assert event.actor is None and event.to_state == ClaimState.DENIED
    # The claimant's notice goes through the same worker, once.
    assert wait_for(lambda: hasattr(ClaimEvent.objects.get(pk=event.pk), "notice"))

    tasks.close_due_publicity.delay()  # a second beat tick: nothing more to do
    time.sleep(1)
    assert ClaimEvent.objects.filter(claim=claim, event_type="publicity_closed").count() == 1
