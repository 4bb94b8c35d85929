"""exam_start and exam_submit: the draw, scoring, the pass mark, the cooldown, the events."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings

from core.errors import InvalidTransition, NotPermitted, RuleViolation
from jury.models import (
    ExamQuestion,
    ExamSitting,
    ExamTopic,
    JurorEvent,
    JurorEventType,
    JurorStatus,
)
from jury.services.jurors import exam_start, exam_submit, juror_disqualify
from tests.jury.factories import T0, answer_sheet, jury_manager, sit, volunteer

pytestmark = pytest.mark.django_db


def exam_events(juror):
    return list(
        JurorEvent.objects.filter(
            juror=juror,
            event_type__in=[JurorEventType.EXAM_PASSED, JurorEventType.EXAM_FAILED],
        )
    )


def test_the_bank_is_loaded_with_eight_questions_per_topic():
    for topic in ExamTopic.values:
        assert ExamQuestion.objects.filter(topic=topic, active=True).count() >= 8
    assert settings.JURY_EXAM_PASS_MARK == 5 and settings.JURY_EXAM_COOLDOWN_HOURS == 24


def test_a_sitting_draws_two_active_questions_per_topic():
    juror = volunteer()
    sitting = exam_start(juror=juror, actor=juror.account, now=T0)
    questions = ExamQuestion.objects.in_bulk(sitting.questions)
    assert len(sitting.questions) == len(set(sitting.questions)) == 6
    topics = [questions[pk].topic for pk in sitting.questions]
    assert topics == ["joining", "joining", "payout", "payout", "ethics", "ethics"]
    assert sitting.started_at == T0 and sitting.submitted_at is None


def test_inactive_questions_are_never_drawn():
    keep = []
    for topic in ExamTopic.values:
        keep += list(ExamQuestion.objects.filter(topic=topic).values_list("pk", flat=True)[:2])
    ExamQuestion.objects.exclude(pk__in=keep).update(active=False)
    juror = volunteer()
    sitting = exam_start(juror=juror, actor=juror.account, now=T0)
    assert sorted(sitting.questions) == sorted(keep)


def test_a_bank_with_too_few_active_questions_cannot_set_an_exam():
    ExamQuestion.objects.filter(topic="ethics").update(active=False)
    juror = volunteer()
    with pytest.raises(RuleViolation) as refusal:
        exam_start(juror=juror, actor=juror.account, now=T0)
    assert refusal.value.code == "exam_bank_too_small"
    assert not ExamSitting.objects.exists()


def test_starting_twice_returns_the_open_sitting():
    juror = volunteer()
    first = exam_start(juror=juror, actor=juror.account, now=T0)
    again = exam_start(juror=juror, actor=juror.account, now=T0 + timedelta(minutes=5))
    assert again.pk == first.pk and again.questions == first.questions
    assert ExamSitting.objects.count() == 1


def test_only_the_juror_sits_their_exam():
    juror = volunteer()
    other = volunteer()
    with pytest.raises(NotPermitted):
        exam_start(juror=juror, actor=other.account, now=T0)
    sitting = exam_start(juror=juror, actor=juror.account, now=T0)
    with pytest.raises(NotPermitted):
        exam_submit(
            sitting=sitting, actor=other.account, answers=answer_sheet(sitting, right=6), now=T0
        )


def test_five_of_six_passes_and_qualifies_the_juror():
    juror = volunteer()
    sitting = exam_start(juror=juror, actor=juror.account, now=T0)
    answers = answer_sheet(sitting, right=5)
    done = exam_submit(sitting=sitting, actor=juror.account, answers=answers, now=T0)
    assert (done.score, done.passed, done.submitted_at) == (5, True, T0)
    done.refresh_from_db()
    assert done.answers == {str(pk): key for pk, key in answers.items()}  # stored
    juror.refresh_from_db()
    assert juror.status == JurorStatus.QUALIFIED and juror.qualified_at == T0
    [event] = exam_events(juror)
    assert event.event_type == JurorEventType.EXAM_PASSED
    assert event.actor == juror.account and event.created_at == T0
    wrong_code = ExamQuestion.objects.get(pk=sitting.questions[5]).code
    assert event.payload["sitting"] == sitting.pk
    assert (event.payload["score"], event.payload["of"], event.payload["pass_mark"]) == (5, 6, 5)
    assert event.payload["wrong"] == [wrong_code]
    assert (event.payload["from"], event.payload["to"]) == ("candidate", "qualified")


def test_four_of_six_fails_and_the_juror_stays_a_candidate():
    juror = volunteer()
    sitting = sit(juror, right=4)
    assert (sitting.score, sitting.passed) == (4, False)
    juror.refresh_from_db()
    assert juror.status == JurorStatus.CANDIDATE and juror.qualified_at is None
    [event] = exam_events(juror)
    assert event.event_type == JurorEventType.EXAM_FAILED
    assert event.payload["score"] == 4 and len(event.payload["wrong"]) == 2
    assert event.payload["retake_at"] == (T0 + timedelta(hours=24)).isoformat()


def test_every_question_must_be_answered_and_nothing_is_stored_otherwise():
    juror = volunteer()
    sitting = exam_start(juror=juror, actor=juror.account, now=T0)
    answers = answer_sheet(sitting, right=6)
    answers.pop(sitting.questions[0])
    answers[sitting.questions[1]] = "z"  # not a choice
    with pytest.raises(RuleViolation) as refusal:
        exam_submit(sitting=sitting, actor=juror.account, answers=answers, now=T0)
    assert refusal.value.code == "exam_incomplete" and refusal.value.params["unanswered"] == 2
    sitting.refresh_from_db()
    assert sitting.submitted_at is None and sitting.answers == {}
    assert exam_events(juror) == []


def test_submitting_twice_changes_nothing_the_second_time():
    juror = volunteer()
    sitting = exam_start(juror=juror, actor=juror.account, now=T0)
    exam_submit(
        sitting=sitting, actor=juror.account, answers=answer_sheet(sitting, right=4), now=T0
    )
    again = exam_submit(
        sitting=sitting,
        actor=juror.account,
        answers=answer_sheet(sitting, right=6),
        now=T0 + timedelta(minutes=1),
    )
    assert (again.score, again.passed, again.submitted_at) == (4, False, T0)
    assert len(exam_events(juror)) == 1


def test_a_qualified_juror_cannot_sit_again():
    juror = volunteer()
    sit(juror, right=6)
    with pytest.raises(InvalidTransition) as refusal:
        exam_start(juror=juror, actor=juror.account, now=T0 + timedelta(days=3))
    assert refusal.value.code == "juror_already_qualified"
    assert ExamSitting.objects.filter(juror=juror).count() == 1


def test_a_disqualified_juror_cannot_sit_or_submit():
    juror = volunteer()
    sitting = exam_start(juror=juror, actor=juror.account, now=T0)
    juror_disqualify(juror=juror, actor=jury_manager(), reason="Shared a case file", now=T0)
    with pytest.raises(InvalidTransition):
        exam_start(juror=juror, actor=juror.account, now=T0)
    with pytest.raises(InvalidTransition):
        exam_submit(
            sitting=sitting, actor=juror.account, answers=answer_sheet(sitting, right=6), now=T0
        )


def test_a_member_no_longer_eligible_cannot_start_a_sitting():
    juror = volunteer()
    juror.member.fraud_found = True
    juror.member.save()
    with pytest.raises(RuleViolation) as refusal:
        exam_start(juror=juror, actor=juror.account, now=T0)
    assert refusal.value.code == "juror_fraud_found"


def test_the_cooldown_after_a_fail_ends_exactly_24_hours_later():
    juror = volunteer()
    with time_machine.travel(T0, tick=False):
        sitting = exam_start(juror=juror, actor=juror.account)
        exam_submit(sitting=sitting, actor=juror.account, answers=answer_sheet(sitting, right=4))
    with time_machine.travel(T0 + timedelta(hours=23, minutes=59), tick=False):
        with pytest.raises(RuleViolation) as refusal:
            exam_start(juror=juror, actor=juror.account)
        assert refusal.value.code == "exam_cooldown"
        assert "2025-03-11 10:00" in str(refusal.value.message)  # Beijing time
    with time_machine.travel(T0 + timedelta(hours=24), tick=False):
        retake = exam_start(juror=juror, actor=juror.account)
    assert retake.pk != sitting.pk and retake.started_at == T0 + timedelta(hours=24)


def test_a_retake_after_the_cooldown_can_pass():
    juror = volunteer()
    sit(juror, right=3)
    passed = sit(juror, right=5, now=T0 + timedelta(days=1))
    assert passed.passed
    juror.refresh_from_db()
    assert juror.status == JurorStatus.QUALIFIED
    assert [e.event_type for e in exam_events(juror)] == ["exam_failed", "exam_passed"]
