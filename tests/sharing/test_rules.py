"""The share arithmetic (no database): the fee, the floor to the fen, the carried remainder."""

from decimal import Decimal

import pytest

from sharing import rules

D = Decimal
RATE = D("0.08")


def test_700_000_of_approvals_plus_8_percent_over_100_000_members_is_7_56_each():
    fee, total, share, carried_out = rules.apportion(D("700000.00"), RATE, D("0"), 100_000)
    assert fee == D("56000.00")
    assert total == D("756000.00")
    assert share == D("7.56")
    assert carried_out == D("0.00")


def test_a_total_that_does_not_divide_carries_its_remainder():
    figures = rules.apportion(D("100.00"), RATE, D("0.00"), 7)
    assert figures.total == D("108.00")
    assert figures.share == D("15.42")  # 108 / 7 = 15.428…, rounded down
    assert figures.carried_out == D("0.06")  # 108.00 − 15.42 × 7
    assert figures.share * 7 + figures.carried_out == figures.total


def test_what_was_carried_in_is_shared_again():
    first = rules.apportion(D("100.00"), RATE, D("0.00"), 7)
    second = rules.apportion(D("100.00"), RATE, first.carried_out, 7)
    assert second.total == D("108.06")
    assert second.share == D("15.43") and second.carried_out == D("0.05")


def test_zero_members_carries_everything():
    figures = rules.apportion(D("300000.00"), RATE, D("0.37"), 0)
    assert figures.share == D("0.00")
    assert figures.carried_out == figures.total == D("324000.37")


def test_no_approvals_shares_only_what_was_carried():
    figures = rules.apportion(D("0"), RATE, D("0.05"), 3)
    assert figures.fee == D("0.00")
    assert (figures.share, figures.carried_out) == (D("0.01"), D("0.02"))


def test_the_fee_is_rounded_down_to_the_fen():
    assert rules.management_fee(D("0.13"), RATE) == D("0.01")  # 0.0104
    assert rules.management_fee(D("0.12"), RATE) == D("0.00")  # 0.0096


@pytest.mark.parametrize(
    "approved,carried,members",
    [("1.00", "0", 3), ("999999999.99", "0.99", 9_999_999), ("12345.67", "0.01", 64)],
)
def test_the_books_always_balance_to_the_fen(approved, carried, members):
    figures = rules.apportion(D(approved), RATE, D(carried), members)
    assert figures.share * members + figures.carried_out == figures.total
    assert D("0") <= figures.carried_out < D("0.01") * members
    assert figures.share == figures.share.quantize(D("0.01"))


def test_floats_and_negative_figures_are_refused():
    with pytest.raises(TypeError):
        rules.apportion(700000.0, RATE, D("0"), 10)
    with pytest.raises(ValueError):
        rules.apportion(D("-1"), RATE, D("0"), 10)
    with pytest.raises(ValueError):
        rules.apportion(D("1"), RATE, D("0"), -1)


def test_the_books_check_refuses_a_missing_fen():
    with pytest.raises(ArithmeticError):
        rules.check_balance(total=D("10.00"), shares_sum=D("9.98"), carried_out=D("0.01"))


def test_a_platform_period_bears_everything_and_carries_nothing():
    figures = rules.platform_borne(D("500000.00"))
    assert figures == (D("0.00"), D("500000.00"), D("0.00"), D("0.00"))
    assert rules.books_balance(
        total=figures.total, shares_sum=D("0"), carried_out=D("0"), platform=figures.total
    )


@pytest.mark.parametrize(("rate", "fee"), [("0", "0.00"), ("0.08", "8.00"), ("0.9999", "99.99")])
def test_a_fee_rate_is_a_fraction_from_0_up_to_but_not_including_1(rate, fee):
    assert rules.management_fee(D("100.00"), D(rate)) == D(fee)


@pytest.mark.parametrize("rate", ["-0.01", "1", "1.5", "2"])
def test_a_fee_rate_outside_0_to_1_is_refused(rate):
    with pytest.raises(ValueError, match=r"^a fee rate is a fraction in \[0, 1\): Decimal\("):
        rules.management_fee(D("100.00"), D(rate))


def test_negative_figures_are_refused_with_what_was_negative():
    with pytest.raises(
        ValueError, match="^approved amounts and the carried remainder cannot be negative$"
    ):
        rules.apportion(D("1"), RATE, D("-0.01"), 10)
    with pytest.raises(ValueError, match="^members cannot be negative: -1$"):
        rules.apportion(D("1"), RATE, D("0"), -1)


def test_the_books_check_counts_what_the_platform_bears():
    rules.check_balance(
        total=D("10.00"), shares_sum=D("6.00"), carried_out=D("0.00"), platform=D("4.00")
    )
    with pytest.raises(ArithmeticError) as refused:
        rules.check_balance(
            total=D("10.00"), shares_sum=D("6.00"), carried_out=D("0.01"), platform=D("4.00")
        )
    assert str(refused.value) == (
        "the books do not balance: shares 6.00 + carried 0.01 + platform 4.00 != total 10.00"
    )
