"""Juror writes (赔审员): volunteering, the qualification exam, pause, resume, disqualification.

Each status change is a step of the juror's state machine run by
``core.aggregates.run_step``: the juror row locked, who may act asked first, a repeat
quiet (so a double click or a retry is harmless), the transition, one ``JurorEvent``.
Volunteering records the juror's first event; starting a sitting writes no event (the
sitting row is its own record); submitting it writes EXAM_PASSED (the ``qualify`` step)
or EXAM_FAILED (the juror stays a candidate).
"""

import random
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from core import clock
from core.aggregates import audit_record, run_step
from core.errors import InvalidTransition, NotPermitted, RuleViolation
from jury import exam_bank, juror_rules, selectors
from jury.models import (
    ExamQuestion,
    ExamSitting,
    Juror,
    JurorEventType,
    JurorStatus,
)
from members.models import Member, Relation

_rng = random.SystemRandom()


def _pk(obj: Model | int) -> int:
    return obj if isinstance(obj, int) else obj.pk


def _lock_juror(juror: Juror | int) -> Juror:
    return Juror.objects.select_for_update(of=("self",)).select_related("member").get(pk=_pk(juror))


def _require_self(juror: Juror, actor: User) -> None:
    if actor is None or juror.account_id != actor.pk:
        raise NotPermitted(_("Only the juror can do this."), code="not_your_juror")


def _may_manage(actor: User) -> bool:
    return actor is not None and actor.has_perm("jury.change_juror")


def juror_volunteer(*, member: Member | int, actor: User, now: datetime | None = None) -> Juror:
    """A member volunteers as a juror: a candidate until they pass the exam.

    Eligible when at least ``JURY_MIN_AGE`` on today's Beijing date, in a plan (an open
    enrolment), and never found to have concealed facts or committed fraud. Volunteering
    twice returns the same juror.
    """
    now = now or clock.now()
    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=_pk(member))
        if actor is None or member.account_id != actor.pk:
            raise NotPermitted(
                _("Only the member can volunteer as a juror."), code="not_your_member"
            )
        existing = Juror.objects.filter(member=member).first()
        if existing is not None:
            return existing
        if member.relation != Relation.SELF:
            raise RuleViolation(
                _("Only the account holder can volunteer, for themselves."),
                code="juror_not_account_holder",
            )
        today = clock.beijing_date(now)
        juror_rules.check_volunteer(
            birth_date=member.birth_date,
            today=today,
            min_age=settings.JURY_MIN_AGE,
            in_a_plan=selectors.member_in_a_plan(member=member),
            fraud_found=member.fraud_found,
        )
        try:
            with transaction.atomic():
                juror = Juror.objects.create(member=member, account=member.account, created_at=now)
        except IntegrityError:  # volunteered at the same moment elsewhere
            return Juror.objects.get(member=member)
        audit_record(
            juror,
            event_type=JurorEventType.ENROLLED,
            actor=actor,
            now=now,
            created=True,
            payload={"to": juror.status},
        )
    return juror


