"""Seats and ballots: decline and top-up, and the secret clause-by-clause ballot.

A ballot is its own record (one row per juror per panel, changed until the deadline)
and writes no event, so nothing outside the ballot table says how anyone voted before
the close: the seat moves to ``voted`` along its declared transition, set-based
(``core.state_machine.move_rows``), in the ballot's transaction. Declining a seat is a
step of the seat (``run_step``), recorded on the panel's trail.
"""

import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from django.contrib.auth.models import User
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from claims.definitions.criteria import validate
from claims.models import Claim
from claims.states import Decision
from core import clock
from core.aggregates import run_step
from core.errors import InvalidTransition, NotPermitted, RuleViolation
from core.state_machine import move_rows
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
from jury.services.draw import seats_draw

logger = logging.getLogger(__name__)

# --- seats and ballots -----------------------------------------------------------------


def seat_decline(*, seat: Seat | int, actor: User, now: datetime | None = None) -> Seat:
    """A juror declines a seat; while time remains, the seat is offered to the next drawn."""
    now = now or clock.now()
    seat_id = seat.pk if isinstance(seat, Seat) else seat
    with transaction.atomic():
        # The panel before the seat, in the order ballot_cast takes them (no deadlock).
        panel_id = Seat.objects.values_list("panel_id", flat=True).get(pk=seat_id)
        panel = Panel.objects.select_for_update().get(pk=panel_id)

        def replace(seat: Seat) -> dict:
            replacement = []
            if panel.status == PanelStatus.OPEN and now < panel.deadline_at:
                replacement = seats_draw(panel, 1, now)
            return {"seat": seat.draw_order, "replaced": bool(replacement)}

        return run_step(
            Seat,
            seat_id,
            transition="decline",
            event_type=PanelEventType.SEAT_DECLINED,
            actor=actor,
            now=now,
            related=("juror",),
            already_done=lambda seat: seat.status == SeatStatus.DECLINED,
            then=replace,
            not_permitted=lambda seat: NotPermitted(_("This seat is not yours.")),
            refusal=lambda seat: InvalidTransition(
                _("A seat you have voted on cannot be declined."), code="seat_voted"
            ),
        ).row


@dataclass(frozen=True)
class _BallotContext:
    """What a ballot needs of its panel and of the voter, read in one statement."""

    status: str
    deadline_at: datetime
    size: int | None
    seed: str
    claim_id: int
    excluded: dict
    juror_id: int | None
    juror_status: str | None
    juror_member_id: int | None


# One statement: the panel, locked FOR SHARE (ballots go in side by side, but not while
# the panel is closing), and the voter's juror record (their own member's). The draw
# record's exclusions only, not the whole record.
_CONTEXT_SQL = """
SELECT p.status, p.deadline_at, p.size, p.seed, p.claim_id, p.draw_log -> 'excluded',
       j.id, j.status, j.member_id
FROM jury_panel p
LEFT JOIN (jury_juror j JOIN members_member m ON m.id = j.member_id AND m.relation = 'self')
       ON j.account_id = %s
WHERE p.id = %s
FOR SHARE OF p
"""


def _ballot_context(panel_id: int, account_id: int) -> _BallotContext:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_CONTEXT_SQL, [account_id, panel_id])
            row = cursor.fetchone()
        if row is None:
            raise Panel.DoesNotExist(panel_id)
        excluded = row[5] if not isinstance(row[5], str) else json.loads(row[5])
        status, deadline_at, size, seed, claim_id, _, juror_id, juror_status, member_id = row
        return _BallotContext(
            status,
            deadline_at,
            size,
            seed,
            claim_id,
            excluded or {},
            juror_id,
            juror_status,
            member_id,
        )
    panel = Panel.objects.get(pk=panel_id)  # SQLite: the write lock is the database's
    juror = (
        Juror.objects.filter(account_id=account_id, member__relation="self")
        .values_list("id", "status", "member_id")
        .first()
    ) or (None, None, None)
    return _BallotContext(
        panel.status,
        panel.deadline_at,
        panel.size,
        panel.seed,
        panel.claim_id,
        panel.draw_log.get("excluded", {}),
        *juror,
    )


