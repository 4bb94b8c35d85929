"""The outbox (core.followups): a follow-up commits with its change or not at all, is
handed over after the commit, and the sweep hands over what is due and not done."""

import logging
from datetime import timedelta
from unittest import mock

import pytest
from django.db import transaction

from claims.models import ClaimEvent, ClaimNotice
from claims.states import ClaimState
from core import clock
from core.followups import followup_record, followups_deliver_due
from core.models import FollowUp
from tests.factories import claim_in_state

pytestmark = pytest.mark.django_db


def test_a_follow_up_is_rolled_back_with_its_change():
    with pytest.raises(RuntimeError), transaction.atomic():
        followup_record("claims.tasks.notify_claimant", 1)
        raise RuntimeError("the change failed")
    assert not FollowUp.objects.exists()


def test_it_is_handed_over_after_the_commit_and_marked_done(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        claim = claim_in_state(ClaimState.FILED)
    notice = FollowUp.objects.get(task="claims.tasks.notify_claimant")
    assert notice.done_at is None and not ClaimNotice.objects.exists()  # not before the commit

    for callback in callbacks:
        callback()

    notice.refresh_from_db()
    assert notice.done_at is not None and notice.attempts == 1
    event = ClaimEvent.objects.get(claim=claim, event_type="filed")
    assert ClaimNotice.objects.get(event=event).sent_at is not None


def test_the_sweep_hands_over_only_what_is_due(django_capture_on_commit_callbacks, settings):
    now = clock.now()
    with mock.patch("core.followups.followups_hand_over"):  # the broker never took them
        with django_capture_on_commit_callbacks(execute=True):
            claim_in_state(ClaimState.FILED)
    waiting = FollowUp.objects.get()
    grace = timedelta(seconds=settings.FOLLOWUP_GRACE_SECONDS)

    # A fresh row may still be on its way to the broker: the sweep leaves it alone.
    assert followups_deliver_due(now=waiting.created_at + grace - timedelta(seconds=1)) == 0
    assert followups_deliver_due(now=waiting.created_at + grace) == 1
    waiting.refresh_from_db()
    assert waiting.done_at is not None
    assert followups_deliver_due(now=now + timedelta(days=1)) == 0  # done: never again


def test_a_failing_task_waits_and_backs_off(django_capture_on_commit_callbacks, caplog):
    with mock.patch("core.followups.followups_hand_over"):
        with django_capture_on_commit_callbacks(execute=True):
            claim_in_state(ClaimState.FILED)
    row = FollowUp.objects.get()
    later = row.due_at + timedelta(minutes=1)
    with mock.patch(
        "claims.services.notices.send_mail", side_effect=ConnectionRefusedError("smtp down")
    ):
        with caplog.at_level(logging.INFO, logger="core.followups"):
            assert followups_deliver_due(now=later) == 0
    row.refresh_from_db()
    assert row.done_at is None and "smtp down" in row.last_error
    assert row.due_at > later  # tried again later, not at every sweep
    assert "waits in the database" in caplog.text
    assert "follow-ups due: 1, handed to the broker: 0" in caplog.text

    assert followups_deliver_due(now=row.due_at) == 1  # the mail server is back
    row.refresh_from_db()
    assert row.done_at is not None and row.attempts == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_sweeps_at_once_take_different_rows():
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    now = clock.now()
    FollowUp.objects.bulk_create(
        FollowUp(task="claims.tasks.notify_claimant", args=[10**9 + i], created_at=now, due_at=now)
        for i in range(40)
    )
    handed: list[list[int]] = []
    barrier = threading.Barrier(2)

    def record(ids, now=None):
        handed.append(list(ids))
        return len(ids)

    def sweep(_):
        try:
            barrier.wait()
            return followups_deliver_due(now=now, limit=25)
        finally:
            connection.close()

    with mock.patch("core.followups.followups_hand_over", side_effect=record):
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(sweep, range(2)))
    taken = [i for ids in handed for i in ids]
    assert len(taken) == len(set(taken)) == 40
