"""Panels (赔审团合议): open, appeal, re-panel. Seats and ballots are in
``jury.services.ballots``, the close and tally in ``jury.services.closing``; this module
re-exports them so ``jury.services.panels`` names every panel step.

Every write is one transaction; each panel step is a transition of the panel's state
machine run by ``core.aggregates.run_step``, which writes its PanelEvent.
"""

import logging
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from claims.models import Claim, ClaimEvent
from claims.states import ClaimEventType, ClaimState
from core import clock
from core.aggregates import audit_record, run_step
from core.errors import DomainError, InvalidTransition, NotPermitted
from core.state_machine import move_rows
from jury import rules
from jury.models import Panel, PanelEventType, Seat
from jury.services.draw import jurors_eligible, panel_exclusions, seats_draw

logger = logging.getLogger(__name__)


# --- opening ---------------------------------------------------------------------------


def panels_open_missing(*, now: datetime | None = None, limit: int = 200) -> int:
    """The repair sweep: a claim disputed (or appealed) more than ``REPAIR_AFTER_SECONDS``
    ago that still has no panel for it (the follow-up's message was lost, or a worker
    died) gets it now. ``panel_open`` is idempotent, so a follow-up arriving later changes
    nothing."""
    now = now or clock.now()
    before = now - timedelta(seconds=settings.REPAIR_AFTER_SECONDS)
    opened = 0
    for event_type, round_, open_one in (
        (ClaimEventType.DISPUTE_LODGED, 1, lambda pk: panel_open(claim=pk, now=now)),
        (ClaimEventType.APPEAL_LODGED, 2, lambda pk: panel_open_appeal(claim=pk, now=now)),
    ):
        lodged = ClaimEvent.objects.filter(
            claim=OuterRef("pk"), event_type=event_type, created_at__lte=before
        )
        waiting = (
            Q(state=ClaimState.DISPUTED)
            if round_ == 1
            else Q(state=ClaimState.JURY_VOTED, appeal_resulted_at__isnull=True)
        )
        orphans = (
            Claim.objects.filter(waiting)
            .filter(Exists(lodged))
            .exclude(Exists(Panel.objects.filter(claim=OuterRef("pk"), round=round_)))
            .order_by("id")
            .values_list("id", flat=True)[: limit - opened]
        )
        for claim_id in list(orphans):
            try:
                open_one(claim_id)
            except DomainError:
                logger.exception("the panel of claim %s did not open", claim_id)
                continue
            opened += 1
    return opened


def _panel_size_and_quorum(claim: Claim, round: int) -> tuple[int | None, int]:
    """Round 1 hears a disputed claim with the plan's panel (its quorum at most its size;
    no size: an open panel); the appeal's panel is larger than the first, by the rule."""
    plan = claim.plan
    if round == 1:
        if claim.state != ClaimState.DISPUTED:
            raise InvalidTransition(
                _("Only a disputed claim goes to a panel."), code="not_disputed"
            )
        size, quorum = plan.jury_panel_size, plan.jury_quorum
        if size is not None:
            quorum = min(quorum, size)
        return size, quorum
    first = Panel.objects.filter(claim=claim, round=1).first()
    # A result a reviewer recorded by hand had no first panel: n is the plan's panel.
    n_size, n_quorum = (
        (first.size, first.quorum) if first else (plan.jury_panel_size, plan.jury_quorum)
    )
    appeal_size = rules.appeal_panel_size(n_size, n_quorum)
    return appeal_size, appeal_size // 2 + 1


