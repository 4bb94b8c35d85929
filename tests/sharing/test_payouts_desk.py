"""Finance's payouts desk: what the sweep issued (and the bank file), what waits and for
what, what it held and why, and releasing a held payout (one event each)."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from claims import services as claim_services
from sharing import services
from sharing.models import Payout, SharingEvent, SharingEventType
from tests.factories import staff
from tests.sharing.conftest import AFTER, SHARING_DAY, at

pytestmark = pytest.mark.django_db
DUE = at(2025, 3, 28, 9, 0)
DESK = "/sharing/office/payouts/"


@pytest.fixture
def period(plan, enrol, payable_claim):
    claims = [payable_claim(), payable_claim()]
    period = services.sharing_period_open(plan=plan, sharing_day=SHARING_DAY, now=AFTER)
    services.sharing_period_write_shares(period=period, now=AFTER)
    services.sharing_period_complete(period=period, now=AFTER)
    return claims, period


@pytest.fixture
def finance(client):
    client.cookies["django_language"] = "en"
    client.force_login(staff("finance", "fin-desk"))  # not "fin": the claim factory resets it
    return client


def test_the_desk_says_what_waits_and_for_what(finance, period, payable_claim):
    claims, _ = period
    late = payable_claim()  # payable, in no period yet
    with time_machine.travel(AFTER + timedelta(hours=1), tick=False):
        page = finance.get(reverse("sharing:office-payouts")).content.decode()
    assert "2 payouts waiting" in page and "its due date" in page
    assert "1 payable claim waiting for its sharing period" in page and late.reference in page
    assert "No payout is held." in page
    assert all(c.reference in page for c in claims)


def test_the_days_payouts_and_the_bank_file(finance, period):
    services.payouts_issue_due(now=DUE)
    with time_machine.travel(DUE + timedelta(hours=1), tick=False):
        page = finance.get(DESK, {"day": "2025-03-28"}).content.decode()
    reference = Payout.objects.order_by("id").first().reference
    assert reference in page
    assert "/sharing/office/payouts.csv?day=2025-03-28" in page
    assert "Download the bank file of 2025-03-28 (CSV)" in page


def test_a_held_payout_shows_why_and_finance_releases_it(finance, period):
    claims, the_period = period
    claim_services.claim_mark_paid(
        claim=claims[0], actor=staff("finance", "fin"), payout_reference="BANK-1", now=AFTER
    )
    services.payouts_issue_due(now=DUE)
    held = Payout.objects.get(claim=claims[0])
    with time_machine.travel(DUE + timedelta(hours=1), tick=False):
        page = finance.get(DESK).content.decode()
        assert "The claim was already marked paid under another payout reference." in page
        assert "already_paid" not in page  # never the bare refusal code
        response = finance.post(
            reverse("sharing:office-payouts-release"), {"payouts": [held.pk]}, follow=True
        )
    assert response.redirect_chain == [(DESK, 302)]
    messages = [str(m) for m in response.context["messages"]]
    assert messages == ["1 payout released: the payout sweep tries it again within 30 minutes."]
    held.refresh_from_db()
    assert held.held == ""
    event = SharingEvent.objects.get(event_type=SharingEventType.PAYOUT_RELEASED)
    assert event.period == the_period and event.payload == {
        "payout": held.pk,
        "cleared": "already_paid",
    }
    assert event.actor.username == "fin-desk"


def test_releasing_nothing_says_so(finance):
    response = finance.post(reverse("sharing:office-payouts-release"), {}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Select a held payout to release."]


def test_the_desk_is_finances(client):
    client.force_login(staff("reviewer", "rev"))
    assert client.get(DESK).status_code == 403
    assert client.post(reverse("sharing:office-payouts-release")).status_code == 403
