"""A claim is published only in a publicity batch: never under notice without being on the
board (claims.services.publicity.claim_publish, a check constraint below the ORM)."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction

from claims import services
from claims.models import Claim, PublicityBatch
from claims.rules import period_end
from claims.states import ClaimState
from tests.claims.publicity_helpers import beijing, decided_claim
from tests.factories import claim_in_state, staff

pytestmark = pytest.mark.django_db
AT = beijing(2025, 3, 21, 0, 5)


def test_publishing_puts_the_claim_in_the_batch_and_counts_it():
    claim = decided_claim(decided_at=beijing(2025, 3, 15, 10))
    batch = services.publicity_batch_open(batch_date=date(2025, 3, 21), now=AT)
    assert batch.claims_count == 0
    later = AT + timedelta(hours=5)  # a re-run: the batch's window reaches the claim's
    published = services.claim_publish(claim=claim, batch=batch, actor=None, now=later)
    assert published.state == ClaimState.PUBLICISED and published.publicity_batch == batch
    batch.refresh_from_db()
    assert batch.claims_count == 1
    assert batch.window_ends_at == published.publicity_ends_at == period_end(later, 7)
    event = published.events.get(event_type="published")
    assert event.payload == {"batch_date": "2025-03-21"}
    # A repeat is quiet and counts nothing more.
    services.claim_publish(claim=claim, batch=batch, actor=None, now=later)
    batch.refresh_from_db()
    assert batch.claims_count == 1


def test_publishing_needs_the_permission():
    claim = decided_claim(decided_at=beijing(2025, 3, 15, 10))
    batch = services.publicity_batch_open(batch_date=date(2025, 3, 21), now=AT)
    with pytest.raises(services.publicity.NotPermitted):
        services.claim_publish(claim=claim, batch=batch, actor=staff("investigator", "inv"), now=AT)
    assert Claim.objects.get(pk=claim.pk).state == ClaimState.INVESTIGATED


def test_the_database_refuses_a_published_claim_outside_a_batch():
    claim = claim_in_state(ClaimState.PUBLICISED)
    assert claim.publicity_batch is not None
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(publicity_batch=None)


def test_a_batch_opens_only_on_a_batch_day_that_has_come():
    with pytest.raises(services.publicity.RuleViolation):
        services.publicity_batch_open(batch_date=date(2025, 3, 20), now=AT)
    with pytest.raises(services.publicity.RuleViolation):
        services.publicity_batch_open(batch_date=date(2025, 4, 7), now=AT)
    assert not PublicityBatch.objects.exists()
