"""juror_volunteer: who may volunteer (18 on today's Beijing date, in a plan, no fraud)."""

from datetime import date, datetime

import pytest

from core.errors import NotPermitted, RuleViolation
from jury.models import Juror, JurorEvent, JurorEventType, JurorStatus
from jury.services.jurors import juror_volunteer
from members.models import Relation
from tests.factories import BEIJING, UTC, EnrolmentFactory, MemberFactory
from tests.jury.factories import T0, eligible_member

pytestmark = pytest.mark.django_db


def test_a_member_of_18_in_a_plan_becomes_a_candidate_with_an_event():
    member = eligible_member(birth_date=date(2007, 3, 10))  # 18 today, 2025-03-10
    juror = juror_volunteer(member=member, actor=member.account, now=T0)
    assert juror.status == JurorStatus.CANDIDATE
    assert juror.account == member.account and juror.created_at == T0
    event = JurorEvent.objects.get(juror=juror)
    assert event.event_type == JurorEventType.ENROLLED
    assert event.actor == member.account and event.created_at == T0


def test_seventeen_on_the_day_is_refused():
    member = eligible_member(birth_date=date(2007, 3, 11))  # 18 tomorrow
    with pytest.raises(RuleViolation) as refusal:
        juror_volunteer(member=member, actor=member.account, now=T0)
    assert refusal.value.code == "juror_too_young"
    assert "2025-03-11" in str(refusal.value.message)
    assert not Juror.objects.exists() and not JurorEvent.objects.exists()


def test_the_age_counts_on_the_beijing_date_not_the_utc_date():
    member = eligible_member(birth_date=date(2007, 3, 10))
    # 2025-03-09 17:00 UTC is already 2025-03-10 01:00 in Beijing: the 18th birthday.
    juror = juror_volunteer(
        member=member, actor=member.account, now=datetime(2025, 3, 9, 17, 0, tzinfo=UTC)
    )
    assert juror.status == JurorStatus.CANDIDATE
    other = eligible_member(birth_date=date(2007, 3, 11))
    with pytest.raises(RuleViolation):  # 23:59 Beijing on the 10th: still 17
        juror_volunteer(
            member=other, actor=other.account, now=datetime(2025, 3, 10, 23, 59, tzinfo=BEIJING)
        )


def test_a_member_who_left_every_plan_is_refused():
    enrolment = EnrolmentFactory(left_at=datetime(2025, 2, 1, 9, 0, tzinfo=BEIJING))
    member = enrolment.member
    with pytest.raises(RuleViolation) as refusal:
        juror_volunteer(member=member, actor=member.account, now=T0)
    assert refusal.value.code == "juror_not_in_plan"


def test_a_member_never_enrolled_is_refused():
    member = MemberFactory()
    with pytest.raises(RuleViolation) as refusal:
        juror_volunteer(member=member, actor=member.account, now=T0)
    assert refusal.value.code == "juror_not_in_plan"


def test_a_member_found_to_have_concealed_facts_is_refused():
    member = eligible_member()
    member.fraud_found = True
    member.save()
    with pytest.raises(RuleViolation) as refusal:
        juror_volunteer(member=member, actor=member.account, now=T0)
    assert refusal.value.code == "juror_fraud_found"


def test_volunteering_twice_returns_the_same_juror_and_one_event():
    member = eligible_member()
    first = juror_volunteer(member=member, actor=member.account, now=T0)
    again = juror_volunteer(member=member, actor=member.account, now=T0)
    assert again.pk == first.pk
    assert Juror.objects.count() == 1
    assert JurorEvent.objects.filter(event_type=JurorEventType.ENROLLED).count() == 1


def test_nobody_volunteers_someone_else():
    member = eligible_member()
    stranger = eligible_member().account
    with pytest.raises(NotPermitted):
        juror_volunteer(member=member, actor=stranger, now=T0)
    assert not Juror.objects.exists()


def test_only_the_account_holder_volunteers_not_a_relative_on_the_account():
    holder = eligible_member()
    spouse = MemberFactory(account=holder.account, relation=Relation.SPOUSE)
    EnrolmentFactory(member=spouse)
    with pytest.raises(RuleViolation) as refusal:
        juror_volunteer(member=spouse, actor=holder.account, now=T0)
    assert refusal.value.code == "juror_not_account_holder"
