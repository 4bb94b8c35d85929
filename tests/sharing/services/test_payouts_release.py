"""payouts_release and the payout's hold: a release needs someone named who may
release, and every move of a payout writes an event from and to its states."""

import pytest

from claims import services as claim_services
from core.errors import NotPermitted
from sharing import services
from sharing.models import Payout, PayoutStatus, SharingEvent, SharingEventType
from tests.factories import UserFactory, staff
from tests.sharing.conftest import AFTER, SHARING_DAY, at

pytestmark = pytest.mark.django_db
DUE = at(2025, 3, 28, 9, 0)


@pytest.fixture
def held(plan, enrol, payable_claim):
    """A payout the sweep held: its claim was marked paid by hand meanwhile."""
    claim = payable_claim()
    period = services.sharing_period_open(plan=plan, sharing_day=SHARING_DAY, now=AFTER)
    services.sharing_period_write_shares(period=period, now=AFTER)
    services.sharing_period_complete(period=period, now=AFTER)
    claim_services.claim_mark_paid(
        claim=claim, actor=staff("finance", "fin"), payout_reference="BANK-1", now=AFTER
    )
    assert services.payouts_issue_due(now=DUE) == 0
    return Payout.objects.get(claim=claim)


def released():
    return SharingEvent.objects.filter(event_type=SharingEventType.PAYOUT_RELEASED)


def test_the_sweep_holds_a_refused_payout_with_an_event_from_due_to_held(held):
    assert held.status == PayoutStatus.HELD and held.held == "already_paid"
    (event,) = SharingEvent.objects.filter(event_type=SharingEventType.PAYOUT_REFUSED)
    assert (event.from_state, event.to_state) == ("due", "held") and event.actor is None
    assert event.payload["payout"] == held.pk and event.payload["code"] == "already_paid"


def test_a_release_takes_an_actor(held):
    with pytest.raises(NotPermitted):
        services.payouts_release(payouts=[held.pk], actor=None, now=DUE)
    with pytest.raises(TypeError):
        services.payouts_release(payouts=[held.pk], now=DUE)  # no default: always named
    held.refresh_from_db()
    assert held.status == PayoutStatus.HELD and not released().exists()


def test_a_release_needs_the_permission_to_release(held):
    with pytest.raises(NotPermitted):
        services.payouts_release(payouts=[held.pk], actor=UserFactory(is_staff=True), now=DUE)
    assert not released().exists()


def test_finance_releases_it_with_one_event_naming_who_and_what_was_cleared(held):
    finance = staff("finance", "fin-desk")
    assert services.payouts_release(payouts=[held.pk], actor=finance, now=DUE) == 1
    assert services.payouts_release(payouts=[held.pk], actor=finance, now=DUE) == 0  # quiet

    held.refresh_from_db()
    assert held.status == PayoutStatus.DUE and held.held == ""
    (event,) = released()
    assert event.actor == finance and event.created_at == DUE
    assert (event.from_state, event.to_state) == ("held", "due")
    assert event.payload == {"payout": held.pk, "cleared": "already_paid"}
