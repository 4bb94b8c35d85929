"""Repair: a disputed claim whose panel never opened (the follow-up's message was lost)
gets it from the sweep, once it is older than REPAIR_AFTER_SECONDS."""

from datetime import timedelta

import pytest

from claims.models import ClaimEvent
from claims.states import ClaimState
from jury.models import Panel
from jury.services.panels import panels_open_missing
from tests.jury.services.test_panels import disputed_claim, qualified_jurors

pytestmark = pytest.mark.django_db


def test_a_lost_panel_opens_after_the_threshold_and_only_once(settings):
    claim = disputed_claim(size=3, quorum=2)
    qualified_jurors(5)
    lodged = ClaimEvent.objects.get(claim=claim, event_type="dispute_lodged").created_at
    threshold = lodged + timedelta(seconds=settings.REPAIR_AFTER_SECONDS)

    assert panels_open_missing(now=threshold - timedelta(seconds=1)) == 0
    assert not Panel.objects.filter(claim=claim).exists()
    assert panels_open_missing(now=threshold) == 1
    panel = Panel.objects.get(claim=claim, round=1)
    assert panel.seats.count() == 3
    assert panels_open_missing(now=threshold + timedelta(hours=1)) == 0


def test_a_claim_no_longer_disputed_needs_no_panel(settings):
    claim = disputed_claim(size=3, quorum=2)
    type(claim).objects.filter(pk=claim.pk).update(state=ClaimState.JURY_VOTED)
    lodged = ClaimEvent.objects.get(claim=claim, event_type="dispute_lodged").created_at
    assert panels_open_missing(now=lodged + timedelta(days=1)) == 0
    assert not Panel.objects.filter(claim=claim).exists()
