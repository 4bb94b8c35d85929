"""Panels (赔审团合议): open, draw, decline and top up, ballots, close and tally, appeal.

Every write is one transaction. Panel steps write a PanelEvent; a ballot is its own
record (one row per juror per panel, changed until the deadline) and writes no event,
so that nothing outside the ballot table says how anyone voted before the close.
"""

import logging
import secrets
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Max, Min, QuerySet
from django.utils.translation import gettext as _

from claims import services as claim_services
from claims.definitions.criteria import validate
from claims.models import Claim, ClaimEvent
from claims.states import ClaimEventType, ClaimState, Decision
from core import clock
from core.errors import DomainError, InvalidTransition, NotPermitted, RuleViolation
from jury import rules
from jury.models import (
    Ballot,
    ClauseAnswer,
    Juror,
    JurorStatus,
    Panel,
    PanelEvent,
    PanelEventType,
    PanelStatus,
    Seat,
    SeatStatus,
)
from jury.services.jurors import juror_pause
from jury.tally import panel_tally
from members.selectors import member_relatives

logger = logging.getLogger(__name__)
MAX_EXTENSIONS = 2


def _event(panel: Panel, event_type: str, actor, now: datetime, **payload: Any) -> PanelEvent:
    return PanelEvent.objects.create(
        panel=panel, event_type=event_type, actor=actor, payload=payload, created_at=now
    )


# --- who may not sit -------------------------------------------------------------------


def panel_exclusions(claim: Claim) -> dict[str, list[int]]:
    """Members and accounts that may not sit: the claimant and their relatives, the
    investigator and the reviewer of the case, the objector, the appellant."""
    member_ids = [
        claim.member_id,
        *member_relatives(member=claim.member).values_list("pk", flat=True),
    ]
    accounts = {claim.member.account_id}
    investigation = getattr(claim, "investigation", None)
    if investigation is not None:
        accounts.add(investigation.investigator_id)
    actors = ClaimEvent.objects.filter(
        claim=claim,
        event_type__in=[
            ClaimEventType.INVESTIGATION_RECORDED,
            ClaimEventType.DISPUTE_LODGED,
            ClaimEventType.APPEAL_LODGED,
        ],
        actor__isnull=False,
    ).values_list("actor_id", flat=True)
    accounts.update(actors)
    return {"members": sorted(set(member_ids)), "accounts": sorted(accounts)}


def _eligible_jurors(panel: Panel) -> QuerySet[Juror]:
    excluded = panel.draw_log.get("excluded", {})
    qs = (
        Juror.objects.filter(status=JurorStatus.QUALIFIED)
        .exclude(member_id__in=excluded.get("members", []))
        .exclude(account_id__in=excluded.get("accounts", []))
    )
    if panel.round == 2:
        first = Panel.objects.filter(claim_id=panel.claim_id, round=1).first()
        if first is not None:  # the appeal is heard by jurors who did not sit on the first
            qs = qs.exclude(pk__in=Seat.objects.filter(panel=first).values("juror_id"))
            qs = qs.exclude(pk__in=Ballot.objects.filter(panel=first).values("juror_id"))
    return qs


def _draw_seats(panel: Panel, needed: int, now: datetime) -> list[int]:
    """Offer ``needed`` more seats, continuing the panel's seeded draw."""
    log = panel.draw_log
    if "low" not in log:
        bounds = Juror.objects.filter(status=JurorStatus.QUALIFIED).aggregate(
            low=Min("id"), high=Max("id")
        )
        log.update(low=bounds["low"] or 1, high=bounds["high"] or 0, consumed=0, rejected=0)
    draw = rules.Draw(
        seed=panel.seed,
        low=log["low"],
        high=log["high"],
        consumed=log["consumed"],
        rejected=log["rejected"],
        chosen=list(Seat.objects.filter(panel=panel).values_list("juror_id", flat=True)),
    )
    eligible = _eligible_jurors(panel)
    taken = draw.take(needed, lambda ids: eligible.filter(pk__in=ids).values_list("pk", flat=True))
    start = Seat.objects.filter(panel=panel).count()
    Seat.objects.bulk_create(
        [
            Seat(panel=panel, juror_id=juror_id, draw_order=start + i + 1, offered_at=now)
            for i, juror_id in enumerate(taken)
        ]
    )
    log.update(draw.as_record())
    panel.draw_log = log
    panel.save(update_fields=["draw_log"])
    return taken


# --- opening ---------------------------------------------------------------------------


