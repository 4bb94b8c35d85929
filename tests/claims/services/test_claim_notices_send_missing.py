"""Repair: a claimant's notice that no worker sent is sent by the sweep, once, and only
once it is older than REPAIR_AFTER_SECONDS (a healthy worker is never raced)."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail

from claims.models import ClaimEvent, ClaimNotice
from claims.services.notices import claim_notices_send_missing
from claims.states import ClaimState
from tests.factories import claim_in_state

pytestmark = pytest.mark.django_db


def test_an_unsent_notice_is_sent_once_after_the_threshold(settings):
    with mock.patch("core.followups.followups_hand_over"):  # every message lost
        claim = claim_in_state(ClaimState.FILED)
    event = ClaimEvent.objects.get(claim=claim, event_type="filed")
    threshold = event.created_at + timedelta(seconds=settings.REPAIR_AFTER_SECONDS)

    assert claim_notices_send_missing(now=threshold - timedelta(seconds=1)) == 0
    assert mail.outbox == []
    assert claim_notices_send_missing(now=threshold) == 1
    assert ClaimNotice.objects.get(event=event).sent_at is not None
    assert len(mail.outbox) == 1 and claim.reference in mail.outbox[0].subject
    assert claim_notices_send_missing(now=threshold + timedelta(hours=1)) == 0
    assert len(mail.outbox) == 1


def test_a_week_old_event_is_left_alone(settings):
    with mock.patch("core.followups.followups_hand_over"):
        claim = claim_in_state(ClaimState.FILED)
    event = ClaimEvent.objects.get(claim=claim, event_type="filed")
    assert claim_notices_send_missing(now=event.created_at + timedelta(days=8)) == 0
