"""The members' ledger, the public history (a server-drawn chart beside its table) and the
back office of periods and payouts."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from sharing import services
from tests.factories import UserFactory, staff
from tests.sharing.conftest import AFTER, SHARING_DAY, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(plan, enrol, payable_claim):
    """Two complete periods; returns (a member who shared both, the periods)."""
    claim = payable_claim()
    sharer = enrol()
    for _ in range(3):
        enrol()
    periods = []
    for k, day in enumerate((SHARING_DAY, SHARING_DAY + timedelta(days=14))):
        now = AFTER + timedelta(days=14 * k)
        if k:
            payable_claim()
        period = services.sharing_period_open(plan=plan, sharing_day=day, now=now)
        services.sharing_period_write_shares(period=period, now=now)
        periods.append(services.sharing_period_complete(period=period, now=now))
    return sharer, claim, periods


def test_the_history_page_is_public_and_draws_its_chart_on_the_server(client, history):
    _sharer, claim, periods = history
    response = client.get(reverse("sharing:history"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<svg") == 1 and "<polyline" in html and "<rect" in html
    assert "<script" not in html and "cdn" not in html.lower()
    for period in periods:
        assert f"¥{period.share:,.2f}" in html
        assert period.sharing_day.isoformat() in html
    assert claim.member.full_name not in html  # nothing personal


def test_the_history_page_without_periods(client, db):
    response = client.get(reverse("sharing:history"))
    assert response.status_code == 200


def test_the_ledger_shows_each_share_and_the_year_against_the_promise(client, history):
    sharer, _claim, periods = history
    client.force_login(sharer.member.account)
    with time_machine.travel(at(2025, 4, 10, 9, 0), tick=False):
        response = client.get(reverse("sharing:ledger"), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    year_total = sum(p.share for p in periods)
    assert f"¥{year_total:,.2f}" in html
    assert "188" in html
    for period in periods:
        assert f"¥{period.share:,.2f}" in html


def test_the_ledger_needs_a_sign_in(client, db):
    response = client.get(reverse("sharing:ledger"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_office_shows_a_periods_progress_to_finance(client, history):
    _sharer, _claim, periods = history
    client.force_login(staff("finance", "fin"))
    listing = client.get(reverse("sharing:office-periods"))
    page = client.get(reverse("sharing:office-period", args=[periods[0].pk]))
    assert listing.status_code == page.status_code == 200
    html = page.content.decode()
    assert f'value="{periods[0].members_written}"' in html and "<progress" in html


def test_the_office_is_closed_to_members_and_anonymous(client, history):
    _sharer, _claim, periods = history
    url = reverse("sharing:office-period", args=[periods[0].pk])
    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403


def test_finance_downloads_the_bank_file(client, history):
    services.payouts_issue_due(now=at(2025, 3, 28, 9, 0))
    client.force_login(staff("finance", "fin"))
    response = client.get(reverse("sharing:payouts-csv"), {"day": "2025-03-28"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="payouts-2025-03-28.csv"' in response["Content-Disposition"]
    body = response.content.decode()
    assert body.startswith("reference,claim_reference,payee,amount,due_on") and "PO20250328" in body


def test_a_reviewer_sees_periods_but_not_the_bank_file(client, history):
    client.force_login(staff("reviewer", "rev"))
    assert client.get(reverse("sharing:office-periods")).status_code == 200
    assert client.get(reverse("sharing:payouts-csv")).status_code == 403


def test_past_the_promise_the_bar_turns_to_a_named_warning(client, history):
    sharer, _claim, periods = history
    year_total = sum(p.share for p in periods)
    assert year_total > 188  # five members share a 300,000 CNY case
    client.force_login(sharer.member.account)
    with time_machine.travel(at(2025, 4, 10, 9, 0), tick=False):
        html = client.get(reverse("sharing:ledger"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    meter = html.split("<meter")[1].split("</meter>")[0]
    assert 'aria-label="Shared in 2025 against the promise of at most ¥188 a year"' in meter
    assert f'max="{year_total}"' in meter and 'high="188"' in meter and 'optimum="0"' in meter
    warning = html.split('class="promise-warning"')[1].split("</p>")[0]
    assert "Over the promise." in warning
    assert f"¥{year_total - 188:,.2f} more than the original promise of at most ¥188 a year." in (
        warning
    )


def test_within_the_promise_the_bar_is_the_promise_long_and_no_warning():
    from decimal import Decimal

    from sharing.selectors import YearTotal

    within = YearTotal(2025, Decimal("57.60"), Decimal("188"))
    assert (within.over_promise, within.over_by, within.bar_max) == (False, None, Decimal("188"))
    past = YearTotal(2025, Decimal("190.01"), Decimal("188"))
    assert (past.over_by, past.bar_max) == (Decimal("2.01"), Decimal("190.01"))
    assert YearTotal(2025, Decimal("300"), None).bar_max is None  # over 59: no promise


def test_a_periods_payouts_are_paged_and_counted(client, plan, enrol, payable_claim, monkeypatch):
    from sharing.views import office

    monkeypatch.setattr(office, "PAYOUTS_PER_PAGE", 2)
    claims = [payable_claim() for _ in range(3)]
    for _ in range(3):
        enrol()
    period = services.sharing_period_open(plan=plan, sharing_day=SHARING_DAY, now=AFTER)
    services.sharing_period_write_shares(period=period, now=AFTER)
    services.sharing_period_complete(period=period, now=AFTER)
    client.force_login(staff("finance", "fin"))
    url = reverse("sharing:office-period", args=[period.pk])
    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()
    shown = [[c.reference in html for c in claims] for html in (first, second)]
    assert [sum(row) for row in shown] == [2, 1]
    assert all(a != b for a, b in zip(*shown, strict=True))  # each payout on one page
    assert "（3）" in first and "第 2 / 2 页" in second
