"""Filing after the stop: diagnosed before the stop moment, in the plan on the diagnosis
date, filed by 24:00 Beijing time of D+180. The clock is moved with time_machine and
Django runs in UTC, so every boundary is counted in Beijing time by the code itself."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.test import override_settings

from claims import services as claim_services
from claims.models import Claim, ClaimDraft, DraftStatus
from core.errors import RuleViolation
from tests.winddown.conftest import STOP, UTC, at, make_draft

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _server_in_utc():
    with override_settings(TIME_ZONE="UTC"):
        yield


def _file(draft, when: datetime):
    with time_machine.travel(when.astimezone(UTC), tick=False):
        return claim_services.claim_file(draft=draft, actor=draft.account)


def _refusal(draft, when: datetime) -> RuleViolation:
    with pytest.raises(RuleViolation) as refusal:
        _file(draft, when)
    stored = ClaimDraft.objects.get(pk=draft.pk)
    assert stored.status == DraftStatus.OPEN  # nothing is lost
    assert stored.refusal_code == refusal.value.code
    assert not Claim.objects.filter(member=draft.member).exists()
    return refusal.value


@pytest.mark.parametrize(
    ("diagnosed", "accepted"),
    [
        (STOP - timedelta(seconds=1), True),  # 2022-01-28 23:59:59 Beijing
        (STOP + timedelta(seconds=1), False),  # 2022-01-29 00:00:01 Beijing
    ],
)
def test_diagnosis_one_second_either_side_of_the_stop(announce, enrol, diagnosed, accepted):
    announce()
    diagnosis_day = diagnosed.astimezone(STOP.tzinfo).date()
    filed = at(2022, 2, 10, 9, 0)
    draft = make_draft(enrol(), diagnosis_date=diagnosis_day, now=filed - timedelta(hours=1))
    if accepted:
        claim = _file(draft, filed)
        assert claim.diagnosis_date == date(2022, 1, 28)
    else:
        refusal = _refusal(draft, filed)
        assert refusal.code == "diagnosed_after_stop"
        assert "2022-01-28 24:00" in str(refusal.message)
        assert "2022-01-29" in str(refusal.message)


def test_filing_at_23_59_59_on_day_180_is_in_time(announce, enrol):
    announce()
    draft = make_draft(enrol(), diagnosis_date=date(2022, 1, 20), now=at(2022, 7, 1, 9, 0))
    claim = _file(draft, at(2022, 7, 19, 23, 59, 59))  # D+180 = 2022-07-19
    assert claim.filed_at == datetime(2022, 7, 19, 15, 59, 59, tzinfo=UTC)


def test_filing_at_00_00_00_on_day_181_is_too_late(announce, enrol):
    announce()
    draft = make_draft(enrol(), diagnosis_date=date(2022, 1, 20), now=at(2022, 7, 1, 9, 0))
    refusal = _refusal(draft, at(2022, 7, 20, 0, 0, 0))
    assert refusal.code == "claim_window_closed"
    assert "2022-07-19 24:00" in str(refusal.message)


def test_a_member_who_left_before_the_diagnosis(announce, enrol):
    announce()
    enrolment = enrol(left=at(2022, 1, 5, 12, 0))
    draft = make_draft(enrolment, diagnosis_date=date(2022, 1, 10), now=at(2022, 2, 1, 9, 0))
    refusal = _refusal(draft, at(2022, 2, 1, 10, 0))
    assert refusal.code == "not_in_plan_on_diagnosis"
    assert "2022-01-05" in str(refusal.message)


def test_a_member_still_in_the_waiting_period_at_diagnosis(announce, enrol):
    enrolment = enrol(joined=at(2021, 12, 1, 9, 0))  # joined before the announcement
    announce()
    draft = make_draft(enrolment, diagnosis_date=date(2022, 1, 20), now=at(2022, 2, 1, 9, 0))
    refusal = _refusal(draft, at(2022, 2, 1, 10, 0))
    assert refusal.code == "in_waiting_period"
    assert "2022-03-02" in str(refusal.message)  # covered from J + 91


def test_an_old_diagnosis_may_be_filed_until_the_stop_but_not_after(announce, enrol):
    announce()
    early = make_draft(enrol(), diagnosis_date=date(2021, 6, 1), now=at(2022, 1, 10, 9, 0))
    assert _file(early, STOP - timedelta(seconds=1)).pk
    late = make_draft(enrol(), diagnosis_date=date(2021, 6, 1), now=at(2022, 1, 10, 9, 0))
    refusal = _refusal(late, STOP)
    assert refusal.code == "claim_window_closed"


def test_a_plan_that_runs_normally_has_no_window(enrol):
    draft = make_draft(enrol(), diagnosis_date=date(2021, 6, 1), now=at(2022, 9, 1, 9, 0))
    assert draft.window_closes_at is None
    assert _file(draft, at(2022, 9, 1, 10, 0)).pk


def test_the_portal_shows_the_refusal_with_its_dates(client, announce, enrol):
    announce()
    enrolment = enrol()
    draft = make_draft(enrolment, diagnosis_date=date(2022, 1, 20), now=at(2022, 7, 1, 9, 0))
    client.force_login(enrolment.member.account)
    with time_machine.travel(at(2022, 7, 20, 0, 0, 1), tick=False):
        response = client.post(
            f"/claims/drafts/{draft.pk}/",
            {
                "member": enrolment.member.pk,
                "plan": enrolment.plan.pk,
                "condition_code": "malignant_tumour",
                "diagnosis": "Adenocarcinoma",
                "hospital": "Zhejiang 1st",
                "city": "Hangzhou",
                "diagnosis_date": "2022-01-20",
                "file": "1",
            },
            follow=True,
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 200
    assert "2022-07-19 24:00" in response.content.decode()
