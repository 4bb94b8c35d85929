"""Many workers racing to pay one claim, on PostgreSQL with real row locks."""

import pytest

from claims import services
from claims.models import Claim, ClaimEvent
from claims.states import ClaimState
from core.errors import DomainError
from tests.concurrency import race
from tests.factories import claim_in_state, staff

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_eight_threads_paying_the_same_payout_make_one_payment_and_one_event():
    claim = claim_in_state("publicised_payable")
    finance = staff("finance", "fin")
    results = race(
        8,
        lambda i: services.claim_mark_paid(
            claim=claim.pk, actor=finance, payout_reference="PAY-RACE"
        ),
    )
    assert all(isinstance(r, Claim) and r.state == ClaimState.PAID for r in results)
    assert ClaimEvent.objects.filter(claim=claim, event_type="paid").count() == 1
    claim.refresh_from_db()
    assert claim.payout_reference == "PAY-RACE"


def test_threads_with_different_payouts_pay_once_and_the_rest_are_refused():
    claim = claim_in_state("publicised_payable")
    finance = staff("finance", "fin")
    results = race(
        6,
        lambda i: services.claim_mark_paid(
            claim=claim.pk, actor=finance, payout_reference=f"PAY-{i}"
        ),
    )
    paid = [r for r in results if isinstance(r, Claim)]
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(paid) == 1 and len(refused) == 5
    assert {r.code for r in refused} == {"already_paid"}
    assert ClaimEvent.objects.filter(claim=claim, event_type="paid").count() == 1


def test_a_stale_instance_cannot_overwrite_a_newer_state():
    """ConcurrentTransitionMixin: a save from an out-of-date copy is refused."""
    from django_fsm import ConcurrentTransition

    claim = claim_in_state("publicised_payable")
    stale = Claim.objects.get(pk=claim.pk)
    services.claim_mark_paid(
        claim=claim.pk, actor=staff("finance", "fin"), payout_reference="PAY-A"
    )
    stale.pay(payout_reference="PAY-B", at=stale.payable_at)
    with pytest.raises(ConcurrentTransition):
        stale.save()
