"""Jury reads: jurors, their exam sittings, the question bank, and a claim's open panel."""

from datetime import datetime

from django.conf import settings

from claims.hearings import Hearing
from core import clock
from core.errors import RuleViolation
from jury import juror_rules
from jury.models import (
    ExamQuestion,
    ExamSitting,
    Juror,
    JurorEvent,
    JurorEventType,
    Panel,
    PanelStatus,
)
from members.models import Enrolment, Member, Relation


def self_member_of(*, account) -> Member | None:
    """The account holder's own member (the person who may volunteer as a juror)."""
    return Member.objects.filter(account=account, relation=Relation.SELF).first()


def juror_for_account(account) -> Juror | None:
    """The account's juror, through its self member; None if it never volunteered."""
    if account is None or not account.is_authenticated:
        return None
    return (
        Juror.objects.select_related("member")
        .filter(member__account=account, member__relation=Relation.SELF)
        .first()
    )


def member_in_a_plan(*, member: Member) -> bool:
    """Has the member an open enrolment (not left) in some plan?"""
    return Enrolment.objects.filter(member=member, left_at__isnull=True).exists()


def juror_volunteer_refusal(*, member: Member, now: datetime) -> RuleViolation | None:
    """Why ``member`` may not volunteer now, or None: shown before they try."""
    try:
        juror_rules.check_volunteer(
            birth_date=member.birth_date,
            today=clock.beijing_date(now),
            min_age=settings.JURY_MIN_AGE,
            in_a_plan=member_in_a_plan(member=member),
            fraud_found=member.fraud_found,
        )
    except RuleViolation as refusal:
        return refusal
    return None


def exam_sitting_questions(sitting: ExamSitting) -> list[ExamQuestion]:
    """The sitting's questions in the order they were drawn (inactive ones included)."""
    by_id = ExamQuestion.objects.in_bulk(sitting.questions)
    return [by_id[pk] for pk in sitting.questions if pk in by_id]


def exam_open_sitting(*, juror: Juror) -> ExamSitting | None:
    return juror.sittings.filter(submitted_at__isnull=True).first()


def exam_sittings_submitted(*, juror: Juror):
    return juror.sittings.filter(submitted_at__isnull=False).order_by("-submitted_at", "-id")


def exam_last_failed(*, juror: Juror) -> ExamSitting | None:
    return juror.sittings.filter(passed=False).order_by("-submitted_at", "-id").first()


def exam_waiting_until(*, juror: Juror, now: datetime) -> datetime | None:
    """While the cooldown after the juror's last failed sitting runs, the moment they may
    sit again (``juror_rules.exam_may_retake``); None when nothing holds them back."""
    failed = exam_last_failed(juror=juror)
    if failed is None or failed.submitted_at is None:
        return None
    cooldown = settings.JURY_EXAM_COOLDOWN_HOURS
    if juror_rules.exam_may_retake(failed_at=failed.submitted_at, cooldown_hours=cooldown, now=now):
        return None
    return juror_rules.exam_retake_at(failed_at=failed.submitted_at, cooldown_hours=cooldown)


def juror_last_event(*, juror: Juror, event_type: JurorEventType) -> JurorEvent | None:
    return juror.events.filter(event_type=event_type).order_by("-created_at", "-id").first()


def exam_sitting_key(sitting: ExamSitting) -> dict[str, str]:
    """The answer key a submitted sitting was scored against (kept on its exam event), so
    a question edited later does not change an old result; the current key otherwise."""
    event = (
        JurorEvent.objects.filter(
            juror_id=sitting.juror_id,
            event_type__in=[JurorEventType.EXAM_PASSED, JurorEventType.EXAM_FAILED],
            payload__sitting=sitting.pk,
        )
        .order_by("id")
        .first()
    )
    if event is not None and isinstance(event.payload.get("key"), dict):
        return event.payload["key"]
    return {str(q.pk): q.answer for q in exam_sitting_questions(sitting)}


def panel_hearings(claim_ids: list[int]) -> dict[int, Hearing]:
    """Each claim's open panel (the appeal's, if one is open) as the claim's pages see it:
    until when it votes and its seats, by claim id; a claim with no open panel is absent.
    Registered with ``claims.hearings`` as the jury's reader (``JuryConfig.ready``)."""
    rows = (
        Panel.objects.filter(claim_id__in=claim_ids, status=PanelStatus.OPEN)
        .order_by("claim_id", "round")
        .values_list("claim_id", "deadline_at", "size", "round")
    )
    return {  # the later round overwrites the first
        claim_id: Hearing(deadline_at=deadline_at, seats=size, appeal=round_ > 1)
        for claim_id, deadline_at, size, round_ in rows
    }
