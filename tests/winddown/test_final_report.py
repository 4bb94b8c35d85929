"""The end of the wind-down: the dashboard's figures, and the final report once the last
window has closed and every claim is final (page, CSV, printable)."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest

from core.errors import DomainError
from tests.factories import staff
from tests.winddown.conftest import REPORT_LAST_CLOSE as LAST_CLOSE
from tests.winddown.conftest import settle_wind_down
from winddown import selectors, services
from winddown.models import ShutdownEventType, ShutdownStatus

pytestmark = pytest.mark.django_db


def test_the_liability_counts_paid_unpaid_and_an_estimate(wind_down):
    shutdown, payable, open_claim, denied = wind_down
    money = selectors.liability(shutdown)
    assert money.paid == Decimal("0.00")
    assert money.approved_unpaid == payable.approved_amount
    # Open: the filed claim's benefit and the denial proposed (not final yet) at 1 approved
    # of 1 decided so far (the denial is not final): the whole amounts.
    assert money.open_estimate == open_claim.benefit_amount + denied.benefit_amount
    assert money.total == money.approved_unpaid + money.open_estimate


def test_the_report_waits_for_the_last_window_and_every_claim(wind_down):
    shutdown, payable, open_claim, denied = wind_down
    with pytest.raises(DomainError) as refusal:
        services.shutdown_finish(shutdown=shutdown, now=LAST_CLOSE - timedelta(seconds=1))
    assert refusal.value.code == "window_open"
    with pytest.raises(DomainError) as refusal:
        services.shutdown_finish(shutdown=shutdown, now=LAST_CLOSE)
    assert refusal.value.code == "claims_open"
    assert services.shutdowns_finish_due(now=LAST_CLOSE) == 0


def test_the_final_report_freezes_the_totals_once(wind_down):
    shutdown, payable = settle_wind_down(wind_down)

    assert services.shutdowns_finish_due(now=LAST_CLOSE) == 1
    assert services.shutdowns_finish_due(now=LAST_CLOSE + timedelta(hours=1)) == 0

    shutdown.refresh_from_db()
    assert shutdown.status == ShutdownStatus.FINISHED and shutdown.finished_at == LAST_CLOSE
    report = shutdown.final_report
    assert report["claims"] == 3
    assert report["claims_by_state"] == {"paid": 1, "denied": 1, "withdrawn": 1}
    assert Decimal(report["paid"]) == payable.approved_amount
    assert Decimal(report["periods_borne"]) == payable.approved_amount
    assert report["periods"][0]["sharing_day"] == "2025-03-21"
    assert shutdown.events.filter(event_type=ShutdownEventType.FINISHED).count() == 1


def test_the_report_pages(wind_down, client):
    shutdown, payable = settle_wind_down(wind_down)
    services.shutdowns_finish_due(now=LAST_CLOSE)
    client.force_login(staff("finance", "fin2"))

    page = client.get(f"/winddown/office/{shutdown.pk}/report/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Final report of the wind-down" in text and f"{payable.approved_amount:,.2f}" in text
    assert "data-print" in text and "/static/js/print.js" in text  # no inline handler (CSP)
    assert "· Paid" in text and "· Denied" in text and "· Withdrawn" in text  # labelled states
    # The periods' plan by its name, never its code.
    assert ">Critical illness mutual aid</td>" in text and "critical-illness" not in text

    response = client.get(f"/winddown/office/{shutdown.pk}/report.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = dict(r[:2] for r in csv.reader(io.StringIO(response.content.decode())) if len(r) >= 2)
    assert rows["claims"] == "3" and Decimal(rows["paid"]) == payable.approved_amount
    assert rows["claims_by_state.paid"] == "1"


def test_no_report_page_before_the_end(wind_down, client):
    shutdown = wind_down[0]
    client.force_login(staff("finance", "fin2"))
    assert client.get(f"/winddown/office/{shutdown.pk}/report/").status_code == 404