def exam_start(*, juror: Juror | int, actor: User, now: datetime | None = None) -> ExamSitting:
    """Open a sitting of the qualification exam: ``JURY_EXAM_QUESTIONS_PER_TOPIC`` active
    questions drawn at random from each topic. Returns the open sitting if there is one.

    Refused to a qualified, paused or disqualified juror, to a member who is no longer
    eligible, and within ``JURY_EXAM_COOLDOWN_HOURS`` of a failed sitting.
    """
    now = now or clock.now()
    with transaction.atomic():
        juror = _lock_juror(juror)
        _require_self(juror, actor)
        if juror.status == JurorStatus.DISQUALIFIED:
            raise InvalidTransition(
                _("A disqualified juror cannot sit the exam."), code="juror_disqualified"
            )
        if juror.status != JurorStatus.CANDIDATE:
            raise InvalidTransition(
                _("You have already passed the exam."), code="juror_already_qualified"
            )
        open_sitting = selectors.exam_open_sitting(juror=juror)
        if open_sitting is not None:
            return open_sitting
        refusal = selectors.juror_volunteer_refusal(member=juror.member, now=now)
        if refusal is not None:
            raise refusal
        retake_at = selectors.exam_waiting_until(juror=juror, now=now)
        if retake_at is not None:
            raise RuleViolation(
                _("You may sit the exam again from %(when)s (Beijing time).")
                % {"when": retake_at.astimezone(clock.BEIJING).strftime("%Y-%m-%d %H:%M")},
                code="exam_cooldown",
                retake_at=retake_at,
            )
        bank: dict[str, list[int]] = {}
        for pk, topic in ExamQuestion.objects.filter(active=True).values_list("pk", "topic"):
            bank.setdefault(topic, []).append(pk)
        questions = juror_rules.exam_draw(
            bank=bank,
            topics=exam_bank.TOPICS,
            per_topic=settings.JURY_EXAM_QUESTIONS_PER_TOPIC,
            rng=_rng,
        )
        return ExamSitting.objects.create(juror=juror, questions=questions, started_at=now)


def exam_submit(
    *,
    sitting: ExamSitting | int,
    actor: User,
    answers: Mapping[int, str] | Mapping[str, str],
    now: datetime | None = None,
) -> ExamSitting:
    """Score a sitting and store its answers; ``JURY_EXAM_PASS_MARK`` right answers qualify.

    ``answers`` maps question ids to choice keys; every question must be answered.
    Submitting a sitting twice returns it unchanged.
    """
    now = now or clock.now()
    sitting_id = _pk(sitting)
    with transaction.atomic():
        juror_id = ExamSitting.objects.values_list("juror_id", flat=True).get(pk=sitting_id)
        juror = _lock_juror(juror_id)  # the juror first, as exam_start does
        _require_self(juror, actor)
        sitting = ExamSitting.objects.select_for_update().get(pk=sitting_id)
        if sitting.submitted_at is not None:
            return sitting
        if juror.status != JurorStatus.CANDIDATE:
            raise InvalidTransition(
                _("This juror can no longer sit the exam."), code="juror_not_candidate"
            )
        questions = selectors.exam_sitting_questions(sitting)
        chosen = _answers_chosen(questions, answers)
        key = {str(q.pk): q.answer for q in questions}
        score = juror_rules.exam_score(key=key, answers=chosen)
        pass_mark = settings.JURY_EXAM_PASS_MARK
        passed = score >= pass_mark
        sitting.answers = chosen
        sitting.score = score
        sitting.passed = passed
        sitting.submitted_at = now
        sitting.save(update_fields=["answers", "score", "passed", "submitted_at"])
        payload: dict[str, Any] = {
            "sitting": sitting.pk,
            "score": score,
            "of": len(questions),
            "pass_mark": pass_mark,
            "wrong": [q.code for q in questions if chosen[str(q.pk)] != q.answer],
            "key": key,  # the answer key as it stood when scored
        }
        _exam_result_record(juror, passed=passed, actor=actor, now=now, payload=payload)
    return sitting


def _answers_chosen(
    questions: list[ExamQuestion], answers: Mapping[int, str] | Mapping[str, str]
) -> dict[str, str]:
    """The answers given, by question id, each one of its question's choices; refused
    unless every question is answered."""
    given = {str(k): str(v) for k, v in answers.items() if v}
    chosen = {}
    for question in questions:
        keys = {c["key"] for c in question.choices}
        if given.get(str(question.pk)) in keys:
            chosen[str(question.pk)] = given[str(question.pk)]
    if len(chosen) < len(questions):
        raise RuleViolation(
            _("Answer all %(n)s questions before you submit.") % {"n": len(questions)},
            code="exam_incomplete",
            unanswered=len(questions) - len(chosen),
        )
    return chosen


