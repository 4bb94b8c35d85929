"""Where a claim stands, for the claimant (the claim page's stepper): each step with the
moment it happened, and the step under way with the moment it is expected to end.

Pure: it reads the claim's columns and the times it is given, never the clock and no
other table (the panel's deadline comes in as an argument, from the jury app). The
decision clock is the back office's ``case_clock``, the same "day n of 30".

The steps, in the order of the design (DOMAIN.md section 3):

* filed — when the claim was filed;
* decided — the investigation and the decision, due within DECISION_TARGET_DAYS of
  filing (day 0 is the filing day, as the back office counts);
* publicised — published in the first batch (the 7th or the 21st) after the decision,
  under notice for 7 days;
* disputed and jury — only when a dispute or objection was lodged: the panel's deadline,
  then the appeal window, then the appeal panel's deadline;
* the outcome — paid within PAYMENT_TARGET_DAYS of the moment the claim became payable
  (the notice closed with no dispute, or the jury's pay verdict became final), or
  denied, or withdrawn.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from claims.models import Claim
from claims.rules import next_batch_date, period_end
from claims.states import ClaimState, Decision
from core.clock import beijing_date, beijing_start_of_day

DONE, CURRENT, UPCOMING = "done", "current", "upcoming"


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
    until = beijing_date(end) if end else today
    return CaseClock(
        day=(until - beijing_date(claim.filed_at)).days,
        target=settings.DECISION_TARGET_DAYS,
        stopped=stopped,
    )


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    status: str  # done / current / upcoming
    at: datetime | None = None  # when it happened
    due: datetime | None = None  # when the step under way is expected to end
    due_label: str = ""  # what the due time means, in the reader's words
    details: list[str] = field(default_factory=list)
    late: bool = False  # the step under way is past its target


@dataclass(frozen=True)
class Progress:
    steps: list[Step]
    clock: CaseClock

    @property
    def current(self) -> Step | None:
        return next((s for s in self.steps if s.status == CURRENT), None)


def decision_due_at(claim: Claim) -> datetime:
    """The end of the decision target: 24:00 of day 30 after filing (day 0 is the filing
    day), the last day the back office's clock counts as on time."""
    return period_end(claim.filed_at, settings.DECISION_TARGET_DAYS)


def payment_due_at(claim: Claim) -> datetime | None:
    """10 days after the claim became payable, to 24:00 Beijing time."""
    if claim.payable_at is None:
        return None
    return period_end(claim.payable_at, settings.PAYMENT_TARGET_DAYS)


def expected_publication(claim: Claim, *, today: date) -> datetime | None:
    """The start of the batch day that publishes a decided claim: the first 7th or 21st
    after the decision day (a claim decided on a batch day waits for the next), or, if
    that day is past and the claim still waits, the next batch day from today."""
    if claim.investigated_at is None:
        return None
    day = next_batch_date(beijing_date(claim.investigated_at))
    if day < today:
        day = next_batch_date(today - timedelta(days=1))
    return beijing_start_of_day(day)


def claim_progress(
    *, claim: Claim, now: datetime, panel_deadline_at: datetime | None = None
) -> Progress:
    """The claim's steps at ``now``. ``panel_deadline_at``: the deadline of the panel
    deciding the claim now (the first panel, or the appeal's), if one is open."""
    today = beijing_date(now)
    clock = case_clock(claim=claim, today=today)
    steps = [Step("filed", str(_("Filed")), DONE, at=claim.filed_at)]
    steps.append(_decided(claim, clock))
    steps.append(_publicised(claim, now=now, today=today))
    if claim.disputed_at is not None:
        steps.append(
            Step(
                "disputed",
                str(_("Disputed")),
                DONE,
                at=claim.disputed_at,
                details=[str(_dispute_words(claim))],
            )
        )
        steps.append(_jury(claim, now=now, panel_deadline_at=panel_deadline_at))
        if claim.appeal_lodged_at is not None:
            steps.append(_appeal(claim, panel_deadline_at=panel_deadline_at))
    steps.append(_outcome(claim))
    if claim.state == ClaimState.WITHDRAWN:
        steps = [s for s in steps if s.status == DONE or s.key == "outcome"]
    return Progress(steps=steps, clock=clock)


def _dispute_words(claim: Claim):
    if claim.decision == Decision.DENY:
        return _("You disputed the denial.")
    return _("A member objected to the approval.")


def decision_words(claim: Claim, decision: str | None = None) -> str:
    """ "Approved: ¥300,000.00" / "Denied": ``decision`` (by default the one that stands,
    the jury's if there was one), for the stepper and the emails."""
    from core.money import format_cny

    decision = decision if decision is not None else claim.final_decision
    if decision == Decision.APPROVE:
        amount = claim.approved_amount or claim.benefit_amount
        return str(_("Approved: %(amount)s")) % {"amount": format_cny(amount)}
    if decision == Decision.DENY:
        return str(pgettext_lazy("decision", "Denied"))
    return ""


