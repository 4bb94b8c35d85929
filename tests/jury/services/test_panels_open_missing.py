"""Repair: a disputed (or appealed) claim whose panel never opened (the follow-up's
message was lost) gets it from the sweep, once it is older than REPAIR_AFTER_SECONDS."""

from datetime import timedelta
from unittest import mock

import pytest

from claims import services as claim_services
from claims.models import ClaimEvent
from claims.states import ClaimState
from jury.models import Panel
from jury.services.panels import panels_open_missing
from members.models import Plan
from tests.factories import claim_in_state, staff
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


def test_a_lost_appeal_panel_opens_after_the_threshold_and_only_once(settings):
    """The appeal's follow-up was lost too: the sweep opens the fresh panel of 2n + 1,
    with the appellant and the statement the claim's appeal event recorded."""
    Plan.objects.filter(code="critical-illness").update(jury_panel_size=3, jury_quorum=2)
    with mock.patch("core.followups.followups_hand_over"):  # the follow-ups wait
        claim = claim_in_state("jury_voted_appealed", approve=False)  # the claimant appealed
    qualified_jurors(8)
    event = ClaimEvent.objects.get(claim=claim, event_type="appeal_lodged")
    threshold = event.created_at + timedelta(seconds=settings.REPAIR_AFTER_SECONDS)

    assert panels_open_missing(now=threshold - timedelta(seconds=1)) == 0
    assert not Panel.objects.filter(claim=claim, round=2).exists()
    assert panels_open_missing(now=threshold) == 1
    appeal = Panel.objects.get(claim=claim, round=2)
    assert (appeal.size, appeal.appellant, appeal.statement) == (7, event.actor, event.reason)
    assert appeal.seats.count() == 7
    assert panels_open_missing(now=threshold + timedelta(hours=1)) == 0


def test_an_appeal_decided_by_hand_needs_no_panel(settings):
    with mock.patch("core.followups.followups_hand_over"):
        claim = claim_in_state("jury_voted_appealed", approve=False)
    event = ClaimEvent.objects.get(claim=claim, event_type="appeal_lodged")
    claim_services.claim_record_appeal_result(
        claim=claim,
        actor=staff("reviewer", "rev"),
        pay_votes=2,
        deny_votes=5,
        now=event.created_at + timedelta(hours=1),
    )
    assert panels_open_missing(now=event.created_at + timedelta(days=1)) == 0
    assert not Panel.objects.filter(claim=claim, round=2).exists()