def panel_open(
    *,
    claim: Claim | int,
    round: int = 1,
    actor=None,
    appellant=None,
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
        if round == 1:
            if claim.state != ClaimState.DISPUTED:
                raise InvalidTransition(
                    _("Only a disputed claim goes to a panel."), code="not_disputed"
                )
            size, quorum = plan.jury_panel_size, plan.jury_quorum
            if size is not None:
                quorum = min(quorum, size)
        else:
            first = Panel.objects.get(claim=claim, round=1)
            size = rules.appeal_panel_size(first.size, first.quorum)
            quorum = size // 2 + 1
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
        drawn = _draw_seats(panel, size, now) if size else []
        _event(
            panel,
            PanelEventType.OPENED,
            actor,
            now,
            round=round,
            size=size,
            quorum=quorum,
            seats_offered=len(drawn),
            deadline_at=panel.deadline_at.isoformat(),
        )
    return panel


def panel_appeal(
    *, claim: Claim | int, actor, statement: str, now: datetime | None = None
) -> Panel:
    """The one appeal: the losing side lodges it; a fresh panel of 2n+1 hears it."""
    now = now or clock.now()
    with transaction.atomic():
        claim = claim_services.claim_lodge_appeal(
            claim=claim, actor=actor, statement=statement, now=now
        )
        return panel_open(
            claim=claim, round=2, actor=actor, appellant=actor, statement=statement.strip(), now=now
        )


def panel_repanel(*, panel: Panel | int, actor, now: datetime | None = None) -> Panel:
    """The operator re-panels a case whose quorum failed: fresh seats, a fresh deadline."""
    now = now or clock.now()
    if not actor.has_perm("jury.change_panel"):
        raise NotPermitted(_("You may not re-panel a case."))
    with transaction.atomic():
        panel = (
            Panel.objects.select_for_update()
            .select_related("claim__plan")
            .get(pk=panel.pk if isinstance(panel, Panel) else panel)
        )
        if panel.status != PanelStatus.NEEDS_OPERATOR:
            raise InvalidTransition(
                _("Only a panel that missed its quorum is re-panelled."), code="not_flagged"
            )
        panel.status = PanelStatus.OPEN
        panel.extensions = 0
        panel.deadline_at = now + timedelta(hours=panel.claim.plan.jury_voting_hours)
        panel.save(update_fields=["status", "extensions", "deadline_at"])
        Seat.objects.filter(panel=panel, status=SeatStatus.OFFERED).update(
            status=SeatStatus.NO_SHOW, responded_at=now
        )
        offered = _draw_seats(panel, panel.size, now) if panel.size else []
        _event(
            panel,
            PanelEventType.REPANELLED,
            actor,
            now,
            seats_offered=len(offered),
            deadline_at=panel.deadline_at.isoformat(),
        )
    return panel


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


# --- closing ---------------------------------------------------------------------------


def panel_close(*, panel: Panel | int, now: datetime | None = None) -> Panel | None:
    """At the deadline: tally, or top up and extend, or flag for the operator.

    Safe to run twice and from several workers: a panel being closed elsewhere is
    skipped, one not yet due or already closed is left alone.
    """
    now = now or clock.now()
    panel_id = panel.pk if isinstance(panel, Panel) else panel
    with transaction.atomic():
        panel = (
            Panel.objects.select_for_update(skip_locked=True)
            .filter(pk=panel_id, status=PanelStatus.OPEN, deadline_at__lte=now)
            .select_related("claim__plan")
            .first()
        )
        if panel is None:
            return None
        tally = panel_tally(panel)
        valid = tally["pay"] + tally["deny"]
        if valid < panel.quorum:
            if panel.extensions < MAX_EXTENSIONS:
                topped = _draw_seats(panel, panel.quorum - valid, now) if panel.size else []
                panel.extensions += 1
                panel.deadline_at = now + timedelta(hours=panel.claim.plan.jury_voting_hours)
                panel.save(update_fields=["extensions", "deadline_at"])
                _event(
                    panel,
                    PanelEventType.EXTENDED,
                    None,
                    now,
                    valid=valid,
                    quorum=panel.quorum,
                    seats_added=len(topped),
                    deadline_at=panel.deadline_at.isoformat(),
                )
                return panel
            panel.status = PanelStatus.NEEDS_OPERATOR
            panel.save(update_fields=["status"])
            _event(panel, PanelEventType.FLAGGED, None, now, valid=valid, quorum=panel.quorum)
            return panel
        panel.status = PanelStatus.CLOSED
        panel.closed_at = now
        panel.tally = tally
        panel.verdict = rules.verdict(pay_votes=tally["pay"], deny_votes=tally["deny"])
        panel.save(update_fields=["status", "closed_at", "tally", "verdict"])
        _account_for_attendance(panel, now)
        record = (
            claim_services.claim_record_jury_result
            if panel.round == 1
            else claim_services.claim_record_appeal_result
        )
        record(
            claim=panel.claim_id,
            actor=None,
            pay_votes=tally["pay"],
            deny_votes=tally["deny"],
            now=now,
        )
        _event(
            panel,
            PanelEventType.CLOSED,
            None,
            now,
            pay=tally["pay"],
            deny=tally["deny"],
            verdict=panel.verdict,
        )
    return panel


def _account_for_attendance(panel: Panel, now: datetime) -> None:
    """Seats not voted on are no-shows; jurors who miss too many panels in a row are
    paused (with notice) so that panels keep their quorum. Voters' runs reset."""
    if panel.size is None:
        return
    Seat.objects.filter(panel=panel, status=SeatStatus.OFFERED).update(
        status=SeatStatus.NO_SHOW, responded_at=now
    )
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
