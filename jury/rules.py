"""Jury rules as pure functions (赔审团).

DOMAIN.md section 5: if more than 50% of the votes support payment, the claim is
paid; otherwise it is denied. A tie denies.
"""

from claims.states import Decision


def verdict(*, pay_votes: int, deny_votes: int) -> str:
    """``approve`` iff pay votes are strictly more than half of the valid ballots."""
    if pay_votes < 0 or deny_votes < 0:
        raise ValueError("vote counts cannot be negative")
    if pay_votes + deny_votes == 0:
        raise ValueError("a tally needs at least one valid ballot")
    return Decision.APPROVE if 2 * pay_votes > pay_votes + deny_votes else Decision.DENY
