"""The rows the schemathesis run needs for the API of every role (issue 14): a juror with
seats on open panels, a closed panel they voted on and a panel flagged for the operator;
claims waiting for each back-office step; a complete sharing period with a payout due;
shutdown proposals for a second operator. Built with the factories and the services, on
the clock of ``schema_world.RUN_AT``, beside ``schema_world_build``'s world."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from claims import services
from claims.definitions.criteria import validate
from claims.definitions.examples import facts_meeting
from claims.states import Decision
from jury.models import Panel, PanelStatus
from jury.services import panels
from members.models import Plan
from sharing import services as sharing_services
from sharing.models import Payout
from tests.factories import claim_in_state, file_claim, staff
from tests.jury.factories import eligible_member, qualified_juror
from winddown import services as winddown_services

PANEL_SIZE = 3


@dataclass
class RolesWorld:
    juror: object
    operator: object
    # The juror's panels: open (to vote on), open (a seat to decline), closed, flagged.
    panels: list[int] = field(default_factory=list)
    open_panel: int = 0
    closed_panel: int = 0
    flagged_panel: int = 0
    ballot_keys: list[str] = field(default_factory=list)  # the open panel's clauses
    seats: list[int] = field(default_factory=list)  # the juror's, then another's
    decline_seat: int = 0
    # Claim references by the back-office step they wait for.
    office: dict[str, str] = field(default_factory=dict)
    assigned_facts: dict = field(default_factory=dict)
    period_ids: list[int] = field(default_factory=list)
    payout_ids: list[int] = field(default_factory=list)
    due_payout: int = 0
    proposals: dict[str, int] = field(default_factory=dict)
    batch_dates: list[str] = field(default_factory=list)


def _juror_panels(world: RolesWorld, run_at) -> None:
    Plan.objects.filter(code="critical-illness").update(
        jury_panel_size=PANEL_SIZE, jury_quorum=2, jury_voting_hours=24
    )
    since = run_at - timedelta(days=20)
    jurors = [qualified_juror(eligible_member(), now=since) for _ in range(PANEL_SIZE)]
    world.juror = jurors[0].account
    earlier = run_at - timedelta(days=8)

    def disputed():
        return claim_in_state("disputed", approve=False)

    closed_claim = disputed()
    closed = panels.panel_open(claim=closed_claim, now=earlier)
    keys = [c.key for c in validate(closed_claim.condition_definition.criteria)]
    for juror, verdict in zip(
        jurors, [Decision.DENY, Decision.DENY, Decision.APPROVE], strict=True
    ):
        answer = "met" if verdict == Decision.APPROVE else "not_met"
        panels.ballot_cast(
            panel=closed,
            actor=juror.account,
            clause_answers=dict.fromkeys(keys, answer),
            verdict=verdict,
            reason="On the clauses and the recorded facts",
            now=earlier + timedelta(hours=1),
        )
    panels.panel_close(panel=closed, now=closed.deadline_at + timedelta(minutes=1))

    flagged = panels.panel_open(claim=disputed(), now=earlier)
    for _ in range(3):  # no ballot by the deadline, twice extended: flagged
        flagged.refresh_from_db()
        panels.panel_close(panel=flagged, now=flagged.deadline_at + timedelta(minutes=1))

    open_claim = disputed()
    to_vote = panels.panel_open(claim=open_claim, now=run_at - timedelta(hours=1))
    to_decline = panels.panel_open(claim=disputed(), now=run_at - timedelta(hours=1))
    assert Panel.objects.get(pk=flagged.pk).status == PanelStatus.NEEDS_OPERATOR
    world.open_panel, world.closed_panel, world.flagged_panel = (
        to_vote.pk,
        closed.pk,
        flagged.pk,
    )
    world.panels = [to_vote.pk, to_decline.pk, closed.pk, flagged.pk]
    world.ballot_keys = [c.key for c in validate(open_claim.condition_definition.criteria)]
    mine = to_decline.seats.get(juror__account=world.juror)
    world.decline_seat = mine.pk
    other = to_vote.seats.exclude(juror__account=world.juror).first()
    world.seats = [mine.pk, to_vote.seats.get(juror__account=world.juror).pk, other.pk]


def _office_claims(world: RolesWorld, run_at, integrator) -> None:
    reviewer = staff("reviewer", "rev")
    filed = run_at - timedelta(days=2)
    assigned = file_claim(now=filed)
    services.investigation_assign(
        claim=assigned, investigator=integrator, actor=reviewer, now=run_at - timedelta(days=1)
    )
    world.assigned_facts = facts_meeting(assigned.condition_definition.criteria)
    world.office = {
        "assigned": assigned.reference,  # the integrator investigates it
        "to_take": file_claim(now=filed).reference,
        "to_assign": file_claim(now=filed).reference,
        "to_bulk_assign": file_claim(now=filed).reference,
        "to_decide": claim_in_state("filed_investigated").reference,
        "to_override": claim_in_state("filed_investigated").reference,
        "notice_due": claim_in_state("publicised").reference,
        "to_tally": claim_in_state("disputed", approve=False).reference,
    }


def _sharing_period(world: RolesWorld, run_at) -> None:
    """A complete period of the critical-illness plan (sharing day the 14th): its
    payouts are due on the 21st, the run's day."""
    payable = claim_in_state("publicised_payable")
    plan = payable.plan
    period = sharing_services.sharing_period_open(
        plan=plan, sharing_day=date(2025, 3, 14), now=run_at - timedelta(hours=1)
    )
    sharing_services.sharing_period_write_shares(period=period, now=run_at - timedelta(hours=1))
    sharing_services.sharing_period_complete(period=period, now=run_at - timedelta(hours=1))
    world.period_ids = [period.pk]
    world.payout_ids = list(Payout.objects.filter(period=period).values_list("pk", flat=True))
    world.due_payout = Payout.objects.get(claim=payable).pk


def _proposals(world: RolesWorld, run_at) -> None:
    proposer = staff("operator", "op-one")
    world.operator = staff("operator", "operator-api")

    def propose(code: str) -> int:
        return winddown_services.shutdown_propose(
            actor=proposer,
            plans=[Plan.objects.get(code=code)],
            stop_day=date(2025, 4, 30),
            window_days=180,
            notice_zh="该计划将于2025年4月30日24时停止运行。",
            notice_en="The plan stops at 24:00 on 30 April 2025.",
            now=run_at - timedelta(hours=2),
        ).pk

    world.proposals = {
        "to_confirm": propose("transport-accident"),
        "to_cancel": propose("chronic-cancer"),
    }


def schema_world_roles_build(run_at, integrator, announced_shutdown: int) -> RolesWorld:
    world = RolesWorld(juror=None, operator=None)
    _juror_panels(world, run_at)
    _office_claims(world, run_at, integrator)
    _sharing_period(world, run_at)
    _proposals(world, run_at)
    world.proposals["announced"] = announced_shutdown
    world.batch_dates = ["2025-03-21", "2025-03-07", "2025-03-08"]
    return world
