"""Closing a panel at its deadline: the tally, top-up and extension, the operator's
flag, attendance, and the jurors' agreement statistics."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from claims import rules as claim_rules
from claims import services as claim_services
from core import clock
from core.aggregates import run_step
from core.errors import DomainError
from core.state_machine import move_rows
from jury.models import (
    MAX_EXTENSIONS,
    Ballot,
    Juror,
    JurorStatus,
    Panel,
    PanelEventType,
    PanelStatus,
    Seat,
    SeatStatus,
)
from jury.services.draw import seats_draw
from jury.services.jurors import juror_pause
from jury.tally import panel_tally

logger = logging.getLogger(__name__)


# --- closing ---------------------------------------------------------------------------


def panel_close(*, panel: Panel | int, now: datetime | None = None) -> Panel | None:
    """At the deadline: tally, or top up and extend, or flag for the operator.

    Safe to run twice and from several workers: a panel being closed elsewhere is
    skipped, one not yet due or already closed is left alone.
    """
    now = now or clock.now()
    panel_id = panel.pk if isinstance(panel, Panel) else panel
    with transaction.atomic():
        due = (
            Panel.objects.select_for_update(skip_locked=True)
            .filter(pk=panel_id, status=PanelStatus.OPEN, deadline_at__lte=now)
            .select_related("claim__plan")
            .first()
        )
        if due is None:
            return None
        panel = due
        tally = panel_tally(panel)
        valid = tally["pay"] + tally["deny"]
        if valid < panel.quorum:
            return _short_of_quorum(panel, valid, now)
        verdict = claim_rules.verdict(pay_votes=tally["pay"], deny_votes=tally["deny"])
        record = (
            claim_services.claim_record_jury_result
            if panel.round == 1
            else claim_services.claim_record_appeal_result
        )

        def settle(p: Panel) -> None:
            _account_for_attendance(p, now)
            record(
                claim=p.claim_id,
                actor=None,
                pay_votes=tally["pay"],
                deny_votes=tally["deny"],
                now=now,
            )

        panel = run_step(
            panel,
            transition="close",
            event_type=PanelEventType.CLOSED,
            actor=None,
            now=now,
            transition_kwargs={"tally": tally, "verdict": verdict},
            payload={"pay": tally["pay"], "deny": tally["deny"], "verdict": verdict},
            then=settle,
        ).row
    return panel


def _short_of_quorum(panel: Panel, valid: int, now: datetime) -> Panel:
    """Fewer valid ballots than the quorum: top up the seats and extend the deadline, at
    most ``MAX_EXTENSIONS`` times, then flag the panel for the operator."""
    if panel.extensions < MAX_EXTENSIONS:
        needed = panel.quorum - valid

        def top_up(p: Panel) -> dict:
            topped = seats_draw(p, needed, now) if p.size else []
            return {"seats_added": len(topped), "deadline_at": p.deadline_at.isoformat()}

        return run_step(
            panel,
            transition="extend",
            event_type=PanelEventType.EXTENDED,
            actor=None,
            now=now,
            related=("claim__plan",),
            transition_kwargs={
                "deadline_at": now + timedelta(hours=panel.claim.plan.jury_voting_hours)
            },
            payload={"valid": valid, "quorum": panel.quorum},
            then=top_up,
        ).row
    return run_step(
        panel,
        transition="flag",
        event_type=PanelEventType.FLAGGED,
        actor=None,
        now=now,
        payload={"valid": valid, "quorum": panel.quorum},
    ).row


def _account_for_attendance(panel: Panel, now: datetime) -> None:
    """Seats not voted on are no-shows; jurors who miss too many panels in a row are
    paused (with notice) so that panels keep their quorum. Voters' runs reset."""
    if panel.size is None:
        return
    move_rows(Seat.objects.filter(panel=panel), "miss", responded_at=now)
    missed = Seat.objects.filter(panel=panel, status=SeatStatus.NO_SHOW).values("juror_id")
    voted = Seat.objects.filter(panel=panel, status=SeatStatus.VOTED).values("juror_id")
    Juror.objects.filter(pk__in=voted).update(consecutive_misses=0)
    Juror.objects.filter(pk__in=missed).update(consecutive_misses=F("consecutive_misses") + 1)
    to_pause = Juror.objects.filter(
        pk__in=missed,
        status=JurorStatus.QUALIFIED,
        consecutive_misses__gte=settings.JURY_MAX_CONSECUTIVE_MISSES,
    )
    for juror_id in list(to_pause.values_list("pk", flat=True)):
        juror_pause(
            juror=juror_id,
            now=now,
            reason=_("Missed %(n)s panels in a row.") % {"n": settings.JURY_MAX_CONSECUTIVE_MISSES},
        )


def panels_close_due(*, now: datetime | None = None, limit: int = 200) -> int:
    """The beat sweep: close (or extend) every panel whose deadline has passed."""
    now = now or clock.now()
    due = list(
        Panel.objects.filter(status=PanelStatus.OPEN, deadline_at__lte=now)
        .order_by("deadline_at", "id")
        .values_list("id", flat=True)[:limit]
    )
    done = 0
    for panel_id in due:
        try:
            if panel_close(panel=panel_id, now=now) is not None:
                done += 1
        except DomainError:
            logger.exception("panel %s could not be closed", panel_id)
    return done


def jurors_record_agreement(*, now: datetime | None = None, limit: int = 200) -> int:
    """Once a case is final, count for each voter whether they agreed with the outcome:
    a statistic kept for the juror, never a penalty."""
    now = now or clock.now()
    panels = list(
        Panel.objects.filter(
            status=PanelStatus.CLOSED,
            agreement_counted_at__isnull=True,
            claim__jury_settled_at__isnull=False,
        ).select_related("claim")[:limit]
    )
    for panel in panels:
        with transaction.atomic():
            locked = (
                Panel.objects.select_for_update(skip_locked=True)
                .filter(pk=panel.pk, agreement_counted_at__isnull=True)
                .first()
            )
            if locked is None:
                continue
            final = panel.claim.jury_verdict
            voters = Ballot.objects.filter(panel=panel).values("juror_id")
            agreed = Ballot.objects.filter(panel=panel, verdict=final).values("juror_id")
            Juror.objects.filter(pk__in=voters).update(panels_sat=F("panels_sat") + 1)
            Juror.objects.filter(pk__in=agreed).update(agreed_with_final=F("agreed_with_final") + 1)
            locked.agreement_counted_at = now
            locked.save(update_fields=["agreement_counted_at"])
    return len(panels)
