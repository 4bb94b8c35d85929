"""The run: a ``Simulation`` walks the window day by day and prints each week."""

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.crypto import get_random_string

from claims import tasks as claim_tasks
from claims.models import Claim, ClaimDraft, DraftStatus
from claims.states import ClaimState
from core import clock
from members.models import Member, Plan
from winddown import selectors, services
from winddown.models import Shutdown, WindowReminder
from winddown.simulation.steps import (
    DAY,
    Case,
    Outcome,
    Week,
    at,
    case_file,
    cases_draw,
    claims_decide,
    investigations_work,
    plan_copy,
    population,
    staff,
    sweeps,
)


@dataclass
class World:
    """What the set-up built: the staff, the plan, its members and their illnesses."""

    operators: list
    reviewer: Any
    plan: Plan
    members: list[Member]
    cases: list[Case]
    by_day: dict[date, list[Case]] = field(default_factory=dict)
    cases_by_member: dict[int, Case] = field(default_factory=dict)


class Simulation:
    def __init__(
        self,
        *,
        members: int,
        claims: int,
        announce_on: date,
        stop_after_days: int = 31,
        window_days: int = 180,
        seed: int = 2021,
        out: Callable[[str], None] = print,
    ) -> None:
        self.members, self.claims = members, claims
        self.announce_on = announce_on
        self.stop_day = announce_on + timedelta(days=stop_after_days)
        self.window_days = window_days
        self.random = random.Random(seed)
        self.out = out
        self.tag = get_random_string(5, "abcdefghijklmnopqrstuvwxyz0123456789")

    def run(self, *, max_days: int | None = None) -> Outcome:
        start = at(self.announce_on, 10)
        today = clock.today()  # the simulation never runs past the real today
        with clock.simulated(start - timedelta(hours=2)) as sim:
            world = self._set_up(start)
            shutdown = self._announce(sim, world, start)
            last_day = clock.beijing_date(shutdown.last_window_closes_at) + timedelta(days=90)
            last_day = min(last_day, today - DAY)
            if max_days is not None:
                last_day = min(last_day, self.announce_on + timedelta(days=max_days))
            weeks, refusals, finished = self._days(sim, world, shutdown, last_day)
        if not finished:
            self.catch_up()
            shutdown.refresh_from_db()
        return Outcome(shutdown=shutdown, weeks=weeks, refusals=refusals, finished=finished)

    def catch_up(self) -> None:
        """The simulated clock stopped last night; the site is served now. Run the beat's
        sweeps once on the real clock, so that nothing whose deadline passed in between
        (a draft's window, a notice, an appeal window, a payout's due date) is left open
        until the beat runs (``make winddown-demo`` starts it beside the web server)."""
        sweeps()

    # --- the run, in its parts ---------------------------------------------------------------

    def _set_up(self, start: datetime) -> World:
        """The staff, the plan and its population, and who falls ill when."""
        operators = staff("operator", 2)
        staff("investigator", 3)
        (reviewer,) = staff("reviewer", 1)
        with transaction.atomic():
            plan = plan_copy(tag=self.tag)
            members = population(plan, start, count=self.members, tag=self.tag, rng=self.random)
        cases = cases_draw(
            members,
            claims=self.claims,
            announce_on=self.announce_on,
            stop_day=self.stop_day,
            rng=self.random,
        )
        world = World(operators, reviewer, plan, members, cases)
        for case in cases:
            world.by_day.setdefault(case.files_on, []).append(case)
        world.cases_by_member = {c.member_id: c for c in cases}
        return world

    def _announce(self, sim, world: World, start: datetime) -> Shutdown:
        """Two operators announce the plan's shutdown at ``start``; the timeline's head."""
        plan = world.plan
        proposal = services.shutdown_propose(
            actor=world.operators[0],
            plans=[plan],
            stop_day=self.stop_day,
            window_days=self.window_days,
            notice_zh=(
                f"{plan.name_zh}将于{self.stop_day:%Y年%m月%d日}24时停止运行。"
                f"此前确诊的成员可在确诊之日起{self.window_days}日内申请互助金，由平台承担。"
            ),
            notice_en=(
                f"{plan.name_en} stops at 24:00 on {self.stop_day:%d %B %Y}. Members "
                f"diagnosed before then may claim within {self.window_days} days of the "
                "diagnosis; the platform pays."
            ),
        )
        sim.set(start)
        shutdown = services.shutdown_confirm(shutdown=proposal, actor=world.operators[1])
        self.out(
            f"Plan {plan.name_en} ({plan.code}): {len(world.members):,} members, "
            f"{len(world.cases):,} illnesses. "
            f"Announced {start:%Y-%m-%d %H:%M}, coverage ends {self.stop_day} 24:00, "
            f"last window closes {clock.format_deadline(shutdown.last_window_closes_at)}."
        )
        self.out(
            f"{'week':>4}  {'from':10}  {'filed':>5}  {'refused':>7}  {'approved':>8}  "
            f"{'denied':>6}  {'paid':>5}  {'reminders':>9}  {'expired':>7}  "
            f"{'liability (CNY)':>17}"
        )
        return shutdown

    def _days(
        self, sim, world: World, shutdown: Shutdown, last_day: date
    ) -> tuple[list[Week], Counter, bool]:
        """Day by day until ``last_day`` or the wind-down's end, a line per week."""
        weeks: list[Week] = []
        refusals: Counter = Counter()
        day, finished = self.announce_on, False
        while day <= last_day and not finished:
            if not weeks or (day - weeks[-1].start).days >= 7:
                if weeks:
                    self._print_week(len(weeks), weeks[-1], shutdown)
                weeks.append(Week(day))
            self._day(sim, world, day, weeks[-1], refusals)
            shutdown.refresh_from_db()
            finished = shutdown.status == "finished"
            day += DAY
        if weeks:
            self._print_week(len(weeks), weeks[-1], shutdown)
        return weeks, refusals, finished

    def _day(self, sim, world: World, day: date, week: Week, refusals: Counter) -> None:
        """One simulated day: the night's sweeps, filings at 9, assignment at 11, the
        investigators at 15, the reviewer at 17, the evening's sweeps; and its counts."""
        plan = world.plan
        paid_before = Claim.objects.filter(plan=plan, state=ClaimState.PAID).count()
        reminders_before = WindowReminder.objects.filter(plan=plan).count()
        expired_before = ClaimDraft.objects.filter(plan=plan, status="expired").count()

        sim.set(at(day, 0, 10))
        sweeps()
        sim.set(at(day, 9))
        for case in world.by_day.get(day, []):
            case_file(case, plan, week, refusals)
        sim.set(at(day, 11))
        claim_tasks.assign_unassigned_claims.apply()
        sim.set(at(day, 15))
        investigations_work(world.cases_by_member, clock.now(), tag=self.tag)
        sim.set(at(day, 17))
        claims_decide(world.reviewer, week, tag=self.tag)
        sim.set(at(day, 23, 30))
        sweeps()

        week.counts["paid"] += (
            Claim.objects.filter(plan=plan, state=ClaimState.PAID).count() - paid_before
        )
        week.counts["reminders"] += (
            WindowReminder.objects.filter(plan=plan).count() - reminders_before
        )
        week.counts["expired"] += (
            ClaimDraft.objects.filter(plan=plan, status="expired").count() - expired_before
        )

    def _print_week(self, number: int, week: Week, shutdown: Shutdown) -> None:
        week.liability = selectors.liability(shutdown).total
        c = week.counts
        self.out(
            f"{number:>4}  {week.start.isoformat():10}  {c['filed']:>5}  {c['refused']:>7}  "
            f"{c['approved']:>8}  {c['denied']:>6}  {c['paid']:>5}  {c['reminders']:>9}  "
            f"{c['expired']:>7}  {week.liability:>17,.2f}"
        )


def member_logins(plan: Plan, password: str) -> list[tuple[str, str]]:
    """For a demo: give a password to a few simulated members whose pages show the
    wind-down (a paid claim, an expired draft, a draft still open), and name them."""
    picks = []
    paid = Claim.objects.filter(plan=plan, state=ClaimState.PAID).select_related("member")
    expired = ClaimDraft.objects.filter(plan=plan, status=DraftStatus.EXPIRED)
    open_window = ClaimDraft.objects.filter(
        plan=plan, status=DraftStatus.OPEN, window_closes_at__isnull=False
    ).order_by("window_closes_at")
    for what, account_id in (
        ("a paid claim", paid.values_list("member__account_id", flat=True).first()),
        ("an expired draft", expired.values_list("account_id", flat=True).first()),
        (
            "a draft to file before its window closes",
            open_window.values_list("account_id", flat=True).first(),
        ),
    ):
        if account_id is None:
            continue
        user = get_user_model().objects.get(pk=account_id)
        user.set_password(password)
        user.save(update_fields=["password"])
        picks.append((user.get_username(), what))
    return picks
