"""Document requests in every plan: due the plan's days after the request (24:00 Beijing
time), reminded 7 and 1 days before, answered by the member's upload (which stops the
reminders), and then checked by the investigator."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from claims import services
from claims.models import ClaimEvent, DocumentRequest
from claims.states import ClaimEventType, ClaimState
from core.errors import NotPermitted, RuleViolation
from members.models import Plan
from tests.factories import PDF_BYTES, UserFactory, claim_in_state, pdf_upload, staff
from winddown import services as winddown_services
from winddown.models import ReminderKind, WindowReminder

pytestmark = pytest.mark.django_db
BEIJING = ZoneInfo("Asia/Shanghai")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=BEIJING)


def other_pdf(name: str) -> SimpleUploadedFile:
    """A PDF with other bytes than the one filed with the claim."""
    return SimpleUploadedFile(name, PDF_BYTES + b"% " + name.encode() + b"\n", "application/pdf")


def request_on(claim, *, now: datetime) -> DocumentRequest:
    investigator, reviewer = staff("investigator", "inv"), staff("reviewer", "rev")
    investigation = services.investigation_assign(
        claim=claim, investigator=investigator, actor=reviewer, now=now
    )
    return services.investigation_request_document(
        investigation=investigation,
        actor=investigator,
        kind="discharge_summary",
        description="Discharge summary from Zhejiang 1st",
        now=now,
    )


def test_a_request_is_due_the_plans_days_after_it_to_24_00_beijing():
    claim = claim_in_state(ClaimState.FILED)
    request = request_on(claim, now=at(2025, 3, 11, 23, 59))
    assert request.due_at == at(2025, 4, 11, 0, 0)  # day 30 is 2025-04-10, to 24:00


def test_the_plan_sets_the_days():
    Plan.objects.filter(code="critical-illness").update(document_request_days=20)
    claim = claim_in_state(ClaimState.FILED)
    request = request_on(claim, now=at(2025, 3, 12, 0, 0))
    assert request.due_at == at(2025, 4, 2, 0, 0)  # 2025-04-01 24:00


def test_reminders_7_and_1_days_before_in_a_plan_that_runs_normally():
    claim = claim_in_state(ClaimState.FILED)
    request = request_on(claim, now=at(2025, 3, 11, 10, 0))
    due = request.due_at
    mail.outbox.clear()
    assert winddown_services.reminders_send_due(now=at(2025, 3, 11, 10, 5)) == 0  # not at once
    assert winddown_services.reminders_send_due(now=due - timedelta(days=7, seconds=1)) == 0
    assert winddown_services.reminders_send_due(now=due - timedelta(days=7)) == 1
    assert winddown_services.reminders_send_due(now=due - timedelta(days=6)) == 0  # once
    assert winddown_services.reminders_send_due(now=due - timedelta(days=1)) == 1
    leads = WindowReminder.objects.filter(
        kind=ReminderKind.DOCUMENT_REQUEST, subject_id=request.pk
    ).values_list("lead_days", flat=True)
    assert sorted(leads) == [1, 7]
    assert claim.reference in mail.outbox[0].body
    assert "2025-04-10 24:00" in mail.outbox[0].body


def test_the_member_answers_and_the_reminders_stop():
    claim = claim_in_state(ClaimState.FILED)
    request = request_on(claim, now=at(2025, 3, 11, 10, 0))
    document = services.document_request_answer(
        request=request,
        actor=claim.member.account,
        upload=other_pdf("discharge.pdf"),
        now=at(2025, 3, 12, 9, 0),
    )
    request.refresh_from_db()
    assert request.answered_at == at(2025, 3, 12, 9, 0) and request.document == document
    assert request.received_at is None  # the investigator still checks it
    assert document.claim == claim and document.kind == "discharge_summary"
    event = ClaimEvent.objects.filter(
        claim=claim, event_type=ClaimEventType.DOCUMENT_ATTACHED
    ).last()
    assert event.payload["request_id"] == request.pk
    assert winddown_services.reminders_send_due(now=request.due_at - timedelta(days=1)) == 0
    with pytest.raises(RuleViolation) as refusal:
        services.investigation_close_request_not_provided(
            request=request,
            actor=request.requested_by,
            note="Phoned twice",
            now=request.due_at + timedelta(days=1),
        )
    assert refusal.value.code == "request_answered"


def test_the_same_file_again_answers_without_a_second_document():
    claim = claim_in_state(ClaimState.FILED)
    request = request_on(claim, now=at(2025, 3, 11, 10, 0))
    on_file = claim.documents.get()
    events = ClaimEvent.objects.filter(claim=claim).count()
    document = services.document_request_answer(
        request=request, actor=claim.member.account, upload=pdf_upload("again.pdf")
    )
    assert document == on_file and document.already_there
    assert claim.documents.count() == 1
    assert ClaimEvent.objects.filter(claim=claim).count() == events
    assert DocumentRequest.objects.get(pk=request.pk).answered_at is not None


def test_only_the_claimant_answers_and_only_an_open_request():
    claim = claim_in_state(ClaimState.FILED)
    request = request_on(claim, now=at(2025, 3, 11, 10, 0))
    with pytest.raises(NotPermitted):
        services.document_request_answer(request=request, actor=UserFactory(), upload=pdf_upload())
    services.investigation_close_request_not_provided(
        request=request,
        actor=request.requested_by,
        note="Phoned twice",
        now=request.due_at,
    )
    with pytest.raises(RuleViolation) as refusal:
        services.document_request_answer(
            request=request, actor=claim.member.account, upload=other_pdf("late.pdf")
        )
    assert refusal.value.code == "request_closed"
