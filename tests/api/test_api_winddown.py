"""The wind-down office's API: two operators propose and confirm, the dashboard's figures,
the final report; read by finance and the reviewer, as the office pages are."""

# ruff: noqa: F811 (the fixtures imported from the area's conftest are test arguments)

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from rest_framework.test import APIClient

from members.models import Plan
from tests.api.clients import signed_in, token_client
from tests.factories import staff
from tests.winddown.conftest import REPORT_LAST_CLOSE as LAST_CLOSE
from tests.winddown.conftest import (  # noqa: F401 (fixtures)
    announce,
    at,
    operators,
    plan,
    settle_wind_down,
    wind_down,
)
from winddown import services
from winddown.models import ShutdownStatus

pytestmark = pytest.mark.django_db
OFFICE = "/api/v1/winddown/shutdowns/"
PROPOSAL = {
    "plans": ["senior-cancer"],
    "stop_day": "2025-03-31",
    "window_days": 180,
    "notice_zh": "老年防癌互助计划将于2025年3月31日24时停止运行。",
    "notice_en": "The senior cancer plan stops at 24:00 on 31 March 2025.",
}
NOW = at(2025, 3, 12, 12, 0)


@time_machine.travel(NOW, tick=False)
def test_two_operators_propose_and_confirm_through_the_api(operators):
    first, second = (token_client(user) for user in operators)
    proposed = first.post(OFFICE, PROPOSAL, format="json")
    assert proposed.status_code == 201, proposed.content
    shutdown = proposed.json()
    assert shutdown["status"] == ShutdownStatus.PROPOSED and shutdown["proposed_by"] == "op-one"
    assert [e["event_type"] for e in shutdown["events"]] == ["proposed"]

    own = first.post(f"{OFFICE}{shutdown['id']}/confirm/")
    assert own.status_code == 403 and own.json()["code"] == "second_operator_required"
    early = first.get(f"{OFFICE}{shutdown['id']}/dashboard/")
    assert early.status_code == 409 and early.json()["code"] == "shutdown_not_announced"

    confirmed = second.post(f"{OFFICE}{shutdown['id']}/confirm/")
    assert confirmed.status_code == 200
    assert confirmed.json()["status"] == ShutdownStatus.ANNOUNCED
    assert confirmed.json()["confirmed_by"] == "op-two"
    assert Plan.objects.get(code="senior-cancer").shutdown_announced_at == NOW
    # Announced: public now, on the open list too.
    assert [s["id"] for s in APIClient().get("/api/v1/shutdowns/").json()["results"]] == [
        shutdown["id"]
    ]
    again = first.post(OFFICE, PROPOSAL, format="json")
    assert again.status_code == 400 and "plans" in again.json()["detail"]["fields"]


@time_machine.travel(NOW, tick=False)
def test_bad_proposals_are_json_errors_with_a_code(operators):
    operator = token_client(operators[0])
    for change, field in (
        ({"window_days": 0}, "window_days"),
        ({"plans": ["no-such-plan"]}, "plans"),
        ({"stop_day": "31 March"}, "stop_day"),
        ({"notice_en": ""}, "notice_en"),
    ):
        answer = operator.post(OFFICE, {**PROPOSAL, **change}, format="json")
        assert answer.status_code == 400 and field in answer.json()["detail"]["fields"]
    past = operator.post(OFFICE, {**PROPOSAL, "stop_day": "2025-03-01"}, format="json")
    assert past.status_code == 422 and past.json()["code"] == "stop_in_past"
    proposed = operator.post(OFFICE, PROPOSAL, format="json").json()
    no_reason = operator.post(f"{OFFICE}{proposed['id']}/cancel/", {}, format="json")
    assert no_reason.status_code == 400
    cancelled = operator.post(
        f"{OFFICE}{proposed['id']}/cancel/", {"reason": "Wrong plan"}, format="json"
    )
    assert cancelled.json()["status"] == ShutdownStatus.CANCELLED
    refused = token_client(operators[1]).post(f"{OFFICE}{proposed['id']}/confirm/")
    assert refused.status_code == 400 and refused.json()["code"] == "shutdown_cancelled"


def test_the_office_reads_for_finance_and_the_reviewer_and_writes_for_operators(wind_down):
    shutdown = wind_down[0]
    with time_machine.travel(at(2025, 3, 13, 9, 0), tick=False):
        for user in (staff("finance", "fin-api"), staff("reviewer", "rev-api")):
            client = token_client(user)
            assert [s["id"] for s in client.get(OFFICE).json()] == [shutdown.pk]
            assert client.get(f"{OFFICE}{shutdown.pk}/").status_code == 200
            assert client.get(f"{OFFICE}{shutdown.pk}/dashboard/").status_code == 200
            refused = client.post(OFFICE, PROPOSAL, format="json")
            assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
            assert client.post(f"{OFFICE}{shutdown.pk}/finish/").status_code == 403
        claimant = wind_down[1].member.account
        for user in (staff("investigator", "inv"), claimant):
            client = signed_in(user)
            assert client.get(OFFICE).status_code == 403
            assert client.get(f"{OFFICE}{shutdown.pk}/dashboard/").status_code == 403
        assert APIClient().get(OFFICE).status_code == 401


def test_the_dashboards_figures_are_the_pages(wind_down):
    shutdown, payable, open_claim, denied = wind_down
    with time_machine.travel(at(2025, 3, 13, 9, 0), tick=False):
        board = token_client(staff("operator", "op-three")).get(f"{OFFICE}{shutdown.pk}/dashboard/")
    assert board.status_code == 200
    figures = board.json()
    money = figures["liability"]
    assert Decimal(money["approved_unpaid"]) == payable.approved_amount
    assert Decimal(money["open_estimate"]) == open_claim.benefit_amount + denied.benefit_amount
    assert Decimal(money["total"]) == Decimal(money["approved_unpaid"]) + Decimal(
        money["open_estimate"]
    )
    states = {row["state"]: row["count"] for row in figures["claims_by_state"]}
    assert states["filed"] == 1 and states["investigated"] == 1 and states["publicised"] == 1
    assert figures["claims_total"] == 3 and figures["claims_final"] == 0
    assert figures["last_window_open"] is True and figures["ready_to_finish"] is False


def test_the_final_report_once_it_is_issued(wind_down):
    shutdown, payable = settle_wind_down(wind_down)
    finance = token_client(staff("finance", "fin-api"))
    with time_machine.travel(LAST_CLOSE - timedelta(minutes=1), tick=False):
        assert finance.get(f"{OFFICE}{shutdown.pk}/report/").status_code == 404
        early = token_client(staff("operator", "op-three")).post(f"{OFFICE}{shutdown.pk}/finish/")
        assert early.status_code == 400 and early.json()["code"] == "window_open"
    with time_machine.travel(LAST_CLOSE, tick=False):
        done = token_client(staff("operator", "op-three")).post(f"{OFFICE}{shutdown.pk}/finish/")
        assert done.status_code == 200 and done.json()["status"] == ShutdownStatus.FINISHED
        report = finance.get(f"{OFFICE}{shutdown.pk}/report/").json()
    assert report["claims"] == 3 and Decimal(report["paid"]) == payable.approved_amount
    assert report["plans"] == [payable.plan.name]
    assert {row["count"] for row in report["claims_by_state"]} == {1}
    assert report["periods"][0]["plan_name"] == payable.plan.name
    assert services.shutdowns_finish_due(now=LAST_CLOSE + timedelta(hours=1)) == 0
