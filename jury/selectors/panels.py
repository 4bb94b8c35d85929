"""Panel reads for the jurors' pages and the panels back office (赔审团).

Secrecy: while a panel is open nothing here reads another juror's ballot, a count of
verdicts or a split; the juror reads their own ballot. Seats (offered, declined, voted)
and the number of ballots cast are turnout, not votes, and the back office may see them.
The case file and the published tally are in ``jury.selectors.case``.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from jury.models import Ballot, Juror, JurorStatus, Panel, PanelStatus, Seat, SeatStatus

#: An open panel is "at risk" when fewer than its quorum have voted and less than this
#: remains before the deadline.
AT_RISK_HOURS = 6
PANEL_RELATED = (
    "claim__plan",
    "claim__condition_definition__definition_set",
    "claim__member",
    "claim__investigation",
)


# --- who may see and vote ------------------------------------------------------------------


@dataclass(frozen=True)
class PanelAccess:
    """What one juror may do on one panel."""

    may_view: bool
    may_vote: bool = False
    seat: Seat | None = None
    ballot: Ballot | None = None
    refusal: str = ""

    @property
    def may_decline(self) -> bool:
        return self.may_vote and self.seat is not None and self.seat.status == SeatStatus.OFFERED


def _excluded(panel: Panel, juror: Juror) -> bool:
    excluded = panel.draw_log.get("excluded", {})
    return juror.member_id in excluded.get("members", []) or juror.account_id in excluded.get(
        "accounts", []
    )


def panel_access(*, panel: Panel, juror: Juror | None, now: datetime) -> PanelAccess:
    """A seated panel is seen by the jurors holding a seat on it (offered or voted; after
    the close also those who missed it); an open panel (every juror may vote) by qualified
    jurors without a conflict, and after the close by those who voted."""
    if juror is None:
        return PanelAccess(may_view=False)
    ballot = Ballot.objects.filter(panel=panel, juror=juror).first()
    seat = None
    if panel.size is not None:
        seat = Seat.objects.filter(panel=panel, juror=juror).first()
        held = seat is not None and seat.status in (SeatStatus.OFFERED, SeatStatus.VOTED)
        saw_it = seat is not None and seat.status == SeatStatus.NO_SHOW
        if panel.status == PanelStatus.CLOSED:
            may_view = held or saw_it or ballot is not None
        else:
            may_view = held
    else:
        eligible = juror.status == JurorStatus.QUALIFIED and not _excluded(panel, juror)
        may_view = ballot is not None or (panel.status != PanelStatus.CLOSED and eligible)
    if not may_view:
        return PanelAccess(may_view=False)
    refusal = ""
    if panel.status != PanelStatus.OPEN or now >= panel.deadline_at:
        refusal = _("Voting on this panel has ended.")
    elif juror.status != JurorStatus.QUALIFIED:
        refusal = _("Only a qualified juror may vote.")
    return PanelAccess(
        may_view=True, may_vote=not refusal, seat=seat, ballot=ballot, refusal=refusal
    )


# --- the juror's home ------------------------------------------------------------------------


@dataclass(frozen=True)
class PanelRow:
    panel: Panel
    seat: Seat | None = None
    voted: bool = False
    my_verdict: str = ""


def _with_case(qs: QuerySet[Panel]) -> QuerySet[Panel]:
    return qs.select_related("claim__plan", "claim__condition_definition")


def juror_panels(*, juror: Juror, now: datetime) -> dict[str, list[PanelRow]]:
    """The juror's panels: ``mine`` (seats held and open panels voted on, not yet closed),
    ``open`` (panels every juror may vote on, not yet voted), ``closed`` (decided panels
    the juror sat on or voted in)."""
    my_ballots = dict(Ballot.objects.filter(juror=juror).values_list("panel_id", "verdict"))
    mine: list[PanelRow] = []
    seats = (
        Seat.objects.filter(
            juror=juror,
            status__in=[SeatStatus.OFFERED, SeatStatus.VOTED],
            panel__status__in=[PanelStatus.OPEN, PanelStatus.NEEDS_OPERATOR],
        )
        .select_related(*(f"panel__{p}" for p in ("claim__plan", "claim__condition_definition")))
        .order_by("panel__deadline_at", "panel_id")
    )
    for seat in seats:
        mine.append(PanelRow(panel=seat.panel, seat=seat, voted=seat.panel_id in my_ballots))
    open_panels = list(
        _with_case(
            Panel.objects.filter(
                size__isnull=True, status__in=[PanelStatus.OPEN, PanelStatus.NEEDS_OPERATOR]
            )
        ).order_by("deadline_at", "id")[:50]
    )
    open_to_vote: list[PanelRow] = []
    for panel in open_panels:
        if panel.pk in my_ballots:
            mine.append(PanelRow(panel=panel, voted=True))
        elif (
            juror.status == JurorStatus.QUALIFIED
            and panel.status == PanelStatus.OPEN
            and not _excluded(panel, juror)
        ):
            open_to_vote.append(PanelRow(panel=panel))
    mine.sort(key=lambda row: (row.panel.deadline_at, row.panel.pk))
    # The panels the juror sat on or voted in, as a list of ids: an ``IN (subquery) OR IN
    # (…)`` filter is estimated at thousands of rows and read every claim by hash join.
    decided = {
        *Seat.objects.filter(
            juror=juror, status__in=[SeatStatus.VOTED, SeatStatus.NO_SHOW]
        ).values_list("panel_id", flat=True),
        *my_ballots,
    }
    closed = [
        PanelRow(panel=panel, voted=panel.pk in my_ballots, my_verdict=my_ballots.get(panel.pk, ""))
        for panel in _with_case(
            Panel.objects.filter(status=PanelStatus.CLOSED, pk__in=sorted(decided))
        ).order_by("-closed_at", "-id")[:20]
    ]
    return {"mine": mine, "open": open_to_vote, "closed": closed}


# --- the back office -------------------------------------------------------------------------

OFFICE_TABS = (PanelStatus.OPEN, PanelStatus.NEEDS_OPERATOR, PanelStatus.CLOSED)


def _count(model, **filters) -> Coalesce:
    sub = (
        model.objects.filter(panel=OuterRef("pk"), **filters)
        .order_by()
        .values("panel")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(sub, output_field=IntegerField()), Value(0))


def panels_for_office(*, status: str) -> QuerySet[Panel]:
    """Panels in ``status`` with their seat counts (turnout only, never verdicts)."""
    qs = (
        Panel.objects.filter(status=status)
        .select_related("claim")
        .annotate(
            seats_offered=_count(Seat, status=SeatStatus.OFFERED),
            seats_declined=_count(Seat, status=SeatStatus.DECLINED),
            seats_voted=_count(Seat, status=SeatStatus.VOTED),
            seats_no_show=_count(Seat, status=SeatStatus.NO_SHOW),
            ballots_cast=_count(Ballot),
        )
    )
    if status == PanelStatus.CLOSED:
        return qs.order_by("-closed_at", "-id")
    return qs.order_by("deadline_at", "id")


def voted(panel: Panel) -> int:
    """Voted seats (for an open panel: ballots cast). Turnout, not how anyone voted."""
    # seats_voted and ballots_cast are annotations of the panel selectors' querysets.
    return panel.seats_voted if panel.size is not None else panel.ballots_cast  # type: ignore[attr-defined]


def quorum_at_risk(panel: Panel, now: datetime) -> bool:
    return (
        panel.status == PanelStatus.OPEN
        and voted(panel) < panel.quorum
        and panel.deadline_at - now < timedelta(hours=AT_RISK_HOURS)
    )


def panel_status_counts() -> dict[str, int]:
    counts = dict(
        Panel.objects.order_by().values("status").annotate(n=Count("id")).values_list("status", "n")
    )
    return {status: counts.get(status, 0) for status in OFFICE_TABS}


def panels_at_risk(*, now: datetime) -> list[Panel]:
    """Open panels whose deadline is near (or past, not yet swept) with the quorum unmet."""
    near = panels_for_office(status=PanelStatus.OPEN).filter(
        deadline_at__lt=now + timedelta(hours=AT_RISK_HOURS)
    )
    return [p for p in near if quorum_at_risk(p, now)]
