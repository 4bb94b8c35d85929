"""Sane ranges of recorded facts (claims.definitions.ranges), at their boundaries."""

from decimal import Decimal

import pytest
from django.utils import translation

from claims.definitions.criteria import CriteriaError, validate
from claims.definitions.examples import facts_meeting, facts_missing
from claims.definitions.facts import clean_facts
from claims.definitions.io import DATA_DIR, SHIPPED, load_file
from claims.definitions.ranges import fact_range
from core.errors import InvalidValue, RuleViolation


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def clause(fact: str, unit: str, op: str = "gte", value=1, **extra) -> dict:
    return {
        "key": fact,
        "fact": fact,
        "op": op,
        "value": value,
        "unit": unit,
        "label_zh": fact,
        "label_en": fact,
        **extra,
    }


TREE = {
    "all": [
        clause("gcs_score", "points", "lte", 5),
        clause("life_support_hours", "h", "gte", 96),
        clause("burn_percent", "%", "gte", 20),
        clause("platelets", "×10⁹/L", "lte", 20),
        clause("hearing_db", "dB", "gte", 91),
        clause("marker_u_per_ml", "U/mL", "gte", 35),  # a unit no table knows
        clause("vas_pain", "points", "gte", 7, range=[0, 10]),  # declared in the data
    ]
}


def test_where_a_range_comes_from():
    assert fact_range(fact="vas_pain", unit="points", declared=[0, 10]).source == "definition"
    assert fact_range(fact="gcs_score", unit="points").source == "fact"
    assert fact_range(fact="anything", unit="%").source == "unit"
    other = fact_range(fact="marker", unit="U/mL")
    assert (other.low, other.high, other.source) == (0, 1_000_000, "default")


@pytest.mark.parametrize(
    ("fact", "inside", "outside"),
    [
        ("gcs_score", ["3", "15"], ["2", "15.01", "16"]),
        ("life_support_hours", ["0", "100000"], ["-1", "100000.5"]),
        ("burn_percent", ["0", "100"], ["-0.01", "100.01"]),
        ("platelets", ["0", "10000"], ["10000.01", "-5"]),
        ("hearing_db", ["-10", "130"], ["-10.5", "131"]),
        ("marker_u_per_ml", ["0", "1000000"], ["1000000.1", "1e400", "-1E-9"]),
        ("vas_pain", ["0", "10"], ["-1", "11"]),
    ],
)
def test_values_at_the_bounds_are_kept_and_beyond_them_refused(fact, inside, outside):
    for value in inside:
        assert clean_facts(TREE, {fact: value})[fact] == int(Decimal(value))
    for value in outside:
        with pytest.raises(InvalidValue) as refusal:
            clean_facts(TREE, {fact: value})
        error = refusal.value
        assert error.code == "fact_out_of_range" and error.http_status == 400
        assert error.params["field"] == f"facts.{fact}"
        assert str(error.message).startswith(f"“{fact}” must be between")


def test_the_message_names_the_bounds_and_the_unit():
    with pytest.raises(InvalidValue) as refusal:
        clean_facts(TREE, {"gcs_score": "-3"})
    assert str(refusal.value.message) == "“gcs_score” must be between 3 and 15 points; -3 is not."
    with pytest.raises(InvalidValue) as refusal:
        clean_facts(TREE, {"marker_u_per_ml": "9" * 60})
    assert "1.000000E+60 is not" in str(refusal.value.message)  # shortened


def test_not_a_number_is_still_fact_invalid():
    for value in ("abc", "NaN", "Infinity", True):
        with pytest.raises(RuleViolation) as refusal:
            clean_facts(TREE, {"gcs_score": value})
        assert refusal.value.code == "fact_invalid"


def test_a_threshold_outside_its_range_is_refused_when_the_definition_is_read():
    with pytest.raises(CriteriaError, match="outside the fact's range 3–15"):
        validate(clause("gcs_score", "points", "lte", 2))
    with pytest.raises(CriteriaError, match="outside the fact's range 0–10"):
        validate(clause("vas_pain", "points", "gte", 11, range=[0, 10]))
    for bad in ([10, 0], [0], ["a", 1], [True, 5]):
        with pytest.raises(CriteriaError, match="range"):
            validate(clause("vas_pain", "points", "gte", 5, range=bad))


def test_every_shipped_fact_has_a_range_from_the_tables_and_the_examples_fit():
    for name in SHIPPED:
        for condition in load_file(DATA_DIR / name)["conditions"]:
            tree = condition["criteria"]
            numbers = [c for c in validate(tree) if c.fact_kind == "number"]
            assert all(c.value_range.source in ("fact", "unit") for c in numbers)
            clean_facts(tree, facts_meeting(tree))  # raises if an example is out of range
            clean_facts(tree, facts_missing(tree))
