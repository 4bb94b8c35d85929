"""Announcing a shutdown: one operator proposes, a second confirms; the confirmation is
the announcement, one event each, and the plans stop taking members."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError

from claims.models import ClaimDraft
from core.errors import DomainError, NotPermitted, RuleViolation
from members import services as member_services
from members.models import Plan
from tests.factories import MemberFactory, claim_in_state, staff
from tests.winddown.conftest import ANNOUNCED, STOP, STOP_DAY, at, make_draft
from winddown import services
from winddown.models import Shutdown, ShutdownEvent, ShutdownEventType, ShutdownStatus


def _propose(plan, actor, **kwargs):
    values = {
        "plans": [plan],
        "stop_day": STOP_DAY,
        "window_days": 180,
        "notice_zh": "停止运行",
        "notice_en": "The plan stops.",
        "now": ANNOUNCED - timedelta(hours=1),
    }
    values.update(kwargs)
    return services.shutdown_propose(actor=actor, **values)


def test_a_proposal_changes_nothing_until_a_second_operator_confirms(plan, operators):
    first, second = operators
    shutdown = _propose(plan, first)

    assert shutdown.status == ShutdownStatus.PROPOSED
    assert shutdown.stops_at == STOP
    assert shutdown.last_window_closes_at == at(2022, 7, 28, 0, 0)  # 2022-07-27 24:00
    plan.refresh_from_db()
    assert plan.shutdown_announced_at is None and plan.accepting_joins

    with pytest.raises(NotPermitted) as refusal:
        services.shutdown_confirm(shutdown=shutdown, actor=first, now=ANNOUNCED)
    assert refusal.value.code == "second_operator_required"
    plan.refresh_from_db()
    assert plan.shutdown_announced_at is None

    services.shutdown_confirm(shutdown=shutdown, actor=second, now=ANNOUNCED)

    shutdown.refresh_from_db()
    plan.refresh_from_db()
    assert shutdown.status == ShutdownStatus.ANNOUNCED
    assert shutdown.announced_at == ANNOUNCED and shutdown.confirmed_by == second
    assert plan.shutdown_announced_at == ANNOUNCED
    assert plan.coverage_ends_at == STOP
    assert plan.claim_window_days == 180
    assert not plan.accepting_joins
    events = list(shutdown.events.values_list("event_type", "actor", "from_state", "to_state"))
    assert events == [
        (ShutdownEventType.PROPOSED, first.pk, "", "proposed"),
        (ShutdownEventType.ANNOUNCED, second.pk, "proposed", "announced"),
    ]


def test_confirming_twice_is_quiet(plan, announce, operators):
    shutdown = announce()
    again = services.shutdown_confirm(
        shutdown=shutdown, actor=operators[1], now=ANNOUNCED + timedelta(hours=2)
    )
    assert again.announced_at == ANNOUNCED
    assert shutdown.events.filter(event_type=ShutdownEventType.ANNOUNCED).count() == 1


def test_only_operators_propose_or_confirm(plan, operators):
    reviewer = staff("reviewer", "rev")
    with pytest.raises(NotPermitted):
        _propose(plan, reviewer)
    shutdown = _propose(plan, operators[0])
    with pytest.raises(NotPermitted):
        services.shutdown_confirm(shutdown=shutdown, actor=reviewer, now=ANNOUNCED)
    assert Shutdown.objects.get(pk=shutdown.pk).status == ShutdownStatus.PROPOSED


def test_the_database_refuses_a_self_confirmed_announcement(plan, operators):
    shutdown = _propose(plan, operators[0])
    with pytest.raises(IntegrityError):
        Shutdown.objects.filter(pk=shutdown.pk).update(
            confirmed_by=operators[0], announced_at=ANNOUNCED
        )


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"plans": []}, "no_plans"),
        ({"window_days": 0}, "window_days"),
        ({"notice_en": "  "}, "notice_required"),
        ({"stop_day": date(2021, 12, 26)}, "stop_in_past"),
    ],
)
def test_bad_proposals_are_refused_with_a_reason(plan, operators, change, code):
    with pytest.raises(RuleViolation) as refusal:
        _propose(plan, operators[0], **change)
    assert refusal.value.code == code
    assert not Shutdown.objects.exists()


def test_a_cancelled_proposal_cannot_be_confirmed(plan, operators):
    shutdown = _propose(plan, operators[0])
    with pytest.raises(RuleViolation):
        services.shutdown_cancel(shutdown=shutdown, actor=operators[1], reason="")
    services.shutdown_cancel(shutdown=shutdown, actor=operators[1], reason="Regulator asked")
    with pytest.raises(DomainError) as refusal:
        services.shutdown_confirm(shutdown=shutdown, actor=operators[1], now=ANNOUNCED)
    assert refusal.value.code == "shutdown_cancelled"


def test_a_plan_is_shut_down_once(plan, announce, operators):
    announce()
    with pytest.raises(RuleViolation) as refusal:
        _propose(Plan.objects.get(pk=plan.pk), operators[0], now=ANNOUNCED + timedelta(days=1))
    assert refusal.value.code == "plan_winding_down"


def test_no_one_joins_after_the_announcement(plan, announce):
    announce()
    member = MemberFactory(birth_date=date(1990, 6, 15))
    with pytest.raises(DomainError) as refusal:
        member_services.enrolment_join(
            member=member,
            plan=Plan.objects.get(pk=plan.pk),
            credit_score=700,
            health_declaration=dict.fromkeys(plan.declaration_questions, False),
            now=ANNOUNCED + timedelta(minutes=1),
        )
    assert refusal.value.code == "plan_closed"


def test_open_drafts_and_document_requests_learn_their_window(plan, announce, enrol):
    draft = make_draft(enrol(), diagnosis_date=date(2021, 12, 15), now=at(2021, 12, 20, 9, 0))
    old = make_draft(enrol(), diagnosis_date=date(2021, 6, 1), now=at(2021, 12, 20, 9, 0))
    assert draft.window_closes_at is None

    announce()

    assert ClaimDraft.objects.get(pk=draft.pk).window_closes_at == at(2022, 6, 14, 0, 0)
    assert ClaimDraft.objects.get(pk=old.pk).window_closes_at == STOP


def test_shutdown_events_are_append_only(plan, announce):
    event = ShutdownEvent.objects.filter(shutdown=announce()).first()
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()


def test_a_claim_in_progress_is_not_touched_by_the_announcement(plan, announce):
    claim = claim_in_state("filed_investigated")
    announce(now=at(2025, 3, 12, 10, 0), stop_day=date(2025, 4, 30))
    claim.refresh_from_db()
    assert claim.state == "filed"