def _decided(claim: Claim, clock: CaseClock) -> Step:
    label = str(_("Investigated and decided"))
    if claim.investigated_at is not None:
        days = str(_("Decided on day %(n)s of %(target)s.")) % {
            "n": clock.day,
            "target": clock.target,
        }
        words = decision_words(claim, claim.decision)
        return Step(
            "decided",
            label,
            DONE,
            at=claim.investigated_at,
            details=[d for d in (words, days) if d],
        )
    if claim.state == ClaimState.WITHDRAWN:
        return Step("decided", label, UPCOMING)
    day = str(_("Day %(n)s of %(target)s.")) % {"n": clock.day, "target": clock.target}
    if clock.late:
        day += " " + str(
            _("Later than our %(target)s-day target: we are sorry for the wait.")
            % {"target": clock.target}
        )
    return Step(
        "decided",
        label,
        CURRENT,
        due=decision_due_at(claim),
        due_label=str(_("Decision due by")),
        details=[day],
        late=clock.late,
    )


def _publicised(claim: Claim, *, now: datetime, today: date) -> Step:
    label = str(_("Public notice"))
    if claim.published_at is None:
        if claim.investigated_at is None or claim.state == ClaimState.WITHDRAWN:
            return Step("publicised", label, UPCOMING)
        return Step(
            "publicised",
            label,
            CURRENT,
            due=expected_publication(claim, today=today),
            due_label=str(_("Published in the batch of")),
        )
    ended = claim.publicity_closed_at or claim.disputed_at
    if ended is None and claim.state == ClaimState.PUBLICISED:
        return Step(
            "publicised",
            label,
            CURRENT,
            at=claim.published_at,
            due=claim.publicity_ends_at,
            due_label=str(_("Notice until")),
        )
    return Step("publicised", label, DONE, at=claim.published_at)


def _jury(claim: Claim, *, now: datetime, panel_deadline_at: datetime | None) -> Step:
    label = str(_("Jury"))
    if claim.jury_voted_at is None or claim.state == ClaimState.DISPUTED:
        details = [] if panel_deadline_at else [str(_("A panel of member-jurors is being drawn."))]
        return Step(
            "jury",
            label,
            CURRENT,
            due=panel_deadline_at,
            due_label=str(_("The jury votes until")),
            details=details,
        )
    first_at = claim.jury_voted_at if claim.appeal_lodged_at is None else claim.appeal_lodged_at
    verdict = _verdict_words(claim) if claim.appeal_lodged_at is None else ""
    window_open = claim.appeal_ends_at is not None and now < claim.appeal_ends_at
    if claim.appeal_lodged_at is None and claim.jury_settled_at is None and window_open:
        return Step(
            "jury",
            label,
            CURRENT,
            at=first_at,
            due=claim.appeal_ends_at,
            due_label=str(_("Final unless appealed by")),
            details=[verdict],
        )
    return Step("jury", label, DONE, at=first_at, details=[verdict] if verdict else [])


def _verdict_words(claim: Claim) -> str:
    verdict = (
        _("The jury decided to pay")
        if claim.jury_verdict == Decision.APPROVE
        else _("The jury decided to deny")
    )
    return str(_("%(verdict)s: %(pay)s votes to pay, %(deny)s to deny.")) % {
        "verdict": verdict,
        "pay": claim.jury_pay_votes,
        "deny": claim.jury_deny_votes,
    }


def _appeal(claim: Claim, *, panel_deadline_at: datetime | None) -> Step:
    label = str(_("Appeal to a larger panel"))
    if claim.appeal_resulted_at is None:
        return Step(
            "appeal",
            label,
            CURRENT,
            at=claim.appeal_lodged_at,
            due=panel_deadline_at,
            due_label=str(_("A larger panel votes until")),
        )
    return Step(
        "appeal",
        label,
        DONE,
        at=claim.appeal_resulted_at,
        details=[_verdict_words(claim)],
    )


def _outcome(claim: Claim) -> Step:
    if claim.state == ClaimState.PAID:
        return Step(
            "outcome", str(_("Paid")), DONE, at=claim.paid_at, details=[decision_words(claim)]
        )
    if claim.state == ClaimState.DENIED:
        return Step("outcome", str(_("Denied")), DONE, at=claim.closed_at)
    if claim.state == ClaimState.WITHDRAWN:
        return Step("outcome", str(_("Withdrawn")), DONE, at=claim.closed_at)
    if claim.payable_at is not None:
        return Step(
            "outcome",
            str(_("Payment")),
            CURRENT,
            due=payment_due_at(claim),
            due_label=str(_("Paid by")),
            details=[decision_words(claim)],
        )
    label = _("Payment") if claim.final_decision == Decision.APPROVE else _("Paid or denied")
    return Step("outcome", str(label), UPCOMING)