def panel_open(
    *,
    claim: Claim | int,
    round: int = 1,
    actor: User | None = None,
    appellant: User | None = None,
    statement: str = "",
    now: datetime | None = None,
) -> Panel:
    """Open the panel for a disputed claim (or the appeal) and draw its seats.

    Idempotent: one panel per claim and round.
    """
    now = now or clock.now()
    claim_id = claim.pk if isinstance(claim, Claim) else claim
    with transaction.atomic():
        claim = Claim.objects.select_related("member", "plan").get(pk=claim_id)
        existing = Panel.objects.filter(claim=claim, round=round).first()
        if existing is not None:
            return existing
        plan = claim.plan
        size, quorum = _panel_size_and_quorum(claim, round)
        panel = Panel.objects.create(
            claim=claim,
            round=round,
            size=size,
            quorum=quorum,
            opened_at=now,
            deadline_at=now + timedelta(hours=plan.jury_voting_hours),
            seed=secrets.token_hex(16),
            appellant=appellant,
            statement=statement,
            draw_log={"excluded": panel_exclusions(claim)},
        )
        drawn = seats_draw(panel, size, now) if size else []
        audit_record(
            panel,
            event_type=PanelEventType.OPENED,
            actor=actor,
            now=now,
            created=True,
            payload={
                "round": round,
                "size": size,
                "quorum": quorum,
                "seats_offered": len(drawn),
                "deadline_at": panel.deadline_at.isoformat(),
            },
        )
    return panel


def panel_open_appeal(*, claim: Claim | int, now: datetime | None = None) -> Panel:
    """The jury's reaction to an appeal lodged on the claim (``claims.hearings``): a fresh
    panel of 2n + 1 hears it, the appellant and their statement taken from the claim's
    ``appeal_lodged`` event. Idempotent: one appeal panel per claim."""
    claim_id = claim.pk if isinstance(claim, Claim) else claim
    lodged = (
        ClaimEvent.objects.filter(claim_id=claim_id, event_type=ClaimEventType.APPEAL_LODGED)
        .select_related("actor")
        .order_by("created_at", "id")
        .first()
    )
    if lodged is None:
        raise InvalidTransition(_("No appeal was lodged on this claim."), code="not_appealed")
    heard = Claim.objects.filter(pk=claim_id, appeal_resulted_at__isnull=False).exists()
    if heard and not Panel.objects.filter(claim_id=claim_id, round=2).exists():
        # A reviewer recorded the appeal's result by hand before the panel opened.
        raise InvalidTransition(_("This appeal is decided already."), code="appeal_decided")
    return panel_open(
        claim=claim_id,
        round=2,
        actor=lodged.actor,
        appellant=lodged.actor,
        statement=lodged.reason,
        now=now,
    )


def panel_repanel(*, panel: Panel | int, actor: User, now: datetime | None = None) -> Panel:
    """The operator re-panels a case whose quorum failed: fresh seats, a fresh deadline."""
    now = now or clock.now()
    if not actor.has_perm("jury.change_panel"):
        raise NotPermitted(_("You may not re-panel a case."))

    def then(p: Panel) -> dict:
        move_rows(Seat.objects.filter(panel=p), "miss", responded_at=now)
        offered = seats_draw(p, p.size, now) if p.size else []
        return {"seats_offered": len(offered), "deadline_at": p.deadline_at.isoformat()}

    return run_step(
        Panel,
        panel.pk if isinstance(panel, Panel) else panel,
        transition="repanel",
        event_type=PanelEventType.REPANELLED,
        actor=actor,
        now=now,
        related=("claim__plan",),
        transition_kwargs=lambda p: {
            "deadline_at": now + timedelta(hours=p.claim.plan.jury_voting_hours)
        },
        then=then,
        not_permitted=lambda p: NotPermitted(_("You may not re-panel a case.")),
        refusal=lambda p: InvalidTransition(
            _("Only a panel that missed its quorum is re-panelled."), code="not_flagged"
        ),
    ).row


from jury.services.ballots import ballot_cast, seat_decline  # noqa: E402
from jury.services.closing import (  # noqa: E402
    jurors_record_agreement,
    panel_close,
    panels_close_due,
)

__all__ = [
    "ballot_cast",
    "jurors_record_agreement",
    "panel_close",
    "panel_exclusions",
    "panel_open",
    "panel_open_appeal",
    "panel_repanel",
    "panels_close_due",
    "seat_decline",
    "seats_draw",
    "jurors_eligible",
]
