"""The transition table: every allowed step succeeds with exactly one event; a retry of a
step already done returns quietly with none; every other (state, step) pair is refused
and writes nothing."""

from datetime import datetime, timedelta

import pytest
from django_fsm import TransitionNotAllowed

from claims import services
from claims.models import Claim, ClaimEvent
from claims.states import ClaimState
from core.errors import DomainError
from tests.factories import BEIJING, EnrolmentFactory, claim_in_state, publish_in_batch, staff

T0 = datetime(2025, 3, 10, 10, 0, tzinfo=BEIJING)

# Claim situations: an FSM state, plus the two where a decision to pay has taken effect.
SITUATIONS = {
    "filed": {"state": ClaimState.FILED},
    "filed_investigated": {"state": "filed_investigated"},
    "investigated": {"state": ClaimState.INVESTIGATED},
    "publicised": {"state": ClaimState.PUBLICISED},
    "publicised_payable": {"state": "publicised_payable"},
    "disputed": {"state": ClaimState.DISPUTED},
    "jury_voted": {"state": ClaimState.JURY_VOTED},
    "jury_voted_appealed": {"state": "jury_voted_appealed"},
    "jury_voted_settled": {"state": "jury_voted_settled"},
    "paid": {"state": ClaimState.PAID},
    "denied": {"state": ClaimState.DENIED, "approve": False},
    "withdrawn": {"state": ClaimState.WITHDRAWN},
}

STEPS = [
    "investigate",
    "publish",
    "lodge_dispute",
    "close_publicity",
    "record_jury_result",
    "lodge_appeal",
    "record_appeal_result",
    "settle_jury_result",
    "pay",
    "withdraw",
]

ALLOWED = {
    # A decision needs a complete investigation: ("filed", "investigate") is refused.
    ("filed_investigated", "investigate"): ClaimState.INVESTIGATED,
    ("filed", "withdraw"): ClaimState.WITHDRAWN,
    ("filed_investigated", "withdraw"): ClaimState.WITHDRAWN,
    ("investigated", "publish"): ClaimState.PUBLICISED,
    ("investigated", "withdraw"): ClaimState.WITHDRAWN,
    ("publicised", "lodge_dispute"): ClaimState.DISPUTED,
    ("publicised", "close_publicity"): ClaimState.PUBLICISED,  # approval: now payable
    ("publicised_payable", "pay"): ClaimState.PAID,
    ("disputed", "record_jury_result"): ClaimState.JURY_VOTED,
    ("jury_voted", "settle_jury_result"): ClaimState.JURY_VOTED,  # pay verdict: now payable
    ("jury_voted", "lodge_appeal"): ClaimState.JURY_VOTED,
    ("jury_voted_appealed", "record_appeal_result"): ClaimState.JURY_VOTED,
    ("jury_voted_settled", "pay"): ClaimState.PAID,
}

# The same request again, after it succeeded: no second event, no change.
REPEATS = {
    ("investigated", "investigate"),
    ("publicised", "publish"),
    ("publicised_payable", "publish"),
    ("publicised_payable", "close_publicity"),
    ("jury_voted", "record_jury_result"),
    ("jury_voted_appealed", "record_jury_result"),
    ("jury_voted_appealed", "lodge_appeal"),
    ("jury_voted_settled", "record_jury_result"),
    ("jury_voted_settled", "settle_jury_result"),
    ("denied", "close_publicity"),
    ("withdrawn", "withdraw"),
}


# A refused step says why: the state does not allow it, or it repeats a step already
# taken differently (another outcome, another objector, another payout).
REFUSAL_CODES = {
    "transition_not_allowed",
    "already_investigated",
    "already_disputed",
    "already_voted",
    "already_paid",
}


def losing_side(claim: Claim):
    """The claimant against a deny verdict, else whoever lodged the dispute."""
    lodged = claim.events.filter(event_type="dispute_lodged").first()
    if claim.jury_verdict == "deny" or lodged is None:
        return claim.member.account
    return lodged.actor


