"""The sweeps over the claim windows: reminders 30, 7 and 1 days before a window closes
(email and text message, each once per subject and lead, recorded), and drafts expiring
at the close: kept, visible, never deleted. (Document requests in a plan that runs
normally: tests/claims/services/test_document_request_answer.py.)"""

from datetime import date, timedelta

import pytest
from django.core import mail

from claims import services as claim_services
from claims.models import ClaimDraft, DraftStatus
from core.errors import DomainError
from tests.factories import pdf_upload, staff
from tests.winddown.conftest import at, make_draft
from winddown import services
from winddown.models import ReminderKind, ShutdownEventType, SmsMessage, WindowReminder

pytestmark = pytest.mark.django_db
CLOSES = at(2022, 7, 20, 0, 0)  # diagnosed 2022-01-20: 2022-07-19 24:00


@pytest.fixture
def draft(announce, enrol):
    announce()
    enrolment = enrol(member__phone="13800000001")
    return make_draft(enrolment, diagnosis_date=date(2022, 1, 20), now=at(2022, 2, 1, 9, 0))


def _sent(draft):
    return list(
        WindowReminder.objects.filter(kind=ReminderKind.DRAFT, subject_id=draft.pk)
        .order_by("sent_at")
        .values_list("lead_days", flat=True)
    )


def test_reminders_go_out_30_7_and_1_days_before_each_once(draft):
    assert draft.window_closes_at == CLOSES
    assert services.reminders_send_due(now=CLOSES - timedelta(days=30, seconds=1)) == 0

    for lead in (30, 7, 1):
        moment = CLOSES - timedelta(days=lead)
        assert services.reminders_send_due(now=moment) == 1
        assert services.reminders_send_due(now=moment) == 0  # the sweep runs twice
        assert services.reminders_send_due(now=moment + timedelta(hours=1)) == 0

    assert _sent(draft) == [30, 7, 1]
    assert len(mail.outbox) == 3
    assert SmsMessage.objects.count() == 3
    assert services.reminders_send_due(now=CLOSES) == 0  # closed: nothing more


def test_a_reminder_names_the_close_in_both_languages_with_a_stable_message_id(draft):
    services.reminders_send_due(now=CLOSES - timedelta(days=7))
    (message,) = mail.outbox
    assert message.to == [draft.member.email]
    assert "2022-07-19 24:00" in message.subject and "2022-07-19 24:00" in message.body
    assert "must be filed" in message.subject  # English after the Chinese
    assert f"/claims/drafts/{draft.pk}/" in message.body
    assert message.extra_headers["Message-ID"] == f"<window-draft-{draft.pk}-7@mutual-aid.example>"
    sms = SmsMessage.objects.get()
    assert sms.to == "13800000001" and sms.key == f"window-draft-{draft.pk}-7"
    assert "2022-07-19 24:00" in sms.body


def test_a_sweep_that_was_down_sends_only_the_most_urgent_reminder(draft):
    assert services.reminders_send_due(now=CLOSES - timedelta(days=3)) == 1
    assert services.reminders_send_due(now=CLOSES - timedelta(days=2)) == 0
    assert _sent(draft) == [7]
    assert services.reminders_send_due(now=CLOSES - timedelta(hours=5)) == 1
    assert _sent(draft) == [7, 1]


def test_a_filed_draft_gets_no_more_reminders(draft):
    services.reminders_send_due(now=CLOSES - timedelta(days=30))
    claim_services.claim_file(draft=draft, actor=draft.account, now=CLOSES - timedelta(days=20))
    assert services.reminders_send_due(now=CLOSES - timedelta(days=7)) == 0
    assert services.drafts_expire_due(now=CLOSES) == 0


