"""The queues: unassigned, mine, due soon, overdue, all; filters; the case clock; privacy."""

import re
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import clock
from members.models import Plan
from members.services import member_add
from office.selectors.queue import office_queue
from tests.factories import (
    BEIJING,
    EnrolmentFactory,
    UserFactory,
    claim_in_state,
    file_claim,
    investigate,
    national_id,
    staff,
)
from tests.office.helpers import T0, assigned_claim

pytestmark = pytest.mark.django_db

VIEWED_AT = datetime(2025, 3, 12, 12, 0, tzinfo=BEIJING)


def refs(response) -> set[str]:
    return {row.claim.reference for row in response.context["rows"]}


def queue(client, tab, **params):
    return client.get(reverse("office:queue"), {"tab": tab, **params})


@pytest.fixture
def cases():
    """One claim for each queue, viewed on 12 March 2025 at noon (Beijing)."""
    inv, other = staff("investigator", "inv"), staff("investigator", "inv2")
    old = file_claim(
        enrolment=EnrolmentFactory(),
        diagnosis_date=date(2025, 1, 20),
        now=datetime(2025, 2, 1, 10, 0, tzinfo=BEIJING),
    )
    complete = file_claim(enrolment=EnrolmentFactory(), now=T0)
    investigate(complete, now=T0)
    return {
        "unassigned": file_claim(enrolment=EnrolmentFactory(), now=T0),
        "old": old,  # day 39 and never assigned
        "mine": assigned_claim(investigator=inv, due_on=date(2025, 3, 25)),
        "due_soon": assigned_claim(investigator=other, due_on=date(2025, 3, 14)),
        "past_due": assigned_claim(investigator=other, due_on=date(2025, 3, 11)),
        "complete": complete,  # awaiting the reviewer's decision
    }


@time_machine.travel(VIEWED_AT, tick=False)
def test_each_queue_holds_its_claims(client, cases):
    r = {k: c.reference for k, c in cases.items()}
    client.force_login(staff("investigator", "inv"))
    assert refs(queue(client, "unassigned")) == {r["unassigned"], r["old"]}
    assert refs(queue(client, "mine")) == {r["mine"]}
    assert refs(queue(client, "due_soon")) == {r["due_soon"]}
    assert refs(queue(client, "overdue")) == {r["past_due"], r["old"]}
    assert refs(queue(client, "all")) == set(r.values())

    client.force_login(staff("reviewer", "rev"))
    assert refs(queue(client, "mine")) == {r["complete"]}


@time_machine.travel(VIEWED_AT, tick=False)
def test_the_tabs_show_their_counts_and_an_unknown_tab_falls_back(client, cases):
    client.force_login(staff("investigator", "inv"))
    response = queue(client, "nonsense")
    assert response.context["tab"] == "unassigned"
    counts = {key: count.value for key, _, count in response.context["tabs"]}
    assert counts == {"unassigned": 2, "mine": 1, "due_soon": 1, "overdue": 2, "all": 6}


def test_an_undecided_claim_is_overdue_from_day_31(client):
    claim = file_claim(
        enrolment=EnrolmentFactory(),
        diagnosis_date=date(2025, 2, 1),
        now=datetime(2025, 2, 10, 23, 30, tzinfo=BEIJING),
    )
    client.force_login(staff("reviewer"))
    with time_machine.travel(datetime(2025, 3, 12, 23, 59, tzinfo=BEIJING), tick=False):
        response = queue(client, "overdue")
        assert claim.reference not in refs(response)
        assert "day 30 of 30" in queue(client, "unassigned").content.decode()
    with time_machine.travel(datetime(2025, 3, 13, 0, 1, tzinfo=BEIJING), tick=False):
        assert claim.reference in refs(queue(client, "overdue"))
        page = queue(client, "unassigned").content.decode()
        assert re.search(r'class="clock late"[^>]*>day 31 of 30<', page)


def test_due_soon_means_due_within_three_days():
    inv = staff("investigator", "inv")
    claim = assigned_claim(investigator=inv)  # due 15 days after 10 March: 25 March 24:00
    due_at = claim.investigation.due_at
    for moment, expected in [
        (due_at - timedelta(days=3, seconds=1), False),
        (due_at - timedelta(days=3), True),
        (due_at - timedelta(seconds=1), True),
        (due_at, False),  # the due date has come: overdue now
    ]:
        in_queue = office_queue(queue="due_soon", user=inv, now=moment).filter(pk=claim.pk)
        assert in_queue.exists() is expected, moment
        overdue = office_queue(queue="overdue", user=inv, now=moment).filter(pk=claim.pk)
        assert overdue.exists() is (moment >= due_at), moment


