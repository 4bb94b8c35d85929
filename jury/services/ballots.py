"""Seats and ballots: decline and top-up, and the secret clause-by-clause ballot.

A ballot is its own record (one row per juror per panel, changed until the deadline)
and writes no event, so nothing outside the ballot table says how anyone voted before
the close.
"""

import logging
from datetime import datetime
from functools import lru_cache
from typing import Any

from django.db import connection, transaction
from django.utils.translation import gettext as _

from claims.definitions.criteria import validate
from claims.models import Claim
from claims.states import Decision
from core import clock
from core.errors import InvalidTransition, NotPermitted, RuleViolation
from jury import rules
from jury.models import (
    Ballot,
    ClauseAnswer,
    Juror,
    JurorStatus,
    Panel,
    PanelEventType,
    PanelStatus,
    Seat,
    SeatStatus,
)
from jury.services.draw import _draw_seats, _event

logger = logging.getLogger(__name__)

# --- seats and ballots -----------------------------------------------------------------


def _juror_for(actor) -> Juror:
    juror = Juror.objects.filter(member__account=actor, member__relation="self").first()
    if juror is None:
        raise NotPermitted(_("Only a juror can do this."), code="not_a_juror")
    return juror


def seat_decline(*, seat: Seat | int, actor, now: datetime | None = None) -> Seat:
    """A juror declines a seat; while time remains, the seat is offered to the next drawn."""
    now = now or clock.now()
    with transaction.atomic():
        seat = (
            Seat.objects.select_for_update()
            .select_related("panel", "juror")
            .get(pk=seat.pk if isinstance(seat, Seat) else seat)
        )
        if seat.juror.account_id != actor.pk:
            raise NotPermitted(_("This seat is not yours."))
        if seat.status == SeatStatus.DECLINED:
            return seat
        if seat.status != SeatStatus.OFFERED:
            raise InvalidTransition(
                _("A seat you have voted on cannot be declined."), code="seat_voted"
            )
        panel = Panel.objects.select_for_update().get(pk=seat.panel_id)
        seat.status = SeatStatus.DECLINED
        seat.responded_at = now
        seat.save(update_fields=["status", "responded_at"])
        replacement = []
        if panel.status == PanelStatus.OPEN and now < panel.deadline_at:
            replacement = _draw_seats(panel, 1, now)
        _event(
            panel,
            PanelEventType.SEAT_DECLINED,
            None,
            now,
            seat=seat.draw_order,
            replaced=bool(replacement),
        )
    return seat


def _lock_panel_for_ballot(panel_id: int) -> Panel:
    """A shared lock: ballots go in side by side, but not while the panel is closing."""
    if connection.vendor == "postgresql":
        return Panel.objects.raw("SELECT * FROM jury_panel WHERE id = %s FOR SHARE", [panel_id])[0]
    return Panel.objects.get(pk=panel_id)


@lru_cache(maxsize=256)
def _panel_criteria(seed: str, claim_id: int) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The criteria a panel judges, read once per panel (keyed by its unique seed).

    A disputed claim is decided, and a decided claim's definition never changes.
    """
    tree = Claim.objects.values_list("condition_definition__criteria", flat=True).get(pk=claim_id)
    return tree, tuple(clause.key for clause in validate(tree))


def _clean_answers(keys: tuple[str, ...], answers: dict[str, str]) -> dict[str, str]:
    missing = [k for k in keys if k not in answers]
    unknown = [k for k in answers if k not in keys]
    bad = [k for k, v in answers.items() if v not in ClauseAnswer.values]
    if missing or unknown or bad:
        raise RuleViolation(
            _("Answer every clause of the definition with met, not met or cannot tell."),
            code="clause_answers_invalid",
            missing=",".join(missing),
            unknown=",".join(unknown),
        )
    return {k: answers[k] for k in keys}


def ballot_cast(
    *,
    panel: Panel | int,
    actor,
    clause_answers: dict[str, str],
    verdict: str,
    reason: str,
    contradiction_note: str = "",
    now: datetime | None = None,
) -> Ballot:
    """Cast or change a ballot until the deadline. One ballot per juror per panel."""
    now = now or clock.now()
    panel_id = panel.pk if isinstance(panel, Panel) else panel
    reason = (reason or "").strip()
    if verdict not in Decision.values:
        raise RuleViolation(_("Choose pay or deny."), code="verdict_invalid")
    if len(reason) < 5:
        raise RuleViolation(_("Give a short reason for your verdict."), code="reason_required")
    with transaction.atomic():
        panel = _lock_panel_for_ballot(panel_id)
        if panel.status != PanelStatus.OPEN or now >= panel.deadline_at:
            raise InvalidTransition(_("This panel is closed for voting."), code="panel_closed")
        juror = _juror_for(actor)
        if juror.status != JurorStatus.QUALIFIED:
            raise NotPermitted(_("Only a qualified juror may vote."), code="not_qualified")
        if panel.size is not None:
            seated = Seat.objects.filter(
                panel_id=panel.pk, juror=juror, status__in=[SeatStatus.OFFERED, SeatStatus.VOTED]
            )
            if not seated.exists():
                raise NotPermitted(_("You do not hold a seat on this panel."), code="no_seat")
        else:
            excluded = panel.draw_log.get("excluded", {})
            if juror.member_id in excluded.get("members", []) or juror.account_id in excluded.get(
                "accounts", []
            ):
                raise NotPermitted(
                    _("You may not judge this case (a conflict of interest)."),
                    code="conflict_of_interest",
                )
        tree, keys = _panel_criteria(panel.seed, panel.claim_id)
        answers = _clean_answers(keys, clause_answers)
        contradicts = rules.verdict_contradicts(tree, answers, verdict)
        note = (contradiction_note or "").strip()
        if contradicts and len(note) < 5:
            raise RuleViolation(
                _(
                    "Your verdict differs from your own answers on the clauses: confirm it "
                    "with a reason."
                ),
                code="contradiction_needs_reason",
            )
        ballot = Ballot(
            panel_id=panel.pk,
            juror=juror,
            clause_answers=answers,
            verdict=verdict,
            reason=reason,
            contradicts_clauses=contradicts,
            contradiction_note=note if contradicts else "",
            cast_at=now,
            updated_at=now,
        )
        Ballot.objects.bulk_create(
            [ballot],
            update_conflicts=True,
            unique_fields=["panel", "juror"],
            update_fields=[
                "clause_answers",
                "verdict",
                "reason",
                "contradicts_clauses",
                "contradiction_note",
                "updated_at",
            ],
        )
        if panel.size is not None:
            Seat.objects.filter(panel_id=panel.pk, juror=juror).update(
                status=SeatStatus.VOTED, responded_at=now
            )
    return ballot
