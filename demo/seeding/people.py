"""The demo's people: staff logins, the demo account's family and the crowd, each member
added and enrolled through the members' services."""

from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, User

from core.identifiers import identifier_check_digit
from demo.seeding.data import CITIES, DECLARATION, GIVEN, STAFF, SURNAMES
from members.models import Member, Plan, Relation
from members.services import enrolment_join, member_add


def national_id(birth: date, seq: int) -> str:
    first17 = f"330106{birth:%Y%m%d}{seq % 1000:03d}"
    return first17 + identifier_check_digit(first17)


def staff_user(username: str) -> User:
    return get_user_model().objects.get(username=username)


def login_ensure(username: str, password: str, **defaults) -> User:
    """The account ``username``, given ``password`` when it is made (never reset)."""
    user, created = get_user_model().objects.get_or_create(username=username, defaults=defaults)
    if created:
        user.set_password(password)
        user.save()
    return user


def staff_ensure() -> None:
    """A login for each staff role (``STAFF``), in its group."""
    for username, password, group, superuser in STAFF:
        user = login_ensure(
            username,
            password,
            is_staff=True,
            is_superuser=superuser,
            email=f"{username}@example.org",
        )
        if group:
            user.groups.add(Group.objects.get(name=group))


def member_enrolled(
    account: User,
    *,
    relation: str,
    full_name: str,
    birth: date,
    seq: int,
    plan: Plan,
    credit_score: int,
    joined: datetime,
    enrolled_at: datetime | None = None,
    **contact: str,
) -> Member:
    """A member added to ``account`` at ``joined`` and enrolled in ``plan`` (at
    ``enrolled_at``, else then), with a healthy declaration."""
    member = member_add(
        account=account,
        relation=relation,
        full_name=full_name,
        national_id=national_id(birth, seq),
        birth_date=birth,
        now=joined,
        **contact,
    )
    enrolment_join(
        member=member,
        plan=plan,
        credit_score=credit_score,
        health_declaration=DECLARATION,
        actor=account,
        now=enrolled_at or joined,
    )
    return member


def demo_family(demo: User, plan: Plan, joined: datetime) -> list[Member]:
    """The demo account holder, a child and a parent."""
    people = [
        (Relation.SELF, "李明", date(1990, 5, 12)),
        (Relation.CHILD, "李小雨", date(2016, 3, 3)),
        (Relation.PARENT, "李建国", date(1972, 11, 30)),
    ]
    return [
        member_enrolled(
            demo,
            relation=relation,
            full_name=name,
            birth=birth,
            seq=900 + i,
            plan=plan,
            credit_score=720,
            joined=joined,
            phone="13800000000",
            email="demo@example.org",
            city="杭州",
        )
        for i, (relation, name, birth) in enumerate(people)
    ]


def crowd(count: int, plan: Plan, joined: datetime) -> list[Member]:
    """``count`` members, one per account, joined over a month from ``joined``."""
    User = get_user_model()
    members = []
    for i in range(count):
        user, _ = User.objects.get_or_create(username=f"member{i:04d}")
        members.append(
            member_enrolled(
                user,
                relation=Relation.SELF,
                full_name=SURNAMES[i % len(SURNAMES)] + GIVEN[(i * 7) % len(GIVEN)],
                birth=date(1970 + i % 35, 1 + i % 12, 1 + i % 28),
                seq=i,
                plan=plan,
                credit_score=650 + i % 200,
                joined=joined,
                enrolled_at=joined + timedelta(days=i % 30),
                city=CITIES[i % len(CITIES)],
            )
        )
    return members
