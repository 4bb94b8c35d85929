"""The back office's queues (后台工作队列): which claims each tab holds, searched and sorted.

Read-only. Times come in as arguments (``now``); only the views read the clock.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from claims.models import Claim, ConditionDefinition, Investigation
from claims.selectors_backoffice import CaseClock, case_clock
from claims.states import ClaimState
from core import clock
from core.identifiers import hash_identifier, is_valid_identifier

DUE_SOON_DAYS = 3

QUEUE_UNASSIGNED = "unassigned"
QUEUE_MINE = "mine"
QUEUE_DUE_SOON = "due_soon"
QUEUE_OVERDUE = "overdue"
QUEUE_ALL = "all"
QUEUES = [
    (QUEUE_UNASSIGNED, _("Unassigned")),
    (QUEUE_MINE, _("Mine")),
    (QUEUE_DUE_SOON, _("Due soon")),
    (QUEUE_OVERDUE, _("Overdue")),
    (QUEUE_ALL, _("All claims")),
]

# The sort orders a person may choose; "" keeps each queue's own order.
SORT_QUEUE = ""
SORTS = [
    (SORT_QUEUE, _("Queue order")),
    ("filed", _("Filed, oldest first")),
    ("-filed", _("Filed, newest first")),
    ("due", _("Investigation due, soonest first")),
    ("reference", _("Reference")),
]
_SORT_ORDER = {
    "filed": [F("filed_at").asc(), F("id").asc()],
    "-filed": [F("filed_at").desc(), F("id").desc()],
    "due": [F("investigation__due_at").asc(nulls_last=True), F("filed_at").asc(), F("id").asc()],
    "reference": [F("reference").asc()],
}


def _has_investigation() -> Exists:
    """``NOT EXISTS`` reads better to the planner than a LEFT JOIN … IS NULL."""
    return Exists(Investigation.objects.filter(claim_id=OuterRef("pk")))


def _open_investigation() -> Q:
    return Q(
        state=ClaimState.FILED,
        investigation__isnull=False,
        investigation__completed_at__isnull=True,
    )


def _mine(user) -> Q:
    mine = Q(pk__in=[])
    if user.has_perm("claims.investigate_claim"):
        mine |= _open_investigation() & Q(investigation__investigator=user)
    if user.has_perm("claims.decide_claim"):
        mine |= Q(state=ClaimState.FILED, investigation__completed_at__isnull=False)
    return mine


def queue_search(*, text: str, identifier_hash: str | None = None) -> Q:
    """What a person may type in the queue's search box.

    A full resident ID (18 characters, check digit right) is matched through the HMAC the
    member's number is stored as (the number itself is never stored); the page passes
    the HMAC of a number searched before as ``identifier_hash``, with its mask as the
    text. Anything else is matched against the reference, the member's name and the
    condition (code or name).
    """
    text = (text or "").strip()
    if identifier_hash:
        return Q(member__national_id_hash=identifier_hash)
    if not text:
        return Q()
    if is_valid_identifier(text):
        return Q(member__national_id_hash=hash_identifier(text))
    return (
        Q(reference__iexact=text)
        | Q(reference__istartswith=text)
        | Q(member__full_name__icontains=text)
        | Q(condition_code__icontains=text)
        | Q(condition_definition__name_zh__icontains=text)
        | Q(condition_definition__name_en__icontains=text)
    )


def office_queue(
    *,
    queue: str,
    user,
    now: datetime,
    plan_id: int | None = None,
    condition_code: str = "",
    state: str = "",
    search: str = "",
    identifier_hash: str | None = None,
    sort: str = SORT_QUEUE,
) -> QuerySet[Claim]:
    """The claims of one queue, filtered, searched and sorted, with what each row shows
    joined in (no query per row).

    * unassigned: filed claims with no investigation, oldest first;
    * mine: the investigator's open investigations; for a reviewer, complete
      investigations awaiting the decision;
    * due soon: open investigations due within 3 days (a due date is the first instant
      past the last day, as ``period_end`` gives it);
    * overdue: an open investigation whose due date has come, or a claim still undecided
      more than ``DECISION_TARGET_DAYS`` Beijing days after filing;
    * all: every claim, newest first.
    """
    qs = Claim.objects.select_related(
        "member", "plan", "condition_definition", "investigation__investigator"
    )
    if queue == QUEUE_UNASSIGNED:
        qs = qs.filter(~_has_investigation(), state=ClaimState.FILED).order_by("filed_at", "id")
    elif queue == QUEUE_MINE:
        qs = qs.filter(_mine(user)).order_by("investigation__due_at", "filed_at", "id")
    elif queue == QUEUE_DUE_SOON:
        qs = qs.filter(
            _open_investigation(),
            investigation__due_at__gt=now,
            investigation__due_at__lte=now + timedelta(days=DUE_SOON_DAYS),
        ).order_by("investigation__due_at", "id")
    elif queue == QUEUE_OVERDUE:
        # Undecided on day 31 or later: filed before the start of (today − 30) in Beijing.
        target_start = clock.beijing_start_of_day(
            clock.beijing_date(now) - timedelta(days=settings.DECISION_TARGET_DAYS)
        )
        qs = qs.filter(
            (_open_investigation() & Q(investigation__due_at__lte=now))
            | Q(state=ClaimState.FILED, filed_at__lt=target_start)
        ).order_by("filed_at", "id")
    else:
        qs = qs.order_by("-filed_at", "-id")
    if plan_id:
        qs = qs.filter(plan_id=plan_id)
    if condition_code:
        qs = qs.filter(condition_code=condition_code)
    if state:
        qs = qs.filter(state=state)
    if search or identifier_hash:
        qs = qs.filter(queue_search(text=search, identifier_hash=identifier_hash))
    if sort in _SORT_ORDER:
        qs = qs.order_by(*_SORT_ORDER[sort])
    return qs


def office_queue_counts(*, user, now: datetime, **filters) -> dict[str, int]:
    filters.pop("sort", None)  # a count does not depend on the order
    return {
        key: office_queue(queue=key, user=user, now=now, **filters).count() for key, _ in QUEUES
    }


@dataclass(frozen=True)
class QueueRow:
    claim: Claim
    investigation: Investigation | None
    clock: CaseClock
    past_due: bool  # an open investigation past its due date

    @property
    def assignable(self) -> bool:
        """Filed and not signed off: the claim can be (re)assigned."""
        return self.claim.state == ClaimState.FILED and not (
            self.investigation and self.investigation.completed_at
        )


def queue_rows(*, claims, now: datetime) -> list[QueueRow]:
    rows = []
    for c in claims:
        investigation = getattr(c, "investigation", None)
        rows.append(
            QueueRow(
                claim=c,
                investigation=investigation,
                clock=case_clock(claim=c, today=clock.beijing_date(now)),
                past_due=bool(
                    investigation
                    and investigation.completed_at is None
                    and investigation.due_at <= now
                ),
            )
        )
    return rows


def condition_filter_choices() -> list[tuple[str, str]]:
    """Each condition code once, named from the newest set that has it."""
    seen: dict[str, str] = {}
    for condition in ConditionDefinition.objects.select_related("definition_set").order_by(
        "-definition_set__in_force_from", "id"
    ):
        seen.setdefault(condition.code, condition.name)
    return list(seen.items())
