from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from members.models import Plan
from tests.factories import EnrolmentFactory, claim_in_state

BEIJING = ZoneInfo("Asia/Shanghai")
SHARING_DAY = date(2025, 3, 21)
AFTER = datetime(2025, 3, 22, 10, 0, tzinfo=BEIJING)  # the morning after the sharing day


def at(*args) -> datetime:
    return datetime(*args, tzinfo=BEIJING)


JOINED = at(2024, 1, 10, 9, 0)


@pytest.fixture
def plan(db):
    return Plan.objects.get(code="critical-illness")


@pytest.fixture
def enrol(plan):
    def make(joined=JOINED, left=None, **kwargs):
        return EnrolmentFactory(plan=plan, joined_at=joined, left_at=left, **kwargs)

    return make


@pytest.fixture
def payable_claim(db):
    """An approval past its public notice: payable, not paid (its claimant shares too)."""

    def make():
        return claim_in_state("publicised_payable")

    return make
