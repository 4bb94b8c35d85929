"""Batch runs and objections racing, on PostgreSQL with real row locks."""

from datetime import date

import pytest

from claims import services
from claims.models import Claim, ClaimEvent, PublicityBatch
from claims.states import ClaimEventType, ClaimState
from core.errors import DomainError
from tests.claims.publicity_helpers import beijing, decided_claim
from tests.concurrency import race
from tests.factories import EnrolmentFactory, claim_in_state

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_four_runs_of_one_batch_at_once_publish_each_claim_once():
    claims = [decided_claim(decided_at=beijing(2025, 3, 15, 10)) for _ in range(6)]
    at = beijing(2025, 3, 21, 0, 5)

    race(
        4,
        lambda i: services.publicity_batch_publish(
            batch_date=date(2025, 3, 21), now=at, chunk_size=2
        ),
    )

    batch = PublicityBatch.objects.get()
    assert batch.claims_count == 6
    assert Claim.objects.filter(publicity_batch=batch, state=ClaimState.PUBLICISED).count() == 6
    for claim in claims:
        assert claim.events.filter(event_type=ClaimEventType.PUBLISHED).count() == 1


def test_objections_sent_at_once_by_one_account_respect_the_daily_limit(settings):
    settings.OBJECTIONS_PER_DAY = 1
    claims = [claim_in_state(ClaimState.PUBLICISED) for _ in range(3)]
    objector = EnrolmentFactory().member.account

    results = race(
        3,
        lambda i: services.claim_lodge_dispute(
            claim=claims[i].pk,
            actor=objector,
            reason="The report does not meet the definition",
            now=beijing(2025, 3, 14, 9),
        ),
    )

    refusals = [r for r in results if isinstance(r, DomainError)]
    assert {r.code for r in refusals} == {"objection_rate_limited"} and len(refusals) == 2
    assert ClaimEvent.objects.filter(event_type=ClaimEventType.DISPUTE_LODGED).count() == 1
