"""The back office's queues (后台工作队列): which claims each tab holds, searched and sorted.

Read-only. Times come in as arguments (``now``); only the views read the clock.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from claims.models import Claim, ConditionDefinition, Investigation
from claims.selectors.progress import CaseClock, case_clock
from claims.states import ClaimState
from core import clock
from core.identifiers import hash_identifier, is_valid_identifier
from core.paging import CappedCount, ProbeExists, capped_counts, count_cap
from members.models import Member, Plan

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


def _investigation(*, probe: bool = False, **conditions) -> Exists:
    """The claim's investigation matches ``conditions``, as an ``EXISTS`` subquery.

    The queues filter on the investigation only through these: ``NOT EXISTS`` is an
    anti-join that reads the investigation's unique index on ``claim_id``, where a
    LEFT JOIN … IS NULL reads every investigation row (facts and all). ``probe``: tried
    claim by claim along the queue's index (``ProbeExists``), for the queues whose claims
    are found by walking the filed claims; the others start from the few investigations
    that match (one investigator's, those due in three days).
    """
    exists = ProbeExists if probe else Exists
    return exists(Investigation.objects.filter(claim_id=OuterRef("pk"), **conditions))


def _open_investigation(**conditions) -> Q:
    """Filed, with an investigation not yet signed off.

    Joined, not ``EXISTS``: a claim has at most one investigation, so the join adds no
    row, and the queues these serve (an investigator's own, due soon) are ordered by the
    investigation's due date: the join lets PostgreSQL walk a partial index on the open
    investigations' due dates and stop at the page (1 ms at 200,000 claims), where
    ``EXISTS`` had it join and sort every match first (57 ms for 6,000 due soon).
    """
    joined = {f"investigation__{key}": value for key, value in conditions.items()}
    return Q(investigation__completed_at__isnull=True, state=ClaimState.FILED, **joined)


def _mine(user) -> Q:
    mine = Q(pk__in=[])
    if user.has_perm("claims.investigate_claim"):
        mine |= _open_investigation(investigator=user)
    if user.has_perm("claims.decide_claim"):
        signed_off = _investigation(probe=True, completed_at__isnull=False)
        mine |= Q(signed_off, state=ClaimState.FILED)  # investigation_signed_off
    return mine


def _queue_condition(*, queue: str, user, now: datetime) -> Q:
    """Which claims a queue holds (see ``office_queue``)."""
    if queue == QUEUE_UNASSIGNED:
        return Q(~_investigation(probe=True), state=ClaimState.FILED)
    if queue == QUEUE_MINE:
        return _mine(user)
    if queue == QUEUE_DUE_SOON:
        return _open_investigation(due_at__gt=now, due_at__lte=now + timedelta(days=DUE_SOON_DAYS))
    if queue == QUEUE_OVERDUE:
        # Undecided on day 31 or later: filed before the start of (today − 30) in Beijing.
        target_start = clock.beijing_start_of_day(
            clock.beijing_date(now) - timedelta(days=settings.DECISION_TARGET_DAYS)
        )
        return Q(
            # the cheap test first: most overdue claims are simply old
            Q(filed_at__lt=target_start)
            | _investigation(probe=True, completed_at__isnull=True, due_at__lte=now),
            state=ClaimState.FILED,
        )
    return Q()


# Each queue's own order; the partial indexes of ``Claim.Meta`` serve the first two.
_QUEUE_ORDER = {
    QUEUE_UNASSIGNED: ["filed_at", "id"],  # claim_filed_oldest_first
    QUEUE_OVERDUE: ["filed_at", "id"],  # claim_filed_oldest_first
    QUEUE_MINE: ["investigation__due_at", "filed_at", "id"],  # an investigator's deadlines
    QUEUE_DUE_SOON: ["investigation__due_at", "id"],
    QUEUE_ALL: ["-filed_at", "-id"],  # claim_by_filing
}


def _queue_order(queue: str, user) -> list[str]:
    """A reviewer's "mine" (decisions waiting) is oldest first, like the decision clock:
    found along the filed claims' index, not sorted from all of them by a due date that
    has no meaning once the investigation is signed off."""
    if queue == QUEUE_MINE and not user.has_perm("claims.investigate_claim"):
        return ["filed_at", "id"]  # claim_filed_oldest_first
    return _QUEUE_ORDER.get(queue, _QUEUE_ORDER[QUEUE_ALL])


#: A name is matched from its first character; a text this long also anywhere in it
#: (the trigram index on the member's name answers both; a shorter text has no trigram).
NAME_ANYWHERE_FROM = 3


def queue_search(*, text: str, identifier_hash: str | None = None) -> Q:
    """What a person may type in the queue's search box.

    A full resident ID (18 characters, check digit right) is matched through the HMAC the
    member's number is stored as (the number itself is never stored); the page passes
    the HMAC of a number searched before as ``identifier_hash``, with its mask as the
    text. Anything else is matched against the reference (from its start), the member's
    name (from its start; anywhere in it from three characters on) and the condition
    (code or name, in either language).

    Each kind of match is found through its own index. The claims whose reference or
    member's name match are read first (their ids, up to ``LIST_COUNT_CAP`` + 1: a handful
    for a name) and every tab is given them as a list of ids; the matching conditions
    (a few dozen rows, read first too) become a test of the claim's own condition code.
    An OR across the claim, the member and the condition would read every claim, and a
    subquery repeated in each tab's count would be planned and run six times. Only a text
    that finds more claims than that by name (a family name alone) stays a subquery.
    """
    text = (text or "").strip()
    if identifier_hash or is_valid_identifier(text):
        digest = identifier_hash or hash_identifier(text)
        return Q(member_id__in=Member.objects.filter(national_id_hash=digest).values("pk"))
    if not text:
        return Q()
    if len(text) >= NAME_ANYWHERE_FROM:
        names = Member.objects.filter(full_name__icontains=text)
    else:
        names = Member.objects.filter(full_name__istartswith=text)
    claims = Claim.objects.order_by().values("pk")
    found = claims.filter(reference__startswith=text.upper()).union(  # upper-case references
        claims.filter(member_id__in=names.values("pk"))  # member_name_trigram
    )
    cap = count_cap()
    ids = [row["pk"] for row in found[: cap + 1]]
    matched = Q(pk__in=sorted(ids)) if len(ids) <= cap else Q(pk__in=found)
    codes = ConditionDefinition.objects.filter(
        Q(code__icontains=text) | Q(name_zh__icontains=text) | Q(name_en__icontains=text)
    ).values_list("code", flat=True)
    if matching := sorted(set(codes)):
        matched |= Q(condition_code__in=matching)  # claim_condition_recent
    return matched


@dataclass(frozen=True)
class QueueFilters:
    """The filters and the search a person chose, applied alike to every tab."""

    plan_id: int | None = None
    condition_code: str = ""
    state: str = ""
    search: Q = field(default_factory=Q)  # from queue_search

    def apply(self, qs: QuerySet[Claim]) -> QuerySet[Claim]:
        if self.plan_id:
            qs = qs.filter(plan_id=self.plan_id)
        if self.condition_code:
            qs = qs.filter(condition_code=self.condition_code)
        if self.state:
            qs = qs.filter(state=self.state)
        return qs.filter(self.search)


def queue_filters(
    *,
    plan_id: int | None = None,
    condition_code: str = "",
    state: str = "",
    search: str = "",
    identifier_hash: str | None = None,
) -> QueueFilters:
    """The chosen filters, the search read once for all the tabs."""
    return QueueFilters(
        plan_id=plan_id,
        condition_code=condition_code,
        state=state,
        search=queue_search(text=search, identifier_hash=identifier_hash),
    )


def office_queue(
    *,
    queue: str,
    user,
    now: datetime,
    filters: QueueFilters | None = None,
    sort: str = SORT_QUEUE,
) -> QuerySet[Claim]:
    """The claims of one queue, filtered, searched and sorted, with what each row shows
    (no query per row).

    * unassigned: filed claims with no investigation, oldest first;
    * mine: the investigator's open investigations, by due date; for a reviewer, complete
      investigations awaiting the decision, oldest first;
    * due soon: open investigations due within 3 days (a due date is the first instant
      past the last day, as ``period_end`` gives it);
    * overdue: an open investigation whose due date has come, or a claim still undecided
      more than ``DECISION_TARGET_DAYS`` Beijing days after filing;
    * all: every claim, newest first.
    """
    qs = Claim.objects.filter(_queue_condition(queue=queue, user=user, now=now))
    qs = (filters or QueueFilters()).apply(qs).order_by(*_queue_order(queue, user))
    if sort in _SORT_ORDER:
        qs = qs.order_by(*_SORT_ORDER[sort])
    return _row_columns(qs)


def office_queue_counts(
    *, user, now: datetime, filters: QueueFilters | None = None
) -> dict[str, CappedCount]:
    """Every tab's count, each capped at ``LIST_COUNT_CAP`` ("1,000+"), in one query."""
    filters = filters or QueueFilters()
    tabs = {key: _queue_condition(queue=key, user=user, now=now) for key, _label in QUEUES}
    return capped_counts({key: filters.apply(Claim.objects.filter(q)) for key, q in tabs.items()})


#: What a queue row shows, and nothing else (no diagnosis, no facts JSON).
ROW_FIELDS = (
    "reference",
    "state",
    "member",
    "member__full_name",
    "plan",
    "condition_code",
    "condition_definition",
    "filed_at",
    "investigated_at",
    "closed_at",
    "investigation__claim",
    "investigation__due_at",
    "investigation__completed_at",
    "investigation__investigator",
    "investigation__investigator__username",
)


def _row_columns(qs: QuerySet[Claim]) -> QuerySet[Claim]:
    """The member and the investigation joined in; the plan and the condition's name
    read by id afterwards (two small queries): joining the two small tables as well costs
    the planner more than both queries take."""
    return (
        qs.select_related("member", "investigation__investigator")
        .prefetch_related(
            Prefetch("plan", queryset=Plan.objects.only("name_zh", "name_en")),
            Prefetch(
                "condition_definition",
                queryset=ConditionDefinition.objects.only("code", "name_zh", "name_en"),
            ),
        )
        .only(*ROW_FIELDS)
    )


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
    """Each condition code once, named from the newest set that has it (three columns of
    a few dozen rows: no criteria, no set loaded)."""
    english = (get_language() or "").startswith("en")
    seen: dict[str, str] = {}
    for code, name_zh, name_en in ConditionDefinition.objects.order_by(
        "-definition_set__in_force_from", "id"
    ).values_list("code", "name_zh", "name_en"):
        seen.setdefault(code, name_en if english else name_zh)
    return list(seen.items())
