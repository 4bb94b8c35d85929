"""Payouts: the due sweep issues each once, the claim is paid with the payout reference,
a refusal holds the payout, and the day's bank file."""

import csv
import io
from datetime import timedelta

import pytest

from claims import services as claim_services
from claims.states import ClaimEventType, ClaimState
from core.errors import RuleViolation
from sharing import services
from sharing.models import Payout, SharingEvent, SharingEventType
from sharing.services.payouts import payout_reference
from tests.factories import staff
from tests.sharing.conftest import AFTER, SHARING_DAY, at

pytestmark = pytest.mark.django_db
DUE = at(2025, 3, 28, 9, 0)  # the sharing day + 7


@pytest.fixture
def payouts(plan, enrol, payable_claim):
    claims = [payable_claim(), payable_claim()]
    period = services.sharing_period_open(plan=plan, sharing_day=SHARING_DAY, now=AFTER)
    services.sharing_period_write_shares(period=period, now=AFTER)
    services.sharing_period_complete(period=period, now=AFTER)
    return claims, period


def test_nothing_is_issued_before_the_due_date(payouts):
    assert services.payouts_issue_due(now=DUE - timedelta(days=1)) == 0
    assert not Payout.objects.filter(issued_at__isnull=False).exists()


def test_the_sweep_issues_each_payout_once(payouts):
    claims, period = payouts

    assert services.payouts_issue_due(now=DUE) == 2
    assert services.payouts_issue_due(now=DUE) == 0  # the second run finds nothing due
    assert services.payouts_issue_due(now=DUE + timedelta(days=1)) == 0

    for claim in claims:
        claim.refresh_from_db()
        payout = Payout.objects.get(claim=claim)
        assert payout.issued_at == DUE
        assert payout.reference == payout_reference(payout)
        assert payout.reference.startswith("PO20250328")
        assert claim.state == ClaimState.PAID
        assert claim.payout_reference == payout.reference and claim.paid_at == DUE
        assert claim.events.filter(event_type=ClaimEventType.PAID).count() == 1
    issued = SharingEvent.objects.filter(period=period, event_type=SharingEventType.PAYOUT_ISSUED)
    assert issued.count() == 2


def test_issuing_one_payout_again_is_quiet(payouts):
    payout = Payout.objects.first()
    first = services.payout_issue(payout=payout, now=DUE)
    again = services.payout_issue(payout=payout.pk, now=DUE + timedelta(hours=1))
    assert again.issued_at == first.issued_at == DUE
    assert SharingEvent.objects.filter(event_type=SharingEventType.PAYOUT_ISSUED).count() == 1


def test_one_payout_is_issued_from_its_due_date_not_before(payouts):
    payout = Payout.objects.first()
    with pytest.raises(RuleViolation) as refusal:
        services.payout_issue(payout=payout, now=DUE - timedelta(hours=10))  # the 27th
    assert refusal.value.code == "payout_not_due"
    assert not Payout.objects.filter(issued_at__isnull=False).exists()
    # 00:00 of the due day, Beijing time: due.
    issued = services.payout_issue(payout=payout, now=at(2025, 3, 28, 0, 0))
    assert issued.issued_at == at(2025, 3, 28, 0, 0)


def test_a_refused_payout_is_held_not_retried_every_run(payouts):
    claims, _period = payouts
    # Finance paid the first claim by hand before the sweep ran.
    claim_services.claim_mark_paid(
        claim=claims[0], actor=staff("finance", "fin"), payout_reference="BANK-1", now=AFTER
    )

    assert services.payouts_issue_due(now=DUE) == 1
    held = Payout.objects.get(claim=claims[0])
    assert held.issued_at is None and held.held == "already_paid"
    assert services.payouts_issue_due(now=DUE + timedelta(hours=1)) == 0
    refused = SharingEvent.objects.filter(event_type=SharingEventType.PAYOUT_REFUSED)
    assert refused.count() == 1 and refused.get().payload["code"] == "already_paid"


def test_the_bank_file_lists_the_days_payouts(payouts):
    claims, _period = payouts
    services.payouts_issue_due(now=DUE)

    text = services.payouts_export_csv(day=DUE.date())

    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["reference", "claim_reference", "payee", "amount", "due_on"]
    body = sorted(rows[1:])
    expected = sorted(
        [
            Payout.objects.get(claim=c).reference,
            c.reference,
            c.member.masked_name,
            f"{c.approved_amount:.2f}",
            "2025-03-28",
        ]
        for c in claims
    )
    assert body == expected
    assert all(c.member.full_name not in text for c in claims)  # masked names only
    assert services.payouts_export_csv(day=DUE.date() + timedelta(days=1)).count("\r\n") == 1
