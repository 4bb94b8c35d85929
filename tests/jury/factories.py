"""Jury factories: eligible members, jurors through the real services, answer sheets."""

from datetime import date, datetime

from django.contrib.auth.models import Permission

from jury import scenarios
from jury.models import ExamSitting, Juror, JurorStatus
from jury.services import jurors as juror_services
from members.models import Member
from tests.factories import BEIJING, EnrolmentFactory, UserFactory

T0 = datetime(2025, 3, 10, 10, 0, tzinfo=BEIJING)


def eligible_member(*, birth_date: date = date(1990, 6, 15)) -> Member:
    """An adult member of the critical-illness plan (an open enrolment)."""
    return EnrolmentFactory(member__birth_date=birth_date).member


def volunteer(member: Member | None = None, *, now: datetime = T0) -> Juror:
    member = member or eligible_member()
    return juror_services.juror_volunteer(member=member, actor=member.account, now=now)


def answer_sheet(sitting: ExamSitting, *, right: int) -> dict[int, str]:
    """Answers with the first ``right`` questions correct and the rest wrong."""
    return scenarios.exam_answers(sitting, right=right)


def sit(juror: Juror, *, right: int, now: datetime = T0) -> ExamSitting:
    """Start a sitting and submit it with ``right`` correct answers."""
    return scenarios.exam_sit(juror, right=right, now=now)


def qualified_juror(member: Member | None = None, *, now: datetime = T0) -> Juror:
    juror = scenarios.juror_qualify(member or eligible_member(), now=now)
    assert juror.status == JurorStatus.QUALIFIED
    return juror


def jury_manager(username: str = "jurymanager"):
    """A staff user with the permission to change jurors (disqualify, pause, resume)."""
    user = UserFactory(username=username, is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_juror"))
    return type(user).objects.get(pk=user.pk)  # fresh: no cached permissions
