"""The API's lists and details cost as many queries for five times the rows: claims (staff
and claimant), a claim file, an investigation, plans, members, drafts, shutdowns."""

import itertools
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from claims import services
from claims.models import ConditionDefinition
from claims.samples import sample_pdf
from members.models import BenefitBand, Plan
from members.services import member_add
from tests.factories import BEIJING, EnrolmentFactory, file_claim, national_id, staff
from tests.office.helpers import assigned_claim
from tests.perf.flat import assert_flat, ok
from winddown import services as winddown_services

pytestmark = pytest.mark.django_db

T0 = datetime(2025, 3, 10, 10, 0, tzinfo=BEIJING)
VIEWED_AT = datetime(2025, 3, 20, 10, 0, tzinfo=BEIJING)
CONDITIONS = ["malignant_tumour", "deep_coma", "stroke_sequelae", "organ_transplant"]


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def results(response) -> int:
    return len(response.json()["results"])


def _claims(n: int, enrolment=None) -> None:
    for i in range(n):
        file_claim(
            enrolment=enrolment or EnrolmentFactory(),
            condition_code=CONDITIONS[i % len(CONDITIONS)] if enrolment else "malignant_tumour",
            diagnosis_date=date(2025, 3, 1),
            now=T0 + timedelta(minutes=i),
        )


@time_machine.travel(VIEWED_AT, tick=False)
def test_the_staff_claims_list(django_assert_max_num_queries):
    _claims(2)
    client = client_for(staff("reviewer", "rev"))
    assert_flat(
        django_assert_max_num_queries,
        1,
        lambda: ok(client.get("/api/v1/claims/")),
        lambda: _claims(8),
        rows=results,
    )


@time_machine.travel(VIEWED_AT, tick=False)
def test_a_claimants_claims_list(django_assert_max_num_queries):
    enrolment = EnrolmentFactory()
    mine = iter(CONDITIONS)
    file_claim(enrolment=enrolment, condition_code=next(mine), diagnosis_date=date(2025, 3, 1))
    client = client_for(enrolment.member.account)

    def grow():
        for code in mine:
            file_claim(enrolment=enrolment, condition_code=code, diagnosis_date=date(2025, 3, 1))
        _claims(4)  # other accounts' claims: not listed, not counted

    assert_flat(
        django_assert_max_num_queries,
        1,
        lambda: ok(client.get("/api/v1/claims/")),
        grow,
        rows=results,
    )


@time_machine.travel(VIEWED_AT, tick=False)
def test_a_claim_file_with_five_times_the_documents_and_events(django_assert_max_num_queries):
    claim = file_claim(enrolment=EnrolmentFactory())
    account = claim.member.account
    numbers = itertools.count()

    def add(n):
        for _ in range(n):
            upload = SimpleUploadedFile(
                "scan.pdf", sample_pdf(f"Scan {next(numbers)}"), "application/pdf"
            )
            services.claim_attach_document(
                claim=claim, actor=account, upload=upload, kind="evidence"
            )

    add(1)
    client = client_for(account)
    assert_flat(
        django_assert_max_num_queries,
        4,
        lambda: ok(client.get(f"/api/v1/claims/{claim.reference}/")),
        lambda: add(4),
        rows=lambda response: len(response.json()["documents"]) + len(response.json()["events"]),
    )


@time_machine.travel(VIEWED_AT, tick=False)
def test_an_investigation_with_five_times_the_visits_and_requests(
    django_assert_max_num_queries,
):
    inv = staff("investigator", "inv")
    claim = assigned_claim(investigator=inv)

    def add(n):
        for _ in range(n):
            services.investigation_record_visit(
                investigation=claim.investigation,
                actor=inv,
                kind="hospital",
                place="Zhejiang 1st",
                visited_on=date(2025, 3, 11),
                notes="Records checked",
            )
            services.investigation_request_document(
                investigation=claim.investigation,
                actor=inv,
                kind="discharge_summary",
                description="The discharge summary",
            )

    add(1)
    client = client_for(staff("reviewer", "rev"))

    def rows(response):
        body = response.json()
        return len(body["visits"]) + len(body["document_requests"])

    assert_flat(
        django_assert_max_num_queries,
        8,
        lambda: ok(client.get(f"/api/v1/claims/{claim.reference}/investigation/")),
        lambda: add(4),
        rows=rows,
    )


