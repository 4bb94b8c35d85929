"""Filing checks (DOMAIN.md 3.1) at their boundaries, with the clock held still.

The server runs in UTC; every date is a Beijing date. Joined 2024-01-10 09:00 Beijing
(01:00 UTC): waiting period 2024-01-11..2024-04-09, covered from 2024-04-10.
"""

from datetime import date, datetime

import pytest
import time_machine

from claims import services
from claims.models import Claim, ClaimDraft, ClaimEvent, DraftStatus
from claims.states import ClaimState
from core.errors import InvalidValue, NotPermitted, RuleViolation
from tests.factories import BEIJING, EnrolmentFactory, file_claim, pdf_upload

pytestmark = pytest.mark.django_db


def draft_for(enrolment, diagnosis_date, **extra):
    data = {
        "member": enrolment.member,
        "plan": enrolment.plan,
        "condition_code": "malignant_tumour",
        "diagnosis": "Lung adenocarcinoma",
        "hospital": "Zhejiang 1st",
        "city": "Hangzhou",
        "diagnosis_date": diagnosis_date,
    }
    data.update(extra)
    draft = services.draft_save(account=enrolment.member.account, data=data)
    services.draft_attach_document(
        draft=draft, actor=enrolment.member.account, upload=pdf_upload(), kind="medical_record"
    )
    return draft


@time_machine.travel(datetime(2024, 6, 1, 12, 0, tzinfo=BEIJING), tick=False)
def test_diagnosis_on_waiting_day_90_is_refused_and_the_draft_kept():
    enrolment = EnrolmentFactory()
    draft = draft_for(enrolment, date(2024, 4, 9))
    with pytest.raises(RuleViolation) as refusal:
        services.claim_file(draft=draft, actor=enrolment.member.account)
    assert refusal.value.code == "in_waiting_period"
    draft.refresh_from_db()
    assert draft.status == DraftStatus.OPEN
    assert draft.refusal_code == "in_waiting_period"
    assert "2024-04-10" in draft.refusal_message
    assert draft.documents.count() == 1
    assert draft.diagnosis == "Lung adenocarcinoma"
    assert not Claim.objects.exists()


@time_machine.travel(datetime(2024, 6, 1, 12, 0, tzinfo=BEIJING), tick=False)
def test_diagnosis_on_day_91_is_filed_with_one_event():
    enrolment = EnrolmentFactory()
    draft = draft_for(enrolment, date(2024, 4, 10))
    claim = services.claim_file(draft=draft, actor=enrolment.member.account)
    assert claim.state == ClaimState.FILED
    assert claim.documents.count() == 1
    event = ClaimEvent.objects.get(claim=claim)
    assert (event.event_type, event.from_state, event.to_state) == ("filed", "", "filed")
    assert event.actor == enrolment.member.account
    draft.refresh_from_db()
    assert draft.status == DraftStatus.FILED and draft.claim == claim


def test_joining_late_in_the_beijing_evening_counts_as_that_beijing_day():
    # 2024-01-10 23:30 Beijing is 15:30 UTC the same day; 2024-01-11 00:30 Beijing is
    # 16:30 UTC on the 10th: the joining *day* is the Beijing one.
    late = EnrolmentFactory(joined_at=datetime(2024, 1, 11, 0, 30, tzinfo=BEIJING))
    with time_machine.travel(datetime(2024, 6, 1, tzinfo=BEIJING), tick=False):
        draft = draft_for(late, date(2024, 4, 10))
        with pytest.raises(RuleViolation) as refusal:
            services.claim_file(draft=draft, actor=late.member.account)
    assert refusal.value.code == "in_waiting_period"  # covered from 2024-04-11


