"""The share arithmetic of a sharing period (分摊). Pure: no ORM, no clock.

Money is ``Decimal`` to the fen. The share per member is rounded *down* to the fen
and the remainder is carried to the next period, so nothing is lost or invented:
``share × members + carried_out == total`` holds exactly, every period.
"""

from datetime import datetime
from decimal import Decimal
from typing import NamedTuple

from core.money import fen_floor, to_fen

ZERO = Decimal("0.00")


class Apportionment(NamedTuple):
    """The figures of one period: ``(fee, total, share, carried_out)``."""

    fee: Decimal
    total: Decimal
    share: Decimal
    carried_out: Decimal


def management_fee(approved_total: Decimal, fee_rate: Decimal) -> Decimal:
    """The management fee on the approved amounts, rounded down to the fen (never more
    than the rate)."""
    if fee_rate < 0 or fee_rate >= 1:
        raise ValueError(f"a fee rate is a fraction in [0, 1): {fee_rate!r}")
    return fen_floor(to_fen(approved_total) * fee_rate)


def apportion(
    approved_total: Decimal, fee_rate: Decimal, carried_in: Decimal, members: int
) -> Apportionment:
    """Split approved amounts plus the fee plus what was carried in equally among members.

    ``total = approved + fee + carried_in``; ``share = fen_floor(total / members)``;
    ``carried_out = total − share × members``. No members: nobody shares, all is carried.
    """
    approved_total, carried_in = to_fen(approved_total), to_fen(carried_in)
    if approved_total < 0 or carried_in < 0:
        raise ValueError("approved amounts and the carried remainder cannot be negative")
    if members < 0:
        raise ValueError(f"members cannot be negative: {members}")
    fee = management_fee(approved_total, fee_rate)
    total = approved_total + fee + carried_in
    share = fen_floor(total / members) if members else ZERO
    carried_out = total - share * members
    check_balance(total=total, shares_sum=share * members, carried_out=carried_out)
    return Apportionment(fee=fee, total=total, share=share, carried_out=carried_out)


def platform_borne(approved_total: Decimal) -> Apportionment:
    """A period the platform pays in full (the wind-down): no fee, no member shares, and
    nothing carried (the members' remainder waits for their next period)."""
    total = to_fen(approved_total)
    return Apportionment(fee=ZERO, total=total, share=ZERO, carried_out=ZERO)


def books_balance(
    *, total: Decimal, shares_sum: Decimal, carried_out: Decimal, platform: Decimal = ZERO
) -> bool:
    """Every fen of the total is a member's share, the platform's, or carried forward."""
    return shares_sum + carried_out + platform == total and carried_out >= 0


def check_balance(
    *, total: Decimal, shares_sum: Decimal, carried_out: Decimal, platform: Decimal = ZERO
) -> None:
    if not books_balance(
        total=total, shares_sum=shares_sum, carried_out=carried_out, platform=platform
    ):
        raise ArithmeticError(
            f"the books do not balance: shares {shares_sum} + carried {carried_out} "
            f"+ platform {platform} != total {total}"
        )


def platform_bears(*, opened_at: datetime, shutdown_announced_at: datetime | None) -> bool:
    """In a wind-down (停运) members share nothing from the announcement: every period
    opened at or after it is borne by the platform, the one due on the announcement day
    included (a period opens only after its sharing day's notice window)."""
    return shutdown_announced_at is not None and shutdown_announced_at <= opened_at
