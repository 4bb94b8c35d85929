"""The one recipe (core.aggregates): the step, the bulk step, the audit record.

Driven through real aggregates (a juror, a shutdown's drafts) on the real database: the
order of the checks, the quiet repeat, the refusals, one transaction for the row, its
event and its follow-ups.
"""

from datetime import timedelta

import pytest
from django.db import DatabaseError, transaction
from django.utils import translation

from claims.models import ClaimDraft, DraftStatus
from core.aggregates import audit_record, run_bulk, run_step
from core.errors import DomainError, InvalidTransition, NotPermitted
from core.models import FollowUp
from core.state_machine import move_rows, state_of
from jury.models import Juror, JurorEvent, JurorEventType, JurorStatus
from tests.factories import UserFactory
from tests.jury.factories import T0, jury_manager, qualified_juror, volunteer
from winddown.models import Shutdown, ShutdownEvent, ShutdownEventType, ShutdownStatus

pytestmark = pytest.mark.django_db
LATER = T0 + timedelta(days=1)
NOTICE = "jury.tasks.notify_juror_paused"


def pause(juror, actor=None, **kwargs):
    return run_step(
        Juror,
        juror.pk,
        transition="pause",
        event_type=JurorEventType.PAUSED,
        actor=actor,
        now=LATER,
        already_done=lambda j: j.status == JurorStatus.PAUSED,
        **kwargs,
    )


def events(juror, event_type=JurorEventType.PAUSED):
    return JurorEvent.objects.filter(juror=juror, event_type=event_type)


# --- the step ----------------------------------------------------------------------------


def test_a_step_moves_the_row_saves_it_and_writes_one_event_from_and_to_its_states():
    juror = qualified_juror()
    step = pause(juror, jury_manager(), reason="On leave", payload={"asked_by": "office"})

    assert step.row.status == JurorStatus.PAUSED and step.row.paused_at == LATER
    juror.refresh_from_db()
    assert juror.status == JurorStatus.PAUSED and juror.paused_at == LATER
    (event,) = events(juror)
    assert event == step.event
    assert (event.from_state, event.to_state) == (JurorStatus.QUALIFIED, JurorStatus.PAUSED)
    assert event.actor.username == "jurymanager" and event.reason == "On leave"
    assert event.payload == {"asked_by": "office"} and event.created_at == LATER


def test_permission_is_asked_first_so_a_stranger_learns_nothing_from_a_repeat():
    juror = qualified_juror()
    pause(juror)  # the system paused it
    with pytest.raises(NotPermitted):
        pause(juror, UserFactory(is_staff=True))  # not quiet: refused before the repeat
    assert events(juror).count() == 1


def test_a_repeat_returns_quietly_and_writes_nothing():
    juror = qualified_juror()
    pause(juror)
    again = pause(juror, jury_manager())
    assert again.event is None and again.row.status == JurorStatus.PAUSED
    assert events(juror).count() == 1


def test_can_proceed_refuses_a_state_without_the_transition():
    candidate = volunteer()
    with translation.override("en"), pytest.raises(InvalidTransition) as refusal:
        pause(candidate)
    assert refusal.value.params == {"state": "candidate", "step": "pause"}
    assert str(refusal.value.message) == (
        "“Pause” is not possible now (the state is “Candidate (exam not passed)”)."
    )

    with pytest.raises(DomainError) as own:
        pause(candidate, refusal=lambda j: DomainError("not qualified", code="juror_not_qualified"))
    assert own.value.code == "juror_not_qualified"
    assert not events(candidate).exists()
    candidate.refresh_from_db()
    assert candidate.status == JurorStatus.CANDIDATE


def test_the_service_check_runs_on_the_locked_row_after_can_proceed():
    juror = qualified_juror()
    seen = []

    def check(locked):
        seen.append(locked.status)
        raise DomainError("no", code="service_rule")

    with pytest.raises(DomainError):
        pause(juror, check=check)
    assert seen == [JurorStatus.QUALIFIED] and not events(juror).exists()


def test_the_row_and_its_event_roll_back_together_when_the_event_cannot_be_written():
    juror = qualified_juror()
    with pytest.raises(DatabaseError):
        run_step(
            juror,
            transition="pause",
            event_type="x" * 40,  # longer than the event column: the INSERT fails
            actor=None,
            now=LATER,
            followups=[(NOTICE, juror.pk)],
        )
    juror.refresh_from_db()
    assert juror.status == JurorStatus.QUALIFIED and juror.paused_at is None
    assert not JurorEvent.objects.filter(juror=juror, created_at=LATER).exists()
    assert not FollowUp.objects.filter(task=NOTICE).exists()


