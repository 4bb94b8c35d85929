"""The back office costs as many queries for five times the claims: every queue tab with a
filter and a search (the tab counts in one query, the rows with what they show), and a
case page with five times the visits, requests, documents and events."""

import itertools
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims import services
from claims.samples import sample_pdf
from members.models import Plan
from tests.factories import BEIJING, EnrolmentFactory, file_claim, investigate, staff
from tests.office.helpers import T0, assigned_claim
from tests.perf.flat import assert_flat, ok

pytestmark = pytest.mark.django_db

VIEWED_AT = datetime(2025, 3, 12, 12, 0, tzinfo=BEIJING)


def _cases(n: int) -> None:
    """``n`` claims in each queue: unassigned, the investigator's due soon and overdue,
    and signed off for the reviewer (members named 张…: the search finds them)."""
    inv = staff("investigator", "inv")
    for _ in range(n):
        file_claim(enrolment=EnrolmentFactory(), now=T0)
        assigned_claim(investigator=inv, due_on=date(2025, 3, 14))  # due soon
        assigned_claim(investigator=inv, due_on=date(2025, 3, 11))  # overdue
        investigate(file_claim(enrolment=EnrolmentFactory(), now=T0), now=T0)


@time_machine.travel(VIEWED_AT, tick=False)
@pytest.mark.parametrize(
    ("role", "tab", "bound"),
    [
        ("investigator", "unassigned", 13),
        ("investigator", "mine", 13),
        ("investigator", "due_soon", 13),
        ("investigator", "overdue", 13),
        ("investigator", "all", 13),
        ("reviewer", "mine", 14),
    ],
)
def test_a_queue_tab_with_a_filter_and_a_search_costs_the_same_for_five_times_the_claims(
    client, django_assert_max_num_queries, role, tab, bound
):
    def grow(n):
        _cases(n)
        client.force_login(staff(role, role[:3]))  # staff() set the password again

    grow(1)
    plan = Plan.objects.get(code="critical-illness")
    query = {"tab": tab, "plan": plan.pk, "q": "张"}
    assert_flat(
        django_assert_max_num_queries,
        bound,
        lambda: ok(client.get(reverse("office:queue"), query)),
        lambda: grow(4),
        rows=lambda response: len(response.context["rows"]),
    )


@time_machine.travel(VIEWED_AT, tick=False)
def test_the_case_page_costs_the_same_for_five_times_its_visits_requests_and_documents(
    client, django_assert_max_num_queries
):
    inv = staff("investigator", "inv")
    claim = assigned_claim(investigator=inv)
    investigation = claim.investigation
    numbers = itertools.count()

    def add(n):
        for _ in range(n):
            services.investigation_record_visit(
                investigation=investigation,
                actor=inv,
                kind="hospital",
                place="Zhejiang 1st",
                visited_on=date(2025, 3, 11),
                notes="Records checked",
                now=VIEWED_AT - timedelta(hours=2),
            )
            services.investigation_request_document(
                investigation=investigation,
                actor=inv,
                kind="discharge_summary",
                description="The discharge summary",
                now=VIEWED_AT - timedelta(hours=1),
            )
            upload = SimpleUploadedFile(
                "scan.pdf", sample_pdf(f"Scan {next(numbers)}"), "application/pdf"
            )
            document = services.claim_attach_document(
                claim=claim, actor=claim.member.account, upload=upload, kind="evidence"
            )
            services.document_read_record(document=document, reader=inv)

    add(1)
    client.force_login(staff("investigator", "inv"))

    def rows(response):
        context = response.context
        return (
            len(context["timeline"])
            + len(list(context["visits"]))
            + len(list(context["requests"]))
            + len(list(context["documents"]))
        )

    assert_flat(
        django_assert_max_num_queries,
        16,
        lambda: ok(client.get(reverse("office:case", args=[claim.reference]))),
        lambda: add(4),
        rows=rows,
    )
