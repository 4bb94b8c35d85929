"""Wind-down reads: the notice banner, the dashboard's figures, the insurance list."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, DateTimeField, ExpressionWrapper, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import ngettext
from django_stubs_ext import StrOrPromise

from claims.models import Claim, ClaimDraft, DocumentRequest, DraftStatus
from claims.states import FINAL_STATES, ClaimState
from core import clock
from members.models import Member, Plan
from sharing.models import Payer, SharingPeriod
from winddown import rules
from winddown.models import (
    InsuranceMove,
    ReminderKind,
    Shutdown,
    ShutdownStatus,
    WindowReminder,
)

ZERO = Decimal("0.00")
ANNOUNCED = (ShutdownStatus.ANNOUNCED, ShutdownStatus.FINISHED)


def shutdowns_announced() -> QuerySet[Shutdown]:
    return (
        Shutdown.objects.filter(status__in=ANNOUNCED)
        .prefetch_related("plans")
        .order_by("-announced_at")
    )


def shutdowns_running() -> QuerySet[Shutdown]:
    return shutdowns_announced().filter(status=ShutdownStatus.ANNOUNCED)


RUNNING_NOTICES_KEY = "winddown:running-notices"
RUNNING_NOTICES_SECONDS = 60


def running_notices() -> list[Shutdown]:
    """The notices every page shows, cached for a minute per process; announcing and
    finishing a shutdown clear the cache of the process that did it."""
    notices = cache.get(RUNNING_NOTICES_KEY)
    if notices is None:
        notices = list(shutdowns_running()[:3])
        cache.set(RUNNING_NOTICES_KEY, notices, RUNNING_NOTICES_SECONDS)
    return notices


def shutdowns_for_office() -> QuerySet[Shutdown]:
    return Shutdown.objects.select_related("proposed_by", "confirmed_by").prefetch_related("plans")


def wind_down_claims(shutdown: Shutdown) -> QuerySet[Claim]:
    """The claims the platform answers for: every claim of the plans not already paid by
    the members' sharing and not closed before the announcement."""
    claims = Claim.objects.filter(plan__in=shutdown.plans.all())
    if shutdown.announced_at is None:
        return claims.none()
    return claims.exclude(payout__payer=Payer.MEMBERS).exclude(
        state__in=FINAL_STATES, closed_at__lt=shutdown.announced_at
    )


def liability(shutdown: Shutdown) -> rules.Liability:
    claims = wind_down_claims(shutdown)
    figures = claims.aggregate(
        paid=Sum("approved_amount", filter=Q(state=ClaimState.PAID)),
        approved_unpaid=Sum(
            "approved_amount",
            filter=Q(payable_at__isnull=False) & ~Q(state__in=FINAL_STATES),
        ),
        open_amounts=Sum(
            Coalesce("approved_amount", "benefit_amount"),
            filter=Q(payable_at__isnull=True) & ~Q(state__in=FINAL_STATES),
        ),
        approved=Count("id", filter=Q(state=ClaimState.PAID) | Q(payable_at__isnull=False)),
        denied=Count("id", filter=Q(state=ClaimState.DENIED)),
    )
    periods = SharingPeriod.objects.filter(
        plan__in=shutdown.plans.all(), payer=Payer.PLATFORM
    ).aggregate(total=Sum("approved_total"))
    return rules.Liability(
        periods_borne=periods["total"] or ZERO,
        paid=figures["paid"] or ZERO,
        approved_unpaid=figures["approved_unpaid"] or ZERO,
        open_estimate=rules.open_claims_estimate(
            open_amounts=figures["open_amounts"] or ZERO,
            approved_count=figures["approved"],
            denied_count=figures["denied"],
        ),
    )


