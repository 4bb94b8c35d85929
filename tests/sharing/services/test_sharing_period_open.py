"""Opening a period: the payable claims, the members sharing around the sharing day, the
figures, the payouts and the event."""

from datetime import timedelta
from decimal import Decimal

import pytest

from claims.states import ClaimState
from core.errors import DomainError
from sharing import services
from sharing.models import Payer, Payout, PeriodStatus, SharingEvent, SharingEventType
from tests.sharing.conftest import AFTER, SHARING_DAY, at

pytestmark = pytest.mark.django_db


def date_plus(days):
    return SHARING_DAY + timedelta(days=days)


def test_members_around_the_sharing_day(plan, enrol):
    joined_on_the_day = enrol(joined=at(2025, 3, 21, 23, 59))
    joined_the_day_after = enrol(joined=at(2025, 3, 22, 0, 0))
    left_before = enrol(left=at(2025, 3, 21, 12, 0))
    left_the_day_before = enrol(left=at(2025, 3, 20, 18, 0))
    left_after = enrol(left=at(2025, 3, 22, 9, 0))
    in_waiting_period = enrol(joined=at(2025, 3, 1, 8, 0))

    period = services.sharing_period_open(plan=plan, sharing_day=SHARING_DAY, now=AFTER)
    services.sharing_period_write_shares(period=period, chunk=2, now=AFTER)

    sharing = set(period.shares.values_list("member_id", flat=True))
    assert joined_on_the_day.member_id in sharing
    assert left_after.member_id in sharing
    assert in_waiting_period.member_id in sharing
    assert joined_the_day_after.member_id not in sharing
    assert left_before.member_id not in sharing
    assert left_the_day_before.member_id not in sharing
    assert period.members_count == len(sharing) == 3
    assert period.members_as_of == at(2025, 3, 22, 0, 0)


def test_the_figures_the_payouts_and_the_event(plan, enrol, payable_claim):
    claims = [payable_claim(), payable_claim()]
    for _ in range(5):
        enrol()
    approved = sum(c.approved_amount for c in claims)

    period = services.sharing_period_open(plan=plan, sharing_day=SHARING_DAY, now=AFTER)

    assert period.status == PeriodStatus.BUILDING
    assert period.payer == Payer.MEMBERS
    assert period.cases_count == 2
    assert period.approved_total == approved
    assert period.fee == (approved * Decimal("0.08")).quantize(Decimal("0.01"))
    assert period.carried_in == Decimal("0.00")
    assert period.members_count == 7  # five members and the two claimants
    assert period.share * 7 + period.carried_out == period.total == approved + period.fee
    payouts = Payout.objects.filter(period=period).order_by("claim_id")
    assert [p.claim_id for p in payouts] == sorted(c.pk for c in claims)
    assert {p.due_on for p in payouts} == {SHARING_DAY + timedelta(days=7)}
    assert all(p.amount == c.approved_amount for p, c in zip(payouts, claims, strict=True))
    event = SharingEvent.objects.get(period=period)
    assert event.event_type == SharingEventType.OPENED
    assert event.payload["share"] == str(period.share)
    assert sorted(event.payload["claims"]) == sorted(c.pk for c in claims)


def test_opening_twice_returns_the_same_period(plan, enrol, payable_claim):
    payable_claim()
    first = services.sharing_period_open(plan=plan, sharing_day=SHARING_DAY, now=AFTER)
    again = services.sharing_period_open(plan=plan, sharing_day=SHARING_DAY, now=AFTER)
    assert again.pk == first.pk
    assert Payout.objects.count() == 1
    assert SharingEvent.objects.filter(event_type=SharingEventType.OPENED).count() == 1


def test_claims_that_are_not_payable_stay_out(plan, enrol):
    from tests.factories import claim_in_state

    claim_in_state(ClaimState.PUBLICISED)  # notice still open
    claim_in_state(ClaimState.DISPUTED)
    claim_in_state("publicised_payable", approve=False)  # a denial
    paid = claim_in_state(ClaimState.PAID)

    period = services.sharing_period_open(plan=plan, sharing_day=SHARING_DAY, now=AFTER)

    assert period.cases_count == 0 and period.approved_total == Decimal("0.00")
    assert not Payout.objects.filter(claim=paid).exists()


def test_a_claim_is_gathered_by_one_period_only(plan, enrol, payable_claim):
    payable_claim()
    first = services.sharing_period_open(plan=plan, sharing_day=SHARING_DAY, now=AFTER)
    services.sharing_period_write_shares(period=first, now=AFTER)
    services.sharing_period_complete(period=first, now=AFTER)

    later = services.sharing_period_open(
        plan=plan, sharing_day=date_plus(14), now=AFTER + timedelta(days=14)
    )
    assert later.cases_count == 0
    assert later.carried_in == first.carried_out


def test_the_remainder_is_carried_into_the_next_period(plan, enrol, payable_claim):
    payable_claim()  # 1 claimant
    enrol()
    enrol()  # three members: an approval plus 8% rarely divides by 3
    first = services.sharing_period_open(plan=plan, sharing_day=SHARING_DAY, now=AFTER)
    services.sharing_period_write_shares(period=first, now=AFTER)
    first = services.sharing_period_complete(period=first, now=AFTER)
    payable_claim()

    second = services.sharing_period_open(
        plan=plan, sharing_day=date_plus(14), now=AFTER + timedelta(days=14)
    )

    assert second.carried_in == first.carried_out
    assert second.total == second.approved_total + second.fee + first.carried_out


def test_periods_open_one_at_a_time_in_date_order(plan, enrol):
    enrol()
    services.sharing_period_open(plan=plan, sharing_day=SHARING_DAY, now=AFTER)
    with pytest.raises(DomainError) as building:
        services.sharing_period_open(
            plan=plan, sharing_day=date_plus(14), now=AFTER + timedelta(days=14)
        )
    assert building.value.code == "period_building"
    with pytest.raises(DomainError) as ahead:
        services.sharing_period_open(plan=plan, sharing_day=date_plus(2), now=AFTER)
    assert ahead.value.code == "sharing_day_ahead"


def test_a_period_cannot_open_before_a_later_one(plan, enrol):
    enrol()
    later = services.sharing_period_open(
        plan=plan, sharing_day=date_plus(14), now=AFTER + timedelta(days=14)
    )
    services.sharing_period_write_shares(period=later)
    services.sharing_period_complete(period=later)
    with pytest.raises(DomainError) as out_of_order:
        services.sharing_period_open(
            plan=plan, sharing_day=SHARING_DAY, now=AFTER + timedelta(days=14)
        )
    assert out_of_order.value.code == "period_out_of_order"


def test_a_platform_period_writes_no_shares_and_balances(plan, enrol, payable_claim):
    claim = payable_claim()
    enrol()
    period = services.sharing_period_open(
        plan=plan, sharing_day=SHARING_DAY, payer=Payer.PLATFORM, now=AFTER
    )
    services.sharing_period_write_shares(period=period, now=AFTER)
    period = services.sharing_period_complete(period=period, now=AFTER)

    assert period.is_complete and period.members_count == 0 and period.shares.count() == 0
    assert period.total == claim.approved_amount and period.fee == Decimal("0.00")
    assert Payout.objects.get(claim=claim).payer == Payer.PLATFORM
