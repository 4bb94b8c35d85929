"""One ballot per juror per panel, under concurrent submission on PostgreSQL."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from claims.states import Decision
from jury.models import Ballot
from jury.services import panels
from tests.jury.services.test_panels import T, answers, disputed_claim, qualified_jurors

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_juror_submitting_eight_times_at_once_has_one_ballot_holding_one_of_them():
    claim = disputed_claim(size=None, quorum=1)
    juror = qualified_jurors(1)[0]
    panel = panels.panel_open(claim=claim, now=T)
    barrier = threading.Barrier(8)

    def cast(i):
        try:
            barrier.wait()
            verdict = Decision.APPROVE if i % 2 else Decision.DENY
            return panels.ballot_cast(
                panel=panel.pk,
                actor=juror.account,
                verdict=verdict,
                clause_answers=answers(claim, "met" if i % 2 else "not_met"),
                reason=f"attempt number {i}",
                now=T,
            )
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(cast, range(8)))
    ballots = Ballot.objects.filter(panel=panel, juror=juror)
    assert ballots.count() == 1
    assert ballots.get().reason.startswith("attempt number")


def test_two_sweeps_closing_the_same_panel_close_it_once():
    claim = disputed_claim(size=3, quorum=2)
    qualified_jurors(6)
    panel = panels.panel_open(claim=claim, now=T)
    for seat in panel.seats.all()[:2]:
        panels.ballot_cast(
            panel=panel,
            actor=seat.juror.account,
            verdict=Decision.DENY,
            clause_answers=answers(claim, "not_met"),
            reason="not met",
            now=T,
        )
    barrier = threading.Barrier(2)

    def sweep(_):
        try:
            barrier.wait()
            return panels.panels_close_due(now=panel.deadline_at)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(sweep, range(2)))
    assert sorted(results) == [0, 1]
    assert claim.events.filter(event_type="jury_result_recorded").count() == 1
