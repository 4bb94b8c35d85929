"""The sharing API: periods and their books, a member's own shares, finance's payouts desk,
issuing a payout that is due, releasing a held one, and the bank file (the page's own)."""

# ruff: noqa: F811 (the fixtures imported from the area's conftest are test arguments)

import csv
import io
from datetime import timedelta

import pytest
import time_machine
from rest_framework.test import APIClient

from claims import services as claim_services
from claims.states import ClaimState
from sharing import services
from sharing.models import Payout, SharingEvent, SharingEventType
from tests.api.clients import signed_in, token_client
from tests.factories import UserFactory, staff
from tests.sharing.conftest import (  # noqa: F401 (fixtures)
    AFTER,
    SHARING_DAY,
    at,
    enrol,
    payable_claim,
    plan,
)

pytestmark = pytest.mark.django_db
DUE = at(2025, 3, 28, 9, 0)  # the sharing day + 7
PERIODS = "/api/v1/sharing/periods/"
PAYOUTS = "/api/v1/sharing/payouts/"


@pytest.fixture
def period(plan, enrol, payable_claim):
    claims = [payable_claim(), payable_claim()]
    period = services.sharing_period_open(plan=plan, sharing_day=SHARING_DAY, now=AFTER)
    services.sharing_period_write_shares(period=period, now=AFTER)
    services.sharing_period_complete(period=period, now=AFTER)
    return claims, period


@pytest.fixture
def finance():
    return token_client(staff("finance", "fin-api"))


def test_periods_and_their_books_are_for_finance_and_the_reviewer(period):
    claims, sharing_period = period
    for user in (staff("finance", "fin-api"), staff("reviewer", "rev-api")):
        client = token_client(user)
        (row,) = client.get(PERIODS).json()["results"]
        assert row["id"] == sharing_period.pk and row["status"] == "complete"
        books = client.get(f"{PERIODS}{sharing_period.pk}/").json()
        assert books["period"]["share"] == str(sharing_period.share)
        assert books["period"]["members_written"] == sharing_period.members_count
        assert {p["claim"] for p in books["payouts"]} == {c.reference for c in claims}
        assert {e["event_type"] for e in books["events"]} >= {"opened", "completed"}
    for user in (staff("investigator", "inv"), staff("operator", "op"), claims[0].member.account):
        assert signed_in(user).get(PERIODS).status_code == 403
        assert signed_in(user).get(f"{PERIODS}{sharing_period.pk}/").status_code == 403
    assert APIClient().get(PERIODS).status_code == 401
    assert token_client(staff("finance", "fin-api")).get(f"{PERIODS}0/").status_code == 404


def test_a_member_reads_their_own_shares_only(period):
    claims, sharing_period = period
    account = claims[0].member.account
    (ledger,) = token_client(account).get("/api/v1/sharing/me/").json()
    assert ledger["member"]["id"] == claims[0].member_id
    (line,) = ledger["lines"]
    assert line["period"]["id"] == sharing_period.pk and line["amount"] == str(sharing_period.share)
    assert ledger["years"][0]["year"] == 2025 and ledger["promise_applies"] is True
    assert token_client(UserFactory()).get("/api/v1/sharing/me/").json() == []
    assert APIClient().get("/api/v1/sharing/me/").status_code == 401


def test_the_payouts_desk_is_finances(period, finance, payable_claim):
    claims, _period = period
    late = payable_claim()  # payable, in no period yet
    with time_machine.travel(AFTER + timedelta(hours=1), tick=False):
        desk = finance.get(PAYOUTS).json()
    assert desk["waiting_count"] == 2 and {p["claim"] for p in desk["waiting"]} == {
        c.reference for c in claims
    }
    assert [c["reference"] for c in desk["awaiting"]] == [late.reference]
    assert desk["issued"] == [] and desk["held"] == []
    for day in ("tomorrow", "9999-12-31", "0001-01-01"):  # past 2099 no day can end
        bad_day = finance.get(PAYOUTS, {"day": day})
        assert bad_day.status_code == 400 and "day" in bad_day.json()["detail"]["fields"]
    for user in (staff("reviewer", "rev-api"), claims[0].member.account):
        client = signed_in(user)
        assert client.get(PAYOUTS).status_code == 403
        refused = client.post(f"{PAYOUTS}{Payout.objects.first().pk}/issue/")
        assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
        assert client.get("/api/v1/sharing/bank-file/").status_code == 403


