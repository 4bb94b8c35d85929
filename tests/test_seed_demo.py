"""`make run` loads the demo data: it must load, and loading twice changes nothing."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from claims.models import Claim, ClaimEvent, PublicityBatch
from claims.rules import is_batch_day
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


def test_the_demo_board_is_full_from_the_start(client):
    """The demo publishes in batches, as the platform does: every published claim is on
    the board, the latest batch's notices are open, one decided claim waits."""
    call_command("seed_demo", members=140, stdout=StringIO())
    assert not Claim.objects.filter(published_at__isnull=False, publicity_batch=None).exists()
    earlier, recent = PublicityBatch.objects.order_by("batch_date")
    assert is_batch_day(earlier.batch_date) and is_batch_day(recent.batch_date)
    assert (
        earlier.claims_count + recent.claims_count
        == Claim.objects.filter(published_at__isnull=False).count()
    )
    under_notice = Claim.objects.filter(
        publicity_batch=recent, state=ClaimState.PUBLICISED, publicity_closed_at=None
    )
    assert under_notice.filter(member__account__username="demo").count() == 2
    assert under_notice.count() == 3 and recent.claims.filter(state=ClaimState.DISPUTED).exists()
    assert not Claim.objects.filter(
        publicity_batch=earlier, state=ClaimState.PUBLICISED, publicity_closed_at=None
    ).exists()
    waiting = Claim.objects.filter(state=ClaimState.INVESTIGATED)
    assert waiting.count() == 1 and waiting.get().publicity_batch is None
    board = client.get("/board/").content.decode()
    assert recent.batch_date.isoformat() in board and earlier.batch_date.isoformat() in board
    batch = client.get(f"/board/{recent.batch_date.isoformat()}/").content.decode()
    assert batch.count('class="card case-card"') == recent.claims_count


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
