"""The verdict a jury's tally gives (赔审团), a claim rule (``claims.rules.verdict``): more
than half of the valid ballots to pay pays; a tie denies. No database."""

import pytest

from claims.rules import verdict
from claims.states import Decision


@pytest.mark.parametrize(
    ("pay", "deny", "expected"),
    [
        (51, 49, Decision.APPROVE),
        (50, 50, Decision.DENY),
        (49, 51, Decision.DENY),
        (1, 0, Decision.APPROVE),
        (0, 1, Decision.DENY),
        (126_001, 126_000, Decision.APPROVE),
    ],
)
def test_more_than_half_pays_and_a_tie_denies(pay, deny, expected):
    assert verdict(pay_votes=pay, deny_votes=deny) == expected


def test_empty_or_negative_tally_is_refused():
    with pytest.raises(ValueError, match="^a tally needs at least one valid ballot$"):
        verdict(pay_votes=0, deny_votes=0)
    with pytest.raises(ValueError, match="^vote counts cannot be negative$"):
        verdict(pay_votes=-1, deny_votes=3)
    with pytest.raises(ValueError, match="^vote counts cannot be negative$"):
        verdict(pay_votes=3, deny_votes=-1)
