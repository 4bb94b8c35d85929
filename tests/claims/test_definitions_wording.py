"""The fact as the clause states it (claims.definitions.wording): pure, no database."""

import json

import pytest
from django.utils import translation

from claims.definitions.criteria import Clause, validate
from claims.definitions.io import DATA_DIR, DefinitionFileError, parse_definition_set
from claims.definitions.wording import (
    UNITS,
    fact_line,
    fact_tree,
    number_text,
    quantity_text,
    unit_text,
    vocabulary_problems,
)

CII = json.loads((DATA_DIR / "cii-2020.json").read_text())
VOCABULARY = CII["facts"]


def condition(code: str) -> dict:
    return next(c for c in CII["conditions"] if c["code"] == code)


def clause(code: str, key: str) -> Clause:
    return next(c for c in validate(condition(code)["criteria"]) if c.key == key)


NOT_ALCOHOL = clause("deep_coma", "alcohol_or_drugs")


@pytest.mark.parametrize(
    ("language", "value", "finding", "status"),
    [
        ("en", True, "Caused by alcohol or drug abuse: yes", "Not met"),
        ("en", False, "Caused by alcohol or drug abuse: no", "Met"),
        ("zh-hans", True, "因酗酒或药物滥用导致：是", "不符合"),
        ("zh-hans", False, "因酗酒或药物滥用导致：否", "符合"),
    ],
)
def test_a_negated_clause_shows_the_fact_found_not_the_clause_inverted(
    language, value, finding, status
):
    with translation.override(language):
        line = fact_line(NOT_ALCOHOL, value, "not_met" if value else "met", VOCABULARY, language)
        assert line.finding == finding and line.status_label == status
        assert line.requirement == NOT_ALCOHOL.label(language)  # the clause as worded


def test_nothing_recorded_is_to_be_confirmed():
    with translation.override("en"):
        line = fact_line(NOT_ALCOHOL, None, "unknown", VOCABULARY, "en")
        assert line.finding == "Caused by alcohol or drug abuse: not recorded"
        assert line.status_label == "To be confirmed" and not line.recorded
    with translation.override("zh-hans"):
        line = fact_line(NOT_ALCOHOL, None, "unknown", VOCABULARY, "zh-hans")
        assert line.finding == "因酗酒或药物滥用导致：未录入" and line.status_label == "待确认"


def test_units_are_words_in_the_order_of_the_language():
    troponin = clause("acute_myocardial_infarction", "troponin")
    with translation.override("en"):
        assert quantity_text(18, "× URL") == "18 × the upper reference limit"
        assert quantity_text(96, "h") == "96 hours" and quantity_text(1, "h") == "1 hour"
        assert quantity_text(2, "grade") == "grade 2" and quantity_text(45, "%") == "45%"
        assert unit_text("d") == "days"
        line = fact_line(troponin, 18, "met", VOCABULARY, "en")
        assert line.finding == "Peak troponin (cTn): 18 × the upper reference limit"
    with translation.override("zh-hans"):
        assert quantity_text(18, "× URL") == "正常上限的 18 倍"
        assert quantity_text(96, "h") == "96 小时" and quantity_text(2, "grade") == "2 级"
        assert quantity_text(3, "ADLs") == "6 项中的 3 项"
        line = fact_line(troponin, 18, "met", VOCABULARY, "zh-hans")
        assert line.finding == "肌钙蛋白（cTn）峰值：正常上限的 18 倍"


def test_numbers_are_formatted_for_the_language():
    with translation.override("en"):
        assert number_text(12000) == "12,000" and number_text("0.50") == "0.5"
        assert number_text("95.5") == "95.5"
    with translation.override("zh-hans"):
        assert number_text(12000) == "12000"


def test_a_choice_is_named_by_its_label_never_its_value():
    transplant = clause("organ_transplant", "transplant_type")
    with translation.override("en"):
        line = fact_line(transplant, "haematopoietic_stem_cell", "met", VOCABULARY, "en")
        assert line.finding == "Organ or tissue transplanted: Haematopoietic stem cells"
        other = fact_line(transplant, "other", "not_met", VOCABULARY, "en")
        assert other.finding == "Organ or tissue transplanted: none of the listed ones"
        unknown = fact_line(transplant, "pancreas_islets", "not_met", VOCABULARY, "en")
        assert "pancreas_islets" not in unknown.finding


def test_an_asserted_fact_is_named_by_its_clause():
    chest_pain = clause("acute_myocardial_infarction", "ischaemic_chest_pain")
    assert "ischaemic_chest_pain" not in VOCABULARY
    with translation.override("en"):
        assert fact_line(chest_pain, True, "met", VOCABULARY, "en").finding == (
            "Ischaemic chest pain: yes"
        )


def test_the_tree_numbers_the_clauses_and_judges_what_has_no_stored_result():
    with translation.override("en"):
        tree = fact_tree(
            condition("deep_coma")["criteria"],
            {"gcs_score": 4, "life_support_hours": 95, "caused_by_alcohol_or_drugs": False},
            VOCABULARY,
            "en",
        )
    assert [n.number for n in tree.clauses()] == [1, 2, 3]
    assert [n.line.status for n in tree.clauses()] == ["met", "not_met", "met"]
    assert tree.status == "not_met" and tree.heading == "All of these"


def test_no_line_of_any_shipped_clause_shows_a_key():
    """Every clause of the shipped sets, with facts that meet or miss it, in both
    languages: no fact key, clause key or choice value in the words."""
    from claims.definitions.examples import facts_meeting, facts_missing

    keys = set()
    for data in (CII, json.loads((DATA_DIR / "transport-accident-2018.json").read_text())):
        for spec in data["conditions"]:
            for c in validate(spec["criteria"]):
                keys |= {c.fact, c.key} | {v for v in (c.value if c.op == "one_of" else [])}
    keys = {k for k in keys if "_" in k}
    for data in (CII, json.loads((DATA_DIR / "transport-accident-2018.json").read_text())):
        for spec in data["conditions"]:
            tree = spec["criteria"]
            for facts in (facts_meeting(tree), facts_missing(tree)):
                for language in ("en", "zh-hans"):
                    with translation.override(language):
                        lines = fact_tree(tree, facts, data["facts"], language).lines()
                    words = " ".join(f"{line.requirement} {line.finding}" for line in lines)
                    assert not [k for k in keys if k in words], spec["code"]


def test_a_set_that_leaves_a_fact_without_words_is_refused():
    data = json.loads((DATA_DIR / "cii-2020.json").read_text())
    del data["facts"]["caused_by_alcohol_or_drugs"]  # negated: needs its own words
    del data["facts"]["transplant_type"]["choices"]["kidney"]
    with pytest.raises(DefinitionFileError) as refusal:
        parse_definition_set(data)
    assert "fact caused_by_alcohol_or_drugs" in str(refusal.value)
    assert "choice 'kidney'" in str(refusal.value)
    assert vocabulary_problems(CII["facts"], [NOT_ALCOHOL]) == []
    odd = Clause("k", "f", "gte", 1, "furlongs", "x", "x")
    assert vocabulary_problems({"f": {"label_zh": "x", "label_en": "x"}}, [odd]) == [
        "clause k: unit 'furlongs' has no words"
    ]
    assert set(UNITS) >= {"d", "h", "× URL", "%", "×10⁹/L"}
