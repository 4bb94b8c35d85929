"""The wind-down timeline of the seed documents: announced 2021-12-28, coverage ends
2022-01-28 24:00 Beijing time, 180 days to claim."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from claims import services as claim_services
from members.models import Plan
from tests.factories import EnrolmentFactory, pdf_upload, staff
from winddown import services

BEIJING = ZoneInfo("Asia/Shanghai")
UTC = ZoneInfo("UTC")
ANNOUNCED = datetime(2021, 12, 28, 10, 0, tzinfo=BEIJING)
STOP_DAY = date(2022, 1, 28)
STOP = datetime(2022, 1, 29, 0, 0, tzinfo=BEIJING)  # 2022-01-28 24:00
JOINED = datetime(2021, 1, 10, 9, 0, tzinfo=BEIJING)  # waiting period long over


def at(*args) -> datetime:
    return datetime(*args, tzinfo=BEIJING)


@pytest.fixture
def plan(db):
    return Plan.objects.get(code="critical-illness")


@pytest.fixture
def operators(db):
    return staff("operator", "op-one"), staff("operator", "op-two")


@pytest.fixture
def announce(plan, operators):
    """Propose and confirm a shutdown of ``plan`` (two operators)."""

    def make(*, now=ANNOUNCED, stop_day=STOP_DAY, window_days=180, plans=None):
        first, second = operators
        shutdown = services.shutdown_propose(
            actor=first,
            plans=plans or [plan],
            stop_day=stop_day,
            window_days=window_days,
            notice_zh="相互宝将于2022年1月28日24时停止运行。",
            notice_en="The plan stops at 24:00 on 28 January 2022.",
            now=now - timedelta(hours=1),
        )
        return services.shutdown_confirm(shutdown=shutdown, actor=second, now=now)

    return make


@pytest.fixture
def enrol(plan):
    def make(joined=JOINED, left=None, **kwargs):
        return EnrolmentFactory(plan=plan, joined_at=joined, left_at=left, **kwargs)

    return make


def make_draft(enrolment, *, diagnosis_date: date, now: datetime, condition="malignant_tumour"):
    """A complete draft with one document, through the claim services."""
    account = enrolment.member.account
    draft = claim_services.draft_save(
        account=account,
        now=now,
        data={
            "member": enrolment.member,
            "plan": enrolment.plan,
            "condition_code": condition,
            "diagnosis": "Adenocarcinoma of the lung, pathology confirmed",
            "hospital": "Zhejiang 1st",
            "city": "Hangzhou",
            "diagnosis_date": diagnosis_date,
        },
    )
    claim_services.draft_attach_document(
        draft=draft, actor=account, upload=pdf_upload(), kind="pathology_report", now=now
    )
    return draft