def test_finance_issues_a_payout_once_it_is_due(period, finance):
    claims, sharing_period = period
    payout = Payout.objects.get(claim=claims[0])
    with time_machine.travel(DUE - timedelta(days=1), tick=False):
        early = finance.post(f"{PAYOUTS}{payout.pk}/issue/")
        assert early.status_code == 422 and early.json()["code"] == "payout_not_due"
        assert early.json()["detail"]["due_on"] == "2025-03-28"
    with time_machine.travel(DUE, tick=False):
        issued = finance.post(f"{PAYOUTS}{payout.pk}/issue/")
        assert issued.status_code == 200, issued.content
        assert issued.json()["reference"].startswith("PO20250328")
        again = finance.post(f"{PAYOUTS}{payout.pk}/issue/")
        assert again.json() == issued.json()
    claims[0].refresh_from_db()
    assert claims[0].state == ClaimState.PAID
    assert claims[0].payout_reference == issued.json()["reference"]
    event = SharingEvent.objects.get(event_type=SharingEventType.PAYOUT_ISSUED)
    assert event.actor.username == "fin-api" and event.period == sharing_period
    # The sweep pays the other one on its due date and leaves this one alone.
    assert services.payouts_issue_due(now=DUE + timedelta(minutes=30)) == 1


def test_finance_releases_a_payout_the_sweep_held(period, finance):
    claims, _period = period
    claim_services.claim_mark_paid(
        claim=claims[0], actor=staff("finance", "fin"), payout_reference="BANK-1", now=AFTER
    )
    services.payouts_issue_due(now=DUE)  # holds the payout of the claim paid by hand
    held = Payout.objects.get(claim=claims[0])
    with time_machine.travel(DUE + timedelta(hours=1), tick=False):
        desk = finance.get(PAYOUTS).json()
        (row,) = desk["held"]
        assert row["held"] == "already_paid" and row["held_reason"]
        bad = finance.post(f"{PAYOUTS}release/", {"payouts": []}, format="json")
        assert bad.status_code == 400 and "payouts" in bad.json()["detail"]["fields"]
        released = finance.post(f"{PAYOUTS}release/", {"payouts": [held.pk, 10**6]}, "json")
        assert released.status_code == 200 and released.json() == {"released": 1}
        assert finance.get(PAYOUTS).json()["held"] == []
    assert SharingEvent.objects.filter(event_type=SharingEventType.PAYOUT_RELEASED).count() == 1


def test_the_bank_file_is_the_pages_and_errors_stay_json(period, finance, client):
    services.payouts_issue_due(now=DUE)
    fin_page = staff("finance", "fin-page")
    client.force_login(fin_page)
    with time_machine.travel(DUE + timedelta(hours=1), tick=False):
        response = finance.get("/api/v1/sharing/bank-file/", {"day": "2025-03-28"})
        page = client.get("/sharing/office/payouts.csv", {"day": "2025-03-28"})
        as_csv = finance.get(
            "/api/v1/sharing/bank-file/", {"day": "2025-13-01"}, HTTP_ACCEPT="text/csv"
        )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == page["Content-Disposition"]
    assert response.content == page.content
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["reference", "claim_reference", "payee", "amount", "due_on"]
    assert len(rows) == 3 and all(r[0].startswith("PO20250328") for r in rows[1:])
    assert as_csv.status_code == 400 and as_csv["Content-Type"] == "application/json"
    assert as_csv.json()["code"] == "invalid"