def claims_by_state(shutdown: Shutdown) -> list[tuple[str, StrOrPromise, int]]:
    """(state, label, count) in the order of the claim's life."""
    counts = dict(
        wind_down_claims(shutdown)
        .order_by()
        .values_list("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )
    return [(s.value, s.label, counts.get(s.value, 0)) for s in ClaimState]


@dataclass
class ClosingDay:
    day: date
    drafts: int = 0
    document_requests: int = 0


def open_document_requests() -> QuerySet[DocumentRequest]:
    """Requests still waiting for the member's document on a claim still under
    investigation (one the member has answered waits for the investigator, not them)."""
    return DocumentRequest.objects.filter(
        received_at__isnull=True,
        not_provided_at__isnull=True,
        answered_at__isnull=True,
        investigation__completed_at__isnull=True,
    ).exclude(investigation__claim__state__in=FINAL_STATES)


def _closing_days(queryset: QuerySet, column: str) -> dict[date, int]:
    """Counts by the Beijing day a window closes, grouped in SQL. A close at 24:00 is the
    next day's 00:00: a microsecond earlier names the day it ends."""
    day = TruncDate(
        ExpressionWrapper(F(column) - timedelta(microseconds=1), output_field=DateTimeField()),
        tzinfo=clock.BEIJING,
    )
    rows = queryset.order_by().annotate(day=day).values("day").annotate(n=Count("id"))
    return {row["day"]: row["n"] for row in rows}


def windows_closing(shutdown: Shutdown, *, now: datetime) -> list[ClosingDay]:
    """Open drafts and unanswered document requests by the Beijing day their window
    closes, from today on."""
    plans = shutdown.plans.all()
    drafts = _closing_days(
        ClaimDraft.objects.filter(
            status=DraftStatus.OPEN, plan__in=plans, window_closes_at__gt=now
        ),
        "window_closes_at",
    )
    requests = _closing_days(
        open_document_requests().filter(investigation__claim__plan__in=plans, due_at__gt=now),
        "due_at",
    )
    return [
        ClosingDay(day, drafts.get(day, 0), requests.get(day, 0))
        for day in sorted(set(drafts) | set(requests))
    ]


def reminders_sent(shutdown: Shutdown) -> dict[str, int]:
    """Reminders sent for the plans, by kind and lead: ``{"draft-30": 4, …}``."""
    rows = (
        WindowReminder.objects.filter(plan__in=shutdown.plans.all())
        .order_by()
        .values_list("kind", "lead_days")
        .annotate(n=Count("id"))
    )
    return {f"{kind}-{lead}": n for kind, lead, n in rows}


def drafts_counts(shutdown: Shutdown) -> dict[str, int]:
    rows = (
        ClaimDraft.objects.filter(plan__in=shutdown.plans.all())
        .exclude(window_closes_at=None)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
    )
    return dict(rows)


@dataclass
class Dashboard:
    shutdown: Shutdown
    now: datetime
    liability: rules.Liability
    states: list[tuple[str, StrOrPromise, int]]
    calendar: list[ClosingDay]
    reminders: dict[str, int]
    drafts: dict[str, int]
    insurance_moves: int
    claims_total: int
    claims_final: int
    claims_filed_after_stop: int
    time_percent: int
    periods: list[SharingPeriod] = field(default_factory=list)

    @property
    def claims_percent(self) -> int:
        if not self.claims_total:
            return 100
        return int(self.claims_final * 100 // self.claims_total)

    @property
    def reminder_rows(self) -> list[tuple[str, int]]:
        return reminder_rows(self.reminders)

    @property
    def reminders_total(self) -> int:
        return sum(self.reminders.values())

    @property
    def last_window_open(self) -> bool:
        return self.now < self.shutdown.last_window_closes_at

    @property
    def ready_to_finish(self) -> bool:
        return (
            not self.last_window_open
            and self.claims_final == self.claims_total
            and not self.drafts.get(DraftStatus.OPEN, 0)
        )


def dashboard(shutdown: Shutdown, *, now: datetime) -> Dashboard:
    claims = wind_down_claims(shutdown)
    counts = claims.aggregate(
        total=Count("id"),
        final=Count("id", filter=Q(state__in=FINAL_STATES)),
        after_stop=Count("id", filter=Q(filed_at__gte=shutdown.stops_at)),
    )
    return Dashboard(
        shutdown=shutdown,
        now=now,
        liability=liability(shutdown),
        states=claims_by_state(shutdown),
        calendar=windows_closing(shutdown, now=now),
        reminders=reminders_sent(shutdown),
        drafts=drafts_counts(shutdown),
        insurance_moves=active_insurance_moves(shutdown).count(),
        claims_total=counts["total"],
        claims_final=counts["final"],
        claims_filed_after_stop=counts["after_stop"],
        time_percent=rules.progress_percent(
            start=shutdown.announced_at or now, end=shutdown.last_window_closes_at, now=now
        ),
        periods=list(
            SharingPeriod.objects.filter(plan__in=shutdown.plans.all(), payer=Payer.PLATFORM)
            .select_related("plan")
            .order_by("sharing_day", "plan_id")
        ),
    )


def active_insurance_moves(shutdown: Shutdown) -> QuerySet[InsuranceMove]:
    return InsuranceMove.objects.filter(shutdown=shutdown, withdrawn_at__isnull=True)


def insurance_choices_for_account(*, account, shutdown: Shutdown) -> list[tuple[Member, bool]]:
    """Each member of the account who was in a plan of the shutdown, and whether they
    chose the insurance offered."""
    members = list(
        Member.objects.filter(account=account, enrolments__plan__in=shutdown.plans.all())
        .distinct()
        .order_by("id")
    )
    chosen = set(
        active_insurance_moves(shutdown)
        .filter(member__in=members)
        .values_list("member_id", flat=True)
    )
    return [(m, m.pk in chosen) for m in members]


# --- labels for the figures the dashboard and the final report show --------------------------


def reminder_rows(reminders: dict[str, int]) -> list[tuple[str, int]]:
    """``{"draft-30": 4}`` → ``[("Unfiled claim draft, 30 days before", 4)]``, in the
    reader's language, the longest lead first."""
    rows = []
    for key, n in reminders.items():
        kind, _sep, lead = key.rpartition("-")
        label = ngettext(
            "%(kind)s, %(days)s day before the close",
            "%(kind)s, %(days)s days before the close",
            int(lead),
        ) % {"kind": ReminderKind(kind).label, "days": lead}
        rows.append((kind, -int(lead), label, n))
    return [(label, n) for _kind, _lead, label, n in sorted(rows)]


def report_rows(report: dict) -> dict[str, list]:
    """The final report's counts with their labels in the reader's language, and its
    periods with each plan's name (the frozen report keeps the plans' codes)."""
    names = {
        p.code: p.name
        for p in Plan.objects.filter(
            code__in={*report.get("plans", []), *(r["plan"] for r in report.get("periods", []))}
        )
    }
    return {
        "plans": [names.get(code, code) for code in report.get("plans", [])],
        "periods": [
            {**period, "plan_name": names.get(period["plan"], period["plan"])}
            for period in report.get("periods", [])
        ],
        "states": [
            (ClaimState(state).label, n) for state, n in report.get("claims_by_state", {}).items()
        ],
        "drafts": [
            (DraftStatus(status).label, n) for status, n in report.get("drafts", {}).items()
        ],
        "reminders": reminder_rows(report.get("reminders", {})),
    }
