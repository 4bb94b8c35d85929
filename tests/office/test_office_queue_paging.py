"""The queue at platform size, with the cap and the page size made small: tab counts stop
at the cap ("3+"), pages go no further than it and say so, the links keep the query; the
search finds names from their start (anywhere from three characters on) and conditions;
a reviewer's decisions wait oldest first."""

import re
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from members.services import member_add
from office.views import queue as queue_page
from tests.factories import (
    BEIJING,
    EnrolmentFactory,
    UserFactory,
    file_claim,
    investigate,
    national_id,
    staff,
)
from tests.office.helpers import T0

pytestmark = pytest.mark.django_db

VIEWED_AT = datetime(2025, 3, 12, 12, 0, tzinfo=BEIJING)


def refs(response) -> list[str]:
    return [row.claim.reference for row in response.context["rows"]]


def queue(client, **params):
    return client.get(reverse("office:queue"), params)


@pytest.fixture
def five_unassigned(settings, monkeypatch):
    settings.LIST_COUNT_CAP = 3
    monkeypatch.setattr(queue_page, "PAGE_SIZE", 2)
    return [
        file_claim(enrolment=EnrolmentFactory(), now=T0 + timedelta(minutes=i)) for i in range(5)
    ]


@time_machine.travel(VIEWED_AT, tick=False)
def test_past_the_cap_a_tab_says_3_plus_and_the_pages_stop(client, five_unassigned):
    client.force_login(staff("reviewer", "rev"))
    first = queue(client, tab="unassigned")
    counts = {key: str(count) for key, _, count in first.context["tabs"]}
    assert counts == {"unassigned": "3+", "mine": "0", "due_soon": "0", "overdue": "0", "all": "3+"}
    page = first.content.decode()
    assert '<span class="count">3+</span>' in page
    assert "Page 1 of 2+" in page
    assert "Only the first 3 are listed here: search or filter to find the others." in page
    # oldest first; the last page reachable is the second, whatever page is asked for
    assert refs(first) == [c.reference for c in five_unassigned[:2]]
    last = queue(client, tab="unassigned", page="9")
    assert last.context["page"].number == 2 and not last.context["page"].has_next()
    assert refs(last) == [c.reference for c in five_unassigned[2:4]]


@time_machine.travel(VIEWED_AT, tick=False)
def test_under_the_cap_the_count_is_exact_and_no_note_is_shown(client, settings, five_unassigned):
    settings.LIST_COUNT_CAP = 10
    client.force_login(staff("reviewer", "rev"))
    page = queue(client, tab="unassigned").content.decode()
    assert '<span class="count">5</span>' in page and "Page 1 of 3" in page
    assert "Only the first" not in page


@time_machine.travel(VIEWED_AT, tick=False)
def test_the_pager_keeps_the_tab_filters_and_search_in_both_languages(client, five_unassigned):
    client.force_login(staff("reviewer", "rev"))
    languages = (("en", "Next", "Page 1 of 2+"), ("zh-hans", "下一页", "第 1 / 2+ 页"))
    for language, next_label, of in languages:
        client.cookies["django_language"] = language
        response = queue(client, tab="all", condition="malignant_tumour", state="filed", q="tumour")
        page = response.content.decode()
        assert of in page
        link = re.search(r'href="(\?[^"]*)">' + next_label + "<", page).group(1)
        link = link.replace("&amp;", "&")
        assert not link.startswith("??")
        kept = ("tab=all", "condition=malignant_tumour", "state=filed", "q=tumour", "page=2")
        assert all(part in link for part in kept)
        second = client.get(reverse("office:queue") + link)
        assert second.context["tab"] == "all" and second.context["page"].number == 2


@time_machine.travel(VIEWED_AT, tick=False)
def test_a_reviewers_decisions_wait_oldest_first(client):
    later = file_claim(enrolment=EnrolmentFactory(), now=T0)
    earlier = file_claim(
        enrolment=EnrolmentFactory(),
        diagnosis_date=date(2025, 2, 1),
        now=T0 - timedelta(days=5),
    )
    investigate(later, now=T0)  # due first, filed last
    investigate(earlier, now=T0 + timedelta(hours=1))
    client.force_login(staff("reviewer", "rev"))
    response = queue(client, tab="mine")
    assert refs(response) == [earlier.reference, later.reference]
    assert "waiting for your decision, oldest first." in response.content.decode()


def _member_claim(name: str, seq: int, **kwargs):
    member = member_add(
        account=UserFactory(),
        relation="self",
        full_name=name,
        national_id=national_id(date(1980, 1, 1), seq),
        birth_date=date(1980, 1, 1),
        now=datetime(2024, 1, 1, tzinfo=BEIJING),
    )
    return file_claim(enrolment=EnrolmentFactory(member=member), now=T0, **kwargs)


@time_machine.travel(VIEWED_AT, tick=False)
@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("欧", {"ouyang"}),  # a name from its first character
        ("欧阳", {"ouyang"}),
        ("明华", set()),  # two characters: from the start of the name only
        ("阳明华", {"ouyang"}),  # three characters: anywhere in it
        ("Smith", {"smith"}),  # either case
        ("smi", {"smith"}),
        ("coma", {"coma"}),  # the condition's code or name
        ("昏迷", {"coma"}),
    ],
)
def test_the_search_finds_names_from_their_start_and_conditions(client, text, found):
    claims = {
        "ouyang": _member_claim("欧阳明华", 501),
        "smith": _member_claim("John Smith", 502, condition_code="malignant_tumour"),
        "coma": _member_claim("李四", 503, condition_code="deep_coma"),
    }
    client.force_login(staff("reviewer", "rev"))
    response = queue(client, tab="all", q=text)
    assert set(refs(response)) == {claims[key].reference for key in found}
    counts = {key: count.value for key, _, count in response.context["tabs"]}
    assert counts["all"] == counts["unassigned"] == len(found)


@time_machine.travel(VIEWED_AT, tick=False)
def test_a_name_found_on_more_claims_than_the_cap_is_still_searched_whole(client, settings):
    """Past the cap the claims found by name stay a subquery: none is lost."""
    settings.LIST_COUNT_CAP = 2
    zhang = [_member_claim(f"张{i}", 600 + i) for i in range(3)]
    other = _member_claim("王五", 610)
    client.force_login(staff("reviewer", "rev"))
    response = queue(client, tab="all", q="张")
    assert sorted(refs(response)) == sorted(c.reference for c in zhang)
    assert other.reference not in refs(response)
    assert str(response.context["page"].count) == "2+"


@time_machine.travel(VIEWED_AT, tick=False)
def test_every_tab_is_counted_in_one_query_and_the_current_tab_not_again(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    file_claim(enrolment=EnrolmentFactory(), now=T0)
    client.force_login(staff("reviewer", "rev"))
    queue(client, tab="all")  # warm the per-process caches
    for tab in ("unassigned", "mine", "due_soon", "overdue", "all"):
        with CaptureQueriesContext(connection) as queries:
            queue(client, tab=tab, q="tumour")
        counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
        assert len(counts) == 1, tab
        assert counts[0].upper().count("COUNT(") == 5
        assert "LEFT OUTER JOIN" not in counts[0]  # the investigation only through EXISTS
