"""Capped counts and bounded pages (core.paging): a count stops at cap + 1 and says "N+",
several lists are counted in one query, a page number is clamped to the pages the count
reaches."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim, Investigation
from core.paging import (
    BoundedPage,
    CappedCount,
    ProbeExists,
    bounded_page,
    capped_count,
    capped_counts,
    page_number,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def seven_users():
    return [UserFactory(username=f"u{i}") for i in range(7)]


def test_a_count_under_the_cap_is_exact(seven_users):
    count = capped_count(User.objects.all(), cap=10)
    assert count == CappedCount(value=7, cap=10)
    assert not count.capped and count.shown == 7 and str(count) == "7"


def test_a_count_past_the_cap_reads_cap_plus_one_rows_and_says_so(seven_users):
    with CaptureQueriesContext(connection) as queries:
        count = capped_count(User.objects.all(), cap=5)
    assert count.value == 6 and count.capped and count.shown == 5
    assert str(count) == "5+"
    (query,) = queries.captured_queries
    assert "LIMIT 6" in query["sql"] and "COUNT(*)" in query["sql"]


def test_a_count_at_exactly_the_cap_is_not_capped(seven_users):
    assert not capped_count(User.objects.all(), cap=7).capped
    assert str(CappedCount(value=1000, cap=1000)) == "1,000"
    assert str(CappedCount(value=1001, cap=1000)) == "1,000+"


def test_several_lists_are_counted_in_one_query(seven_users):
    with CaptureQueriesContext(connection) as queries:
        counts = capped_counts(
            {
                "all": User.objects.all(),
                "some": User.objects.filter(username__in=["u1", "u2"]),
                "none": User.objects.filter(pk__in=[]),  # nothing to ask the database
                "many": User.objects.exclude(username="u0"),
            },
            cap=4,
        )
    assert len(queries.captured_queries) == 1
    assert {key: (c.value, c.capped) for key, c in counts.items()} == {
        "all": (5, True),
        "some": (2, False),
        "none": (0, False),
        "many": (5, True),
    }
    assert not counts["none"]


def test_a_page_holds_its_rows_and_knows_its_neighbours(seven_users):
    users = User.objects.order_by("username")
    page = bounded_page(users, number="2", per_page=3)
    assert [u.username for u in page] == ["u3", "u4", "u5"]
    assert (page.number, page.num_pages, page.num_pages_label) == (2, 3, "3")
    assert page.has_previous() and page.has_next() and page.has_other_pages()
    assert (page.previous_page_number(), page.next_page_number()) == (1, 3)
    assert page.start_index() == 4 and not page.capped


@pytest.mark.parametrize(("asked", "shown"), [("0", 1), ("-3", 1), ("x", 1), (None, 1), ("99", 3)])
def test_a_page_number_out_of_range_shows_the_first_or_the_last(seven_users, asked, shown):
    page = bounded_page(User.objects.order_by("username"), number=asked, per_page=3)
    assert page.number == shown
    assert len(page) == (1 if shown == 3 else 3)


def test_past_the_cap_the_pages_stop_and_say_the_list_goes_on(seven_users):
    page = bounded_page(User.objects.order_by("username"), number="9", per_page=2, cap=4)
    assert page.capped and page.num_pages == 2 and page.num_pages_label == "2+"
    assert page.number == 2 and [u.username for u in page] == ["u2", "u3"]
    assert not page.has_next()


def test_a_count_given_is_not_counted_again(seven_users):
    with CaptureQueriesContext(connection) as queries:
        page = bounded_page(
            User.objects.order_by("username"), number=1, per_page=5, count=CappedCount(7)
        )
    assert len(queries.captured_queries) == 1  # the rows only
    assert page.num_pages == 2


def test_an_empty_list_asks_for_no_rows():
    with CaptureQueriesContext(connection) as queries:
        page = bounded_page(User.objects.order_by("username"), number=3, per_page=5)
    assert len(queries.captured_queries) == 1  # the count only
    assert isinstance(page, BoundedPage) and list(page) == [] and page.number == 1
    assert not page.has_other_pages() and page.start_index() == 0


def test_page_numbers_from_a_query_string():
    assert [page_number(v) for v in ("4", "0", "-1", "", None, "2.5", "x")] == [4, 1, 1, 1, 1, 1, 1]


def test_a_probe_exists_answers_like_exists():
    """Only the SQL differs (OFFSET 0 on PostgreSQL); the answer is the same."""
    from django.db.models import OuterRef

    from tests.factories import file_claim, investigate

    assigned, unassigned = file_claim(), file_claim()
    investigate(assigned)
    has = ProbeExists(Investigation.objects.filter(claim_id=OuterRef("pk")))
    assert list(Claim.objects.filter(has)) == [assigned]
    assert list(Claim.objects.filter(~has)) == [unassigned]
    sql = str(Claim.objects.filter(~has).query)
    assert ("OFFSET 0" in sql) is (connection.vendor == "postgresql")
