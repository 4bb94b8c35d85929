"""Redis unreachable from the web: every request still answers normally, the follow-ups
wait in PostgreSQL, and once the broker answers a real worker delivers each one once.

The web side is this process with its publishing pointed at a dead port; the worker is a
real Celery worker on Redis started afterwards; the beat sweep is called as beat would.
"""

import time
from datetime import datetime, timedelta

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from django.core import mail
from rest_framework.test import APIClient

from claims.models import ClaimEvent, ClaimNotice
from claims.services.notices import SILENT_EVENTS
from claims.states import ClaimState
from core import clock
from core.followups import followups_deliver_due
from core.models import FollowUp
from jury.models import Panel
from tests.api.test_claims_api import make_draft
from tests.factories import BEIJING, EnrolmentFactory, claim_in_state, staff
from tests.jury.services.test_panels import qualified_jurors
from tests.worker_support import (  # noqa: F401 (fixtures)
    DEAD_BROKER,
    broker_at,
    celery_app,
    wait_for,
)

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def notifiable_events() -> int:
    return ClaimEvent.objects.exclude(event_type__in=SILENT_EVENTS).count()


def test_a_broker_outage_costs_no_request_and_loses_no_follow_up(celery_app):  # noqa: F811
    qualified_jurors(6)
    reviewer, finance = staff("reviewer", "rev"), staff("finance", "fin")
    with broker_at(DEAD_BROKER):
        denied = claim_in_state(ClaimState.PUBLICISED, approve=False)
        to_decide = claim_in_state("filed_investigated")
        payable = claim_in_state("publicised_payable")
        enrolment = EnrolmentFactory()

        with time_machine.travel(datetime(2024, 6, 1, 12, tzinfo=BEIJING), tick=False):
            claimant = client_for(enrolment.member.account)
            draft = make_draft(claimant, enrolment, "2024-04-10")
            started = time.monotonic()
            filed = claimant.post(f"/api/v1/drafts/{draft}/file/")
            filing_took = time.monotonic() - started
        assert filed.status_code == 201 and filed.json()["state"] == "filed", filed.content

        with time_machine.travel(denied.published_at + timedelta(hours=1), tick=False):
            disputed = client_for(denied.member.account).post(
                f"/api/v1/claims/{denied.reference}/dispute/",
                {"reason": "The coma lasted 100 hours; the record says so."},
                format="json",
            )
        assert disputed.status_code == 200 and disputed.json()["state"] == "disputed"

        decided = client_for(reviewer).post(
            f"/api/v1/claims/{to_decide.reference}/decision/",
            {"reason": "Facts meet every clause"},
            format="json",
        )
        assert decided.status_code == 200 and decided.json()["state"] == "investigated"

        paid = client_for(finance).post(
            f"/api/v1/claims/{payable.reference}/pay/",
            {"payout_reference": "BANK-2025-0001"},
            format="json",
        )
        assert paid.status_code == 200 and paid.json()["state"] == "paid"

    # Nothing was delivered, and nothing is lost: each follow-up waits in the database.
    assert filing_took < 5, "a request must not wait for a broker that is down"
    assert not Panel.objects.exists() and mail.outbox == []
    waiting = FollowUp.objects.filter(done_at__isnull=True)
    assert waiting.filter(task="jury.tasks.open_panel", args=[denied.pk]).count() == 1
    assert waiting.filter(task="claims.tasks.notify_claimant").count() == notifiable_events()
    assert waiting.exclude(last_error="").exists()
    expected = waiting.count()

    # The broker is back: beat's sweep hands everything over, a real worker delivers it.
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        handed = followups_deliver_due(now=clock.now() + timedelta(hours=2))
        assert handed == expected
        assert wait_for(lambda: not FollowUp.objects.filter(done_at__isnull=True).exists())
        assert followups_deliver_due(now=clock.now() + timedelta(hours=4)) == 0  # nothing left

    panel = Panel.objects.get(claim=denied)
    assert panel.round == 1 and panel.seats.exists()
    assert Panel.objects.count() == 1
    sent = ClaimNotice.objects.filter(sent_at__isnull=False)
    assert sent.count() == notifiable_events()
    # Each notice once: one email per notified event with a recipient, no repeats.
    assert len(mail.outbox) == sent.exclude(recipient="").count() > 0
    assert len({(m.to[0], m.subject, m.body) for m in mail.outbox}) == len(mail.outbox)
