"""Sharing reads: who shares, what was carried, a member's ledger, the public history."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from claims.models import Claim
from claims.states import ClaimState
from members import rules as member_rules
from members.models import Enrolment, Member, Plan
from members.selectors import members_of_account
from sharing.models import MemberShare, Payer, Payout, PeriodStatus, SharingPeriod

ZERO = Decimal("0.00")


def members_sharing(*, plan_id: int, as_of: datetime) -> QuerySet[Enrolment]:
    """Enrolments that share a period counted at ``as_of`` (the end of the sharing day):
    joined by then, not yet left by then. The waiting period does not matter."""
    return (
        Enrolment.objects.filter(plan_id=plan_id, joined_at__lt=as_of)
        .filter(Q(left_at__isnull=True) | Q(left_at__gte=as_of))
        .order_by()
    )


def members_sharing_count(*, plan: Plan | int, as_of: datetime) -> int:
    """How many members share: one SQL COUNT (of distinct members, should two
    enrolments of one member ever both qualify)."""
    plan_id = plan.pk if isinstance(plan, Plan) else plan
    return members_sharing(plan_id=plan_id, as_of=as_of).aggregate(
        n=Count("member_id", distinct=True)
    )["n"]


def carried_in_for(*, plan: Plan | int, sharing_day: date) -> Decimal:
    """The remainder carried out of the plan's last complete members' period before
    ``sharing_day`` (platform-paid periods leave the members' remainder untouched)."""
    last = (
        SharingPeriod.objects.filter(
            plan=plan,
            status=PeriodStatus.COMPLETE,
            payer=Payer.MEMBERS,
            sharing_day__lt=sharing_day,
        )
        .order_by("-sharing_day")
        .values_list("carried_out", flat=True)
        .first()
    )
    return last if last is not None else ZERO


# --- the public history ------------------------------------------------------------------


def sharing_history(*, plan: Plan | None = None, limit: int = 72) -> list[SharingPeriod]:
    """Complete periods, oldest first (the last ``limit``)."""
    periods = SharingPeriod.objects.filter(status=PeriodStatus.COMPLETE).select_related("plan")
    if plan is not None:
        periods = periods.filter(plan=plan)
    latest = list(periods.order_by("-sharing_day", "-id")[:limit])
    return latest[::-1]


def plans_with_periods() -> QuerySet[Plan]:
    return Plan.objects.filter(sharing_periods__status=PeriodStatus.COMPLETE).distinct()


# --- a member's ledger -------------------------------------------------------------------


@dataclass
class LedgerLine:
    period: SharingPeriod
    amount: Decimal
    year_total: Decimal  # the running total within the calendar year of the sharing day

    @property
    def covered_by_platform(self) -> bool:
        """A wind-down period the platform bore: the member was in it and paid nothing."""
        return self.period.payer == Payer.PLATFORM


@dataclass
class YearTotal:
    year: int
    total: Decimal
    promise: Decimal | None  # the 188 CNY promise, for members aged 0–59

    @property
    def over_promise(self) -> bool:
        return self.promise is not None and self.total > self.promise

    @property
    def percent_of_promise(self) -> int | None:
        if not self.promise:
            return None
        return int(self.total * 100 // self.promise)

    @property
    def over_by(self) -> Decimal | None:
        """How much the year's shares went past the promise (None within it)."""
        if self.promise is None or not self.over_promise:
            return None
        return self.total - self.promise

    @property
    def bar_max(self) -> Decimal | None:
        """The bar's full length: the promise, or the total once it is past it (so the
        bar shows how far past)."""
        return None if self.promise is None else max(self.total, self.promise)


@dataclass
class MemberLedger:
    member: Member
    age: int
    lines: list[LedgerLine] = field(default_factory=list)  # newest first
    years: list[YearTotal] = field(default_factory=list)  # newest first

    @property
    def promise_applies(self) -> bool:
        return self.age <= settings.SHARING_PROMISE_MAX_AGE

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), ZERO)


