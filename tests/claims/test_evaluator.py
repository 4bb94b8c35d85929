"""The evaluator's three-valued logic and the clauses a denial rests on."""

import pytest

from claims.definitions.criteria import CriteriaError
from claims.definitions.evaluator import ClauseResult, evaluate


def leaf(key, op="gte", value=1):
    return {
        "key": key,
        "fact": key,
        "op": op,
        "value": value,
        "unit": "",
        "label_zh": key,
        "label_en": key,
    }


TREE = {
    "all": [
        leaf("a"),
        {"any": [leaf("b"), leaf("c")]},
        {"at_least": 2, "of": [leaf("d"), leaf("e"), leaf("f")]},
    ]
}
ALL_MET = {k: 1 for k in "abcdef"}


def test_met_when_every_part_is_met():
    result = evaluate(TREE, ALL_MET)
    assert result.outcome == "met" and result.deciding == []


def test_a_failed_all_names_only_the_part_that_failed():
    result = evaluate(TREE, {**ALL_MET, "a": 0})
    assert result.outcome == "not_met" and result.deciding == ["a"]


def test_an_any_with_one_branch_met_does_not_cite_the_other():
    assert evaluate(TREE, {**ALL_MET, "b": 0}).outcome == "met"
    failed = evaluate(TREE, {**ALL_MET, "b": 0, "c": 0})
    assert failed.deciding == ["b", "c"]


def test_at_least_n_fails_once_n_cannot_be_reached():
    assert evaluate(TREE, {**ALL_MET, "d": 0}).outcome == "met"
    failed = evaluate(TREE, {**ALL_MET, "d": 0, "e": 0})
    assert failed.outcome == "not_met" and failed.deciding == ["d", "e"]


def test_missing_facts_are_unknown_unless_the_outcome_is_already_settled():
    assert evaluate(TREE, {k: v for k, v in ALL_MET.items() if k != "d"}).outcome == "met"
    assert evaluate(TREE, {k: v for k, v in ALL_MET.items() if k != "a"}).outcome == "unknown"
    assert evaluate(TREE, {"a": 0}).outcome == "not_met"  # one failed `all` part settles it
    assert evaluate(TREE, {}).missing_facts == list("abcdef")


def test_wrong_types_are_unknown_with_a_reason():
    result = evaluate({"all": [leaf("a")]}, {"a": "lots"})
    assert result.outcome == "unknown" and "number" in result.clauses[0].reason


# --- one clause: each comparison at its threshold, with its reason -----------------------


def one(op, threshold, value, *, fact="x", unit=""):
    node = {**leaf("k", op=op, value=threshold), "fact": fact, "unit": unit}
    result = evaluate(node, {fact: value}).clauses[0]
    return result.result, result.reason


@pytest.mark.parametrize(
    ("op", "value", "expected"),
    [
        ("gte", 5, ("met", "5 points ≥ 5")),
        ("gte", "4.9", ("not_met", "4.9 points fails ≥ 5")),
        ("gt", 5, ("not_met", "5 points fails > 5")),  # > is strict at the threshold
        ("gt", "5.01", ("met", "5.01 points > 5")),
        ("lte", 5, ("met", "5 points ≤ 5")),
        ("lte", "5.1", ("not_met", "5.1 points fails ≤ 5")),
        ("lt", 5, ("not_met", "5 points fails < 5")),
        ("lt", "4.99", ("met", "4.99 points < 5")),
        ("eq", "5.0", ("met", "5.0 points = 5")),  # numbers compare as numbers
        ("eq", 6, ("not_met", "6 points fails = 5")),
    ],
)
def test_numeric_comparisons_at_their_threshold(op, value, expected):
    assert one(op, 5, value, unit="points") == expected


