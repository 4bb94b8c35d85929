"""``manage.py sharing_period``: open, write with a progress line per chunk, complete; and
``manage.py payouts_export``."""

from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command

from sharing.models import MemberShare, PeriodStatus, SharingPeriod
from tests.sharing.conftest import AFTER, at

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    with time_machine.travel(AFTER, tick=False):
        call_command("sharing_period", *args, stdout=out)
    return out.getvalue()


def test_the_command_writes_a_period_with_progress(plan, enrol, payable_claim):
    payable_claim()
    for _ in range(6):
        enrol()

    out = run("--plan", plan.code, "--day", "2025-03-21", "--chunk", "2")

    period = SharingPeriod.objects.get(plan=plan)
    assert period.status == PeriodStatus.COMPLETE
    assert MemberShare.objects.filter(period=period).count() == 7
    progress = [line for line in out.splitlines() if line.startswith("[")]
    assert len(progress) >= 4 and "7 / 7 (100%)" in progress[-1]
    assert "the books balance to the fen" in out
    assert "Already complete." in run("--plan", plan.code, "--day", "2025-03-21")


def test_the_command_refuses_what_it_cannot_do(plan):
    with pytest.raises(CommandError, match="no plan"):
        run("--plan", "nope", "--day", "2025-03-21")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("--plan", plan.code, "--day", "21/03/2025")


def test_payouts_export_writes_the_bank_file(tmp_path, db):
    target = tmp_path / "payouts.csv"
    out = StringIO()
    with time_machine.travel(at(2025, 3, 28, 10, 0), tick=False):
        call_command("payouts_export", "--day", "2025-03-28", "--output", str(target), stdout=out)
    assert target.read_text().startswith("reference,claim_reference,payee,amount,due_on")
    assert "0 payouts" in out.getvalue()
