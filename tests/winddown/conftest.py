"""The wind-down timeline of the seed documents: announced 2021-12-28, coverage ends
2022-01-28 24:00 Beijing time, 180 days to claim."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from claims import services as claim_services
from claims.states import ClaimState
from members.models import Plan
from tests.factories import EnrolmentFactory, claim_in_state, pdf_upload, publish_in_batch, staff
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


# A wind-down announced on 12 March 2025 with three claims under way (the final report).
REPORT_STOP_DAY = date(2025, 3, 31)
REPORT_LAST_CLOSE = at(2025, 5, 1, 0, 0)  # 2025-03-31 + 30 days = 2025-04-30, until 24:00


@pytest.fixture
def wind_down(announce):
    """Three claims under way when the plan announces its shutdown on 12 March 2025:
    one payable (approved past notice), one open, one to be denied."""
    payable = claim_in_state("publicised_payable")
    open_claim = claim_in_state("filed")
    denied = claim_in_state("investigated", approve=False)
    shutdown = announce(now=at(2025, 3, 12, 12, 0), stop_day=REPORT_STOP_DAY, window_days=30)
    return shutdown, payable, open_claim, denied


def settle_wind_down(wind_down):
    """Every claim of ``wind_down`` final and the payable one paid by the platform."""
    shutdown, payable, open_claim, denied = wind_down
    reviewer = staff("reviewer", "rev2")
    claim_services.claim_withdraw(
        claim=open_claim, actor=open_claim.member.account, now=at(2025, 3, 20, 9, 0)
    )
    publish_in_batch(denied, actor=reviewer, now=at(2025, 3, 20, 9, 0))
    claim_services.claims_close_due_publicity(now=at(2025, 3, 29, 0, 10))
    from sharing import services as sharing_services

    period = sharing_services.sharing_period_open(
        plan=payable.plan, sharing_day=date(2025, 3, 21), now=at(2025, 3, 22, 10, 0)
    )
    sharing_services.sharing_period_complete(period=period, now=at(2025, 3, 22, 10, 0))
    sharing_services.payouts_issue_due(now=at(2025, 3, 28, 9, 0))
    for claim in (payable, open_claim, denied):
        claim.refresh_from_db()
    assert [payable.state, open_claim.state, denied.state] == [
        ClaimState.PAID,
        ClaimState.WITHDRAWN,
        ClaimState.DENIED,
    ]
    return shutdown, payable