def test_a_threshold_written_as_text_is_still_a_number():
    assert one("gte", "5", 6) == ("met", "6  ≥ 5")
    assert one("lt", "0.5", "0.49") == ("met", "0.49  < 0.5")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("als", ("met", "als = als")),
        ("pma", ("not_met", "pma ≠ als")),
        ("ALS", ("not_met", "ALS ≠ als")),
    ],
)
def test_eq_on_text_is_exact_equality(value, expected):
    assert one("eq", "als", value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("als", ("met", "als is one of ['als', 'pma']")),
        ("other", ("not_met", "other is not one of ['als', 'pma']")),
    ],
)
def test_one_of(value, expected):
    assert one("one_of", ["als", "pma"], value) == expected


@pytest.mark.parametrize(
    ("op", "value", "expected"),
    [
        ("is_true", True, ("met", "x = yes")),
        ("is_true", False, ("not_met", "x = no")),
        ("is_false", False, ("met", "x = no")),
        ("is_false", True, ("not_met", "x = yes")),
        ("is_true", "yes", ("unknown", "x must be yes or no, got 'yes'")),
        ("is_false", 0, ("unknown", "x must be yes or no, got 0")),
    ],
)
def test_yes_or_no_clauses(op, value, expected):
    assert one(op, None, value) == expected


@pytest.mark.parametrize("value", [None, ""])
def test_nothing_recorded_is_unknown(value):
    assert one("gte", 5, value, fact="gcs_score") == (
        "unknown",
        "no value recorded for gcs_score",
    )


def test_a_clause_result_carries_the_clause_and_the_value():
    node = {**leaf("coma", op="lte", value=5), "fact": "gcs_score", "unit": "points"}
    node.update(label_zh="昏迷", label_en="Coma", to_be_confirmed=True)
    (result,) = evaluate(node, {"gcs_score": 4}).clauses
    assert result == ClauseResult(
        key="coma",
        fact="gcs_score",
        op="lte",
        threshold=5,
        unit="points",
        value=4,
        result="met",
        reason="4 points ≤ 5",
        label_zh="昏迷",
        label_en="Coma",
        to_be_confirmed=True,
    )


def test_a_malformed_clause_is_refused_naming_its_key():
    with pytest.raises(CriteriaError, match="^coma: unknown comparison 'about'$"):
        evaluate(leaf("coma", op="about"), {})
    keyless = {k: v for k, v in leaf("coma").items() if k != "key"}
    with pytest.raises(CriteriaError, match="^clause: clause needs a non-empty 'key'$"):
        evaluate(keyless, {})


# --- the evaluation as a whole -----------------------------------------------------------


def test_the_evaluation_lists_failing_clauses_and_missing_facts_once():
    tree = {"all": [leaf("a"), {**leaf("b"), "fact": "a"}, leaf("c"), leaf("d")]}
    result = evaluate(tree, {"c": 0})
    assert result.outcome == "not_met" and [c.key for c in result.failing] == ["c"]
    assert result.missing_facts == ["a", "d"]


def test_a_settled_or_open_outcome_names_no_deciding_clause():
    assert evaluate(leaf("a"), {"a": 1}).deciding == []
    assert evaluate(leaf("a"), {}).deciding == []
    assert evaluate(leaf("a"), {"a": 0}).deciding == ["a"]


def test_the_evaluation_as_a_dict():
    result = evaluate({"any": [leaf("a"), leaf("b")]}, {"a": 0, "b": 0})
    data = result.as_dict()
    assert data["outcome"] == "not_met" and data["deciding"] == ["a", "b"]
    assert [c["key"] for c in data["clauses"]] == ["a", "b"]
    assert data["clauses"][0] == {
        "key": "a",
        "fact": "a",
        "op": "gte",
        "threshold": 1,
        "unit": "",
        "value": 0,
        "result": "not_met",
        "reason": "0  fails ≥ 1",
        "label_zh": "a",
        "label_en": "a",
        "to_be_confirmed": False,
    }
    assert data["deciding"] is not result.deciding  # a copy, safe to change
