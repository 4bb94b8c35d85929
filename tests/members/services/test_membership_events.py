"""Membership events record the enrolment's states: joined from none to enrolled, left
from enrolled to left; a member added has no state."""

from datetime import date, datetime

import pytest

from members.models import MembershipEvent, MembershipEventType, Plan, Relation
from members.services import enrolment_join, enrolment_leave, member_add
from tests.factories import BEIJING, DECLARATION, UserFactory, national_id

pytestmark = pytest.mark.django_db
NOW = datetime(2025, 3, 1, 10, 0, tzinfo=BEIJING)


def test_joining_and_leaving_record_from_and_to():
    account = UserFactory()
    birth = date(1990, 1, 1)
    member = member_add(
        account=account,
        relation=Relation.SELF,
        full_name="张三",
        national_id=national_id(birth),
        birth_date=birth,
        now=NOW,
    )
    plan = Plan.objects.get(code="critical-illness")
    enrolment = enrolment_join(
        member=member,
        plan=plan,
        credit_score=700,
        health_declaration=DECLARATION,
        actor=account,
        now=NOW,
    )
    enrolment_leave(enrolment=enrolment, actor=account, now=datetime(2025, 6, 1, tzinfo=BEIJING))

    events = list(
        MembershipEvent.objects.filter(member=member)
        .order_by("id")
        .values_list("event_type", "from_state", "to_state", "enrolment_id", "actor_id")
    )
    assert events == [
        (MembershipEventType.MEMBER_ADDED, "", "", None, account.pk),
        (MembershipEventType.JOINED, "", "enrolled", enrolment.pk, account.pk),
        (MembershipEventType.LEFT, "enrolled", "left", enrolment.pk, account.pk),
    ]