_UPSERT_COLUMNS = (
    "panel_id",
    "juror_id",
    "clause_answers",
    "verdict",
    "reason",
    "contradicts_clauses",
    "contradiction_note",
    "cast_at",
    "updated_at",
)
_UPSERT_SQL = (
    f"INSERT INTO jury_ballot ({', '.join(_UPSERT_COLUMNS)}) "
    f"VALUES ({', '.join(['%s'] * len(_UPSERT_COLUMNS))}) "
    "ON CONFLICT (panel_id, juror_id) DO UPDATE SET "
    + ", ".join(
        f"{c} = EXCLUDED.{c}"
        for c in _UPSERT_COLUMNS
        if c not in ("panel_id", "juror_id", "cast_at")
    )
    + " RETURNING id, cast_at"
)


def _concrete(model: type[models.Model], name: str) -> models.Field:
    """The model's concrete field ``name`` (a column: never a relation's reverse side)."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{model.__name__}.{name} is not a column")
    return field


def _upsert(ballot: Ballot) -> None:
    """One fixed statement: the ballot, or its change (the unique (panel, juror) makes a
    second ballot an update, keeping when it was first cast). Sets ``id`` and
    ``cast_at`` on ``ballot`` from the row."""
    params = [
        _concrete(Ballot, c.removesuffix("_id") if c.endswith("_id") else c).get_db_prep_save(
            getattr(ballot, c), connection
        )
        for c in _UPSERT_COLUMNS
    ]
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT_SQL, params)
        ballot.pk, cast_at = cursor.fetchone()
    if isinstance(cast_at, str):  # SQLite returns its text (or a naive datetime), in UTC
        cast_at = parse_datetime(cast_at)
    if timezone.is_naive(cast_at):
        cast_at = timezone.make_aware(cast_at, UTC)
    ballot.cast_at = cast_at
    ballot._state.adding = False


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


def _take_the_vote(context: _BallotContext, *, panel_id: int, actor: User, now: datetime) -> int:
    """May the actor vote on the panel now? It is open, they are a qualified juror, and
    they hold a seat (marked voted here) or, on an open panel, have no conflict. Returns
    the juror's id."""
    if context.status != PanelStatus.OPEN or now >= context.deadline_at:
        raise InvalidTransition(_("This panel is closed for voting."), code="panel_closed")
    if context.juror_id is None:
        raise NotPermitted(_("Only a juror can do this."), code="not_a_juror")
    if context.juror_status != JurorStatus.QUALIFIED:
        raise NotPermitted(_("Only a qualified juror may vote."), code="not_qualified")
    if context.size is not None:
        # The seat is marked voted first: no seat, no row, and the refusal rolls it back.
        seated = move_rows(
            Seat.objects.filter(panel_id=panel_id, juror_id=context.juror_id),
            "vote",
            responded_at=now,
        )
        if not seated:
            raise NotPermitted(_("You do not hold a seat on this panel."), code="no_seat")
    elif context.juror_member_id in context.excluded.get(
        "members", []
    ) or actor.pk in context.excluded.get("accounts", []):
        raise NotPermitted(
            _("You may not judge this case (a conflict of interest)."),
            code="conflict_of_interest",
        )
    return context.juror_id


def ballot_cast(
    *,
    panel: Panel | int,
    actor: User,
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
        context = _ballot_context(panel_id, actor.pk)
        juror_id = _take_the_vote(context, panel_id=panel_id, actor=actor, now=now)
        tree, keys = _panel_criteria(context.seed, context.claim_id)
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
            panel_id=panel_id,
            juror_id=juror_id,
            clause_answers=answers,
            verdict=verdict,
            reason=reason,
            contradicts_clauses=contradicts,
            contradiction_note=note if contradicts else "",
            cast_at=now,
            updated_at=now,
        )
        _upsert(ballot)
    return ballot
