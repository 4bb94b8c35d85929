"""Jury tasks: each calls one service and is safe to run twice."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _

from core.errors import InvalidTransition
from core.sweeps import sweep
from jury.services import panels


@shared_task(acks_late=True)
def open_panel(claim_id: int) -> int | None:
    """A dispute was lodged: open the claim's panel (idempotent). A claim that is no longer
    disputed when the task runs (its result was recorded meanwhile) needs no panel."""
    try:
        return panels.panel_open(claim=claim_id).pk
    except InvalidTransition:
        return None


@shared_task(acks_late=True)
def open_appeal_panel(claim_id: int) -> int | None:
    """An appeal was lodged: open its fresh panel (idempotent). An appeal whose result was
    recorded by hand meanwhile needs no panel."""
    try:
        return panels.panel_open_appeal(claim=claim_id).pk
    except InvalidTransition:
        return None


@sweep
def close_due_panels() -> int:
    return panels.panels_close_due()


@sweep
def record_juror_agreement() -> int:
    return panels.jurors_record_agreement()


@sweep
def open_missing_panels() -> int:
    """Repair: disputed or appealed claims whose panel never opened (the message was lost)."""
    return panels.panels_open_missing()


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=8)
def notify_juror_paused(juror_id: int) -> None:
    """Tell a juror they were paused and how to resume.

    Enqueued once per pause, after commit; a worker lost mid-send may send it twice,
    which is harmless for a notice.
    """
    from jury.models import Juror

    juror = Juror.objects.select_related("member__account").filter(pk=juror_id).first()
    if juror is None or juror.status != "paused":
        return
    recipient = juror.member.email or juror.member.account.email
    if recipient:
        with translation.override(settings.LANGUAGE_CODE):
            send_mail(
                _("Your juror seat is paused"),
                _(
                    "You missed several panels in a row, so we paused your seat to keep panels "
                    "quorate. Resume it at any time: %(url)s"
                )
                % {"url": settings.SITE_URL + "/jury/"},
                None,
                [recipient],
            )
