"""Query counts that do not grow with the data (issue 12): a page is asked for with a
few rows, within a bound, then again once there are five times as many rows, within the
same bound. A query per row (a lazy relation, a count per item) shows as more queries
for more rows and breaks the bound; the bound is what a few rows cost, so it is tight."""

import os
from collections.abc import Callable
from typing import Any

from django.test.utils import CaptureQueriesContext


def assert_flat(
    assert_max_num_queries: Callable,
    bound: int,
    get: Callable[[], Any],
    grow: Callable[[], None],
    *,
    rows: Callable[[Any], int],
) -> tuple[CaptureQueriesContext, CaptureQueriesContext]:
    """``get()`` within ``bound`` queries, then ``grow()``, then ``get()`` within the same
    bound. ``rows(response)`` is how many of the grown rows the page shows (or, on a page
    that must not show them, such as an open panel's ballots, how many it reads): more
    after ``grow``, else a query per row would go unseen. It is not counted."""
    get()  # the per-process caches (the wind-down notice) are warm for both
    with assert_max_num_queries(bound) as few:
        first = get()
    before = rows(first)
    grow()
    with assert_max_num_queries(bound) as many:
        second = get()
    after = rows(second)
    assert after > before, (before, after)
    if os.environ.get("PERF_SHOW_QUERIES"):  # to set a bound: the queries each time
        print(f"\n{len(few)} queries for {before} rows, {len(many)} for {after}")
    return few, many


def ok(response) -> Any:
    assert response.status_code == 200, (response.status_code, response.content[:500])
    return response
