"""Counts and pages that cost the same on a thousand rows and on a million (issue 12).

A list that can grow is never counted whole. ``capped_count`` counts at most ``cap + 1``
rows, with the LIMIT inside a subquery (``SELECT COUNT(*) FROM (SELECT … LIMIT cap + 1)``),
so a count never reads more than that whatever the table holds; past the cap a page says
"1,000+". ``capped_counts`` counts several lists in one query (one scalar subquery each,
each capped). ``bounded_page`` pages a list by number up to the cap: the rows of one page
(one LIMIT/OFFSET query on an index in the list's order) and, past the cap, a page that
says the list goes on and that a search or a filter narrows it.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from math import ceil
from typing import Any

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Exists, QuerySet


def count_cap() -> int:
    """How far a list is counted before it says "1,000+", and paged before it stops."""
    return settings.LIST_COUNT_CAP


@dataclass(frozen=True)
class CappedCount:
    """How many rows a list holds, exact up to ``cap``; ``cap + 1`` means more than it."""

    value: int
    cap: int = field(default_factory=count_cap)

    @property
    def capped(self) -> bool:
        return self.value > self.cap

    @property
    def shown(self) -> int:
        """The rows a page may reach: all of them, or the first ``cap``."""
        return min(self.value, self.cap)

    @property
    def shown_label(self) -> str:
        return f"{self.shown:,}"

    def __bool__(self) -> bool:
        return self.value > 0

    def __str__(self) -> str:
        return f"{self.shown:,}+" if self.capped else f"{self.value:,}"


def _capped_sql(queryset: QuerySet, cap: int) -> tuple[str, tuple]:
    """``SELECT COUNT(*) FROM (SELECT pk … LIMIT cap + 1)``: no order, one column."""
    inner = queryset.order_by().values("pk")[: cap + 1]
    try:
        sql, params = inner.query.get_compiler(using=queryset.db).as_sql()
    except EmptyResultSet:  # e.g. ``pk__in=[]``: nothing to count, nothing to ask
        return "SELECT 0", ()
    return f"SELECT COUNT(*) FROM ({sql}) capped", tuple(params)


def capped_count(queryset: QuerySet, *, cap: int | None = None) -> CappedCount:
    """The rows of ``queryset``, counted up to ``cap + 1`` (``LIST_COUNT_CAP``): one query."""
    return capped_counts({"n": queryset}, cap=cap)["n"]


def capped_counts(querysets: Mapping[str, QuerySet], *, cap: int | None = None) -> dict:
    """Each list's rows, counted up to ``cap + 1``, in one query of scalar subqueries."""
    if not querysets:
        return {}
    cap = count_cap() if cap is None else cap
    parts: list[str] = []
    params: list[Any] = []
    for queryset in querysets.values():
        sql, part_params = _capped_sql(queryset, cap)
        parts.append(f"({sql})")
        params.extend(part_params)
    database = next(iter(querysets.values())).db
    with connections[database].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return {key: CappedCount(value=n, cap=cap) for key, n in zip(querysets, row, strict=True)}


class ProbeExists(Exists):
    """``EXISTS`` that PostgreSQL tries row by row, one index probe per row it reads.

    A plain ``EXISTS`` may become a hash join that first reads the whole inner table (every
    investigation ever made, to count a few unassigned claims) because the planner cannot
    see that the rows it looks for are all among the newest. With ``OFFSET 0`` in the
    subquery it stays a per-row subplan: a capped count that walks a queue's index reads
    cap + 1 matching rows and the probes for them, whatever the inner table holds. Plain
    ``EXISTS`` elsewhere.
    """

    def as_postgresql(self, compiler, connection, **extra_context):
        # Subquery.as_sql takes a template (Django's own Exists passes one); django-stubs
        # types it as BaseExpression.as_sql, which does not.
        return self.as_sql(  # type: ignore[call-arg]
            compiler, connection, template="EXISTS(%(subquery)s OFFSET 0)", **extra_context
        )


@dataclass(frozen=True)
class BoundedPage:
    """One page of a list paged by number, no further than its capped count reaches.

    Reads like Django's ``Page`` in a template (``number``, ``has_next``,
    ``next_page_number``, …); ``count`` is the capped count and ``num_pages`` the pages it
    reaches ("20+" past the cap, see ``num_pages_label``).
    """

    object_list: Sequence
    number: int
    per_page: int
    count: CappedCount

    @property
    def num_pages(self) -> int:
        return max(1, ceil(self.count.shown / self.per_page))

    @property
    def num_pages_label(self) -> str:
        return f"{self.num_pages}+" if self.count.capped else str(self.num_pages)

    @property
    def capped(self) -> bool:
        """The list goes on past the last page one may reach: search or filter to narrow it."""
        return self.count.capped

    def has_next(self) -> bool:
        return self.number < self.num_pages

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1

    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.object_list else 0

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)


def page_number(value) -> int:
    """A page number from a query string: 1 for anything that is not a positive integer."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return max(number, 1)


def bounded_page(
    queryset: QuerySet,
    *,
    number,
    per_page: int,
    count: CappedCount | None = None,
    cap: int | None = None,
) -> BoundedPage:
    """The page ``number`` of an ordered ``queryset`` (a number past the end shows the last
    page, anything else the first). ``count``: the list's capped count when the caller
    already has it (the office queue counts every tab in one query), else counted here."""
    if count is None:
        count = capped_count(queryset, cap=cap)
    last = max(1, ceil(count.shown / per_page))
    number = min(page_number(number), last)
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page]) if count else []
    return BoundedPage(object_list=rows, number=number, per_page=per_page, count=count)