def test_the_follow_up_is_recorded_in_the_step_s_transaction(django_capture_on_commit_callbacks):
    juror = qualified_juror()
    with pytest.raises(RuntimeError), transaction.atomic():
        pause(juror, followups=[(NOTICE, juror.pk)])
        assert FollowUp.objects.filter(task=NOTICE, args=[juror.pk]).exists()
        raise RuntimeError("the caller's transaction fails after the step")
    assert not FollowUp.objects.filter(task=NOTICE).exists()
    juror.refresh_from_db()
    assert juror.status == JurorStatus.QUALIFIED and not events(juror).exists()

    with django_capture_on_commit_callbacks(execute=False) as handed:
        step = pause(juror, followups=lambda j, event: [(NOTICE, j.pk, event.pk)])
    (followup,) = FollowUp.objects.filter(task=NOTICE)
    assert followup.args == [juror.pk, step.event.pk] and followup.created_at == LATER
    assert len(handed) == 1  # handed to the broker only after the commit


def test_then_runs_after_the_save_and_adds_to_the_payload():
    juror = qualified_juror()
    step = pause(juror, then=lambda j: {"paused_at": j.paused_at.isoformat()})
    assert step.event.payload == {"paused_at": LATER.isoformat()}


def test_the_state_cannot_be_assigned_by_hand():
    juror = qualified_juror()
    with pytest.raises(AttributeError):
        juror.status = JurorStatus.PAUSED


# --- the bulk step -----------------------------------------------------------------------


@pytest.fixture
def shutdown():
    operator = UserFactory(username="operator1", is_staff=True)
    return Shutdown.objects.create(
        status=ShutdownStatus.ANNOUNCED,
        stop_day=T0.date(),
        stops_at=T0,
        window_days=30,
        notice_zh="停运",
        notice_en="Shutdown",
        proposed_by=operator,
        proposed_at=T0 - timedelta(days=2),
        last_window_closes_at=T0 + timedelta(days=30),
    )


def draft(closes_at, status=DraftStatus.OPEN):
    return ClaimDraft.objects.create(
        account=UserFactory(),
        status=status,
        window_closes_at=closes_at,
        created_at=T0,
        updated_at=T0,
    )


def test_a_chunk_moves_along_its_transition_with_one_event_naming_the_ids_and_the_count(
    shutdown,
):
    due = [draft(T0), draft(T0)]
    filed = draft(T0, status=DraftStatus.FILED)  # not in the transition's source: untouched
    bulk = run_bulk(
        ClaimDraft.objects.filter(pk__in=[d.pk for d in [*due, filed]]),
        "expire",
        event_type=ShutdownEventType.DRAFTS_EXPIRED,
        actor=None,
        record_on=shutdown,
        now=LATER,
        values={"expired_at": LATER, "updated_at": LATER},
        ids_key="drafts",
    )
    assert bulk.ids == sorted(d.pk for d in due) and bulk.count == 2
    assert set(ClaimDraft.objects.filter(status=DraftStatus.EXPIRED).values_list("pk", flat=True))
    assert ClaimDraft.objects.get(pk=filed.pk).status == DraftStatus.FILED
    (event,) = ShutdownEvent.objects.filter(shutdown=shutdown)
    assert event.payload == {"drafts": bulk.ids, "count": 2}
    assert (event.from_state, event.to_state) == ("open", "expired")
    assert bulk.events == [event]


def test_a_chunk_with_nothing_to_move_writes_nothing(shutdown):
    bulk = run_bulk(
        ClaimDraft.objects.none(),
        "expire",
        event_type=ShutdownEventType.DRAFTS_EXPIRED,
        actor=None,
        record_on=shutdown,
        now=LATER,
    )
    assert bulk.count == 0 and not ShutdownEvent.objects.exists()


def test_a_set_based_write_of_the_caller_is_recorded_with_its_count(shutdown):
    bulk = run_bulk(
        event_type=ShutdownEventType.DRAFTS_EXPIRED,
        actor=None,
        record_on=shutdown,
        now=LATER,
        count=5,
        payload={"lo": 1, "hi": 9},
    )
    (event,) = bulk.events
    assert event.payload == {"lo": 1, "hi": 9, "count": 5}
    assert (event.from_state, event.to_state) == ("announced", "announced")


def test_move_rows_is_a_compare_and_set_on_the_source_states():
    open_draft, filed = draft(T0), draft(T0, status=DraftStatus.FILED)
    moved = move_rows(ClaimDraft.objects.filter(pk__in=[open_draft.pk, filed.pk]), "expire")
    assert moved == 1
    assert move_rows(ClaimDraft.objects.filter(pk=open_draft.pk), "expire") == 0  # moved once


# --- the audit record --------------------------------------------------------------------


def test_an_audit_record_keeps_the_state_and_a_first_event_starts_from_none(shutdown):
    exported = audit_record(
        shutdown,
        event_type=ShutdownEventType.INSURANCE_EXPORTED,
        actor=shutdown.proposed_by,
        now=LATER,
        payload={"rows": 3},
    )
    assert (exported.from_state, exported.to_state) == ("announced", "announced")
    assert exported.payload == {"rows": 3} and exported.actor == shutdown.proposed_by

    juror = volunteer()
    (enrolled,) = JurorEvent.objects.filter(juror=juror)
    assert (enrolled.from_state, enrolled.to_state) == ("", JurorStatus.CANDIDATE)
    assert state_of(juror) == JurorStatus.CANDIDATE and state_of(None) == ""