def test_at_the_close_an_unfiled_draft_expires_and_is_kept(draft, client):
    assert services.drafts_expire_due(now=CLOSES - timedelta(seconds=1)) == 0
    assert services.drafts_expire_due(now=CLOSES) == 1
    assert services.drafts_expire_due(now=CLOSES + timedelta(hours=1)) == 0

    expired = ClaimDraft.objects.get(pk=draft.pk)
    assert expired.status == DraftStatus.EXPIRED and expired.expired_at == CLOSES
    assert expired.documents.count() == 1 and expired.diagnosis_date == date(2022, 1, 20)
    (event,) = draft.plan.shutdowns.get().events.filter(event_type=ShutdownEventType.DRAFTS_EXPIRED)
    assert event.payload["drafts"] == [draft.pk]

    client.force_login(draft.account)
    home = client.get("/claims/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Expired drafts" in home and f"#{draft.pk}" in home
    page = client.get(f"/claims/drafts/{draft.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "This draft has expired" in page and "2022-07-19 24:00" in page
    assert 'name="file"' not in page  # no form to file it


def test_an_expired_draft_cannot_be_changed_or_filed(draft):
    services.drafts_expire_due(now=CLOSES)
    with pytest.raises(DomainError) as refusal:
        claim_services.draft_save(account=draft.account, data={"hospital": "x"}, draft=draft)
    assert refusal.value.code == "draft_expired"
    with pytest.raises(DomainError) as refusal:
        claim_services.claim_file(draft=draft, actor=draft.account, now=CLOSES)
    assert refusal.value.code == "draft_expired"
    assert ClaimDraft.objects.get(pk=draft.pk).hospital == "Zhejiang 1st"


def test_document_requests_in_the_window_are_due_and_reminded(announce, enrol):
    announce()
    enrolment = enrol(member__phone="13800000002")
    draft = make_draft(enrolment, diagnosis_date=date(2022, 1, 20), now=at(2022, 7, 1, 9, 0))
    claim = claim_services.claim_file(draft=draft, actor=draft.account, now=at(2022, 7, 1, 10, 0))
    investigator, reviewer = staff("investigator", "inv"), staff("reviewer", "rev")
    investigation = claim_services.investigation_assign(
        claim=claim, investigator=investigator, actor=reviewer, now=at(2022, 7, 2, 9, 0)
    )
    request = claim_services.investigation_request_document(
        investigation=investigation,
        actor=investigator,
        kind="discharge_summary",
        description="Discharge summary from Zhejiang 1st",
        now=at(2022, 7, 2, 10, 0),
    )
    assert request.due_at == CLOSES  # the window closes after the minimum 14 days

    assert services.reminders_send_due(now=CLOSES - timedelta(days=7)) == 1
    reminder = WindowReminder.objects.get(kind=ReminderKind.DOCUMENT_REQUEST)
    assert reminder.subject_id == request.pk and reminder.plan_id == claim.plan_id
    assert claim.reference in mail.outbox[0].body

    upload = claim_services.claim_attach_document(
        claim=claim,
        actor=draft.account,
        upload=pdf_upload(),
        kind="discharge_summary",
        now=CLOSES - timedelta(days=3),
    )
    claim_services.investigation_receive_document(
        request=request, actor=investigator, document=upload, now=CLOSES - timedelta(days=3)
    )
    assert services.reminders_send_due(now=CLOSES - timedelta(days=1)) == 0


def test_a_failing_email_holds_back_no_other_reminder(announce, enrol, monkeypatch):
    announce()
    drafts = [
        make_draft(
            enrol(member__phone=f"1380000000{i}"),
            diagnosis_date=date(2022, 1, 20),
            now=at(2022, 2, 1, 9, 0),
        )
        for i in range(3)
    ]
    broken = drafts[0].member.email
    real_send = mail.EmailMessage.send

    def send(message, *args, **kwargs):
        if broken in message.to:
            raise ConnectionRefusedError("mail server down")
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(mail.EmailMessage, "send", send)
    assert services.reminders_send_due(now=CLOSES - timedelta(days=7)) == 2
    assert not WindowReminder.objects.filter(subject_id=drafts[0].pk).exists()  # rolled back
    assert SmsMessage.objects.count() == 2

    monkeypatch.setattr(mail.EmailMessage, "send", real_send)
    assert services.reminders_send_due(now=CLOSES - timedelta(days=6)) == 1  # its retry
    assert WindowReminder.objects.count() == 3


def test_no_reminder_for_a_request_on_a_withdrawn_claim(announce, enrol):
    announce()
    enrolment = enrol()
    draft = make_draft(enrolment, diagnosis_date=date(2022, 1, 20), now=at(2022, 7, 1, 9, 0))
    claim = claim_services.claim_file(draft=draft, actor=draft.account, now=at(2022, 7, 1, 10, 0))
    investigator, reviewer = staff("investigator", "inv"), staff("reviewer", "rev")
    investigation = claim_services.investigation_assign(
        claim=claim, investigator=investigator, actor=reviewer, now=at(2022, 7, 2, 9, 0)
    )
    claim_services.investigation_request_document(
        investigation=investigation,
        actor=investigator,
        kind="discharge_summary",
        description="Discharge summary",
        now=at(2022, 7, 2, 10, 0),
    )
    claim_services.claim_withdraw(claim=claim, actor=draft.account, now=at(2022, 7, 3, 9, 0))
    assert services.reminders_send_due(now=CLOSES - timedelta(days=7)) == 0
