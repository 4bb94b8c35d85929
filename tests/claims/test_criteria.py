"""Criteria trees (claims.definitions.criteria): a definition that is not well formed is
refused, naming the place and the fault; a well-formed one gives its clauses. No database."""

import pytest

from claims.definitions.criteria import (
    BOOLEAN,
    COMPARISONS,
    NUMERIC,
    Clause,
    CriteriaError,
    clause_from,
    facts_needed,
    validate,
)


def leaf(key="gcs", **fields):
    node = {
        "key": key,
        "fact": f"{key}_fact",
        "op": "gte",
        "value": 5,
        "unit": "points",
        "label_zh": f"{key} 中文",
        "label_en": f"{key} label",
    }
    node.update(fields)
    return {k: v for k, v in node.items() if v is not ...}


def refused(tree) -> str:
    with pytest.raises(CriteriaError) as refusal:
        validate(tree)
    return str(refusal.value)


# --- the comparisons -------------------------------------------------------------------


def test_the_comparisons_and_their_kinds_are_pinned():
    """The catalogue's generated tests pick numeric clauses by NUMERIC: dropping a
    comparison from it would silently drop its tests (and its threshold checks)."""
    assert NUMERIC == {"gte", "gt", "lte", "lt"}
    assert BOOLEAN == {"is_true", "is_false"}
    assert set(COMPARISONS) == NUMERIC | BOOLEAN | {"eq", "one_of"}


@pytest.mark.parametrize(
    ("fields", "kind"),
    [
        ({"op": "gte", "value": 5}, "number"),
        ({"op": "lt", "value": "4.5"}, "number"),
        ({"op": "eq", "value": 3}, "number"),
        ({"op": "eq", "value": "als"}, "choice"),
        ({"op": "one_of", "value": ["als", "pma"]}, "choice"),
        ({"op": "is_true", "value": ...}, "boolean"),
        ({"op": "is_false", "value": ...}, "boolean"),
    ],
)
def test_a_clause_knows_the_kind_of_value_its_fact_takes(fields, kind):
    (clause,) = validate(leaf(**fields))
    assert clause.fact_kind == kind


# --- a clause --------------------------------------------------------------------------


def test_a_well_formed_clause_keeps_every_field_and_defaults_the_rest():
    (clause,) = validate(leaf(unit=...))
    assert clause == Clause(
        key="gcs",
        fact="gcs_fact",
        op="gte",
        value=5,
        unit="",
        label_zh="gcs 中文",
        label_en="gcs label",
        to_be_confirmed=False,
        range=None,
    )


@pytest.mark.parametrize(("given", "kept"), [(True, True), (1, True), (False, False), (0, False)])
def test_to_be_confirmed_is_kept_as_a_yes_or_no(given, kept):
    (clause,) = validate(leaf(to_be_confirmed=given))
    assert clause.to_be_confirmed is kept


def test_a_declared_range_is_kept_as_text_and_bounds_the_threshold():
    (clause,) = validate(leaf(fact="vas", value=7, range=[0, 10]))
    assert clause.range == ("0", "10")
    assert (clause.value_range.low, clause.value_range.high) == (0, 10)
    assert clause.value_range.source == "definition"
    assert refused(leaf(fact="vas", value=11, range=[0, 10])) == (
        "criteria: threshold 11 is outside the fact's range 0–10 (definition)"
    )
    assert refused(leaf(range=[10, 0])) == (
        "criteria: 'range' must have its low bound below its high bound"
    )


def test_a_threshold_outside_the_facts_range_is_refused():
    assert refused(leaf(fact="gcs_score", value=2)) == (
        "criteria: threshold 2 is outside the fact's range 3–15 (fact)"
    )
    validate(leaf(fact="gcs_score", value=3))  # the bound itself is in range


@pytest.mark.parametrize("field", ["key", "fact", "op", "label_zh", "label_en"])
@pytest.mark.parametrize("value", [..., "", 5])
def test_a_clause_needs_each_name_as_non_empty_text(field, value):
    assert refused(leaf(**{field: value})) == f"criteria: clause needs a non-empty '{field}'"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"op": "about"}, "criteria: unknown comparison 'about'"),
        ({"op": "gte", "value": None}, "criteria: 'gte' needs a numeric threshold"),
        ({"op": "lt", "value": [5]}, "criteria: 'lt' needs a numeric threshold"),
        ({"op": "gt", "value": "five"}, "criteria: threshold 'five' is not a number"),
        ({"op": "one_of", "value": []}, "criteria: 'one_of' needs a list of choices"),
        ({"op": "one_of", "value": "als"}, "criteria: 'one_of' needs a list of choices"),
        ({"op": "eq", "value": None}, "criteria: 'eq' needs a value"),
        ({"op": "eq", "value": [1]}, "criteria: threshold '[1]' is not a number"),
        ({"range": [1]}, "criteria: 'range' must be [low, high]"),
    ],
)
def test_a_malformed_clause_is_refused_saying_why(fields, message):
    assert refused(leaf(**fields)) == message


