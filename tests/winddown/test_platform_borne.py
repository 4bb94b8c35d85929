"""From the announcement members share nothing: every period opened after it, the one
due on the announcement day included, is borne by the platform. Approvals still go
through publicity; the ledger names the platform as payer and members' ledgers show the
period as covered."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from claims import services as claim_services
from claims.states import ClaimState
from core.errors import DomainError
from sharing import selectors as sharing_selectors
from sharing import services as sharing_services
from sharing.models import MemberShare, Payer, Payout
from tests.factories import claim_in_state
from tests.winddown.conftest import at

pytestmark = pytest.mark.django_db
SHARING_DAY = date(2025, 3, 21)  # a publicity batch date
AFTER = at(2025, 3, 22, 10, 0)
STOP_DAY = date(2025, 4, 30)


def _open(plan):
    period = sharing_services.sharing_period_open(plan=plan, sharing_day=SHARING_DAY, now=AFTER)
    sharing_services.sharing_period_write_shares(period=period, now=AFTER)
    return sharing_services.sharing_period_complete(period=period, now=AFTER)


def test_the_period_due_on_the_announcement_day_is_platform_borne(plan, announce, enrol):
    claim = claim_in_state("publicised_payable")
    sharer = enrol()
    announce(now=at(2025, 3, 21, 23, 59, 59), stop_day=STOP_DAY)  # the sharing day's last second

    period = _open(plan)

    assert period.payer == Payer.PLATFORM
    assert period.members_count == 0 and period.share == Decimal("0.00")
    assert period.fee == Decimal("0.00")
    assert period.total == period.approved_total == claim.approved_amount
    assert period.is_complete
    assert not MemberShare.objects.filter(period=period).exists()
    assert Payout.objects.get(claim=claim).payer == Payer.PLATFORM

    ledger = sharing_selectors.account_ledgers(account=sharer.member.account, today=SHARING_DAY)[0]
    (line,) = ledger.lines
    assert line.period == period and line.amount == Decimal("0.00")
    assert line.covered_by_platform

    sharing_services.payouts_issue_due(now=at(2025, 3, 28, 9, 0))
    claim.refresh_from_db()
    assert claim.state == ClaimState.PAID


def test_a_period_opened_before_the_announcement_stays_the_members(plan, announce, enrol):
    claim_in_state("publicised_payable")
    enrol()
    period = _open(plan)  # opened 2025-03-22 10:00
    announce(now=AFTER + timedelta(seconds=1), stop_day=STOP_DAY)
    period.refresh_from_db()

    assert period.payer == Payer.MEMBERS
    assert period.members_count >= 2
    assert MemberShare.objects.filter(period=period).count() == period.members_count


def test_members_cannot_be_made_to_share_after_the_announcement(plan, announce):
    claim_in_state("publicised_payable")
    announce(now=at(2025, 3, 20, 10, 0), stop_day=STOP_DAY)
    with pytest.raises(DomainError) as refusal:
        sharing_services.sharing_period_open(
            plan=plan, sharing_day=SHARING_DAY, payer=Payer.MEMBERS, now=AFTER
        )
    assert refusal.value.code == "members_share_nothing"


def test_an_approval_in_the_wind_down_goes_through_publicity_and_the_platform_pays(
    plan, announce, enrol
):
    """The beat path end to end: batch, notice, close, platform period, payout."""
    enrol()
    claim = claim_in_state("investigated")  # approved by the reviewer on 2025-03-11
    announce(now=at(2025, 3, 12, 12, 0), stop_day=STOP_DAY)

    claim_services.publicity_batch_publish(batch_date=SHARING_DAY, now=at(2025, 3, 21, 0, 5))
    claim.refresh_from_db()
    assert claim.state == ClaimState.PUBLICISED

    closed_at = at(2025, 3, 29, 0, 10)  # the notice ran 22–28 March
    claim_services.claims_close_due_publicity(now=closed_at)
    assert sharing_services.sharing_open_due_periods(now=closed_at) == 1
    sharing_services.sharing_periods_complete_written(now=closed_at)

    payout = Payout.objects.get(claim=claim)
    assert payout.payer == Payer.PLATFORM and payout.period.payer == Payer.PLATFORM
    assert payout.period.sharing_day == SHARING_DAY and payout.period.is_complete
    sharing_services.payouts_issue_due(now=at(2025, 3, 28, 9, 0) + timedelta(days=2))
    claim.refresh_from_db()
    assert claim.state == ClaimState.PAID


def test_a_jury_verdict_to_pay_in_the_wind_down_is_paid_by_the_platform(plan, announce):
    """However long the process takes (dispute, jury, appeal window), the platform pays."""
    from claims.rules import latest_batch_date
    from core import clock

    claim = claim_in_state("jury_voted_settled")
    assert claim.payable_at is not None
    announced = claim.payable_at + timedelta(hours=1)
    announce(now=announced, stop_day=clock.beijing_date(announced) + timedelta(days=30))

    opened = announced + timedelta(days=2)
    period = sharing_services.sharing_period_open(
        plan=plan, sharing_day=latest_batch_date(clock.beijing_date(opened)), now=opened
    )
    assert period.payer == Payer.PLATFORM
    assert Payout.objects.get(claim=claim).payer == Payer.PLATFORM
