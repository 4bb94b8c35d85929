"""The claim windows after a shutdown, swept by Celery beat over due-time columns:
reminders before a window closes, drafts expiring when it has. The same reminders serve
the document requests of every plan, winding down or not: each request is due at its
``due_at``, and the member is reminded DOCUMENT_REQUEST_REMINDER_DAYS before it.

Each reminder is one transaction: the ``WindowReminder`` row (unique per subject and
lead), the email and the text message. The row and the outbox message commit together
or not at all, so a sweep run twice, or killed and run again, neither loses nor doubles
a reminder. (An email handed to the mail server just before a crash may go out again on
the retry, with the same Message-ID, which mail systems treat as one message.)
"""

import logging
from collections.abc import Iterator
from datetime import datetime
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.expressions import Combinable
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from claims.models import ClaimDraft, DocumentRequest, DraftStatus
from core import clock
from core.aggregates import run_bulk
from members.models import Member
from winddown import rules
from winddown.models import (
    ReminderKind,
    Shutdown,
    ShutdownEventType,
    ShutdownStatus,
    WindowReminder,
)
from winddown.selectors import open_document_requests
from winddown.sms import send_sms

logger = logging.getLogger(__name__)
EXPIRE_CHUNK = 1000
REMINDER_PAGE = 500  # subjects read per keyset page


# --- reminders -----------------------------------------------------------------------------


def _not_reminded(kind: str, lead: int) -> Combinable:
    """No reminder of this lead or a shorter one was sent for the subject."""
    return ~Exists(
        WindowReminder.objects.filter(kind=kind, subject_id=OuterRef("pk"), lead_days__lte=lead)
    )


def _due_drafts(after: datetime, until: datetime, lead: int) -> QuerySet[ClaimDraft]:
    return ClaimDraft.objects.filter(
        status=DraftStatus.OPEN,
        window_closes_at__gt=after,
        window_closes_at__lte=until,
        member__isnull=False,
    ).filter(_not_reminded(ReminderKind.DRAFT, lead))


def _due_requests(after: datetime, until: datetime, lead: int) -> QuerySet[DocumentRequest]:
    return (
        open_document_requests()
        .filter(due_at__gt=after, due_at__lte=until)
        .filter(_not_reminded(ReminderKind.DOCUMENT_REQUEST, lead))
    )


SUBJECTS = (
    (ReminderKind.DRAFT, _due_drafts, ("member_id", "plan_id", "window_closes_at")),
    (
        ReminderKind.DOCUMENT_REQUEST,
        _due_requests,
        ("investigation__claim__member_id", "investigation__claim__plan_id", "due_at"),
    ),
)


def _due_subjects(
    now: datetime, leads: dict[str, tuple[int, ...]]
) -> Iterator[tuple[str, int, int, int, datetime, int]]:
    """(kind, subject id, member id, plan id, closes at, lead) of every reminder due now
    and not yet sent: per kind and lead band (``leads`` per kind), in SQL (partial
    indexes on the closing times, the unique reminder index for the NOT EXISTS), read in
    keyset pages by id."""
    for kind, due, columns in SUBJECTS:
        for lead, after, until in rules.reminder_bands(now=now, leads=leads[kind]):
            subjects = due(after, until, lead)
            last_id = 0
            while True:
                page = list(
                    subjects.filter(pk__gt=last_id)
                    .order_by("pk")
                    .values_list("pk", *columns)[:REMINDER_PAGE]
                )
                for subject_id, member_id, plan_id, closes_at in page:
                    yield kind, subject_id, member_id, plan_id, closes_at, lead
                if len(page) < REMINDER_PAGE:
                    break
                last_id = page[-1][0]


def reminders_send_due(*, now: datetime | None = None) -> int:
    """Send every reminder that is due (30, 7 and 1 days before a draft's window closes;
    7 and 1 days before a document request is due), each once. Returns how many were
    sent. Safe to run twice and to run after a crash; a reminder that fails (a mail
    server down) is logged and tried again next run, and the others go out meanwhile."""
    now = now or clock.now()
    leads: dict[str, tuple[int, ...]] = {
        ReminderKind.DRAFT: tuple(settings.WINDDOWN_REMINDER_DAYS),
        ReminderKind.DOCUMENT_REQUEST: tuple(settings.DOCUMENT_REQUEST_REMINDER_DAYS),
    }
    sent = 0
    for kind, subject_id, member_id, plan_id, closes_at, lead in _due_subjects(now, leads):
        try:
            done = reminder_send(
                kind=kind,
                subject_id=subject_id,
                member_id=member_id,
                plan_id=plan_id,
                closes_at=closes_at,
                lead=lead,
                now=now,
            )
        except Exception:  # one failing reminder must not hold back the rest
            logger.exception(
                "reminder %s %s (%s days) failed; retried next run", kind, subject_id, lead
            )
            continue
        sent += int(done)
    return sent


