"""Scenarios: a juror taken along their path through the real services. The one builder
the demo data (``demo``) and the tests (``tests/jury/factories.py``) share."""

from datetime import datetime

from jury.models import ExamSitting, Juror
from jury.selectors import exam_sitting_questions
from jury.services import jurors as juror_services
from members.models import Member


def exam_answers(sitting: ExamSitting, *, right: int | None = None) -> dict[int, str]:
    """Answers to a sitting's questions: the first ``right`` correct and the rest wrong
    (every one correct when ``right`` is None)."""
    sheet = {}
    for i, question in enumerate(exam_sitting_questions(sitting)):
        if right is None or i < right:
            sheet[question.pk] = question.answer
        else:
            sheet[question.pk] = next(
                c["key"] for c in question.choices if c["key"] != question.answer
            )
    return sheet


def exam_sit(juror: Juror, *, right: int | None = None, now: datetime | None = None) -> ExamSitting:
    """The juror starts a sitting of the exam and submits it with ``right`` correct
    answers (all of them when None)."""
    sitting = juror_services.exam_start(juror=juror, actor=juror.account, now=now)
    return juror_services.exam_submit(
        sitting=sitting, actor=juror.account, answers=exam_answers(sitting, right=right), now=now
    )


def juror_qualify(member: Member, *, now: datetime | None = None) -> Juror:
    """A member qualified as a juror the only way there is: they volunteer, sit the
    exam and answer every question right."""
    juror = juror_services.juror_volunteer(member=member, actor=member.account, now=now)
    exam_sit(juror, now=now)
    juror.refresh_from_db()
    return juror