def run_step(step: str, claim: Claim, objector):
    reviewer, finance = staff("reviewer", "rev"), staff("finance", "fin")
    later = T0 + timedelta(days=40)
    calls = {
        "investigate": lambda: services.claim_decide(
            claim=claim,
            actor=reviewer,
            reason="Pathology report meets the definition",
            now=T0 + timedelta(days=1),
        ),
        "publish": lambda: publish_in_batch(claim, actor=reviewer, now=T0 + timedelta(days=2)),
        "lodge_dispute": lambda: services.claim_lodge_dispute(
            claim=claim,
            actor=objector,
            reason="The evidence does not meet the clause",
            now=(claim.published_at or T0) + timedelta(days=1),
        ),
        "close_publicity": lambda: services.claim_close_publicity(
            claim=claim, actor=None, now=claim.publicity_ends_at or later
        ),
        "record_jury_result": lambda: services.claim_record_jury_result(
            claim=claim, actor=reviewer, pay_votes=60, deny_votes=40, now=T0 + timedelta(days=5)
        ),
        "settle_jury_result": lambda: services.claim_settle_jury_result(
            claim=claim, actor=None, now=claim.appeal_ends_at or later
        ),
        "lodge_appeal": lambda: services.claim_lodge_appeal(
            claim=claim,
            actor=losing_side(claim),
            statement="A new specialist report shows the clause is met after all",
            now=(claim.jury_voted_at or T0) + timedelta(days=1),
        ),
        "record_appeal_result": lambda: services.claim_record_appeal_result(
            claim=claim,
            actor=reviewer,
            pay_votes=30,
            deny_votes=33,
            now=(claim.jury_voted_at or T0) + timedelta(days=2),
        ),
        "pay": lambda: services.claim_mark_paid(
            claim=claim, actor=finance, payout_reference="PAY-TABLE", now=later
        ),
        "withdraw": lambda: services.claim_withdraw(
            claim=claim, actor=claim.member.account, now=T0 + timedelta(days=1)
        ),
    }
    return calls[step]()


@pytest.mark.django_db
@pytest.mark.parametrize("situation", list(SITUATIONS))
@pytest.mark.parametrize("step", STEPS)
def test_transition_table(situation, step):
    spec = SITUATIONS[situation]
    claim = claim_in_state(spec["state"], approve=spec.get("approve", True))
    objector = EnrolmentFactory().member.account
    before_state, before_events = claim.state, claim.events.count()

    if (situation, step) in ALLOWED:
        result = run_step(step, claim, objector)
        assert result.state == ALLOWED[(situation, step)]
        assert claim.events.count() == before_events + 1
        event = claim.events.last()
        assert (event.from_state, event.to_state) == (before_state, result.state)
    elif (situation, step) in REPEATS:
        result = run_step(step, claim, objector)
        assert result.state == before_state
        assert claim.events.count() == before_events
    else:
        with pytest.raises(DomainError) as refusal:
            run_step(step, claim, objector)
        # Who may dispute or appeal depends on the decision and the verdict.
        by_outcome = step in ("lodge_dispute", "lodge_appeal")
        allowed = REFUSAL_CODES | ({"permission_denied"} if by_outcome else set())
        assert refusal.value.code in allowed
        claim.refresh_from_db()
        assert claim.state == before_state
        assert claim.events.count() == before_events


def test_the_table_covers_every_declared_transition():
    declared = {t.name for t in Claim._meta.get_field("state").get_all_transitions(Claim)}
    assert declared == set(STEPS)


@pytest.mark.django_db
def test_state_cannot_be_assigned_directly():
    claim = claim_in_state(ClaimState.FILED)
    with pytest.raises(AttributeError):
        claim.state = ClaimState.PAID


@pytest.mark.django_db
def test_transition_method_outside_its_source_raises_fsm_error():
    claim = claim_in_state(ClaimState.FILED)
    with pytest.raises(TransitionNotAllowed):
        claim.pay(payout_reference="X", at=T0)


@pytest.mark.django_db
def test_denial_overturned_by_jury_pays_the_age_band_benefit():
    claim = claim_in_state("jury_voted_settled", approve=False)
    # 40 pay : 60 deny upholds the denial...
    assert claim.state == ClaimState.DENIED
    claim = claim_in_state(ClaimState.DISPUTED, approve=False)
    reviewer = staff("reviewer", "rev")
    claim = services.claim_record_jury_result(
        claim=claim, actor=reviewer, pay_votes=51, deny_votes=49, now=T0 + timedelta(days=5)
    )
    claim = services.claim_settle_jury_result(claim=claim, actor=None, now=claim.appeal_ends_at)
    assert claim.state == ClaimState.JURY_VOTED
    assert claim.payable_at is not None
    assert claim.approved_amount == claim.benefit_amount


@pytest.mark.django_db
def test_every_event_names_actor_time_and_states():
    claim = claim_in_state(ClaimState.PAID)
    events = list(ClaimEvent.objects.filter(claim=claim).order_by("id"))
    assert [e.event_type for e in events] == [
        "filed",
        "investigation_assigned",
        "visit_recorded",  # the scenario visits, then records what it found
        "facts_recorded",
        "investigation_completed",
        "investigation_recorded",
        "published",
        "publicity_closed",
        "paid",
    ]
    assert events[-2].actor is None  # the sweep acted
    assert events[5].actor.username == "rev" and events[4].actor.username == "inv"
    assert events[-1].actor.username == "fin"
    assert events[-1].payload == {"payout_reference": "PAY-1"}
