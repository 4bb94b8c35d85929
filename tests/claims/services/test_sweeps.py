"""The beat sweeps act on due-time columns, at the boundary, and are safe to run twice."""

from datetime import datetime, timedelta

import pytest
import time_machine

from claims import services, tasks
from claims.models import Claim, ClaimEvent
from claims.states import ClaimState
from tests.factories import BEIJING, claim_in_state, staff

pytestmark = pytest.mark.django_db


def test_publicity_closes_at_its_due_time_not_a_second_before():
    approval = claim_in_state(ClaimState.PUBLICISED)
    denial = claim_in_state(ClaimState.PUBLICISED, approve=False)
    due = approval.publicity_ends_at
    # Published 2025-03-12 10:00 Beijing: notice 13–19 March, ends 20 March 00:00 Beijing.
    assert approval.published_at == datetime(2025, 3, 12, 10, tzinfo=BEIJING)
    assert due == datetime(2025, 3, 20, 0, 0, tzinfo=BEIJING)

    assert services.claims_close_due_publicity(now=due - timedelta(seconds=1)) == 0
    assert services.claims_close_due_publicity(now=due) == 2
    approval.refresh_from_db()
    denial.refresh_from_db()
    assert approval.state == ClaimState.PUBLICISED and approval.payable_at == due
    assert denial.state == ClaimState.DENIED and denial.closed_at == due

    events = ClaimEvent.objects.filter(event_type="publicity_closed").count()
    assert services.claims_close_due_publicity(now=due + timedelta(hours=1)) == 0
    assert ClaimEvent.objects.filter(event_type="publicity_closed").count() == events


def test_a_disputed_claim_is_not_closed_by_the_sweep():
    disputed = claim_in_state(ClaimState.DISPUTED)
    assert services.claims_close_due_publicity(now=disputed.publicity_ends_at) == 0
    disputed.refresh_from_db()
    assert disputed.state == ClaimState.DISPUTED


def test_jury_result_settles_when_the_appeal_window_ends():
    approve = claim_in_state(ClaimState.JURY_VOTED)
    deny = claim_in_state(ClaimState.JURY_VOTED, approve=False)
    due = approve.appeal_ends_at
    assert services.claims_settle_due_jury_votes(now=due - timedelta(seconds=1)) == 0
    assert services.claims_settle_due_jury_votes(now=due) == 2
    assert services.claims_settle_due_jury_votes(now=due) == 0
    approve.refresh_from_db()
    deny.refresh_from_db()
    assert approve.state == ClaimState.JURY_VOTED and approve.payable_at == due
    assert deny.state == ClaimState.DENIED


def test_the_celery_task_runs_the_sweep_at_the_clock():
    claim = claim_in_state(ClaimState.PUBLICISED)
    with time_machine.travel(claim.publicity_ends_at + timedelta(minutes=3), tick=False):
        assert tasks.close_due_publicity.delay().get() == 1
        assert tasks.close_due_publicity.delay().get() == 0
    claim.refresh_from_db()
    assert claim.payable_at is not None


def test_unassigned_claims_go_to_the_least_loaded_investigator_once():
    staff("investigator", "ann")
    staff("investigator", "bob")
    claims = [claim_in_state(ClaimState.FILED) for _ in range(3)]
    assert services.claims_assign_unassigned() == 3
    assert services.claims_assign_unassigned() == 0  # a second tick finds nothing to do
    investigators = sorted(
        Claim.objects.filter(pk__in=[c.pk for c in claims]).values_list(
            "investigation__investigator__username", flat=True
        )
    )
    assert investigators == ["ann", "ann", "bob"]  # by load, then by id
