"""The history chart's geometry, worked out on the server (no chart library, no script).

Two panels share the x axis: the share per member as a line above; the members sharing
and the cases helped as paired bars below, each against its own scale (members on the
left, cases on the right). Pure: numbers in, coordinates out (Decimal, no floats).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

WIDTH = 720
LEFT, RIGHT = 72, 56  # room for the tick labels
LINE_TOP, LINE_HEIGHT = 16, 170
BARS_TOP, BARS_HEIGHT = 230, 150
HEIGHT = BARS_TOP + BARS_HEIGHT + 44  # x labels below
TICKS = 4
ONE_DP = Decimal("0.1")


@dataclass(frozen=True)
class Point:
    day: date
    share: Decimal
    members: int
    cases: int


@dataclass(frozen=True)
class Tick:
    y: Decimal
    label: str


@dataclass(frozen=True)
class Bar:
    x: Decimal
    y: Decimal
    width: Decimal
    height: Decimal
    value: int


@dataclass(frozen=True)
class Dot:
    x: Decimal
    y: Decimal
    point: Point


@dataclass(frozen=True)
class XLabel:
    x: Decimal
    label: str


@dataclass
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    line_top: int = LINE_TOP
    line_bottom: int = LINE_TOP + LINE_HEIGHT
    bars_top: int = BARS_TOP
    bars_bottom: int = BARS_TOP + BARS_HEIGHT
    polyline: str = ""
    dots: list[Dot] = field(default_factory=list)
    member_bars: list[Bar] = field(default_factory=list)
    case_bars: list[Bar] = field(default_factory=list)
    share_ticks: list[Tick] = field(default_factory=list)
    member_ticks: list[Tick] = field(default_factory=list)
    case_ticks: list[Tick] = field(default_factory=list)
    x_labels: list[XLabel] = field(default_factory=list)
    dot_radius: Decimal = Decimal("3.5")

    @property
    def empty(self) -> bool:
        return not self.dots


def nice_ceiling(value: Decimal) -> Decimal:
    """The smallest of 1, 2, 2.5, 5 × 10^k that is ≥ ``value`` (an axis maximum)."""
    value = Decimal(value)
    if value <= 0:
        return Decimal(1)
    exponent = value.adjusted()
    for _ in range(2):
        base = Decimal(10) ** exponent
        for step in (1, 2, Decimal("2.5"), 5, 10):
            if base * step >= value:
                return base * step
        exponent += 1
    return value


def axis(value: Decimal) -> tuple[Decimal, int]:
    """A round axis top and how many equal steps of a round size reach it (at most 4)."""
    value = Decimal(value)
    if value <= 0:
        return Decimal(1), TICKS
    step = nice_ceiling(value / TICKS)
    steps = int((value / step).to_integral_value(rounding=ROUND_CEILING))
    return step * steps, steps


def _r(value: Decimal) -> Decimal:
    return Decimal(value).quantize(ONE_DP, rounding=ROUND_HALF_UP)


def compact(n: Decimal | int) -> str:
    """1,200,000 → "1.2M"; 35,000 → "35K" (tick labels only; the table has the figures)."""
    n = Decimal(n)
    for size, suffix in ((Decimal(10) ** 6, "M"), (Decimal(10) ** 3, "K")):
        if n >= size:
            return f"{(n / size).normalize():f}{suffix}"
    return f"{n.normalize():f}"


def history_chart(points: list[Point]) -> Chart:
    chart = Chart()
    if not points:
        return chart
    plot_width = Decimal(chart.right_edge - chart.left)
    slot = plot_width / len(points)
    share_max, share_steps = axis(max(p.share for p in points))
    members_max, member_steps = axis(Decimal(max(p.members for p in points)))
    cases_max, case_steps = axis(Decimal(max(p.cases for p in points)))

    def line_y(value: Decimal) -> Decimal:
        return _r(chart.line_bottom - Decimal(LINE_HEIGHT) * value / share_max)

    def bar_height(value: int, top: Decimal) -> Decimal:
        return _r(Decimal(BARS_HEIGHT) * Decimal(value) / top)

    bar_width = _r(min(slot * Decimal("0.36"), Decimal(18)))
    label_every = max(1, -(-len(points) // 8))  # at most about 8 dates under the axis
    coords = []
    for i, point in enumerate(points):
        middle = chart.left + slot * i + slot / 2
        x, y = _r(middle), line_y(point.share)
        coords.append(f"{x},{y}")
        chart.dots.append(Dot(x, y, point))
        h = bar_height(point.members, members_max)
        chart.member_bars.append(
            Bar(_r(middle - bar_width), _r(chart.bars_bottom - h), bar_width, h, point.members)
        )
        h = bar_height(point.cases, cases_max)
        chart.case_bars.append(
            Bar(_r(middle), _r(chart.bars_bottom - h), bar_width, h, point.cases)
        )
        if i % label_every == 0:
            chart.x_labels.append(XLabel(x, point.day.isoformat()))
    chart.polyline = " ".join(coords)
    for k in range(TICKS + 1):
        fraction = Decimal(k) / TICKS
        chart.share_ticks.append(
            Tick(
                line_y(share_max * fraction), f"{(share_max * fraction).quantize(Decimal('0.01'))}"
            )
        )
        y = _r(chart.bars_bottom - Decimal(BARS_HEIGHT) * fraction)
        chart.member_ticks.append(Tick(y, compact(members_max * fraction)))
        chart.case_ticks.append(Tick(y, compact(cases_max * fraction)))
    return chart
