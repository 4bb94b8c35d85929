"""Telling the claimant what happened: one email per claim event, sent at most once.
The words (the decision by name, the reason, the deadline, the link) are in
``claims.services.notice_text``."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import translation

from claims.models import ClaimEvent, ClaimNotice
from claims.services.notice_text import notice_text
from claims.states import ClaimEventType
from core import clock

# Internal steps of the investigation are not mailed; a document request is.
SILENT_EVENTS = {
    ClaimEventType.DOCUMENT_ATTACHED,
    ClaimEventType.INVESTIGATION_ASSIGNED,
    ClaimEventType.VISIT_RECORDED,
    ClaimEventType.FACTS_RECORDED,
    ClaimEventType.DOCUMENT_RECEIVED,
    ClaimEventType.INVESTIGATION_COMPLETED,
}


def claim_event_notify(*, event_id: int) -> ClaimNotice | None:
    """Send the claimant an email about ``event_id``. Safe to retry: sent once at most."""
    with transaction.atomic():
        event = (
            ClaimEvent.objects.select_related("claim__member__account").filter(pk=event_id).first()
        )
        if event is None:
            return None  # the work is gone (e.g. a rolled-back test database): nothing to do
        if event.event_type in SILENT_EVENTS:
            return None
        notice, _created = ClaimNotice.objects.select_for_update().get_or_create(event=event)
        if notice.sent_at is not None:
            return notice
        member = event.claim.member
        recipient = member.email or member.account.email
        if recipient:
            with translation.override(settings.LANGUAGE_CODE):
                subject, body = notice_text(event)
            send_mail(subject, body, None, [recipient])
        notice.recipient = recipient
        notice.sent_at = clock.now()
        notice.save(update_fields=["recipient", "sent_at"])
        return notice


NOTICE_LOOKBACK = timedelta(days=7)  # the repair sweep looks this far back
REPAIR_BATCH = 500


def claim_notices_send_missing(*, now: datetime | None = None, limit: int = REPAIR_BATCH) -> int:
    """The repair sweep: a claimant's notice whose event is older than
    ``REPAIR_AFTER_SECONDS`` (and at most a week old) and was never sent, is sent now.
    Sending stays once at most (``claim_event_notify`` locks the notice row)."""
    now = now or clock.now()
    sent = ClaimNotice.objects.filter(event=OuterRef("pk"), sent_at__isnull=False)
    missing = (
        ClaimEvent.objects.filter(
            created_at__gte=now - NOTICE_LOOKBACK,
            created_at__lte=now - timedelta(seconds=settings.REPAIR_AFTER_SECONDS),
        )
        .exclude(event_type__in=SILENT_EVENTS)
        .exclude(Exists(sent))
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )
    done = 0
    for event_id in list(missing):
        notice = claim_event_notify(event_id=event_id)
        done += notice is not None
    return done
