"""Filings racing for the same member, on PostgreSQL with real row locks."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime

import pytest
from django.db import connection

from claims import services
from claims.models import Claim
from core.errors import DomainError
from tests.factories import BEIJING, EnrolmentFactory, pdf_upload

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
NOW = datetime(2025, 3, 10, 10, tzinfo=BEIJING)


def test_six_drafts_filed_at_once_for_one_condition_make_one_claim():
    enrolment = EnrolmentFactory()
    account = enrolment.member.account
    drafts = []
    for i in range(6):
        draft = services.draft_save(
            account=account,
            now=NOW,
            data={
                "member": enrolment.member,
                "plan": enrolment.plan,
                "condition_code": "malignant_tumour",
                "diagnosis": f"attempt {i}",
                "hospital": "Zhejiang 1st",
                "city": "Hangzhou",
                "diagnosis_date": date(2025, 1, 1),
            },
        )
        services.draft_attach_document(
            draft=draft, actor=account, upload=pdf_upload(), kind="medical_record", now=NOW
        )
        drafts.append(draft)
    barrier = threading.Barrier(len(drafts))

    def file(draft):
        try:
            barrier.wait()
            return services.claim_file(draft=draft, actor=account, now=NOW)
        except DomainError as refusal:
            return refusal
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(drafts)) as pool:
        results = list(pool.map(file, drafts))
    assert Claim.objects.filter(member=enrolment.member).count() == 1
    refusals = [r for r in results if isinstance(r, DomainError)]
    assert len(refusals) == 5 and {r.code for r in refusals} == {"duplicate_claim"}
