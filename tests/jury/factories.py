"""Jury factories: eligible members, jurors through the real services, answer sheets."""

from datetime import date, datetime

from django.contrib.auth.models import Permission

from jury.models import ExamSitting, Juror, JurorStatus
from jury.selectors import exam_sitting_questions
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
    sheet = {}
    for i, question in enumerate(exam_sitting_questions(sitting)):
        if i < right:
            sheet[question.pk] = question.answer
        else:
            sheet[question.pk] = next(
                c["key"] for c in question.choices if c["key"] != question.answer
            )
    return sheet


def sit(juror: Juror, *, right: int, now: datetime = T0) -> ExamSitting:
    """Start a sitting and submit it with ``right`` correct answers."""
    sitting = juror_services.exam_start(juror=juror, actor=juror.account, now=now)
    return juror_services.exam_submit(
        sitting=sitting, actor=juror.account, answers=answer_sheet(sitting, right=right), now=now
    )


def qualified_juror(member: Member | None = None, *, now: datetime = T0) -> Juror:
    juror = volunteer(member, now=now)
    sit(juror, right=6, now=now)
    juror.refresh_from_db()
    assert juror.status == JurorStatus.QUALIFIED
    return juror


def jury_manager(username: str = "jurymanager"):
    """A staff user with the permission to change jurors (disqualify, pause, resume)."""
    user = UserFactory(username=username, is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_juror"))
    return type(user).objects.get(pk=user.pk)  # fresh: no cached permissions
