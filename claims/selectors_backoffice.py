"""Back-office reads (后台): the reviewers' and investigators' queues and the case page.

Read-only: every write goes through ``claims.services``. Times come in as arguments
(``now``/``today``); only the views read the clock.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from claims.models import Claim, ConditionDefinition, Investigation
from claims.rules import Proposal, propose_decision
from claims.states import ClaimState
from core import clock
from members import rules as member_rules
from members.selectors import member_is_linked_to_account

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

DECLARATION_LABELS = {
    "serious_illness_history": _("Serious illness before joining"),
    "current_treatment": _("In treatment or awaiting treatment when joining"),
    "abnormal_results": _("Abnormal test results not yet explained"),
    "current_treatment_for_cancer": _("In treatment for cancer when joining"),
}


# --- who may enter --------------------------------------------------------------------


def office_user_may_enter(*, user) -> bool:
    """Staff holding the investigator's or the reviewer's permission (调查员, 审核员)."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and user.is_staff
        and (user.has_perm("claims.investigate_claim") or user.has_perm("claims.decide_claim"))
    )


def investigators_for_assignment() -> QuerySet:
    """Active users holding ``investigate_claim`` (through a group or directly)."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(groups__permissions__codename="investigate_claim")
            | Q(user_permissions__codename="investigate_claim")
        )
        .distinct()
        .order_by("username")
    )


# --- the case clock ----------------------------------------------------------------


@dataclass(frozen=True)
class CaseClock:
    """Days since filing in Beijing days (the filing day is day 0, civil-law counting),
    against the decision target; it stops when the claim is decided or closed."""

    day: int
    target: int
    stopped: str  # "" while it runs, "decided" or "closed"

    @property
    def late(self) -> bool:
        return self.day > self.target


def case_clock(*, claim: Claim, today: date) -> CaseClock:
    if claim.investigated_at:
        end, stopped = claim.investigated_at, "decided"
    elif claim.closed_at:
        end, stopped = claim.closed_at, "closed"
    else:
        end, stopped = None, ""
    until = clock.beijing_date(end) if end else today
    return CaseClock(
        day=(until - clock.beijing_date(claim.filed_at)).days,
        target=settings.DECISION_TARGET_DAYS,
        stopped=stopped,
    )


# --- the queues ----------------------------------------------------------------------


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


def office_queue(
    *,
    queue: str,
    user,
    now: datetime,
    plan_id: int | None = None,
    condition_code: str = "",
    state: str = "",
) -> QuerySet[Claim]:
    """The claims of one queue, filtered, with what each row shows joined in (no query per
    row).

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
        qs = qs.filter(state=ClaimState.FILED, investigation__isnull=True).order_by(
            "filed_at", "id"
        )
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
    return qs


def office_queue_counts(*, user, now: datetime, **filters) -> dict[str, int]:
    return {
        key: office_queue(queue=key, user=user, now=now, **filters).count() for key, _ in QUEUES
    }


@dataclass(frozen=True)
class QueueRow:
    claim: Claim
    investigation: Investigation | None
    clock: CaseClock
    past_due: bool  # an open investigation past its due date


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


# --- the case page -------------------------------------------------------------------


def office_case(*, reference: str) -> Claim:
    """The claim with what the case page shows joined in; raises Claim.DoesNotExist."""
    return Claim.objects.select_related(
        "member",
        "plan",
        "enrolment__plan",
        "condition_definition__definition_set",
        "investigation__investigator",
        "investigation__assigned_by",
    ).get(reference=reference)


def claim_investigation(claim: Claim) -> Investigation | None:
    return getattr(claim, "investigation", None)


def user_is_conflicted(*, claim: Claim, user) -> bool:
    """Nobody works a claim of their own or of a member they are linked to."""
    return member_is_linked_to_account(member=claim.member, account=user)


@dataclass(frozen=True)
class EnrolmentFacts:
    joined_on: date
    first_covered_day: date
    credit_score: int
    declaration: list[tuple[str, bool | None]]


def enrolment_facts(*, claim: Claim) -> EnrolmentFacts:
    enrolment = claim.enrolment
    joined_on = clock.beijing_date(enrolment.joined_at)
    answers = enrolment.health_declaration or {}
    return EnrolmentFacts(
        joined_on=joined_on,
        first_covered_day=member_rules.first_covered_day(joined_on, enrolment.plan.waiting_days),
        credit_score=enrolment.credit_score,
        declaration=[(str(DECLARATION_LABELS.get(k, k)), answers[k]) for k in answers],
    )


def case_proposal(*, investigation: Investigation | None) -> Proposal | None:
    """What the evaluation supports (claims.rules.propose_decision), once there is one."""
    if not investigation or not investigation.evaluation:
        return None
    evaluation = investigation.evaluation
    return propose_decision(
        outcome=evaluation["outcome"],
        failing_clauses=[c["key"] for c in evaluation["clauses"] if c["result"] == "not_met"],
        non_disclosure_found=investigation.non_disclosure_found,
    )


def case_actions(*, claim: Claim, investigation: Investigation | None, user) -> set[str]:
    """The back-office steps this user may take on this claim in its state (the services
    still decide; this only chooses which forms to show)."""
    if claim.state != ClaimState.FILED or user_is_conflicted(claim=claim, user=user):
        return set()
    actions: set[str] = set()
    complete = investigation is not None and investigation.completed_at is not None
    if user.has_perm("claims.assign_investigation") and not complete:
        actions.add("assign")
        if investigation is None:
            actions.add("assign_next")
    if user.has_perm("claims.decide_claim") and complete:
        actions.add("decide")
    if (
        investigation is not None
        and not complete
        and investigation.investigator_id == user.pk
        and user.has_perm("claims.investigate_claim")
    ):
        actions.add("investigate")
    return actions
