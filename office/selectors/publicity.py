"""The reviewer's publicity desk (公示): decisions waiting for their batch, the batch that
is due, notices that ended and jury results whose appeal window passed.

Read-only; times come in as ``now``. The beat does each of these steps by itself
(``claims.tasks``); the desk shows what is waiting and lets a reviewer do it at once.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Q, QuerySet

from claims import rules
from claims.models import Claim, PublicityBatch
from claims.states import ClaimState, Decision
from core import clock

DESK_ROWS = 50  # each list shows the oldest this many; the beat keeps them short


def decided_waiting() -> QuerySet[Claim]:
    """Decided claims in no batch yet, oldest decision first."""
    return (
        Claim.objects.filter(
            state=ClaimState.INVESTIGATED,
            publicity_batch__isnull=True,
            decision__in=[Decision.APPROVE, Decision.DENY],
        )
        .select_related("plan", "condition_definition")
        .order_by("investigated_at", "id")
    )


def notices_due(*, now: datetime) -> QuerySet[Claim]:
    """Public notices that ended with no dispute and are not closed yet."""
    return (
        Claim.objects.filter(
            state=ClaimState.PUBLICISED,
            publicity_closed_at__isnull=True,
            publicity_ends_at__lte=now,
        )
        .select_related("plan", "condition_definition")
        .order_by("publicity_ends_at", "id")
    )


def jury_results_due(*, now: datetime) -> QuerySet[Claim]:
    """Jury results whose appeal window ended with no appeal pending, not yet final."""
    return (
        Claim.objects.filter(
            state=ClaimState.JURY_VOTED,
            jury_settled_at__isnull=True,
            appeal_ends_at__lte=now,
        )
        .filter(Q(appeal_lodged_at__isnull=True) | Q(appeal_resulted_at__isnull=False))
        .select_related("plan", "condition_definition")
        .order_by("appeal_ends_at", "id")
    )


@dataclass
class PublicityDesk:
    today: date
    batch_due: date | None  # the batch date that has come with decided claims waiting for it
    due_count: int  # how many claims its batch would take
    next_batch: date
    waiting: list[Claim] = field(default_factory=list)
    waiting_count: int = 0
    notices: list[Claim] = field(default_factory=list)
    notices_count: int = 0
    results: list[Claim] = field(default_factory=list)
    results_count: int = 0
    batches: list[PublicityBatch] = field(default_factory=list)


def publicity_desk(*, now: datetime) -> PublicityDesk:
    today = clock.beijing_date(now)
    latest = rules.latest_batch_date(today)
    waiting = decided_waiting()
    due_count = waiting.filter(investigated_at__lt=rules.batch_cutoff(latest)).count()
    notices, results = notices_due(now=now), jury_results_due(now=now)
    return PublicityDesk(
        today=today,
        batch_due=latest if due_count else None,
        due_count=due_count,
        next_batch=rules.next_batch_date(today),
        waiting=list(waiting[:DESK_ROWS]),
        waiting_count=waiting.count(),
        notices=list(notices[:DESK_ROWS]),
        notices_count=notices.count(),
        results=list(results[:DESK_ROWS]),
        results_count=results.count(),
        batches=list(PublicityBatch.objects.order_by("-batch_date")[:6]),
    )


def batch_of(*, claim: Claim, today: date) -> date:
    """The batch date a decided claim is published on: the latest batch date if it was
    decided before that day began (a batch that is due), else the next one."""
    latest = rules.latest_batch_date(today)
    if claim.investigated_at and claim.investigated_at < rules.batch_cutoff(latest):
        return latest
    return rules.next_batch_date(today)
