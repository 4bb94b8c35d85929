"""juror_pause, juror_resume and juror_disqualify: who may, what changes, which event."""

from datetime import timedelta

import pytest

from core.errors import InvalidTransition, NotPermitted, RuleViolation
from jury.models import JurorEvent, JurorEventType, JurorStatus
from jury.services.jurors import (
    juror_disqualify,
    juror_pause,
    juror_resume,
    juror_volunteer,
)
from tests.factories import UserFactory
from tests.jury.factories import T0, jury_manager, qualified_juror, volunteer

pytestmark = pytest.mark.django_db
LATER = T0 + timedelta(days=10)


def last_event(juror):
    return JurorEvent.objects.filter(juror=juror).order_by("id").last()


def test_the_system_pauses_a_qualified_juror_with_notice(
    django_capture_on_commit_callbacks, mailoutbox
):
    juror = qualified_juror()
    juror.consecutive_misses = 3
    juror.save()
    with django_capture_on_commit_callbacks(execute=True):
        paused = juror_pause(juror=juror, reason="Missed 3 panels in a row.", now=LATER)
    assert paused.status == JurorStatus.PAUSED and paused.paused_at == LATER
    event = last_event(juror)
    assert event.event_type == JurorEventType.PAUSED and event.actor is None
    assert event.reason == "Missed 3 panels in a row."
    assert event.payload["consecutive_misses"] == 3
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [juror.member.email]


def test_pausing_twice_writes_one_event_and_a_candidate_cannot_be_paused():
    juror = qualified_juror()
    juror_pause(juror=juror, reason="Missed panels", now=LATER)
    juror_pause(juror=juror, reason="Missed panels", now=LATER)
    assert JurorEvent.objects.filter(juror=juror, event_type=JurorEventType.PAUSED).count() == 1
    with pytest.raises(InvalidTransition):
        juror_pause(juror=volunteer(), reason="Missed panels", now=LATER)


def test_staff_pause_needs_the_permission():
    juror = qualified_juror()
    with pytest.raises(NotPermitted):
        juror_pause(juror=juror, reason="x", now=LATER, actor=UserFactory(is_staff=True))
    juror_pause(juror=juror, reason="On leave", now=LATER, actor=jury_manager())
    juror.refresh_from_db()
    assert juror.status == JurorStatus.PAUSED


def test_a_paused_juror_resumes_themselves_and_the_run_of_misses_restarts():
    juror = qualified_juror()
    juror.consecutive_misses = 3
    juror.save()
    juror_pause(juror=juror, reason="Missed panels", now=LATER)
    resumed = juror_resume(juror=juror, actor=juror.account, now=LATER + timedelta(hours=1))
    assert resumed.status == JurorStatus.QUALIFIED
    assert resumed.paused_at is None and resumed.consecutive_misses == 0
    event = last_event(juror)
    assert event.event_type == JurorEventType.RESUMED and event.actor == juror.account
    assert event.payload["consecutive_misses_before"] == 3
    again = juror_resume(juror=juror, actor=juror.account, now=LATER + timedelta(hours=2))
    assert again.status == JurorStatus.QUALIFIED
    assert JurorEvent.objects.filter(juror=juror, event_type=JurorEventType.RESUMED).count() == 1


def test_nobody_else_resumes_a_juror_but_staff_with_the_permission_may():
    juror = qualified_juror()
    juror_pause(juror=juror, reason="Missed panels", now=LATER)
    with pytest.raises(NotPermitted):
        juror_resume(juror=juror, actor=volunteer().account, now=LATER)
    juror_resume(juror=juror, actor=jury_manager(), now=LATER)
    juror.refresh_from_db()
    assert juror.status == JurorStatus.QUALIFIED


def test_a_candidate_cannot_resume():
    juror = volunteer()
    with pytest.raises(InvalidTransition):
        juror_resume(juror=juror, actor=juror.account, now=LATER)


def test_disqualification_needs_the_permission_and_a_reason():
    juror = qualified_juror()
    with pytest.raises(NotPermitted):
        juror_disqualify(juror=juror, actor=juror.account, reason="x", now=LATER)
    with pytest.raises(RuleViolation):
        juror_disqualify(juror=juror, actor=jury_manager(), reason="  ", now=LATER)
    juror.refresh_from_db()
    assert juror.status == JurorStatus.QUALIFIED


def test_a_disqualified_juror_stays_disqualified():
    juror = qualified_juror()
    manager = jury_manager()
    done = juror_disqualify(
        juror=juror, actor=manager, reason="Shared a case file online", now=LATER
    )
    assert done.status == JurorStatus.DISQUALIFIED and done.disqualified_at == LATER
    event = last_event(juror)
    assert event.event_type == JurorEventType.DISQUALIFIED and event.actor == manager
    assert event.reason == "Shared a case file online"
    assert (event.payload["from"], event.payload["to"]) == ("qualified", "disqualified")
    juror_disqualify(juror=juror, actor=manager, reason="again", now=LATER)
    assert JurorEvent.objects.filter(event_type=JurorEventType.DISQUALIFIED).count() == 1
    again = juror_volunteer(member=juror.member, actor=juror.account, now=LATER)
    assert again.pk == juror.pk and again.status == JurorStatus.DISQUALIFIED
    with pytest.raises(InvalidTransition):
        juror_resume(juror=juror, actor=manager, now=LATER)
