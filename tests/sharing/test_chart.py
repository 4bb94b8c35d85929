"""The history chart's geometry (no database)."""

from datetime import date, timedelta
from decimal import Decimal

from sharing.chart import Point, axis, compact, history_chart, nice_ceiling


def points(n):
    return [
        Point(date(2025, 1, 7) + timedelta(days=14 * i), Decimal("0.03") * (i + 1), 1000 * i, i)
        for i in range(n)
    ]


def test_no_periods_no_chart():
    assert history_chart([]).empty


def test_the_line_rises_with_the_share_and_bars_stay_in_their_panel():
    chart = history_chart(points(10))
    ys = [d.y for d in chart.dots]
    assert ys == sorted(ys, reverse=True)  # a higher share is drawn higher up
    assert all(chart.line_top <= y <= chart.line_bottom for y in ys)
    for bar in chart.member_bars + chart.case_bars:
        assert chart.bars_top <= bar.y and bar.y + bar.height <= chart.bars_bottom + Decimal("0.1")
    assert len(chart.polyline.split()) == 10
    assert 1 <= len(chart.x_labels) <= 10


def test_axis_maxima_are_round_numbers():
    assert nice_ceiling(Decimal("7.56")) == Decimal(10)
    assert nice_ceiling(Decimal("0.03")) == Decimal("0.05")
    assert nice_ceiling(Decimal("1900000")) == Decimal("2000000")
    assert nice_ceiling(Decimal("0")) == Decimal(1)
    assert compact(2_500_000) == "2.5M" and compact(35_000) == "35K" and compact(12) == "12"


def test_axis_ticks_are_round_steps():
    assert axis(Decimal("2.38")) == (Decimal("3"), 3)
    assert axis(Decimal("7.56")) == (Decimal("8"), 4)
    assert axis(Decimal("74129722")) == (Decimal("80000000"), 4)
    assert axis(Decimal("815")) == (Decimal("1000"), 4)
    assert axis(Decimal("0.03")) == (Decimal("0.03"), 3)
