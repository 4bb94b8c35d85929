"""`make run` loads the demo data: it must load, and loading twice changes nothing."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from claims.models import Claim, ClaimEvent
from claims.states import ClaimState
from jury.models import Juror, Panel
from sharing.models import MemberShare, Payout, PeriodStatus, SharingPeriod

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_seed_demo_loads_every_state_and_is_idempotent():
    out = StringIO()
    call_command("seed_demo", members=140, stdout=out)
    states = set(Claim.objects.values_list("state", flat=True))
    assert states >= {s.value for s in ClaimState}
    assert Juror.objects.filter(status="qualified").count() == 31
    assert Panel.objects.filter(status="open").exists()
    counts = (Claim.objects.count(), ClaimEvent.objects.count())
    call_command("seed_demo", members=140, stdout=StringIO())
    assert (Claim.objects.count(), ClaimEvent.objects.count()) == counts
    assert "juror / juror12345" in out.getvalue()


def test_seed_demo_makes_a_complete_sharing_period_with_its_payouts(client):
    """The sharing pages have something to show from the start, on SQLite too (the books
    check counts in whole fen)."""
    call_command("seed_demo", members=60, stdout=StringIO())
    period = SharingPeriod.objects.get()
    assert period.status == PeriodStatus.COMPLETE and period.cases_count >= 1
    assert MemberShare.objects.filter(period=period).count() == period.members_count
    payout = Payout.objects.get(period=period)
    assert payout.issued_at is not None and payout.claim.state == ClaimState.PAID
    assert payout.claim.payout_reference == payout.reference
    assert client.get("/sharing/history/").content.decode().count(period.plan.name) >= 1
    client.force_login(get_user_model().objects.get(username="demo"))
    ledger = client.get("/sharing/me/").content.decode()
    assert f"{period.share:,.2f}" in ledger