@time_machine.travel(VIEWED_AT, tick=False)
def test_filters_by_plan_condition_and_state(client):
    coma = file_claim(enrolment=EnrolmentFactory(), condition_code="deep_coma", now=T0)
    tumour = file_claim(enrolment=EnrolmentFactory(), now=T0)
    decided = claim_in_state("investigated", enrolment=EnrolmentFactory())
    client.force_login(staff("reviewer", "rev"))
    assert refs(queue(client, "unassigned", condition="deep_coma")) == {coma.reference}
    assert refs(queue(client, "all", state="investigated")) == {decided.reference}
    assert refs(queue(client, "all", state="filed", condition="malignant_tumour")) == {
        tumour.reference
    }
    critical = Plan.objects.get(code="critical-illness")
    other = Plan.objects.exclude(pk=critical.pk).first()
    assert refs(queue(client, "unassigned", plan=critical.pk)) == {
        coma.reference,
        tumour.reference,
    }
    assert refs(queue(client, "unassigned", plan=other.pk)) == set()
    # The chosen filters stay in the tab links.
    page = queue(client, "unassigned", condition="deep_coma").content.decode()
    assert "?tab=mine&amp;condition=deep_coma" in page or "condition=deep_coma&amp;tab=mine" in page


@time_machine.travel(VIEWED_AT, tick=False)
def test_rows_show_what_the_reviewer_needs(client, cases):
    client.force_login(staff("reviewer", "rev"))
    page = queue(client, "overdue").content.decode()
    past_due = cases["past_due"]
    assert past_due.reference in page
    assert past_due.member.masked_name in page
    assert "inv2" in page  # the investigator
    assert "2025-03-11 24:00" in page  # the due date, as the deadline filter writes it
    assert "day 2 of 30" in page and "day 39 of 30" in page


@time_machine.travel(VIEWED_AT, tick=False)
def test_the_queue_shows_no_full_name_and_no_full_national_id(client):
    account = UserFactory(username="ouyang")
    full_id = national_id(date(1985, 4, 2), 321)
    member = member_add(
        account=account,
        relation="self",
        full_name="欧阳明华",
        national_id=full_id,
        birth_date=date(1985, 4, 2),
        now=datetime(2024, 1, 1, tzinfo=BEIJING),
    )
    file_claim(enrolment=EnrolmentFactory(member=member), now=T0)
    client.force_login(staff("reviewer", "rev"))
    for tab in ("unassigned", "all"):
        page = queue(client, tab).content.decode()
        assert "欧***" in page
        assert "欧阳明华" not in page and "明华" not in page
        assert full_id not in page
        assert not re.search(r"\d{17}[\dX]", page)


@time_machine.travel(VIEWED_AT, tick=False)
def test_the_queue_costs_the_same_queries_for_many_rows(client):
    for _ in range(2):
        assigned_claim()
    client.force_login(staff("reviewer", "rev"))
    queue(client, "all")  # warm the per-process caches (the shutdown notice)
    with CaptureQueriesContext(connection) as few:
        assert queue(client, "all").status_code == 200
    for _ in range(6):
        assigned_claim()
    file_claim(enrolment=EnrolmentFactory(), now=T0)
    client.force_login(staff("reviewer", "rev"))  # staff() resets the password
    with CaptureQueriesContext(connection) as many:
        assert len(queue(client, "all").context["rows"]) == 9
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_queue_is_paginated_by_50(client):
    for i in range(51):
        file_claim(enrolment=EnrolmentFactory(), now=T0 + timedelta(minutes=i))
    client.force_login(staff("reviewer", "rev"))
    with time_machine.travel(VIEWED_AT, tick=False):
        first = queue(client, "unassigned")
        second = queue(client, "unassigned", page=2)
    assert len(first.context["rows"]) == 50 and len(second.context["rows"]) == 1
    assert "page=2" in first.content.decode()
    assert clock.beijing_date(second.context["rows"][0].claim.filed_at) == date(2025, 3, 10)


def test_a_decision_stops_the_clock(client):
    claim = claim_in_state("investigated", enrolment=EnrolmentFactory())
    client.force_login(staff("reviewer", "rev"))
    with time_machine.travel(datetime(2025, 6, 1, tzinfo=BEIJING), tick=False):
        page = queue(client, "all").content.decode()
    assert claim.reference in page and "decided on day 1" in page


@pytest.mark.parametrize(
    ("language", "joined"),
    [
        ("zh-hans", "调查已完成、等待您作出结论的申请。分派给您"),
        ("en", "waiting for your decision. Open investigations assigned to you"),
    ],
)
def test_mine_for_someone_who_investigates_and_decides_reads_as_two_sentences(
    client, language, joined
):
    from django.contrib.auth import get_user_model

    both = get_user_model().objects.create_superuser("both", "both@example.com", "x")
    client.force_login(both)
    client.cookies["django_language"] = language
    html = client.get(reverse("office:queue"), {"tab": "mine"}).content.decode()
    assert joined in " ".join(html.split())
