"""An appeal after an open first panel (every qualified juror could vote; the panel has no
seat count): the appeal panel has 2n + 1 seats with n the first panel's quorum
(docs/decisions.md, "The jury"), a majority quorum, and none of the first panel's voters.
The rule once took the missing seat count and raised TypeError: the appeal crashed."""

from datetime import timedelta

import pytest

from claims.models import ClaimEvent
from claims.states import ClaimEventType, ClaimState, Decision
from jury.models import Ballot, PanelStatus
from jury.services import panels
from tests.jury.services.test_panels import T, appeal_heard, disputed_claim, qualified_jurors, vote

pytestmark = pytest.mark.django_db
STATEMENT = "A new neurologist report shows GCS 4 for five days"


def test_an_appeal_after_an_open_panel_is_heard_end_to_end():
    claim = disputed_claim(size=None, quorum=3)  # the claimant disputed a denial
    pool = qualified_jurors(14)
    first = panels.panel_open(claim=claim, now=T)
    assert first.is_open_panel and first.seats.count() == 0
    for juror in pool[:3]:
        vote(first, juror, Decision.DENY, claim)
    panels.panel_close(panel=first, now=first.deadline_at)
    claim.refresh_from_db()
    assert claim.state == ClaimState.JURY_VOTED and claim.jury_verdict == Decision.DENY

    appeal = appeal_heard(
        claim=claim,
        actor=claim.member.account,
        statement=STATEMENT,
        now=first.deadline_at + timedelta(hours=1),
    )
    assert (appeal.round, appeal.size, appeal.quorum) == (2, 7, 4)  # 2 × 3 + 1, a majority
    assert appeal.status == PanelStatus.OPEN and appeal.appellant == claim.member.account
    seated = set(appeal.seats.values_list("juror_id", flat=True))
    first_voters = set(Ballot.objects.filter(panel=first).values_list("juror_id", flat=True))
    assert len(seated) == 7 and not seated & first_voters
    assert ClaimEvent.objects.filter(claim=claim, event_type=ClaimEventType.APPEAL_LODGED).exists()

    for seat in appeal.seats.all()[:4]:
        vote(appeal, seat.juror, Decision.APPROVE, claim, now=appeal.opened_at)
    panels.panel_close(panel=appeal, now=appeal.deadline_at)
    claim.refresh_from_db()
    assert claim.jury_verdict == Decision.APPROVE and claim.appeal_resulted_at is not None
