"""``manage.py simulate_winddown``: a whole (short) wind-down through the real services and
tasks on a simulated clock, to its final report."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from claims.models import Claim
from claims.states import FINAL_STATES, ClaimState
from core import clock
from winddown.models import Shutdown, ShutdownStatus, WindowReminder

pytestmark = pytest.mark.django_db


def test_a_short_wind_down_runs_to_its_final_report():
    out = StringIO()
    call_command(
        "simulate_winddown",
        "--members=150",
        "--claims=30",
        "--window-days=40",
        "--stop-after-days=10",
        "--seed=7",
        stdout=out,
    )
    text = out.getvalue()
    assert "week  from" in text and "liability (CNY)" in text
    assert "Final report issued" in text

    shutdown = Shutdown.objects.get()
    assert shutdown.status == ShutdownStatus.FINISHED
    plan = shutdown.plans.get()
    claims = Claim.objects.filter(plan=plan)
    assert claims.exists() and all(c.state in FINAL_STATES for c in claims)
    assert claims.filter(state=ClaimState.PAID).exists()
    assert all(c.payout.payer == "platform" for c in claims.filter(state=ClaimState.PAID))
    assert WindowReminder.objects.filter(plan=plan).exists()
    assert shutdown.final_report["claims"] == claims.count()
    assert clock.now() > shutdown.finished_at  # the simulated clock is gone


def test_bad_arguments_are_refused():
    with pytest.raises(CommandError):
        call_command("simulate_winddown", "--members=5", "--claims=10")
    with pytest.raises(CommandError):
        call_command("simulate_winddown", "--announce=2999-01-01")


def test_a_database_in_use_is_refused():
    from tests.factories import claim_in_state

    claim_in_state("filed")
    with pytest.raises(CommandError) as refusal:
        call_command("simulate_winddown", "--members=20", "--claims=2")
    assert "claims are not final" in str(refusal.value)
    assert not Shutdown.objects.exists()


def test_a_simulation_never_starts_before_the_last_batch_of_another():
    from datetime import timedelta

    from claims.models import PublicityBatch

    today = clock.today()
    PublicityBatch.objects.create(
        batch_date=today - timedelta(days=10),
        published_at=clock.now(),
        window_ends_at=clock.now(),
    )
    with pytest.raises(CommandError) as refusal:
        call_command(
            "simulate_winddown",
            "--members=20",
            "--claims=2",
            f"--announce={today - timedelta(days=60)}",
        )
    assert "publicity batches" in str(refusal.value)


def test_a_wind_down_under_way_is_caught_up_to_the_real_now():
    """The simulated clock stops last night; before the demo is served, the sweeps run
    once on the real clock, so no page shows a deadline that passed since as open."""
    from datetime import timedelta

    from claims.models import ClaimDraft, DraftStatus
    from winddown.simulation.run import Simulation

    today = clock.today()
    call_command(
        "simulate_winddown",
        "--members=150",
        "--claims=40",
        f"--announce={today - timedelta(days=45)}",
        "--seed=7",
        stdout=StringIO(),
    )
    shutdown = Shutdown.objects.get()
    assert shutdown.status == ShutdownStatus.ANNOUNCED
    plan = shutdown.plans.get()
    now = clock.now()
    open_drafts = ClaimDraft.objects.filter(plan=plan, status=DraftStatus.OPEN)
    assert not open_drafts.filter(window_closes_at__lte=now).exists()
    assert not Claim.objects.filter(
        plan=plan,
        state=ClaimState.PUBLICISED,
        publicity_closed_at__isnull=True,
        publicity_ends_at__lte=now,
    ).exists()
    # A window that closed after the simulated clock stopped is closed by the catch-up.
    draft = open_drafts.order_by("id").first()
    assert draft is not None
    ClaimDraft.objects.filter(pk=draft.pk).update(window_closes_at=now - timedelta(minutes=1))
    Simulation(members=1, claims=0, announce_on=today).catch_up()
    draft.refresh_from_db()
    assert draft.status == DraftStatus.EXPIRED
