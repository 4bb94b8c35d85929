import pytest
from django.core import mail
from django.db import transaction

from claims import services
from claims.models import Claim, ClaimEvent, ClaimNotice
from claims.states import ClaimState
from core import clock
from tests.factories import claim_in_state, publish_in_batch, staff

pytestmark = pytest.mark.django_db


def test_each_event_mails_the_claimant_once_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        claim = claim_in_state(ClaimState.PUBLICISED)
    events = ClaimEvent.objects.filter(claim=claim)
    assert ClaimNotice.objects.filter(event__claim=claim, sent_at__isnull=False).count() == 3
    notified = ClaimNotice.objects.filter(event__claim=claim).count()
    assert notified == 3  # filed, decision, published: the investigation's steps are internal
    assert len([m for m in mail.outbox if claim.reference in m.subject]) == notified
    assert mail.outbox[-1].to == [claim.member.email]
    assert f"http://127.0.0.1:8000/claims/{claim.reference}/" in mail.outbox[-1].body
    # A retried task sends nothing more.
    for event in events:
        services.claim_event_notify(event_id=event.pk)
    assert len([m for m in mail.outbox if claim.reference in m.subject]) == notified


def test_nothing_is_queued_if_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    claim = claim_in_state(ClaimState.INVESTIGATED)
    reviewer = staff("reviewer", "rev")
    with django_capture_on_commit_callbacks() as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            publish_in_batch(claim, actor=reviewer, now=clock.now())
            assert ClaimEvent.objects.filter(claim=claim, event_type="published").exists()
            raise RuntimeError("the caller's transaction fails after the service")
    assert callbacks == []
    assert not ClaimEvent.objects.filter(claim=claim, event_type="published").exists()
    assert Claim.objects.get(pk=claim.pk).state == ClaimState.INVESTIGATED


def test_the_decision_email_says_each_clause_and_the_fact_found(
    django_capture_on_commit_callbacks,
):
    """The email of a denial names the clauses it rests on in the pages' words: the fact
    found and the clause's status, never a key."""
    with django_capture_on_commit_callbacks(execute=True):
        claim = claim_in_state(ClaimState.INVESTIGATED, approve=False, condition_code="deep_coma")
    decision = next(m for m in mail.outbox if "审核结论" in m.subject or "Decision" in m.subject)
    body = decision.body
    assert "结论所依据的事实：" in body
    assert "• 因酗酒或药物滥用导致：是（条款“并非因酗酒或药物滥用导致”：不符合）" in body
    assert "持续使用呼吸机及其他生命维持系统的时间：95 小时" in body
    assert "caused_by_alcohol_or_drugs" not in body and "life_support" not in body
    assert claim.reference in decision.subject
