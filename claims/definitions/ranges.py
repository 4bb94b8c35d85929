"""Sane ranges of measured facts: no negative or astronomically large measurement.

A number recorded for a clause must lie within its fact's range, bounds included.
The range comes from the first of:

1. the clause itself, in the definition data: ``"range": [low, high]`` (numbers or
   decimal strings), so that a new definition set declares its ranges with its
   criteria;
2. ``FACT_RANGES``, for facts whose unit is shared by scales of different spans (the
   Glasgow Coma Scale and the Clinical Dementia Rating are both in points);
3. ``UNIT_RANGES``, by the clause's unit;
4. ``DEFAULT_RANGE``, for anything else (lab values and counts): 0 to 1,000,000.

The shipped sets (cii-2020, transport-accident-2018) declare no ranges: they are in
use by decided claims and stay as they were; tables 2 and 3 cover every numeric fact
they ask for. A set's thresholds must lie within its ranges (checked on import, by
``claims.definitions.criteria.validate``). Pure: no ORM, no clock.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

Bounds = tuple[int | str, int | str]

UNIT_RANGES: dict[str, Bounds] = {
    "%": (0, 100),
    "h": (0, 100_000),  # about 11 years
    "d": (0, 36_500),  # a hundred years
    "months": (0, 1_200),
    "years": (0, 130),  # an age
    "ADLs": (0, 6),  # of the six activities of daily living
    "limbs": (0, 4),
    "stage": (0, 5),
    "class": (1, 4),  # NYHA I–IV
    "grade": (0, 10),
    "points": (0, 100),
    "dB": (-10, 130),  # hearing level; -10 dB is better than average hearing
    "°": (0, 180),
    "mmHg": (0, 300),
    "× URL": (0, 100_000),  # times the upper reference limit
    "×10⁹/L": (0, 10_000),
}
FACT_RANGES: dict[str, Bounds] = {
    "gcs_score": (3, 15),  # Glasgow Coma Scale
    "cdr_score": (0, 3),  # Clinical Dementia Rating
    "min_limb_muscle_strength": (0, 5),  # the MRC muscle grades 0–5
    "disability_grade": (1, 10),  # the ten disability grades
    "ckd_stage": (1, 5),  # K/DOQI stages 1–5
    "better_eye_corrected_acuity": (0, "2.0"),  # decimal acuity, international chart
}
DEFAULT_RANGE: Bounds = (0, 1_000_000)


class RangeError(ValueError):
    """A declared range that is not two numbers, low below high."""


@dataclass(frozen=True)
class FactRange:
    low: Decimal
    high: Decimal
    source: str  # definition, fact, unit or default

    def contains(self, value: Decimal) -> bool:
        return self.low <= value <= self.high


def parse_range(raw: Any) -> tuple[Decimal, Decimal]:
    """A declared ``[low, high]``; raises RangeError."""
    if not isinstance(raw, list | tuple) or len(raw) != 2:
        raise RangeError("'range' must be [low, high]")
    try:
        low, high = (Decimal(str(bound)) for bound in raw)
    except InvalidOperation as exc:
        raise RangeError("'range' bounds must be numbers") from exc
    if (
        isinstance(raw[0], bool)
        or isinstance(raw[1], bool)
        or not (low.is_finite() and high.is_finite())
    ):
        raise RangeError("'range' bounds must be numbers")
    if not low < high:
        raise RangeError("'range' must have its low bound below its high bound")
    return low, high


def fact_range(*, fact: str, unit: str, declared: Any = None) -> FactRange:
    """The range a recorded value of ``fact`` must lie in (see the module's docstring)."""
    if declared is not None:
        low, high = parse_range(declared)
        return FactRange(low, high, "definition")
    for source, bounds in (
        ("fact", FACT_RANGES.get(fact)),
        ("unit", UNIT_RANGES.get(unit)),
        ("default", DEFAULT_RANGE),
    ):
        if bounds is not None:
            return FactRange(Decimal(str(bounds[0])), Decimal(str(bounds[1])), source)
    raise AssertionError("unreachable: DEFAULT_RANGE is set")