def reminder_send(
    *,
    kind: str,
    subject_id: int,
    member_id: int,
    plan_id: int,
    closes_at: datetime,
    lead: int,
    now: datetime,
) -> bool:
    """Record and send one reminder; False if it (or a later one) was sent already."""
    with transaction.atomic():
        if WindowReminder.objects.filter(
            kind=kind, subject_id=subject_id, lead_days__lte=lead
        ).exists():
            return False
        member = Member.objects.select_related("account").get(pk=member_id)
        email = member.email or member.account.email
        try:
            with transaction.atomic():
                reminder = WindowReminder.objects.create(
                    kind=kind,
                    subject_id=subject_id,
                    lead_days=lead,
                    member=member,
                    plan_id=plan_id,
                    window_closes_at=closes_at,
                    email=email,
                    phone=member.phone,
                    sent_at=now,
                )
        except IntegrityError:  # another sweep recorded it first
            return False
        subject, body, short = _reminder_text(reminder, member)
        if email:
            message = EmailMessage(
                subject,
                body,
                None,
                [email],
                headers={"Message-ID": f"<{reminder.idempotency_key}@{_mail_domain()}>"},
            )
            message.send()
        if member.phone:
            send_sms(to=member.phone, body=short, key=reminder.idempotency_key, now=now)
    return True


def _mail_domain() -> str:
    return settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"


def _reminder_text(reminder: WindowReminder, member: Member) -> tuple[str, str, str]:
    """Subject, body and text message, in Chinese then English (members choose no
    language for messages; both are short)."""
    closes = clock.format_deadline(reminder.window_closes_at)
    if reminder.kind == ReminderKind.DRAFT:
        link = settings.SITE_URL + reverse("claims:draft-edit", args=[reminder.subject_id])
    else:
        request = DocumentRequest.objects.select_related("investigation__claim").get(
            pk=reminder.subject_id
        )
        link = settings.SITE_URL + reverse(
            "claims:claim-detail", args=[request.investigation.claim.reference]
        )
    parts = []
    for language in ("zh-hans", "en"):
        with translation.override(language):
            values = {
                "name": member.masked_name,
                "closes": closes,
                "days": reminder.lead_days,
                "link": link,
            }
            if reminder.kind == ReminderKind.DRAFT:
                subject = _("%(name)s's claim must be filed by %(closes)s") % values
                text = (
                    _(
                        "The plan has stopped. %(name)s's claim draft can be filed until "
                        "%(closes)s Beijing time (%(days)s days or less from now); after that "
                        "it can no longer be filed. File it here: %(link)s"
                    )
                    % values
                )
            else:
                subject = _("A document for %(name)s's claim is due by %(closes)s") % values
                text = (
                    _(
                        "The investigator of %(name)s's claim is waiting for a document. Please "
                        "upload it by %(closes)s Beijing time (%(days)s days or less from "
                        "now): %(link)s"
                    )
                    % values
                )
            parts.append((subject, text))
    subject = f"{parts[0][0]} / {parts[1][0]}"
    body = f"{parts[0][1]}\n\n{parts[1][1]}\n"
    return subject, body, parts[0][1]


# --- drafts expire at the close --------------------------------------------------------------


def _by_shutdown(
    draft_ids: list[int], plan_of: dict[int, int]
) -> Iterator[tuple[Shutdown, list[int]]]:
    """The expired drafts split among the shutdowns of their plans (each records its own)."""
    by_plan: dict[int, list[int]] = {}
    for pk in draft_ids:
        by_plan.setdefault(plan_of[pk], []).append(pk)
    for shutdown in Shutdown.objects.filter(
        plans__in=list(by_plan),
        status__in=[ShutdownStatus.ANNOUNCED, ShutdownStatus.FINISHED],
    ).distinct():
        plan_ids = set(shutdown.plans.values_list("id", flat=True))
        yield shutdown, sorted(pk for plan_id in plan_ids for pk in by_plan.get(plan_id, []))


def drafts_expire_due(*, now: datetime | None = None, chunk: int = EXPIRE_CHUNK) -> int:
    """Every open draft whose window has closed becomes expired: kept, visible, never
    deleted. One transaction per chunk, the bulk form (``core.aggregates.run_bulk``: the
    drafts' ``expire`` transition set-based, and one event per shutdown naming them), so
    a crash leaves each draft either open (and taken by the next run) or expired with its
    event.
    """
    now = now or clock.now()
    expired = 0
    while True:
        with transaction.atomic():
            rows = list(
                ClaimDraft.objects.select_for_update(skip_locked=True)
                .filter(status=DraftStatus.OPEN, window_closes_at__lte=now)
                .order_by("id")
                .values_list("id", "plan_id")[:chunk]
            )
            if not rows:
                return expired
            plan_of = dict(rows)
            bulk = run_bulk(
                ClaimDraft.objects.filter(pk__in=list(plan_of)),
                "expire",
                event_type=ShutdownEventType.DRAFTS_EXPIRED,
                actor=None,
                now=now,
                values={"expired_at": now, "updated_at": now},
                record_on=partial(_by_shutdown, plan_of=plan_of),
                ids_key="drafts",
            )
            expired += bulk.count