def account_ledgers(*, account, today: date) -> list[MemberLedger]:
    """The ledger of each member of the account: each period shared, what it helped
    (the period's cases and their approved total), the running yearly total.

    Reads the shares by (period ids, member ids): the unique index answers that.
    """
    members = list(members_of_account(account=account))
    if not members:
        return []
    enrolments = list(
        Enrolment.objects.filter(member__in=members).values_list(
            "member_id", "plan_id", "joined_at", "left_at"
        )
    )
    periods = {
        p.pk: p
        for p in SharingPeriod.objects.filter(
            status=PeriodStatus.COMPLETE, plan_id__in={e[1] for e in enrolments}
        ).select_related("plan")
    }
    amounts: dict[int, dict[int, Decimal]] = defaultdict(dict)
    if periods:
        for member_id, period_id, amount in MemberShare.objects.filter(
            period_id__in=list(periods), member_id__in=[m.pk for m in members]
        ).values_list("member_id", "period_id", "amount"):
            amounts[member_id][period_id] = amount
    # Periods the platform bore (the wind-down): a line of 0.00 for each member who was in
    # the plan when it was counted, so the ledger shows the period as covered.
    for member_id, plan_id, joined_at, left_at in enrolments:
        for period in periods.values():
            if (
                period.payer == Payer.PLATFORM
                and period.plan_id == plan_id
                and joined_at < period.members_as_of
                and (left_at is None or left_at >= period.members_as_of)
            ):
                amounts[member_id][period.pk] = ZERO
    return [_ledger(m, amounts.get(m.pk, {}), periods, today) for m in members]


def _ledger(member: Member, amounts, periods, today: date) -> MemberLedger:
    age = member_rules.age_on(member.birth_date, today)
    ledger = MemberLedger(member=member, age=age)
    promise = settings.SHARING_YEARLY_PROMISE if ledger.promise_applies else None
    shared = sorted(
        (periods[pid] for pid in amounts), key=lambda p: (p.sharing_day, p.plan_id, p.pk)
    )
    running: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for period in shared:
        year = period.sharing_day.year
        running[year] += amounts[period.pk]
        ledger.lines.append(LedgerLine(period, amounts[period.pk], running[year]))
    ledger.lines.reverse()
    ledger.years = [
        YearTotal(year, total, promise) for year, total in sorted(running.items(), reverse=True)
    ]
    return ledger


# --- the back office ---------------------------------------------------------------------


def periods_for_office() -> QuerySet[SharingPeriod]:
    return SharingPeriod.objects.select_related("plan", "publicity_batch").order_by(
        "-sharing_day", "-id"
    )


def period_payouts(*, period: SharingPeriod) -> QuerySet[Payout]:
    return period.payouts.select_related("claim", "claim__member").order_by("due_on", "id")


# --- finance's payouts desk --------------------------------------------------------------


def payouts_held() -> QuerySet[Payout]:
    """Payouts the sweep could not issue, with the refusal that holds them."""
    return (
        Payout.objects.filter(issued_at__isnull=True)
        .exclude(held="")
        .select_related("claim", "claim__member", "period__plan")
        .order_by("due_on", "id")
    )


def payouts_waiting() -> QuerySet[Payout]:
    """Payouts not issued yet and not held: the sweep issues each on its due date once
    its period's books are complete."""
    return Payout.objects.filter(issued_at__isnull=True, held="").select_related(
        "claim", "claim__member", "period__plan"
    )


def claims_awaiting_period() -> QuerySet[Claim]:
    """Payable approvals in no sharing period yet: they wait for their batch's period."""
    return (
        Claim.objects.filter(
            ~Exists(Payout.objects.filter(claim_id=OuterRef("pk"))),
            state__in=[ClaimState.PUBLICISED, ClaimState.JURY_VOTED],
            payable_at__isnull=False,
        )
        .select_related("plan", "member", "publicity_batch")
        .order_by("payable_at", "id")
    )