@pytest.mark.parametrize(
    ("diagnosed", "age", "amount"),
    [(date(2025, 6, 14), 39, "300000.00"), (date(2025, 6, 15), 40, "100000.00")],
)
def test_age_band_on_the_diagnosis_date_sets_the_benefit(diagnosed, age, amount):
    enrolment = EnrolmentFactory(member__birth_date=date(1985, 6, 15))
    with time_machine.travel(datetime(2025, 7, 1, 9, 0, tzinfo=BEIJING), tick=False):
        claim = services.claim_file(
            draft=draft_for(enrolment, diagnosed), actor=enrolment.member.account
        )
    assert claim.age_at_diagnosis == age
    assert str(claim.benefit_amount) == amount


def test_diagnosis_tomorrow_in_beijing_is_in_the_future():
    enrolment = EnrolmentFactory()
    # 2025-03-01 23:59:59 Beijing = 15:59:59 UTC. Tomorrow's date is refused as the draft
    # is saved (the filing rule diagnosis_in_future stays behind it).
    with time_machine.travel(datetime(2025, 3, 1, 23, 59, 59, tzinfo=BEIJING), tick=False):
        services.claim_file(
            draft=draft_for(enrolment, date(2025, 3, 1)), actor=enrolment.member.account
        )
        with pytest.raises(InvalidValue) as refusal:
            draft_for(enrolment, date(2025, 3, 2), condition_code="deep_coma")
    assert refusal.value.code == "date_out_of_range"
    assert refusal.value.params["field"] == "diagnosis_date"


@time_machine.travel(datetime(2025, 3, 10, tzinfo=BEIJING), tick=False)
def test_missing_fields_and_documents_are_named():
    enrolment = EnrolmentFactory()
    draft = services.draft_save(
        account=enrolment.member.account, data={"member": enrolment.member, "hospital": "X"}
    )
    with pytest.raises(RuleViolation) as refusal:
        services.claim_file(draft=draft, actor=enrolment.member.account)
    assert refusal.value.code == "draft_incomplete"
    assert "diagnosis" in refusal.value.params["missing"]
    complete = services.draft_save(
        account=enrolment.member.account,
        data={
            "member": enrolment.member,
            "plan": enrolment.plan,
            "condition_code": "deep_coma",
            "diagnosis": "x",
            "hospital": "y",
            "city": "z",
            "diagnosis_date": date(2025, 1, 1),
        },
    )
    with pytest.raises(RuleViolation) as refusal:
        services.claim_file(draft=complete, actor=enrolment.member.account)
    assert refusal.value.code == "documents_required"


@time_machine.travel(datetime(2025, 3, 10, tzinfo=BEIJING), tick=False)
def test_condition_outside_the_plan_is_refused():
    enrolment = EnrolmentFactory()
    with pytest.raises(RuleViolation) as refusal:
        services.claim_file(
            draft=draft_for(enrolment, date(2025, 1, 1), condition_code="transport_accident_death"),
            actor=enrolment.member.account,
        )
    assert refusal.value.code == "condition_not_covered"


@time_machine.travel(datetime(2025, 3, 10, tzinfo=BEIJING), tick=False)
def test_member_who_left_before_diagnosis_is_refused():
    enrolment = EnrolmentFactory(left_at=datetime(2024, 12, 1, tzinfo=BEIJING))
    with pytest.raises(RuleViolation) as refusal:
        services.claim_file(
            draft=draft_for(enrolment, date(2025, 1, 1)), actor=enrolment.member.account
        )
    assert refusal.value.code == "not_in_plan_on_diagnosis"


def test_filing_twice_returns_the_same_claim_and_duplicates_are_refused():
    enrolment = EnrolmentFactory()
    claim = file_claim(enrolment=enrolment)
    draft = ClaimDraft.objects.get(claim=claim)
    assert services.claim_file(draft=draft, actor=enrolment.member.account) == claim
    assert ClaimEvent.objects.filter(claim=claim).count() == 1
    with pytest.raises(RuleViolation) as refusal:
        file_claim(enrolment=enrolment)
    assert refusal.value.code == "duplicate_claim"


def test_a_draft_belongs_to_its_account():
    enrolment = EnrolmentFactory()
    stranger = EnrolmentFactory().member.account
    with pytest.raises(NotPermitted):
        services.draft_save(account=stranger, data={"member": enrolment.member})
