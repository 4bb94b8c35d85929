"""The appeal window (DOMAIN.md section 5 and docs/decisions.md: JURY_APPEAL_DAYS = 7):
7 Beijing days after the day of the tally, to 24:00 of the 7th day. A jury result
recorded on 15 March at 10:00 may be appealed until 22 March 24:00, not a second later."""

from datetime import datetime

import pytest
import time_machine
from django.conf import settings

from claims import services
from claims.states import ClaimState
from core.errors import InvalidTransition
from tests.factories import BEIJING, claim_in_state

pytestmark = pytest.mark.django_db
STATEMENT = "A new specialist report shows the clause is met after all"
TALLY = datetime(2025, 3, 15, 10, 0, tzinfo=BEIJING)  # when claim_in_state records it


def deny_verdict():
    claim = claim_in_state(ClaimState.JURY_VOTED, approve=False)
    assert claim.jury_voted_at == TALLY
    return claim


def test_the_appeal_window_is_7_days_after_the_tally_day():
    assert settings.JURY_APPEAL_DAYS == 7
    assert deny_verdict().appeal_ends_at == datetime(2025, 3, 23, 0, 0, tzinfo=BEIJING)


def test_an_appeal_at_23_59_59_on_the_7th_day_is_in_time():
    claim = deny_verdict()
    with time_machine.travel(datetime(2025, 3, 22, 23, 59, 59, tzinfo=BEIJING), tick=False):
        appealed = services.claim_lodge_appeal(
            claim=claim, actor=claim.member.account, statement=STATEMENT
        )
    assert appealed.appeal_lodged_at == datetime(2025, 3, 22, 23, 59, 59, tzinfo=BEIJING)


def test_an_appeal_at_00_00_on_the_8th_day_is_too_late():
    claim = deny_verdict()
    with time_machine.travel(datetime(2025, 3, 23, 0, 0, tzinfo=BEIJING), tick=False):
        with pytest.raises(InvalidTransition):
            services.claim_lodge_appeal(
                claim=claim, actor=claim.member.account, statement=STATEMENT
            )
    claim.refresh_from_db()
    assert claim.appeal_lodged_at is None
