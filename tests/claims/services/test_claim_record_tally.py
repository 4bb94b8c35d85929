"""A panel's tally, first panel or appeal: refused without one valid ballot (a negative
count or none at all), and the claim is left as it was."""

import pytest

from claims import services
from claims.states import ClaimState
from core.errors import RuleViolation
from tests.factories import claim_in_state

pytestmark = pytest.mark.django_db
EMPTY_TALLIES = [(0, 0), (-1, 3), (3, -1)]


@pytest.mark.parametrize(("pay_votes", "deny_votes"), EMPTY_TALLIES)
def test_a_first_panel_result_without_a_valid_ballot_is_refused(pay_votes, deny_votes):
    claim = claim_in_state(ClaimState.DISPUTED)
    with pytest.raises(RuleViolation) as refused:
        services.claim_record_jury_result(
            claim=claim, actor=None, pay_votes=pay_votes, deny_votes=deny_votes
        )
    assert refused.value.code == "empty_tally"
    claim.refresh_from_db()
    assert claim.state == ClaimState.DISPUTED


@pytest.mark.parametrize(("pay_votes", "deny_votes"), EMPTY_TALLIES)
def test_an_appeal_result_without_a_valid_ballot_is_refused(pay_votes, deny_votes):
    claim = claim_in_state("jury_voted_appealed", approve=False)
    with pytest.raises(RuleViolation) as refused:
        services.claim_record_appeal_result(
            claim=claim, actor=None, pay_votes=pay_votes, deny_votes=deny_votes
        )
    assert refused.value.code == "empty_tally"
    claim.refresh_from_db()
    assert claim.appeal_resulted_at is None
