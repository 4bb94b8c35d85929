"""publicity_batch_publish: one batch per date, each decided claim published once, in
chunks that a re-run finishes after a crash."""

from datetime import date, timedelta
from unittest import mock

import pytest

from claims import services
from claims.models import Claim, ClaimEvent, PublicityBatch
from claims.rules import period_end
from claims.services import publicity
from claims.states import ClaimEventType, ClaimState
from core.errors import NotPermitted, RuleViolation
from tests.claims.publicity_helpers import beijing, decided_claim, publish
from tests.factories import claim_in_state, staff

pytestmark = pytest.mark.django_db

BATCH_DAY = date(2025, 3, 21)
AT = beijing(2025, 3, 21, 0, 5)  # the beat's run: 00:05 Beijing time


def published_events(claim) -> list[ClaimEvent]:
    return list(claim.events.filter(event_type=ClaimEventType.PUBLISHED))


def test_the_batch_publishes_every_decided_claim_with_its_own_event():
    approval = decided_claim(decided_at=beijing(2025, 3, 15, 10))
    denial = decided_claim(decided_at=beijing(2025, 3, 20, 23, 59), approve=False)
    filed = claim_in_state("filed_investigated")  # investigated, not yet decided

    batch = publish(BATCH_DAY, AT)

    assert batch.batch_date == BATCH_DAY
    assert batch.published_at == AT
    assert batch.claims_count == 2
    assert batch.window_ends_at == period_end(AT, 7) == beijing(2025, 3, 29, 0, 0)
    for claim in (approval, denial):
        claim.refresh_from_db()
        assert claim.state == ClaimState.PUBLICISED
        assert claim.publicity_batch == batch
        assert claim.published_at == AT
        assert claim.publicity_ends_at == batch.window_ends_at
        (event,) = published_events(claim)
        assert event.actor is None  # the system
        assert (event.from_state, event.to_state) == ("investigated", "publicised")
        assert event.created_at == AT
    filed.refresh_from_db()
    assert filed.state == ClaimState.FILED and filed.publicity_batch is None


def test_claims_are_published_in_id_order():
    claims = [decided_claim(decided_at=beijing(2025, 3, 15, 10)) for _ in range(3)]
    publish(BATCH_DAY, AT)
    events = ClaimEvent.objects.filter(event_type=ClaimEventType.PUBLISHED).order_by("id")
    assert [e.claim_id for e in events] == sorted(c.pk for c in claims)


def test_a_date_that_is_not_the_7th_or_21st_is_refused():
    decided_claim(decided_at=beijing(2025, 3, 15, 10))
    with pytest.raises(RuleViolation) as refusal:
        publish(date(2025, 3, 22), beijing(2025, 3, 22, 0, 5))
    assert refusal.value.code == "not_a_batch_date"
    assert not PublicityBatch.objects.exists()
    assert not Claim.objects.filter(state=ClaimState.PUBLICISED).exists()


def test_a_batch_date_still_to_come_is_refused():
    # 2025-03-20 15:59 UTC is 23:59 on the 20th in Beijing: the 21st has not begun.
    with pytest.raises(RuleViolation) as refusal:
        publish(BATCH_DAY, beijing(2025, 3, 20, 23, 59))
    assert refusal.value.code == "batch_date_in_future"
    assert not PublicityBatch.objects.exists()


def test_running_the_batch_again_publishes_nothing_more():
    claims = [decided_claim(decided_at=beijing(2025, 3, 15, 10)) for _ in range(2)]
    first = publish(BATCH_DAY, AT)
    events = ClaimEvent.objects.count()

    again = publish(BATCH_DAY, AT + timedelta(hours=3))

    assert again.pk == first.pk and PublicityBatch.objects.count() == 1
    assert again.claims_count == 2
    assert again.published_at == AT and again.window_ends_at == first.window_ends_at
    assert ClaimEvent.objects.count() == events
    for claim in claims:
        claim.refresh_from_db()
        assert claim.published_at == AT and len(published_events(claim)) == 1


def test_a_claim_decided_after_the_batch_day_began_waits_for_the_next_batch():
    before = decided_claim(decided_at=beijing(2025, 3, 20, 23, 59, 59))
    on_the_day = decided_claim(decided_at=beijing(2025, 3, 21, 0, 0))
    publish(BATCH_DAY, AT)
    later = decided_claim(decided_at=beijing(2025, 3, 21, 9, 0))

    rerun = publish(BATCH_DAY, beijing(2025, 3, 21, 12, 0))  # an operator runs it again

    assert rerun.claims_count == 1
    assert set(rerun.claims.values_list("pk", flat=True)) == {before.pk}
    for waiting in (on_the_day, later):
        waiting.refresh_from_db()
        assert waiting.state == ClaimState.INVESTIGATED and waiting.publicity_batch is None

    next_batch = publish(date(2025, 4, 7), beijing(2025, 4, 7, 0, 5))
    assert set(next_batch.claims.values_list("pk", flat=True)) == {on_the_day.pk, later.pk}
    assert next_batch.claims_count == 2


