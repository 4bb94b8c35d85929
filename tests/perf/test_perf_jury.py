"""The jury pages cost as many queries for five times the panels and ballots: a juror's
home (seats held, open panels, decided panels), a panel's page (its case file, the
juror's ballot; after the close the tally) and the panels' back office."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from claims.states import Decision
from jury.models import Juror
from jury.services import closing, panels
from tests.factories import staff
from tests.jury.services.test_panels import T, disputed_claim, qualified_jurors, vote
from tests.perf.flat import assert_flat, ok

pytestmark = pytest.mark.django_db

DURING = T + timedelta(hours=1)


def _seated_panels(n: int, pool: list[Juror]) -> list:
    """``n`` panels of three seats, each drawn from ``pool`` (three jurors: all seated)."""
    opened = []
    for _ in range(n):
        claim = disputed_claim(size=3, quorum=2)
        opened.append(panels.panel_open(claim=claim, now=T))
    return opened


def _open_panel_ballots(pool: list[Juror]):
    """An open panel (every qualified juror may vote) and a function casting ballots."""
    claim = disputed_claim(size=None, quorum=2)
    panel = panels.panel_open(claim=claim, now=T)
    voters = iter(pool)

    def cast(n):
        for _ in range(n):
            juror = next(voters)
            verdict = Decision.APPROVE if juror.pk % 2 else Decision.DENY
            vote(panel, juror, verdict, claim, now=T + timedelta(minutes=5))

    return claim, panel, cast


@time_machine.travel(DURING, tick=False)
def test_a_jurors_home_costs_the_same_for_five_times_the_panels(
    client, django_assert_max_num_queries
):
    pool = qualified_jurors(3)
    juror = pool[0]
    _seated_panels(2, pool)
    client.force_login(juror.account)

    def rows(response):
        return response.content.decode().count('href="/jury/panels/')

    assert_flat(
        django_assert_max_num_queries,
        13,
        lambda: ok(client.get(reverse("jury:home"))),
        lambda: _seated_panels(8, pool),
        rows=rows,
    )


@time_machine.travel(DURING, tick=False)
def test_a_panel_page_costs_the_same_for_five_times_the_ballots(
    client, django_assert_max_num_queries
):
    pool = qualified_jurors(11)
    _claim, panel, cast = _open_panel_ballots(pool)
    cast(2)
    client.force_login(pool[0].account)  # who voted first: their own ballot on the page
    assert_flat(
        django_assert_max_num_queries,
        9,
        lambda: ok(client.get(reverse("jury:panel", args=[panel.pk]))),
        lambda: cast(8),
        rows=lambda _response: panel.ballots.count(),  # secret while open: read, not shown
    )


def test_a_closed_panels_tally_costs_the_same_for_five_times_the_ballots(
    client, django_assert_max_num_queries
):
    pool = qualified_jurors(20)
    with time_machine.travel(T, tick=False):
        _few_claim, few, cast_few = _open_panel_ballots(pool[:2])
        cast_few(2)
        _many_claim, many, cast_many = _open_panel_ballots(pool[2:])
        cast_many(10)
    closing.panel_close(panel=few, now=few.deadline_at)
    closing.panel_close(panel=many, now=many.deadline_at)
    shown = [few]
    client.force_login(pool[0].account)  # a juror who voted on the few

    def grow():
        shown.append(many)
        client.force_login(pool[2].account)  # one who voted on the many

    def rows(response):
        return response.context["tally"].pay + response.context["tally"].deny

    with time_machine.travel(many.deadline_at + timedelta(hours=1), tick=False):
        assert_flat(
            django_assert_max_num_queries,
            11,
            lambda: ok(client.get(reverse("jury:panel", args=[shown[-1].pk]))),
            grow,
            rows=rows,
        )


@time_machine.travel(DURING, tick=False)
def test_the_panels_office_costs_the_same_for_five_times_the_panels(
    client, django_assert_max_num_queries
):
    pool = qualified_jurors(3)
    _seated_panels(2, pool)
    client.force_login(staff("reviewer", "rev"))

    def grow():
        _seated_panels(8, pool)
        client.force_login(staff("reviewer", "rev"))  # staff() set the password again

    assert_flat(
        django_assert_max_num_queries,
        8,
        lambda: ok(client.get(reverse("jury:office"))),
        grow,
        rows=lambda response: len(response.context["rows"]),
    )
