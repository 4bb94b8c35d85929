"""The claimant's stepper (claims.selectors.progress.claim_progress): what each step says
and the moment the step under way is expected to end, at its boundaries in Beijing time.

Pure: unsaved claims, no database; the clock moved with time-machine and read once."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine
from django.utils import translation

from claims.models import Claim
from claims.selectors.progress import (
    CURRENT,
    DONE,
    UPCOMING,
    case_clock,
    claim_progress,
    expected_publication,
)
from claims.states import ClaimState, Decision
from core import clock

BEIJING = ZoneInfo("Asia/Shanghai")
FILED = datetime(2025, 3, 10, 10, 0, tzinfo=BEIJING)


def at(*args) -> datetime:
    return datetime(*args, tzinfo=BEIJING)


def claim(**fields) -> Claim:
    fields.setdefault("filed_at", FILED)
    fields.setdefault("benefit_amount", Decimal("300000"))
    return Claim(**fields)


def steps(progress) -> dict:
    return {s.key: s for s in progress.steps}


def progress_at(moment: datetime, c: Claim, **kwargs):
    with time_machine.travel(moment, tick=False), translation.override("en"):
        return claim_progress(claim=c, now=clock.now(), **kwargs)


def test_a_filed_claim_is_decided_by_24_00_of_day_30_and_counts_as_the_office_does():
    c = claim()
    on_time = progress_at(at(2025, 4, 9, 23, 59, 59), c)  # day 30
    decided = steps(on_time)["decided"]
    assert decided.status == CURRENT
    assert decided.due == at(2025, 4, 10, 0, 0)  # 2025-04-09 24:00
    assert decided.details == ["Day 30 of 30."] and not decided.late
    assert on_time.clock == case_clock(claim=c, today=at(2025, 4, 9).date())  # one clock
    late = steps(progress_at(at(2025, 4, 10, 0, 0), c))["decided"]  # 24:00: day 31
    assert late.late and late.details[0].startswith("Day 31 of 30.")
    assert [s.key for s in on_time.steps] == ["filed", "decided", "publicised", "outcome"]
    assert steps(on_time)["publicised"].status == UPCOMING
    assert steps(on_time)["outcome"].label == "Paid or denied"


def test_the_day_turns_at_midnight_beijing_not_utc():
    c = claim(filed_at=at(2025, 3, 10, 23, 30))  # 15:30 UTC
    assert progress_at(at(2025, 3, 11, 0, 0), c).clock.day == 1
    assert progress_at(at(2025, 3, 10, 23, 59), c).clock.day == 0


def test_a_decision_waits_for_the_next_batch_day():
    decided_on_the_6th = claim(
        state=ClaimState.INVESTIGATED,
        decision=Decision.APPROVE,
        approved_amount=Decimal("300000"),
        investigated_at=at(2025, 4, 6, 23, 59),
    )
    p = progress_at(at(2025, 4, 6, 23, 59), decided_on_the_6th)
    assert steps(p)["decided"].status == DONE
    assert steps(p)["decided"].details == ["Approved: ¥300,000.00", "Decided on day 27 of 30."]
    assert steps(p)["publicised"].due == at(2025, 4, 7, 0, 0)
    on_the_7th = claim(
        state=ClaimState.INVESTIGATED,
        decision=Decision.DENY,
        investigated_at=at(2025, 4, 7, 0, 0),
    )
    assert expected_publication(on_the_7th, today=at(2025, 4, 7).date()) == at(2025, 4, 21)
    # a batch day passed without it (the batch ran late): the next one from today
    assert expected_publication(on_the_7th, today=at(2025, 4, 22).date()) == at(2025, 5, 7)
    assert steps(progress_at(at(2025, 4, 7, 1), on_the_7th))["outcome"].label == "Paid or denied"


def test_under_notice_until_its_end_then_payable_and_paid_within_10_days():
    published = at(2025, 4, 7, 0, 5)
    c = claim(
        state=ClaimState.PUBLICISED,
        decision=Decision.APPROVE,
        approved_amount=Decimal("300000"),
        investigated_at=at(2025, 4, 1, 9),
        published_at=published,
        publicity_ends_at=at(2025, 4, 15, 0, 0),
    )
    notice = steps(progress_at(at(2025, 4, 14, 23, 59), c))["publicised"]
    assert (notice.status, notice.at, notice.due) == (CURRENT, published, at(2025, 4, 15))
    assert notice.due_label == "Notice until"
    c.publicity_closed_at = c.payable_at = at(2025, 4, 15, 0, 2)
    payable = steps(progress_at(at(2025, 4, 15, 0, 2), c))
    assert payable["publicised"].status == DONE
    payment = payable["outcome"]
    assert (payment.status, payment.label) == (CURRENT, "Payment")
    assert payment.due == at(2025, 4, 26, 0, 0)  # 10 days from the 16th: 2025-04-25 24:00
    assert payment.details == ["Approved: ¥300,000.00"]


def test_a_dispute_shows_the_panel_deadline_then_the_appeal_window():
    disputed = dict(
        decision=Decision.DENY,
        investigated_at=at(2025, 4, 1, 9),
        published_at=at(2025, 4, 7, 0, 5),
        publicity_ends_at=at(2025, 4, 15),
        disputed_at=at(2025, 4, 8, 9),
    )
    c = claim(state=ClaimState.DISPUTED, **disputed)
    drawing = steps(progress_at(at(2025, 4, 8, 9, 1), c))
    assert drawing["publicised"].status == DONE
    assert drawing["disputed"].details == ["You disputed the denial."]
    assert drawing["jury"].status == CURRENT and drawing["jury"].due is None
    assert drawing["jury"].details == ["A panel of member-jurors is being drawn."]
    deadline = at(2025, 4, 9, 9, 1)
    voting = steps(progress_at(at(2025, 4, 8, 10), c, panel_deadline_at=deadline))["jury"]
    assert (voting.due, voting.due_label) == (deadline, "The jury votes until")

    c = claim(
        state=ClaimState.JURY_VOTED,
        jury_verdict=Decision.DENY,
        jury_pay_votes=2,
        jury_deny_votes=3,
        jury_voted_at=deadline,
        appeal_ends_at=at(2025, 4, 17),
        **disputed,
    )
    window = steps(progress_at(at(2025, 4, 16, 23, 59), c))["jury"]
    assert (window.status, window.due) == (CURRENT, at(2025, 4, 17))
    assert window.details == ["The jury decided to deny: 2 votes to pay, 3 to deny."]
    assert steps(progress_at(at(2025, 4, 17, 0, 0), c))["jury"].status == DONE


def test_an_appeal_adds_its_own_step_with_the_larger_panels_deadline():
    c = claim(
        state=ClaimState.JURY_VOTED,
        decision=Decision.APPROVE,
        approved_amount=Decimal("300000"),
        investigated_at=at(2025, 4, 1, 9),
        published_at=at(2025, 4, 7, 0, 5),
        publicity_ends_at=at(2025, 4, 15),
        disputed_at=at(2025, 4, 8, 9),
        jury_verdict=Decision.APPROVE,
        jury_pay_votes=3,
        jury_deny_votes=2,
        jury_voted_at=at(2025, 4, 9, 9),
        appeal_ends_at=at(2025, 4, 17),
        appeal_lodged_at=at(2025, 4, 10, 9),
    )
    p = steps(progress_at(at(2025, 4, 10, 10), c, panel_deadline_at=at(2025, 4, 11, 9)))
    assert p["disputed"].details == ["A member objected to the approval."]
    assert p["jury"].status == DONE
    assert (p["appeal"].status, p["appeal"].due) == (CURRENT, at(2025, 4, 11, 9))
    assert p["outcome"].label == "Payment" and p["outcome"].status == UPCOMING


def test_a_withdrawn_claim_shows_only_what_happened():
    c = claim(state=ClaimState.WITHDRAWN, closed_at=at(2025, 3, 12, 9))
    p = progress_at(at(2025, 3, 20), c)
    assert [(s.key, s.status) for s in p.steps] == [("filed", DONE), ("outcome", DONE)]
    assert p.steps[-1].label == "Withdrawn"
    assert p.clock.stopped == "closed"


def test_final_states_are_done_with_their_dates():
    paid = claim(
        state=ClaimState.PAID,
        decision=Decision.APPROVE,
        approved_amount=Decimal("100000"),
        investigated_at=at(2025, 3, 20),
        published_at=at(2025, 4, 7, 0, 5),
        publicity_ends_at=at(2025, 4, 15),
        publicity_closed_at=at(2025, 4, 15),
        payable_at=at(2025, 4, 15),
        paid_at=at(2025, 4, 20),
        closed_at=at(2025, 4, 20),
    )
    outcome = claim_progress(claim=paid, now=at(2025, 5, 1)).steps[-1]
    assert (outcome.status, outcome.at) == (DONE, at(2025, 4, 20))
    assert all(s.status == DONE for s in claim_progress(claim=paid, now=at(2025, 5, 1)).steps)
    denied = claim(
        state=ClaimState.DENIED,
        decision=Decision.DENY,
        investigated_at=at(2025, 3, 20),
        published_at=at(2025, 4, 7, 0, 5),
        publicity_ends_at=at(2025, 4, 15),
        publicity_closed_at=at(2025, 4, 15, 0, 1),
        closed_at=at(2025, 4, 15, 0, 1),
    )
    last = claim_progress(claim=denied, now=at(2025, 5, 1)).steps[-1]
    assert (last.status, last.at) == (DONE, at(2025, 4, 15, 0, 1))
    assert timedelta(0) == last.at - denied.closed_at