def test_a_claim_published_in_an_earlier_batch_is_left_alone():
    earlier = claim_in_state(ClaimState.PUBLICISED)  # in the batch of 7 March
    first = earlier.publicity_batch
    batch = publish(BATCH_DAY, AT)
    earlier.refresh_from_db()
    first.refresh_from_db()
    assert batch.claims_count == 0 and earlier.publicity_batch == first
    assert first.batch_date == date(2025, 3, 7) and first.claims_count == 1
    assert len(published_events(earlier)) == 1


def test_the_window_closes_at_its_due_time_through_the_sweep():
    approval = decided_claim(decided_at=beijing(2025, 3, 15, 10))
    denial = decided_claim(decided_at=beijing(2025, 3, 15, 11), approve=False)
    batch = publish(BATCH_DAY, AT)
    due = batch.window_ends_at  # 28 March 24:00 Beijing

    assert services.claims_close_due_publicity(now=due - timedelta(seconds=1)) == 0
    assert services.claims_close_due_publicity(now=due) == 2
    approval.refresh_from_db()
    denial.refresh_from_db()
    assert approval.state == ClaimState.PUBLICISED and approval.payable_at == due
    assert denial.state == ClaimState.DENIED


def test_many_claims_are_published_in_chunks():
    claims = [decided_claim(decided_at=beijing(2025, 3, 15, 10)) for _ in range(5)]
    progress = []
    batch = publish(BATCH_DAY, AT, chunk_size=2, on_chunk=progress.append)
    assert progress == [2, 4, 5]
    assert batch.claims_count == 5
    assert set(batch.claims.values_list("pk", flat=True)) == {c.pk for c in claims}


def test_a_crash_half_way_and_a_re_run_publish_each_claim_exactly_once():
    claims = [decided_claim(decided_at=beijing(2025, 3, 15, 10)) for _ in range(5)]
    real_publish = publicity.claim_publish
    calls = []

    def crash_on_the_fourth(**kwargs):
        calls.append(kwargs["claim"])
        if len(calls) == 4:
            raise RuntimeError("worker lost")
        return real_publish(**kwargs)

    with mock.patch.object(publicity, "claim_publish", crash_on_the_fourth):
        with pytest.raises(RuntimeError):
            publish(BATCH_DAY, AT, chunk_size=2)

    # The first chunk committed; the second rolled back whole.
    batch = PublicityBatch.objects.get(batch_date=BATCH_DAY)
    assert batch.claims_count == 2
    assert Claim.objects.filter(state=ClaimState.PUBLICISED).count() == 2
    assert Claim.objects.filter(state=ClaimState.INVESTIGATED, publicity_batch=None).count() == 3

    batch = publish(BATCH_DAY, AT + timedelta(minutes=10), chunk_size=2)

    assert batch.claims_count == 5
    for claim in claims:
        claim.refresh_from_db()
        assert claim.state == ClaimState.PUBLICISED and claim.publicity_batch_id == batch.pk
        assert len(published_events(claim)) == 1


def test_a_claim_the_rules_refuse_does_not_stop_the_batch():
    refused, fine = (decided_claim(decided_at=beijing(2025, 3, 15, 10)) for _ in range(2))
    real_publish = publicity.claim_publish

    def refuse_one(**kwargs):
        if kwargs["claim"] == refused.pk:
            raise RuleViolation("refused", code="test")
        return real_publish(**kwargs)

    with mock.patch.object(publicity, "claim_publish", refuse_one):
        batch = publish(BATCH_DAY, AT)
    assert list(batch.claims.values_list("pk", flat=True)) == [fine.pk]
    assert batch.claims_count == 1
    # It is tried again on the next run.
    assert publish(BATCH_DAY, AT + timedelta(hours=1)).claims_count == 2


def test_an_operator_publishes_with_the_permission_and_is_named_on_each_event():
    claim = decided_claim(decided_at=beijing(2025, 3, 15, 10))
    with pytest.raises(NotPermitted):
        publish(BATCH_DAY, AT, actor=staff("investigator", "inv"))
    assert not PublicityBatch.objects.exists()

    reviewer = staff("reviewer", "rev")
    assert publish(BATCH_DAY, AT, actor=reviewer).claims_count == 1
    (event,) = published_events(claim)
    assert event.actor == reviewer


def test_a_person_publishes_the_batch_that_is_due_not_a_passed_date():
    reviewer = staff("reviewer", "rev")
    decided_claim(decided_at=beijing(2025, 3, 5, 10))
    later = AT + timedelta(days=1)  # the 22nd: the 21st is the batch that is due
    for passed in (date(2025, 3, 7), date(1950, 3, 21)):
        with pytest.raises(RuleViolation) as refusal:
            publish(passed, later, actor=reviewer)
        assert refusal.value.code == "batch_date_passed"
    assert not PublicityBatch.objects.exists()
    # The catch-up (no actor) still publishes a passed date; a person may finish it.
    assert publish(date(2025, 3, 7), later).claims_count == 1
    assert publish(date(2025, 3, 7), later, actor=reviewer).claims_count == 1
    assert publish(BATCH_DAY, later, actor=reviewer).claims_count == 0
