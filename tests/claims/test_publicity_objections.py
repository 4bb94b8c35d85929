"""Objections during public notice (异议): one per case, a daily limit per account."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings as django_settings

from claims import services
from claims.models import ClaimEvent
from claims.states import ClaimEventType, ClaimState
from core.errors import InvalidTransition, RuleViolation
from tests.claims.publicity_helpers import beijing
from tests.factories import EnrolmentFactory, claim_in_state

pytestmark = pytest.mark.django_db
UTC = ZoneInfo("UTC")
REASON = "The pathology report does not show an invasive tumour"


def object_to(claim, actor, at: datetime):
    return services.claim_lodge_dispute(claim=claim, actor=actor, reason=REASON, now=at)


def test_the_default_limit_is_five_objections_a_day():
    assert django_settings.OBJECTIONS_PER_DAY == 5


def test_an_objection_moves_the_approval_to_disputed_with_its_event():
    claim = claim_in_state(ClaimState.PUBLICISED)  # notice 13–19 March
    objector = EnrolmentFactory().member.account
    at = beijing(2025, 3, 14, 9, 30)

    disputed = object_to(claim, objector, at)

    assert disputed.state == ClaimState.DISPUTED and disputed.disputed_at == at
    event = ClaimEvent.objects.get(claim=claim, event_type=ClaimEventType.DISPUTE_LODGED)
    assert (event.actor, event.from_state, event.to_state) == (objector, "publicised", "disputed")
    assert event.reason == REASON


def test_one_objection_per_case():
    claim = claim_in_state(ClaimState.PUBLICISED)
    first, second = (EnrolmentFactory().member.account for _ in range(2))
    at = beijing(2025, 3, 14, 9, 30)
    object_to(claim, first, at)
    object_to(claim, first, at)  # the same objection again: a quiet retry
    with pytest.raises(InvalidTransition) as refusal:
        object_to(claim, second, at)
    assert refusal.value.code == "already_disputed"
    assert claim.events.filter(event_type=ClaimEventType.DISPUTE_LODGED).count() == 1


def test_the_daily_limit_at_its_boundary_in_beijing_time(settings):
    settings.OBJECTIONS_PER_DAY = 2
    claims = [claim_in_state(ClaimState.PUBLICISED) for _ in range(4)]
    objector = EnrolmentFactory().member.account

    object_to(claims[0], objector, beijing(2025, 3, 13, 0, 0))  # first moment of the day
    object_to(claims[1], objector, beijing(2025, 3, 13, 23, 59))
    # 2025-03-13 15:59:59 UTC is still the 13th in Beijing: the third is refused.
    with pytest.raises(RuleViolation) as refusal:
        object_to(claims[2], objector, datetime(2025, 3, 13, 15, 59, 59, tzinfo=UTC))
    assert refusal.value.code == "objection_rate_limited"
    claims[2].refresh_from_db()
    assert claims[2].state == ClaimState.PUBLICISED
    assert not claims[2].events.filter(event_type=ClaimEventType.DISPUTE_LODGED).exists()

    # A retry of an objection already lodged is not a new one: it is not refused.
    object_to(claims[1], objector, beijing(2025, 3, 13, 23, 59, 59))

    # 16:00 UTC is midnight in Beijing: a new day, a new allowance.
    assert (
        object_to(claims[2], objector, datetime(2025, 3, 13, 16, 0, tzinfo=UTC)).state
        == ClaimState.DISPUTED
    )
    # Another account has its own allowance.
    other = EnrolmentFactory().member.account
    assert object_to(claims[3], other, beijing(2025, 3, 13, 23, 0)).state == ClaimState.DISPUTED


def test_the_limit_counts_objections_to_approvals_only(settings):
    settings.OBJECTIONS_PER_DAY = 0
    approval = claim_in_state(ClaimState.PUBLICISED)
    denial = claim_in_state(ClaimState.PUBLICISED, approve=False)
    with pytest.raises(RuleViolation) as refusal:
        object_to(approval, EnrolmentFactory().member.account, beijing(2025, 3, 14, 9))
    assert refusal.value.code == "objection_rate_limited"
    # The claimant disputing their own denial is not an objection to an approval.
    disputed = object_to(denial, denial.member.account, beijing(2025, 3, 14, 9))
    assert disputed.state == ClaimState.DISPUTED
