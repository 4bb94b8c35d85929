"""The claimant's pages cost as many queries for ten claims as for two: the portal's list
(each claim's condition named, the actions asked of the member, the drafts) and a claim
page with five times the documents, requests, staff reads and events."""

import itertools
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims import services
from claims.models import ClaimDocument
from claims.samples import sample_pdf
from members.models import Plan
from tests.factories import BEIJING, EnrolmentFactory, file_claim, staff
from tests.perf.flat import assert_flat, ok

pytestmark = pytest.mark.django_db

T0 = datetime(2025, 3, 10, 10, 0, tzinfo=BEIJING)
VIEWED_AT = datetime(2025, 3, 20, 10, 0, tzinfo=BEIJING)
CONDITIONS = [
    "malignant_tumour",
    "acute_myocardial_infarction",
    "stroke_sequelae",
    "organ_transplant",
    "coronary_bypass",
    "chronic_kidney_failure",
    "loss_of_limbs",
    "severe_hepatitis",
    "benign_brain_tumour",
    "deep_coma",
]


def _claims(enrolment, codes, *, requested: bool):
    """A claim per condition; with ``requested``, each assigned and a document asked for
    (so the member's actions grow with the claims too)."""
    investigator, reviewer = staff("investigator", "inv"), staff("reviewer", "rev")
    claims = []
    for i, code in enumerate(codes):
        claim = file_claim(
            enrolment=enrolment,
            condition_code=code,
            diagnosis_date=date(2025, 3, 1),
            now=T0 + timedelta(minutes=i),
        )
        if requested:
            investigation = services.investigation_assign(
                claim=claim, investigator=investigator, actor=reviewer, now=T0
            )
            services.investigation_request_document(
                investigation=investigation,
                actor=investigator,
                kind="medical_record",
                description="The discharge summary",
                now=T0 + timedelta(hours=1),
            )
        claims.append(claim)
    return claims


@time_machine.travel(VIEWED_AT, tick=False)
def test_the_portal_costs_the_same_for_five_times_the_claims(client, django_assert_max_num_queries):
    enrolment = EnrolmentFactory(plan=Plan.objects.get(code="critical-illness"))
    account = enrolment.member.account
    _claims(enrolment, CONDITIONS[:2], requested=True)
    services.draft_save(account=account, data={"city": "Hangzhou"}, now=T0)
    client.force_login(account)

    def grow():
        _claims(enrolment, CONDITIONS[2:], requested=True)
        for _ in range(4):
            services.draft_save(account=account, data={"city": "Ningbo"}, now=T0)

    def rows(response):
        return len(response.context["claims"]) + len(response.context["actions"])

    assert_flat(
        django_assert_max_num_queries,
        11,
        lambda: ok(client.get(reverse("claims:portal-home"))),
        grow,
        rows=rows,
    )


@time_machine.travel(VIEWED_AT, tick=False)
def test_a_claim_page_costs_the_same_for_five_times_its_documents_requests_and_reads(
    client, django_assert_max_num_queries
):
    enrolment = EnrolmentFactory()
    (claim,) = _claims(enrolment, CONDITIONS[:1], requested=True)
    investigator = staff("investigator", "inv")
    investigation = claim.investigation

    def add(n):
        for _ in range(n):
            upload = SimpleUploadedFile(
                "report.pdf", sample_pdf(f"Report {next(numbers)}"), "application/pdf"
            )
            document = services.claim_attach_document(
                claim=claim, actor=enrolment.member.account, upload=upload, kind="evidence"
            )
            services.document_read_record(document=document, reader=investigator)
            services.investigation_request_document(
                investigation=investigation,
                actor=investigator,
                kind="discharge_summary",
                description="The hospital's invoice",
            )

    numbers = itertools.count()
    add(1)
    client.force_login(enrolment.member.account)

    def rows(response):
        return len(response.context["timeline"]) + len(list(response.context["documents"]))

    assert_flat(
        django_assert_max_num_queries,
        15,
        lambda: ok(client.get(reverse("claims:claim-detail", args=[claim.reference]))),
        lambda: add(4),
        rows=rows,
    )
    assert ClaimDocument.objects.filter(claim=claim).count() == 6
