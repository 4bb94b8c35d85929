"""The evaluator's three-valued logic and the clauses a denial rests on."""

from claims.definitions.evaluator import evaluate


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