def _exam_result_record(
    juror: Juror, *, passed: bool, actor: User, now: datetime, payload: dict[str, Any]
) -> None:
    """A pass qualifies the juror; a failure is recorded with when a retake is allowed."""
    if passed:
        run_step(
            juror,
            transition="qualify",
            event_type=JurorEventType.EXAM_PASSED,
            actor=actor,
            now=now,
            payload={"from": JurorStatus.CANDIDATE, "to": JurorStatus.QUALIFIED, **payload},
        )
    else:
        retake_at = juror_rules.exam_retake_at(
            failed_at=now, cooldown_hours=settings.JURY_EXAM_COOLDOWN_HOURS
        )
        audit_record(
            juror,
            event_type=JurorEventType.EXAM_FAILED,
            actor=actor,
            now=now,
            payload={"retake_at": retake_at.isoformat(), **payload},
        )


def juror_disqualify(
    *, juror: Juror | int, actor: User, reason: str, now: datetime | None = None
) -> Juror:
    """Permanently disqualify a juror (e.g. fraud found, secrecy broken), with a reason.

    Needs the permission ``jury.change_juror``. A disqualified juror is left as is.
    """
    now = now or clock.now()
    if not _may_manage(actor):
        raise NotPermitted(_("You may not disqualify jurors."), code="permission_denied")
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation(_("Give the reason for the disqualification."), code="reason_needed")
    return run_step(
        Juror,
        _pk(juror),
        transition="disqualify",
        event_type=JurorEventType.DISQUALIFIED,
        actor=actor,
        now=now,
        reason=reason,
        already_done=lambda j: j.status == JurorStatus.DISQUALIFIED,
        payload=lambda j: {"from": j.status, "to": JurorStatus.DISQUALIFIED},
        not_permitted=lambda j: NotPermitted(
            _("You may not disqualify jurors."), code="permission_denied"
        ),
    ).row


def juror_pause(
    *, juror: Juror | int, reason: str, now: datetime | None = None, actor: User | None = None
) -> Juror:
    """Pause a qualified juror (no seats are offered) and tell them how to resume.

    ``actor=None`` is the system (missed panels); staff need ``jury.change_juror``.
    A paused juror is left as is; candidates and disqualified jurors cannot be paused.
    """
    now = now or clock.now()
    if actor is not None and not _may_manage(actor):
        raise NotPermitted(_("You may not pause jurors."), code="permission_denied")
    return run_step(
        Juror,
        _pk(juror),
        transition="pause",
        event_type=JurorEventType.PAUSED,
        actor=actor,
        now=now,
        reason=reason,
        already_done=lambda j: j.status == JurorStatus.PAUSED,
        payload=lambda j: {
            "consecutive_misses": j.consecutive_misses,
            "from": JurorStatus.QUALIFIED,
            "to": JurorStatus.PAUSED,
        },
        followups=lambda j, _event: [("jury.tasks.notify_juror_paused", j.pk)],
        not_permitted=lambda j: NotPermitted(
            _("You may not pause jurors."), code="permission_denied"
        ),
        refusal=lambda j: InvalidTransition(
            _("Only a qualified juror can be paused."), code="juror_not_qualified"
        ),
    ).row


def juror_resume(*, juror: Juror | int, actor: User, now: datetime | None = None) -> Juror:
    """A paused juror resumes (themselves, or staff with ``jury.change_juror``): seats may
    be offered again and the run of missed panels starts from zero."""
    now = now or clock.now()
    if actor is None:
        raise NotPermitted(_("Only the juror can resume their seat."), code="not_your_juror")
    return run_step(
        Juror,
        _pk(juror),
        transition="resume",
        event_type=JurorEventType.RESUMED,
        actor=actor,
        now=now,
        already_done=lambda j: j.status == JurorStatus.QUALIFIED,
        payload=lambda j: {
            "consecutive_misses_before": j.consecutive_misses,
            "from": JurorStatus.PAUSED,
            "to": JurorStatus.QUALIFIED,
        },
        not_permitted=lambda j: NotPermitted(
            _("Only the juror can resume their seat."), code="not_your_juror"
        ),
        refusal=lambda j: InvalidTransition(
            _("Only a paused juror can resume."), code="juror_not_paused"
        ),
    ).row
