"""Membership reads."""

from datetime import date

from django.db.models import Case, QuerySet, Value, When

from core import clock
from members import rules
from members.models import Enrolment, FamilyLink, Member, Plan, Relation


def members_of_account(*, account) -> QuerySet[Member]:
    self_first = Case(When(relation=Relation.SELF, then=Value(0)), default=Value(1))
    return Member.objects.filter(account=account).order_by(self_first, "id")


def enrolment_on(*, member: Member, plan: Plan, day: date) -> Enrolment | None:
    """The member's enrolment in ``plan`` that covered ``day`` (Beijing date), if any.

    Falls back to the latest enrolment so a refusal can name its dates.
    """
    enrolments = list(Enrolment.objects.filter(member=member, plan=plan).order_by("-joined_at"))
    for enrolment in enrolments:
        joined = clock.beijing_date(enrolment.joined_at)
        left = clock.beijing_date(enrolment.left_at) if enrolment.left_at else None
        if rules.in_plan_on(joined, left, day):
            return enrolment
    return enrolments[0] if enrolments else None


def member_relatives(*, member: Member) -> QuerySet[Member]:
    """Members linked by family or sharing the account (for conflict exclusion).

    A UNION of three indexed lookups (same account, links from, links to): an OR
    across the join made PostgreSQL scan every member (bench/README.md: the jury draw).
    """
    same_account = Member.objects.filter(account_id=member.account_id).order_by().values("pk")
    linked_to = FamilyLink.objects.filter(member=member).order_by().values("relative_id")
    linked_from = FamilyLink.objects.filter(relative=member).order_by().values("member_id")
    return Member.objects.filter(pk__in=same_account.union(linked_to, linked_from)).exclude(
        pk=member.pk
    )


def plans_active() -> QuerySet[Plan]:
    return Plan.objects.prefetch_related("benefit_bands").order_by("id")


def member_is_linked_to_account(*, member: Member, account) -> bool:
    """Is ``account`` the member's own, or the account of a recorded relative?

    Nobody works, decides or judges a claim of their own or of a relative.
    """
    if member.account_id == account.pk:
        return True
    return member_relatives(member=member).filter(account_id=account.pk).exists()
