from datetime import date, datetime

import pytest

from core.errors import RuleViolation
from members.models import FamilyLink, Member, MembershipEvent, Plan, Relation
from members.selectors import member_relatives
from members.services import enrolment_join, enrolment_leave, member_add
from tests.factories import BEIJING, DECLARATION, UserFactory, national_id

pytestmark = pytest.mark.django_db
NOW = datetime(2025, 1, 1, 10, tzinfo=BEIJING)


def add(account, relation, birth, **kw):
    return member_add(
        account=account,
        relation=relation,
        full_name="王芳",
        birth_date=birth,
        national_id=national_id(birth),
        now=NOW,
        **kw,
    )


def test_family_members_are_linked_both_ways_and_ids_are_never_stored_in_clear():
    account = UserFactory()
    me = add(account, Relation.SELF, date(1988, 1, 1))
    child = add(account, Relation.CHILD, date(2018, 5, 5))
    assert FamilyLink.objects.get(member=me, relative=child).relation == Relation.CHILD
    assert FamilyLink.objects.get(member=child, relative=me).relation == Relation.PARENT
    assert set(member_relatives(member=me)) == {child}
    raw = national_id(date(1988, 1, 1), 0)
    for m in Member.objects.all():
        assert raw not in (m.national_id_hash, m.national_id_masked)
        assert "*" in m.national_id_masked and len(m.national_id_hash) == 64
    assert MembershipEvent.objects.filter(event_type="member_added").count() == 2


def test_invalid_or_duplicate_identifier_is_refused():
    account = UserFactory()
    with pytest.raises(RuleViolation) as refusal:
        member_add(
            account=account,
            relation=Relation.SELF,
            full_name="x",
            birth_date=date(1990, 1, 1),
            national_id="110105199001011234",
            now=NOW,
        )
    assert refusal.value.code == "invalid_national_id"
    number = national_id(date(1990, 1, 1))
    member_add(
        account=account,
        relation=Relation.SELF,
        full_name="x",
        birth_date=date(1990, 1, 1),
        national_id=number,
        now=NOW,
    )
    with pytest.raises(RuleViolation) as refusal:
        member_add(
            account=UserFactory(),
            relation=Relation.SELF,
            full_name="y",
            birth_date=date(1990, 1, 1),
            national_id=number.lower(),
            now=NOW,
        )
    assert refusal.value.code == "member_exists"


def test_a_relative_needs_the_account_holder_first():
    with pytest.raises(RuleViolation) as refusal:
        add(UserFactory(), Relation.CHILD, date(2018, 1, 1))
    assert refusal.value.code == "account_holder_missing"


def test_join_checks_credit_and_declaration_then_leave_is_idempotent():
    plan = Plan.objects.get(code="critical-illness")
    member = add(UserFactory(), Relation.SELF, date(1990, 1, 1))
    with pytest.raises(RuleViolation) as refusal:
        enrolment_join(
            member=member, plan=plan, credit_score=600, health_declaration=DECLARATION, now=NOW
        )
    assert refusal.value.code == "credit_score_too_low"
    enrolment = enrolment_join(
        member=member, plan=plan, credit_score=650, health_declaration=DECLARATION, now=NOW
    )
    with pytest.raises(RuleViolation) as refusal:
        enrolment_join(
            member=member, plan=plan, credit_score=700, health_declaration=DECLARATION, now=NOW
        )
    assert refusal.value.code == "already_enrolled"
    left = enrolment_leave(enrolment=enrolment, now=datetime(2025, 6, 1, tzinfo=BEIJING))
    again = enrolment_leave(enrolment=enrolment, now=datetime(2025, 7, 1, tzinfo=BEIJING))
    assert again.left_at == left.left_at
    assert MembershipEvent.objects.filter(event_type="left").count() == 1


def test_a_closed_plan_takes_no_one():
    plan = Plan.objects.get(code="critical-illness")
    Plan.objects.filter(pk=plan.pk).update(accepting_joins=False)
    member = add(UserFactory(), Relation.SELF, date(1990, 1, 1))
    with pytest.raises(RuleViolation) as refusal:
        enrolment_join(
            member=member, plan=plan, credit_score=700, health_declaration=DECLARATION, now=NOW
        )
    assert refusal.value.code == "plan_closed"


def test_the_four_plans_are_seeded():
    plans = {p.code: p for p in Plan.objects.all()}
    assert set(plans) == {
        "critical-illness",
        "senior-cancer",
        "chronic-cancer",
        "transport-accident",
    }
    bands = plans["critical-illness"].band_rules()
    assert [(b.min_age, b.max_age, str(b.amount)) for b in bands] == [
        (0, 39, "300000.00"),
        (40, 59, "100000.00"),
    ]
    assert plans["critical-illness"].waiting_days == 90
