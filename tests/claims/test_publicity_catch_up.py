"""Catch-up: every missed batch date published once; the beat task and the operator's
command run it."""

from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from celery.schedules import crontab
from django.conf import settings
from django.core.management import CommandError, call_command

from claims import services, tasks
from claims.models import PublicityBatch
from claims.states import ClaimState
from tests.claims.publicity_helpers import beijing, decided_claim, publish

pytestmark = pytest.mark.django_db
UTC = ZoneInfo("UTC")


def batch_of(claim) -> date | None:
    claim.refresh_from_db()
    return claim.publicity_batch.batch_date if claim.publicity_batch_id else None


def test_catch_up_publishes_each_missed_date_once_with_its_own_claims():
    publish(date(2025, 1, 21), beijing(2025, 1, 21, 0, 5))
    late_january = decided_claim(decided_at=beijing(2025, 1, 25, 10))
    early_february = decided_claim(decided_at=beijing(2025, 2, 10, 10))
    late_february = decided_claim(decided_at=beijing(2025, 2, 28, 23, 0))
    on_the_7th = decided_claim(decided_at=beijing(2025, 3, 7, 0, 1))
    # 2025-03-06 16:05 UTC is 00:05 on 7 March in Beijing.
    now = datetime(2025, 3, 6, 16, 5, tzinfo=UTC)

    batches = services.publicity_batches_catch_up(now=now)

    assert [b.batch_date for b in batches] == [
        date(2025, 1, 21),  # the last batch, checked again
        date(2025, 2, 7),
        date(2025, 2, 21),
        date(2025, 3, 7),
    ]
    assert batch_of(late_january) == date(2025, 2, 7)
    assert batch_of(early_february) == date(2025, 2, 21)
    assert batch_of(late_february) == date(2025, 3, 7)
    assert batch_of(on_the_7th) is None  # decided on the 7th: waits for the 21st
    for batch in batches[1:]:
        assert batch.claims_count == 1 and batch.published_at == now

    again = services.publicity_batches_catch_up(now=now + timedelta(hours=2))
    assert [b.batch_date for b in again] == [date(2025, 3, 7)]
    assert PublicityBatch.objects.count() == 4
    assert sorted(PublicityBatch.objects.values_list("claims_count", flat=True)) == [0, 1, 1, 1]


def test_with_no_batch_yet_the_latest_batch_date_is_published():
    claim = decided_claim(decided_at=beijing(2025, 3, 1, 10))
    batches = services.publicity_batches_catch_up(now=beijing(2025, 3, 12, 9))
    assert [b.batch_date for b in batches] == [date(2025, 3, 7)]
    assert batch_of(claim) == date(2025, 3, 7)


def test_on_an_ordinary_day_catch_up_publishes_no_new_batch():
    publish(date(2025, 3, 7), beijing(2025, 3, 7, 0, 5))
    decided_claim(decided_at=beijing(2025, 3, 8, 10))
    batches = services.publicity_batches_catch_up(now=beijing(2025, 3, 9, 0, 5))
    assert [(b.batch_date, b.claims_count) for b in batches] == [(date(2025, 3, 7), 0)]
    assert PublicityBatch.objects.count() == 1


def test_the_beat_runs_the_task_daily_at_five_past_midnight_beijing_time():
    entry = settings.CELERY_BEAT_SCHEDULE["claims-publish-due-batch"]
    assert entry["task"] == "claims.tasks.publish_due_batch"
    assert entry["schedule"] == crontab(hour=0, minute=5)
    assert settings.CELERY_TIMEZONE == "Asia/Shanghai"


def test_the_task_publishes_the_due_batch_at_the_clock():
    claim = decided_claim(decided_at=beijing(2025, 3, 15, 10))
    with time_machine.travel(datetime(2025, 3, 20, 16, 5, tzinfo=UTC), tick=False):
        assert tasks.publish_due_batch.delay().get() == ["2025-03-21"]
        assert tasks.publish_due_batch.delay().get() == ["2025-03-21"]  # a quiet re-run
    claim.refresh_from_db()
    assert claim.state == ClaimState.PUBLICISED
    assert PublicityBatch.objects.get().claims_count == 1


@time_machine.travel(datetime(2025, 3, 21, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)
def test_the_operator_command_publishes_a_date_and_catches_up():
    decided_claim(decided_at=beijing(2025, 2, 15, 10))
    decided_claim(decided_at=beijing(2025, 3, 15, 10))
    out = StringIO()
    call_command("publicity_batch", "--date", "2025-02-21", stdout=out)
    assert "2025-02-21: 1 claim in the batch" in out.getvalue()
    # Published late (on 21 March): the 7 days of objections run from publication.
    assert "objections until 2025-03-28 24:00" in out.getvalue()

    out = StringIO()
    call_command("publicity_batch", "--catch-up", stdout=out)
    assert "2025-03-07: 0 claims in the batch" in out.getvalue()
    assert "2025-03-21: 1 claim in the batch" in out.getvalue()

    with pytest.raises(CommandError, match="2025-03-22"):
        call_command("publicity_batch", "--date", "2025-03-22")
    with pytest.raises(CommandError, match="not a date"):
        call_command("publicity_batch", "--date", "22/03/2025")
