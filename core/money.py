"""Money is Decimal to the fen (0.01 CNY). Rounding happens here and nowhere else."""

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation

FEN = Decimal("0.01")
MONEY_MAX_DIGITS = 14  # up to 999,999,999,999.99 CNY
MONEY_DECIMAL_PLACES = 2


def to_fen(amount: Decimal | int | str, *, rounding: str = ROUND_HALF_UP) -> Decimal:
    """Quantise ``amount`` to the fen. Floats are refused: they cannot hold money."""
    if isinstance(amount, float):
        raise TypeError("money must not be a float; pass Decimal, int or str")
    try:
        value = Decimal(amount)
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"not an amount of money: {amount!r}") from exc
    if not value.is_finite():
        raise ValueError(f"not an amount of money: {amount!r}")
    return value.quantize(FEN, rounding=rounding)


def fen_floor(amount: Decimal) -> Decimal:
    """Round down to the fen (shares are never rounded up: the remainder is carried)."""
    return to_fen(amount, rounding=ROUND_DOWN)


def format_cny(amount: Decimal) -> str:
    """``¥300,000.00``: for display only."""
    return f"¥{to_fen(amount):,.2f}"
