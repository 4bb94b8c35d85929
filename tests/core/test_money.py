"""Money to the fen (core.money): half up by default, down for shares, never a float."""

from decimal import ROUND_DOWN, Decimal

import pytest

from core.money import fen_floor, format_cny, to_fen

D = Decimal


@pytest.mark.parametrize(
    ("amount", "fen"),
    [
        (D("1.005"), D("1.01")),  # half up
        (D("1.0049"), D("1.00")),
        (D("-1.005"), D("-1.01")),  # half away from zero
        ("2.5", D("2.50")),
        (7, D("7.00")),
        (D("300000"), D("300000.00")),
    ],
)
def test_to_fen_rounds_half_up(amount, fen):
    quantised = to_fen(amount)
    assert quantised == fen and quantised.as_tuple().exponent == -2


def test_to_fen_may_round_down():
    assert to_fen(D("1.009"), rounding=ROUND_DOWN) == D("1.00")


@pytest.mark.parametrize(
    ("amount", "fen"),
    [(D("1.009"), D("1.00")), (D("15.428"), D("15.42")), (D("-1.009"), D("-1.00"))],
)
def test_fen_floor_rounds_towards_zero(amount, fen):
    assert fen_floor(amount) == fen


def test_a_float_is_refused():
    with pytest.raises(TypeError, match="^money must not be a float; pass Decimal, int or str$"):
        to_fen(0.1)


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        ("abc", "'abc'"),
        ((1, 2), "(1, 2)"),
        (D("NaN"), "Decimal('NaN')"),
        ("Infinity", "'Infinity'"),
    ],
)
def test_what_is_not_an_amount_is_refused(amount, shown):
    with pytest.raises(ValueError) as refusal:
        to_fen(amount)
    assert str(refusal.value) == f"not an amount of money: {shown}"


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (D("300000"), "¥300,000.00"),
        (D("1234.565"), "¥1,234.57"),
        (D("0.03"), "¥0.03"),
        (D("-7.5"), "¥-7.50"),
    ],
)
def test_format_cny(amount, text):
    assert format_cny(amount) == text
