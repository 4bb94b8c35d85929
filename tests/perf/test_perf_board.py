"""The public board costs as many queries for five times the batches, and a batch page
as many for five times the cards (approvals and denials of several conditions)."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from claims import services
from claims.models import PublicityBatch
from tests.claims.publicity_helpers import beijing, decided_claim, publish
from tests.perf.flat import assert_flat, ok

pytestmark = pytest.mark.django_db

VIEWED_AT = beijing(2025, 9, 1, 10, 0)
CONDITIONS = ["malignant_tumour", "deep_coma", "stroke_sequelae"]


def _batch_days(n: int, *, after: date = date(2025, 1, 1)) -> list[date]:
    """The next ``n`` batch days (the 7th and the 21st) from ``after``."""
    days, day = [], after
    while len(days) < n:
        if day.day in (7, 21):
            days.append(day)
        day += timedelta(days=1)
    return days


def _published(day: date, n: int) -> None:
    for i in range(n):
        decided_claim(
            decided_at=beijing(day.year, day.month, day.day, 0, 0) - timedelta(days=1, hours=i),
            approve=i % 3 != 2,
            condition_code=CONDITIONS[i % len(CONDITIONS)],
        )
    publish(day, beijing(day.year, day.month, day.day, 0, 5))


@time_machine.travel(VIEWED_AT, tick=False)
def test_the_board_costs_the_same_for_five_times_the_batches(client, django_assert_max_num_queries):
    days = _batch_days(10)
    for day in days[:2]:
        _published(day, 2)

    def grow():
        for day in days[2:]:
            _published(day, 2)

    assert_flat(
        django_assert_max_num_queries,
        4,
        lambda: ok(client.get(reverse("board:index"))),
        grow,
        rows=lambda response: len(response.context["summaries"]),
    )


@time_machine.travel(VIEWED_AT, tick=False)
def test_a_batch_page_costs_the_same_for_five_times_the_cards(
    client, django_assert_max_num_queries
):
    (day,) = _batch_days(1, after=date(2025, 3, 8))
    _published(day, 2)
    batch = PublicityBatch.objects.get(batch_date=day)

    def grow():
        for i in range(8):
            claim = decided_claim(
                decided_at=beijing(2025, 3, 19, 10) + timedelta(minutes=i),
                approve=i % 2 == 0,
                condition_code=CONDITIONS[i % len(CONDITIONS)],
            )
            services.claim_publish(claim=claim, batch=batch, actor=None, now=batch.published_at)

    assert_flat(
        django_assert_max_num_queries,
        9,
        lambda: ok(client.get(reverse("board:batch", args=[day.isoformat()]), {"decision": ""})),
        grow,
        rows=lambda response: len(response.context["cards"]),
    )
