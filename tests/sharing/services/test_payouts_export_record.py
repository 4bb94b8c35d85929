"""Taking the payouts bank file is recorded before it is handed over: one event on each
period whose payouts are in it, through the desk or the command."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command

from sharing import services
from sharing.models import Payout, SharingEvent, SharingEventType
from tests.factories import staff
from tests.sharing.conftest import AFTER, SHARING_DAY, at

pytestmark = pytest.mark.django_db
DUE = at(2025, 3, 28, 9, 0)


@pytest.fixture
def issued(plan, enrol, payable_claim):
    payable_claim(), payable_claim()
    period = services.sharing_period_open(plan=plan, sharing_day=SHARING_DAY, now=AFTER)
    services.sharing_period_write_shares(period=period, now=AFTER)
    services.sharing_period_complete(period=period, now=AFTER)
    assert services.payouts_issue_due(now=DUE) == 2
    return period


def exported():
    return SharingEvent.objects.filter(event_type=SharingEventType.PAYOUTS_EXPORTED)


def test_the_record_names_who_the_day_and_the_payouts(issued):
    finance = staff("finance", "fin-desk")
    later = DUE + timedelta(hours=2)
    assert services.payouts_export_record(day=DUE.date(), actor=finance, now=later) == 2

    (event,) = exported()
    payouts = list(Payout.objects.order_by("id"))
    assert event.period == issued and event.actor == finance and event.created_at == later
    assert event.payload == {
        "day": "2025-03-28",
        "payouts": [p.pk for p in payouts],
        "count": 2,
        "amount": str(sum((p.amount for p in payouts), Decimal("0.00"))),
    }
    assert (event.from_state, event.to_state) == ("complete", "complete")


def test_a_day_without_payouts_records_nothing(issued):
    finance = staff("finance", "fin-desk")
    assert services.payouts_export_record(day=DUE.date() - timedelta(days=1), actor=finance) == 0
    assert not exported().exists()


def test_the_desk_records_the_download_before_the_file(client, issued):
    client.force_login(staff("finance", "fin-desk"))
    with time_machine.travel(DUE + timedelta(hours=1), tick=False):
        response = client.get("/sharing/office/payouts.csv", {"day": "2025-03-28"})
    assert response.status_code == 200 and response.content.decode().count("\r\n") == 3
    (event,) = exported()
    assert event.actor.username == "fin-desk" and event.payload["count"] == 2


def test_the_command_records_the_file_as_the_system(tmp_path, issued):
    target = tmp_path / "payouts.csv"
    call_command("payouts_export", "--day", "2025-03-28", "--output", str(target))
    (event,) = exported()
    assert event.actor is None and event.payload["count"] == 2