def _plans(n: int, start: int) -> None:
    """Plans covering the critical-illness conditions, each with two benefit bands."""
    conditions = list(ConditionDefinition.objects.filter(code__in=CONDITIONS))
    for i in range(start, start + n):
        plan = Plan.objects.create(
            code=f"perf-plan-{i}",
            name_zh=f"计划{i}",
            name_en=f"Plan {i}",
            kind="critical_illness",
            max_join_age_years=60,
        )
        plan.conditions.set(conditions)
        BenefitBand.objects.create(plan=plan, min_age=0, max_age=39, amount=300000)
        BenefitBand.objects.create(plan=plan, min_age=40, max_age=60, amount=100000)


@time_machine.travel(VIEWED_AT, tick=False)
def test_the_plans_list_with_five_times_the_plans(django_assert_max_num_queries):
    Plan.objects.exclude(code="critical-illness").delete()
    client = client_for(EnrolmentFactory().member.account)
    _plans(1, 0)
    assert_flat(
        django_assert_max_num_queries,
        4,
        lambda: ok(client.get("/api/v1/plans/")),
        lambda: _plans(8, 1),
        rows=results,
    )


@time_machine.travel(VIEWED_AT, tick=False)
def test_a_plan_with_five_times_the_conditions(django_assert_max_num_queries):
    client = client_for(EnrolmentFactory().member.account)
    plan = Plan.objects.get(code="critical-illness")
    every = list(ConditionDefinition.objects.filter(plans=plan))
    plan.conditions.set(every[:2])
    assert_flat(
        django_assert_max_num_queries,
        3,
        lambda: ok(client.get(f"/api/v1/plans/{plan.code}/")),
        lambda: plan.conditions.set(every[:10]),
        rows=lambda response: len(response.json()["conditions"]),
    )


def _family(account, n: int, start: int) -> None:
    for i in range(start, start + n):
        member = member_add(
            account=account,
            relation="child",
            full_name=f"张小{i}",
            national_id=national_id(date(2015, 5, 1), 800 + i),
            birth_date=date(2015, 5, 1),
            now=T0,
        )
        EnrolmentFactory(member=member)


@time_machine.travel(VIEWED_AT, tick=False)
def test_the_members_list_with_five_times_the_family(django_assert_max_num_queries):
    account = EnrolmentFactory().member.account
    _family(account, 1, 0)
    client = client_for(account)
    assert_flat(
        django_assert_max_num_queries,
        4,
        lambda: ok(client.get("/api/v1/members/")),
        lambda: _family(account, 8, 1),
        rows=results,
    )


def _drafts(account, n: int, numbers) -> None:
    for _ in range(n):
        draft = services.draft_save(account=account, data={"city": "Hangzhou"}, now=T0)
        upload = SimpleUploadedFile(
            "scan.pdf", sample_pdf(f"Draft scan {next(numbers)}"), "application/pdf"
        )
        services.draft_attach_document(
            draft=draft, actor=account, upload=upload, kind="medical_record", now=T0
        )


@time_machine.travel(VIEWED_AT, tick=False)
def test_the_drafts_list_with_five_times_the_drafts(django_assert_max_num_queries):
    account = EnrolmentFactory().member.account
    numbers = itertools.count()
    _drafts(account, 2, numbers)
    client = client_for(account)
    assert_flat(
        django_assert_max_num_queries,
        3,
        lambda: ok(client.get("/api/v1/drafts/")),
        lambda: _drafts(account, 8, numbers),
        rows=results,
    )


def _shutdowns(n: int, start: int) -> None:
    """A shutdown announced (proposed, then confirmed) for each of ``n`` new plans."""
    _plans(n, start)
    first, second = staff("operator", "op-one"), staff("operator", "op-two")
    for i in range(start, start + n):
        proposed = winddown_services.shutdown_propose(
            actor=first,
            plans=[Plan.objects.get(code=f"perf-plan-{i}")],
            stop_day=date(2025, 6, 1),
            window_days=180,
            notice_zh="本计划将于2025年6月1日24时停止运行。",
            notice_en="The plan stops at 24:00 on 1 June 2025.",
            now=T0,
        )
        winddown_services.shutdown_confirm(shutdown=proposed, actor=second, now=T0)


@time_machine.travel(VIEWED_AT, tick=False)
def test_the_shutdowns_list_with_five_times_the_shutdowns(client, django_assert_max_num_queries):
    _shutdowns(2, 0)
    assert_flat(
        django_assert_max_num_queries,
        3,
        lambda: ok(APIClient().get("/api/v1/shutdowns/")),
        lambda: _shutdowns(8, 2),
        rows=results,
    )