def test_a_numeric_threshold_may_be_written_as_text_and_eq_on_text_is_a_choice():
    (numeric,) = validate(leaf(op="gte", value="5.5"))
    assert numeric.value == "5.5" and numeric.fact_kind == "number"
    (choice,) = validate(leaf(op="eq", value="als", unit=""))
    assert choice.value == "als" and choice.fact_kind == "choice"


def test_a_clause_read_alone_names_its_place():
    with pytest.raises(CriteriaError, match="^conditions\\[2\\]: unknown comparison 'x'$"):
        clause_from(leaf(op="x"), "conditions[2]")


def test_a_clause_label_follows_the_language():
    (clause,) = validate(leaf())
    assert clause.label("en") == clause.label("en-gb") == "gcs label"
    assert clause.label("zh-hans") == "gcs 中文"


# --- groups ----------------------------------------------------------------------------


def test_groups_give_their_clauses_in_order():
    tree = {
        "all": [
            leaf("a"),
            {"any": [leaf("b"), leaf("c")]},
            {"at_least": 2, "of": [leaf("d"), leaf("e"), leaf("f")]},
        ]
    }
    assert [c.key for c in validate(tree)] == list("abcdef")


def test_the_place_of_a_fault_is_named_down_the_tree():
    tree = {"all": [leaf("a"), {"any": [leaf("b", fact="")]}]}
    assert refused(tree) == "criteria.all[1].any[0]: clause needs a non-empty 'fact'"
    assert refused(["not", "a", "tree"]) == "criteria: expected an object"
    assert refused({"all": [leaf("a"), "b"]}) == "criteria.all[1]: expected an object"


@pytest.mark.parametrize(
    ("tree", "message"),
    [
        ({"all": []}, "criteria: 'all' needs a non-empty list"),
        ({"any": []}, "criteria: 'any' needs a non-empty list"),
        ({"all": None}, "criteria: 'all' needs a non-empty list"),
        ({"any": "abc"}, "criteria: 'any' needs a non-empty list"),
        ({"all": {"key": "a"}}, "criteria: 'all' needs a non-empty list"),
        ({"at_least": 1, "of": "abc"}, "criteria: 'of' needs a non-empty list"),
        ({"at_least": 1, "of": []}, "criteria: 'at_least' must be 1..0"),
    ],
)
def test_an_empty_or_malformed_group_is_refused(tree, message):
    assert refused(tree) == message


@pytest.mark.parametrize("at_least", [1, 2, 3])
def test_at_least_may_be_from_1_to_the_number_of_parts(at_least):
    assert len(validate({"at_least": at_least, "of": [leaf("a"), leaf("b"), leaf("c")]})) == 3


@pytest.mark.parametrize("at_least", [0, 4, -1, "2", 2.0, None, ...])
def test_at_least_outside_1_to_the_number_of_parts_is_refused(at_least):
    tree = {"of": [leaf("a"), leaf("b"), leaf("c")]}
    if at_least is not ...:
        tree["at_least"] = at_least
    assert refused({"all": [leaf("z"), tree]}) == "criteria.all[1]: 'at_least' must be 1..3"


# --- the tree as a whole ---------------------------------------------------------------


def test_clause_keys_may_not_repeat():
    assert refused({"all": [leaf("a"), leaf("b", fact="x"), leaf("a", fact="y")]}) == (
        "clause keys repeat: a"
    )
    tree = {
        "all": [
            leaf("b", fact="b1"),
            leaf("a", fact="a1"),
            leaf("b", fact="b2"),
            leaf("a", fact="a2"),
            leaf("a", fact="a3"),
        ]
    }
    assert refused(tree) == "clause keys repeat: a, b"


def test_a_fact_keeps_one_kind_of_value():
    tree = {"all": [leaf("a", fact="coma"), leaf("b", fact="coma", op="is_true", value=...)]}
    assert refused(tree) == "fact 'coma' is used as two kinds of value"
    same = {"all": [leaf("a", fact="gcs_score", op="gte"), leaf("b", fact="gcs_score", op="lte")]}
    assert len(validate(same)) == 2


def test_facts_needed_names_each_fact_once_with_its_first_clause():
    tree = {
        "all": [
            leaf("a", fact="gcs_score", op="lte", value=5),
            leaf("b", fact="coma_hours", unit="h", value=96),
            leaf("c", fact="gcs_score", op="gte", value=3),
        ]
    }
    needed = facts_needed(tree)
    assert list(needed) == ["gcs_score", "coma_hours"]
    assert needed["gcs_score"].key == "a" and needed["coma_hours"].unit == "h"
