"""The demo's jurors: enough qualified jurors for the disputed claim's panel."""

from datetime import date, datetime

from demo.seeding.data import DEMO_JURORS, JUROR
from demo.seeding.people import login_ensure, member_enrolled
from jury.scenarios import juror_qualify
from members.models import Member, Plan, Relation


def jurors(others: list[Member], plan: Plan, joined: datetime, now: datetime) -> None:
    """A juror login that passed the exam through the services, and 30 more jurors
    from the crowd (members not party to any demo claim)."""
    account = login_ensure(JUROR[0], JUROR[1], email="juror@example.org")
    member = member_enrolled(
        account,
        relation=Relation.SELF,
        full_name="王陪审",
        birth=date(1985, 8, 8),
        seq=977,
        plan=plan,
        credit_score=700,
        joined=joined,
        city="杭州",
    )
    for candidate in [member, *others[100 : 100 + DEMO_JURORS]]:
        juror_qualify(candidate, now=now)
