import pytest

from claims.states import Decision
from jury.rules import verdict


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
    with pytest.raises(ValueError):
        verdict(pay_votes=0, deny_votes=0)
    with pytest.raises(ValueError):
        verdict(pay_votes=-1, deny_votes=3)
