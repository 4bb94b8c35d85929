"""The queue's links, search and sort: tabs and pages keep the query, the search finds a
claim by reference, name, full ID number (through its HMAC) or condition."""

import re
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from claims.models import Claim
from members.services import member_add
from office.selectors.queue import office_queue, queue_search
from tests.factories import BEIJING, EnrolmentFactory, UserFactory, file_claim, national_id, staff
from tests.office.helpers import T0

pytestmark = pytest.mark.django_db

VIEWED_AT = datetime(2025, 3, 12, 12, 0, tzinfo=BEIJING)


def refs(response) -> list[str]:
    return [row.claim.reference for row in response.context["rows"]]


def _member(name: str, birth: date, seq: int):
    full_id = national_id(birth, seq)
    member = member_add(
        account=UserFactory(),
        relation="self",
        full_name=name,
        national_id=full_id,
        birth_date=birth,
        now=datetime(2024, 1, 1, tzinfo=BEIJING),
    )
    return member, full_id


@pytest.fixture
def claims():
    ouyang, ouyang_id = _member("欧阳明华", date(1985, 4, 2), 321)
    li, _li_id = _member("李四", date(1979, 9, 9), 322)
    return {
        "ouyang": file_claim(enrolment=EnrolmentFactory(member=ouyang), now=T0),
        "li": file_claim(
            enrolment=EnrolmentFactory(member=li),
            condition_code="deep_coma",
            now=T0 + timedelta(hours=1),
        ),
        "ouyang_id": ouyang_id,
    }


@time_machine.travel(VIEWED_AT, tick=False)
def test_tab_and_page_links_carry_one_question_mark_and_the_query(client, claims):
    client.force_login(staff("reviewer", "rev"))
    page = client.get(reverse("office:queue"), {"tab": "all", "q": "李"}).content.decode()
    hrefs = re.findall(r'class="tab[^"]*"|href="([^"]*)"', page)
    tab_links = re.findall(r'<a href="(\?[^"]*)"[^>]*class="tab', page)
    assert len(tab_links) == 5
    assert all(link.startswith("?") and not link.startswith("??") for link in tab_links)
    assert "?tab=mine&amp;q=%E6%9D%8E" in tab_links or any(
        "tab=mine" in link and "q=%E6%9D%8E" in link for link in tab_links
    )
    assert "??" not in page and hrefs


def test_the_pager_links_keep_the_tab(client):
    for i in range(51):
        file_claim(enrolment=EnrolmentFactory(), now=T0 + timedelta(minutes=i))
    client.force_login(staff("reviewer", "rev"))
    with time_machine.travel(VIEWED_AT, tick=False):
        first = client.get(reverse("office:queue"), {"tab": "all"})
        page = first.content.decode()
        nxt = re.search(r'href="(\?[^"]*page=2[^"]*)"', page).group(1).replace("&amp;", "&")
        assert "tab=all" in nxt and not nxt.startswith("??")
        second = client.get(reverse("office:queue") + nxt)
    assert second.context["tab"] == "all" and len(second.context["rows"]) == 1


@time_machine.travel(VIEWED_AT, tick=False)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("欧阳", ["ouyang"]),  # a part of the member's name
        ("李四", ["li"]),
        ("deep_coma", ["li"]),  # the condition's code
        ("Deep coma", ["li"]),  # its name, in either language
        ("深度昏迷", ["li"]),
        ("恶性肿瘤", ["ouyang"]),
    ],
)
def test_the_search_finds_name_and_condition(client, claims, text, expected):
    client.force_login(staff("reviewer", "rev"))
    response = client.get(reverse("office:queue"), {"tab": "all", "q": text})
    assert refs(response) == [claims[key].reference for key in expected]


@time_machine.travel(VIEWED_AT, tick=False)
def test_the_search_finds_a_reference_whole_or_begun(client, claims):
    client.force_login(staff("reviewer", "rev"))
    reference = claims["li"].reference
    for text in (reference, reference.lower(), reference[:6]):
        response = client.get(reverse("office:queue"), {"tab": "all", "q": text})
        assert claims["li"].reference in refs(response)
        assert claims["ouyang"].reference not in refs(response) or text == reference[:6]


@time_machine.travel(VIEWED_AT, tick=False)
def test_a_full_id_number_is_matched_through_its_hmac_and_never_reaches_a_url(client, claims):
    full_id = claims["ouyang_id"]
    client.force_login(staff("reviewer", "rev"))
    response = client.post(reverse("office:queue"), {"tab": "all", "q": full_id})
    assert response.status_code == 302
    location = response["Location"]
    assert full_id not in location and "tab=all" in location
    masked = full_id[:2] + "*" * 14 + full_id[-2:]
    page = client.get(location)
    assert refs(page) == [claims["ouyang"].reference]
    assert full_id not in page.content.decode()
    assert f'value="{masked}"' in page.content.decode()  # the box shows the mask
    # A wrong check digit is no ID number: nothing matches it as text either.
    wrong = full_id[:-1] + ("0" if full_id[-1] != "0" else "1")
    assert refs(client.get(reverse("office:queue"), {"tab": "all", "q": wrong})) == []
    # The selector: the ID number typed, or its HMAC the page kept.
    assert Claim.objects.filter(queue_search(text=full_id)).get() == claims["ouyang"]


@time_machine.travel(VIEWED_AT, tick=False)
def test_a_search_with_no_match_says_so(client, claims):
    client.force_login(staff("reviewer", "rev"))
    response = client.get(reverse("office:queue"), {"tab": "all", "q": "nobody"})
    assert "No claim in this queue matches the search." in response.content.decode()
    counts = {key: count.value for key, _, count in response.context["tabs"]}
    assert counts["all"] == 0


@time_machine.travel(VIEWED_AT, tick=False)
def test_sort_orders(client, claims):
    reviewer = staff("reviewer", "rev")
    older, newer = claims["ouyang"].reference, claims["li"].reference
    for sort, expected in [
        ("filed", [older, newer]),
        ("-filed", [newer, older]),
        ("reference", sorted([older, newer])),
    ]:
        rows = office_queue(queue="all", user=reviewer, now=VIEWED_AT, sort=sort)
        assert [c.reference for c in rows] == expected, sort
    client.force_login(reviewer)
    response = client.get(reverse("office:queue"), {"tab": "all", "sort": "filed"})
    assert refs(response) == [older, newer]
    assert '<details class="filters" open>' in response.content.decode()
