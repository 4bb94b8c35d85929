"""A real Celery worker on Redis, against PostgreSQL: the beat tasks of the wind-down
send the reminders due and expire the drafts whose window has closed."""

from datetime import timedelta

import pytest

from claims.models import ClaimDraft, DraftStatus
from core import clock
from tests.winddown.conftest import make_draft
from tests.worker_support import (  # noqa: F401 (fixtures)
    celery_app,
    celery_worker_parameters,
    celery_worker_pool,
    wait_for,
)
from winddown import tasks
from winddown.models import SmsMessage, WindowReminder

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_real_worker_sends_the_due_reminders_and_expires_closed_drafts(
    celery_worker, announce, enrol
):
    today = clock.today()
    announce(now=clock.now(), stop_day=today + timedelta(days=10), window_days=30)
    due = make_draft(
        enrol(joined=clock.now() - timedelta(days=400), member__phone="13700000001"),
        diagnosis_date=today - timedelta(days=25),
        now=clock.now(),
    )
    closed = make_draft(
        enrol(joined=clock.now() - timedelta(days=400)),
        diagnosis_date=today - timedelta(days=25),
        now=clock.now(),
    )
    ClaimDraft.objects.filter(pk=closed.pk).update(
        window_closes_at=clock.now() - timedelta(minutes=1)
    )

    tasks.send_due_reminders.delay()
    tasks.expire_due_drafts.delay()

    assert wait_for(lambda: WindowReminder.objects.filter(subject_id=due.pk).exists())
    assert wait_for(lambda: ClaimDraft.objects.get(pk=closed.pk).status == DraftStatus.EXPIRED)
    assert SmsMessage.objects.filter(to="13700000001").count() == 1
