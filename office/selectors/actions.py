"""What a back-office user may do on one claim now, and what the claim waits for.

Read-only: the services still decide (each checks its permission and conditions again);
this only chooses which buttons and forms the case page shows at its top, and which
dates it names when there is nothing to do yet. Time comes in as ``now``.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from claims import rules
from claims.models import Claim, Investigation
from claims.states import ClaimState
from core import clock
from office.selectors.case import user_is_conflicted

# A panel that is still deciding (jury.models.PanelStatus values; claims reads them
# through the reverse relation and never imports the jury).
PANEL_DECIDING = ("open", "needs_operator")
PANEL_NEEDS_OPERATOR = "needs_operator"


@dataclass(frozen=True)
class CaseActions:
    """The steps shown at the top of the case page, with the dates they depend on.

    ``"assign" in actions`` reads as in a template; an empty set is falsy.
    """

    names: frozenset[str] = frozenset()
    batch_due: date | None = None  # a batch date has come whose batch takes this claim
    next_batch: date | None = None  # the batch a decided claim waits for
    panel: Any = None  # the claim's latest jury panel (jury.models.Panel), if any
    waiting: list[str] = field(default_factory=list)  # what the claim waits for (keys)

    def __contains__(self, name: str) -> bool:
        return name in self.names

    def __bool__(self) -> bool:
        return bool(self.names)

    def __iter__(self):
        return iter(sorted(self.names))


def _publication(claim: Claim, today: date) -> tuple[date | None, date | None]:
    """(the batch date that has come and takes the claim, the next batch date)."""
    if claim.state != ClaimState.INVESTIGATED or claim.publicity_batch_id:
        return None, None
    latest = rules.latest_batch_date(today)
    if claim.investigated_at and claim.investigated_at < rules.batch_cutoff(latest):
        return latest, None
    return None, rules.next_batch_date(today)


def _investigation_steps(claim, investigation, user) -> set[str]:
    steps: set[str] = set()
    if claim.state != ClaimState.FILED:
        return steps
    complete = investigation is not None and investigation.completed_at is not None
    if user.has_perm("claims.assign_investigation") and not complete:
        steps.add("assign")
        if investigation is None:
            steps.add("assign_next")
    if investigation is None and user.has_perm("claims.investigate_claim"):
        steps.add("take")
    if user.has_perm("claims.decide_claim") and complete:
        steps.add("decide")
    if (
        investigation is not None
        and not complete
        and investigation.investigator_id == user.pk
        and user.has_perm("claims.investigate_claim")
    ):
        steps.add("investigate")
    return steps


def _notice_and_jury_steps(claim: Claim, user, now: datetime, panel) -> set[str]:
    steps: set[str] = set()
    if (
        claim.state == ClaimState.PUBLICISED
        and claim.publicity_closed_at is None
        and claim.publicity_ends_at is not None
        and now >= claim.publicity_ends_at
        and user.has_perm("claims.close_publicity")
    ):
        steps.add("close")
    deciding = panel is not None and panel.status in PANEL_DECIDING
    if (
        claim.state == ClaimState.DISPUTED
        and not deciding
        and user.has_perm("claims.record_jury_result")
    ):
        steps.add("record_jury")
    if (
        claim.state == ClaimState.JURY_VOTED
        and claim.jury_settled_at is None
        and claim.appeal_ends_at is not None
        and now >= claim.appeal_ends_at
        and (claim.appeal_lodged_at is None or claim.appeal_resulted_at is not None)
        and user.has_perm("claims.settle_jury_result")
    ):
        steps.add("settle")
    if (
        panel is not None
        and panel.status == PANEL_NEEDS_OPERATOR
        and user.has_perm("jury.change_panel")
    ):
        steps.add("repanel")
    return steps


def _waiting_investigation(claim: Claim, investigation, names: set[str]) -> list[str]:
    """Where a filed claim's investigation stands, for those who do not work it now."""
    if claim.state != ClaimState.FILED:
        return []
    if investigation is None:
        return [] if names & {"take", "assign"} else ["unassigned"]
    if investigation.completed_at is None:
        return [] if names & {"investigate", "assign"} else ["investigation"]
    return [] if "decide" in names else ["decision"]


def _waiting(claim: Claim, now: datetime, panel, next_batch: date | None) -> list[str]:
    """What the claim waits for, when nobody has to act (each key has a sentence)."""
    waiting = []
    if next_batch is not None:
        waiting.append("batch")
    if claim.state == ClaimState.PUBLICISED and claim.publicity_closed_at is None:
        if claim.publicity_ends_at and now < claim.publicity_ends_at:
            waiting.append("notice")
    if panel is not None and panel.status == "open":
        waiting.append("panel")
    if claim.state == ClaimState.JURY_VOTED and claim.jury_settled_at is None:
        if claim.appeal_lodged_at and not claim.appeal_resulted_at:
            waiting.append("appeal")
        elif claim.appeal_ends_at and now < claim.appeal_ends_at:
            waiting.append("appeal_window")
    if claim.state != ClaimState.PAID and claim.payable_at is not None:
        waiting.append("payout")
    return waiting


def case_actions(
    *, claim: Claim, investigation: Investigation | None, user, now: datetime
) -> CaseActions:
    """The steps this user may take on this claim now, and what it waits for."""
    panel = claim.panels.order_by("-id").first() if claim.pk else None
    batch_due, next_batch = _publication(claim, clock.beijing_date(now))
    names: set[str] = set()
    if not user_is_conflicted(claim=claim, user=user):
        names = _investigation_steps(claim, investigation, user)
        names |= _notice_and_jury_steps(claim, user, now, panel)
        if batch_due is not None and user.has_perm("claims.publish_claim"):
            names.add("publish_batch")
    waiting = _waiting_investigation(claim, investigation, names)
    waiting += _waiting(claim, now, panel, next_batch)
    return CaseActions(
        names=frozenset(names),
        batch_due=batch_due,
        next_batch=next_batch,
        panel=panel,
        waiting=waiting,
    )
