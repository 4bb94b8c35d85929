"""The shipped definition sets (claims/definitions/data) against the pure evaluator.

No database: the JSON files are read as they ship. For every condition there is one set of
facts that meets it and, for one or more clauses, the same facts moved by the smallest step
across that clause's threshold, which must fail on exactly that clause.
"""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from claims.definitions.criteria import NUMERIC, facts_needed, validate
from claims.definitions.evaluator import evaluate
from claims.definitions.io import parse_definition_set

DATA = Path(__file__).resolve().parents[2] / "claims" / "definitions" / "data"

SEVERE_CODES = [
    "malignant_tumour",
    "acute_myocardial_infarction",
    "stroke_sequelae",
    "organ_transplant",
    "coronary_bypass",
    "chronic_kidney_failure",
    "loss_of_limbs",
    "severe_hepatitis",
    "benign_brain_tumour",
    "chronic_liver_failure",
    "encephalitis_sequelae",
    "deep_coma",
    "deafness",
    "blindness",
    "paralysis",
    "heart_valve_surgery",
    "alzheimers",
    "brain_injury",
    "parkinsons",
    "third_degree_burns",
    "pulmonary_hypertension",
    "motor_neurone_disease",
    "loss_of_speech",
    "aplastic_anaemia",
    "aortic_surgery",
    "respiratory_failure",
    "crohns_disease",
    "ulcerative_colitis",
]
MILD_CODES = ["malignant_tumour_mild", "myocardial_infarction_mild", "stroke_sequelae_mild"]
CANCER_CODES = {"malignant_tumour", "malignant_tumour_mild"}


def _load(name: str) -> dict:
    with open(DATA / name, encoding="utf-8") as fh:
        return json.load(fh)


CII = _load("cii-2020.json")
TRANSPORT = _load("transport-accident-2018.json")
SETS = {"cii-2020": CII, "transport-accident-2018": TRANSPORT}
CONDITIONS = {c["code"]: c for s in SETS.values() for c in s["conditions"]}


# The facts of a heart attack that is diagnosed but reaches none of the severe marks.
_AMI_DIAGNOSED = {
    "cardiac_biomarker_rise_fall": True,
    "ischaemic_chest_pain": True,
    "new_ischaemic_ecg_changes": False,
    "new_pathological_q_waves": False,
    "imaging_new_myocardial_loss_or_wall_motion": False,
    "angiographic_coronary_thrombus": False,
    "new_moderate_mitral_regurgitation": False,
    "new_ventricular_aneurysm": False,
    "ventricular_arrhythmia_or_cardiogenic_shock": False,
    "troponin_rise_from_non_coronary_cause": False,
}

# Per condition: facts that meet it, and misses as {clause key: (fact, value)}: the met facts
# with that one fact moved by the smallest step, so that clause (and only it) newly fails.
EXAMPLES: dict[str, dict] = {
    "malignant_tumour": {
        "meets": {
            "icdo3_behaviour_code": "3",
            "pathology_confirmed": True,
            "is_low_stage_listed_as_mild": False,
        },
        "misses": {
            "icdo3_behaviour": ("icdo3_behaviour_code", "2"),
            "not_low_stage": ("is_low_stage_listed_as_mild", True),
        },
    },
    "acute_myocardial_infarction": {
        "meets": {
            **_AMI_DIAGNOSED,
            "troponin_times_upper_limit": 15,
            "ck_mb_times_upper_limit": 1.5,
            "lvef_percent_6_weeks_after": 55,
        },
        "misses": {
            "troponin": ("troponin_times_upper_limit", 14.9),
            "ischaemic_chest_pain": ("ischaemic_chest_pain", False),
            "non_coronary_cause": ("troponin_rise_from_non_coronary_cause", True),
        },
    },
    "stroke_sequelae": {
        "meets": {
            "days_since_diagnosis": 180,
            "min_limb_muscle_strength": 2,
            "loss_of_speech": False,
            "severe_swallowing_dysfunction": False,
            "adl_unable_count": 0,
        },
        "misses": {
            "days": ("days_since_diagnosis", 179),
            "limb_strength": ("min_limb_muscle_strength", 3),
        },
    },
    "organ_transplant": {
        "meets": {
            "transplant_type": "haematopoietic_stem_cell",
            "transplant_performed": True,
            "transplant_allogeneic": True,
            "transplant_indication_met": True,
        },
        "misses": {
            "allogeneic": ("transplant_allogeneic", False),
            "performed": ("transplant_performed", False),
            "transplant_type": ("transplant_type", "cornea"),
        },
    },
    "coronary_bypass": {
        "meets": {"cabg_performed": True, "pericardium_opened": True},
        "misses": {"pericardium_opened": ("pericardium_opened", False)},
    },
    "chronic_kidney_failure": {
        "meets": {"ckd_stage": 5, "regular_dialysis_days": 90},
        "misses": {
            "dialysis_days": ("regular_dialysis_days", 89),
            "ckd_stage": ("ckd_stage", 4),
        },
    },
    "loss_of_limbs": {
        "meets": {"limbs_severed_above_wrist_or_ankle": 2},
        "misses": {"limbs_severed": ("limbs_severed_above_wrist_or_ankle", 1)},
    },
    "severe_hepatitis": {
        "meets": {
            "viral_hepatitis_confirmed": True,
            "severe_or_rapidly_worsening_jaundice": True,
            "hepatic_encephalopathy": True,
            "rapid_liver_shrinkage_on_imaging": True,
            "progressive_liver_function_deterioration": True,
        },
        "misses": {
            "encephalopathy": ("hepatic_encephalopathy", False),
            "liver_shrinkage": ("rapid_liver_shrinkage_on_imaging", False),
        },
    },
    "benign_brain_tumour": {
        "meets": {
            "icdo3_behaviour_code": "0",
            "tumour_origin_brain_nerves_meninges": True,
            "imaging_confirmed": True,
            "raised_icp_or_neurological_deficit": True,
            "pituitary_cyst_or_vascular_lesion": False,
            "craniotomy_resection_performed": False,
            "intracranial_radiotherapy_performed": True,
        },
        "misses": {
            "excluded_kind": ("pituitary_cyst_or_vascular_lesion", True),
            "radiotherapy": ("intracranial_radiotherapy_performed", False),
            "icdo3_behaviour": ("icdo3_behaviour_code", "3"),
        },
    },
    "chronic_liver_failure": {
        "meets": {
            "liver_failure_from_chronic_liver_disease": True,
            "persistent_jaundice": True,
            "ascites": True,
            "hepatic_encephalopathy": True,
            "splenomegaly_hypersplenism_or_varices": True,
            "caused_by_alcohol_or_drugs": False,
        },
        "misses": {
            "ascites": ("ascites", False),
            "alcohol_or_drugs": ("caused_by_alcohol_or_drugs", True),
        },
    },
    "encephalitis_sequelae": {
        "meets": {
            "specialist_confirmed": True,
            "days_since_diagnosis": 180,
            "min_limb_muscle_strength": 5,
            "loss_of_speech": False,
            "severe_swallowing_dysfunction": False,
            "cdr_score": 2,
            "adl_unable_count": 3,
        },
        "misses": {
            "days": ("days_since_diagnosis", 179),
            "adl": ("adl_unable_count", 2),
        },
    },
    "deep_coma": {
        "meets": {"gcs_score": 5, "life_support_hours": 96, "caused_by_alcohol_or_drugs": False},
        "misses": {
            "gcs": ("gcs_score", 6),
            "life_support": ("life_support_hours", 95),
            "alcohol_or_drugs": ("caused_by_alcohol_or_drugs", True),
        },
    },
    "deafness": {
        "meets": {
            "hearing_loss_permanent": True,
            "left_ear_avg_threshold_db": 95,
            "right_ear_avg_threshold_db": 91,
            "age_at_event_years": 3,
        },
        "misses": {
            "right_ear": ("right_ear_avg_threshold_db", 90),
            "age": ("age_at_event_years", 2),
        },
    },
    "blindness": {
        "meets": {
            "vision_loss_permanent": True,
            "better_eye_lost_or_removed": False,
            "better_eye_corrected_acuity": 0.01,
            "better_eye_visual_field_radius_deg": 10,
            "age_at_event_years": 30,
        },
        "misses": {"acuity": ("better_eye_corrected_acuity", 0.02)},
    },
    "paralysis": {
        "meets": {"paralysed_limb_count": 2, "days_since_diagnosis": 180},
        "misses": {
            "limbs": ("paralysed_limb_count", 1),
            "days": ("days_since_diagnosis", 179),
        },
    },
    "heart_valve_surgery": {
        "meets": {"valve_surgery_performed": True, "heart_opened": True},
        "misses": {"heart_opened": ("heart_opened", False)},
    },
    "alzheimers": {
        "meets": {
            "specialist_confirmed": True,
            "imaging_confirmed": True,
            "dementia_is_alzheimers": True,
            "cdr_score": 3,
            "adl_unable_count": 2,
        },
        "misses": {
            "cdr": ("cdr_score", 2),
            "alzheimers_type": ("dementia_is_alzheimers", False),
        },
    },
    "brain_injury": {
        "meets": {
            "brain_injury_from_external_force": True,
            "imaging_confirmed": True,
            "days_since_diagnosis": 180,
            "min_limb_muscle_strength": 5,
            "loss_of_speech": False,
            "severe_swallowing_dysfunction": False,
            "adl_unable_count": 3,
        },
        "misses": {
            "days": ("days_since_diagnosis", 179),
            "adl": ("adl_unable_count", 2),
        },
    },
    "parkinsons": {
        "meets": {
            "specialist_confirmed": True,
            "parkinsons_is_primary": True,
            "not_controlled_by_medication": True,
            "adl_unable_count": 3,
        },
        "misses": {
            "adl": ("adl_unable_count", 2),
            "primary": ("parkinsons_is_primary", False),
        },
    },
    "third_degree_burns": {
        "meets": {"third_degree_burn_percent": 20},
        "misses": {"burn_area": ("third_degree_burn_percent", 19)},
    },
    "pulmonary_hypertension": {
        "meets": {
            "pah_idiopathic": True,
            "nyha_class": 4,
            "mean_pulmonary_artery_pressure_mmhg": 36,
        },
        "misses": {
            "mean_pap": ("mean_pulmonary_artery_pressure_mmhg", 35),
            "nyha": ("nyha_class", 3),
        },
    },
    "motor_neurone_disease": {
        "meets": {
            "specialist_confirmed": True,
            "mnd_type": "als",
            "severe_swallowing_dysfunction": False,
            "respiratory_muscle_paralysis": True,
            "ventilator_days": 7,
            "adl_unable_count": 1,
        },
        "misses": {"ventilator": ("ventilator_days", 6)},
    },
    "loss_of_speech": {
        "meets": {
            "loss_of_speech": True,
            "months_of_active_treatment": 12,
            "vocal_cords_completely_removed": False,
            "speech_loss_psychogenic": False,
            "age_at_event_years": 3,
        },
        "misses": {
            "treatment_months": ("months_of_active_treatment", 11),
            "psychogenic": ("speech_loss_psychogenic", True),
            "age": ("age_at_event_years", 2),
        },
    },
    "aplastic_anaemia": {
        "meets": {
            "marrow_cellularity_percent": 20,
            "residual_haematopoietic_cells_percent": 40,
            "neutrophils_abs_10e9_per_l": 0.5,
            "reticulocytes_abs_10e9_per_l": 25,
            "platelets_abs_10e9_per_l": 20,
        },
        "misses": {
            "platelets": ("platelets_abs_10e9_per_l", 21),
            "neutrophils": ("neutrophils_abs_10e9_per_l", 0.51),
            "marrow_cellularity": ("marrow_cellularity_percent", 25),
        },
    },
    "aortic_surgery": {
        "meets": {
            "aortic_surgery_performed": True,
            "operated_vessel": "thoracic_aorta",
            "surgical_approach": "thoracotomy",
        },
        "misses": {
            "approach": ("surgical_approach", "endovascular"),
            "vessel": ("operated_vessel", "renal_artery"),
        },
    },
    "respiratory_failure": {
        "meets": {
            "respiratory_failure_chronic_irreversible": True,
            "days_of_active_treatment": 180,
            "dyspnoea_at_rest": True,
            "fev1_percent_predicted": 29,
            "pao2_mmhg": 49,
        },
        "misses": {
            "fev1": ("fev1_percent_predicted", 30),
            "pao2": ("pao2_mmhg", 50),
            "treatment_days": ("days_of_active_treatment", 179),
        },
    },
    "crohns_disease": {
        "meets": {
            "pathology_confirmed": True,
            "fistula_formed": True,
            "bowel_obstruction": False,
            "bowel_perforation": True,
        },
        "misses": {
            "fistula": ("fistula_formed", False),
            "perforation": ("bowel_perforation", False),
        },
    },
    "ulcerative_colitis": {
        "meets": {
            "pathology_confirmed": True,
            "whole_colon_involved": True,
            "fulminant_with_electrolyte_disorder": True,
            "colectomy_performed": True,
            "ileostomy_performed": False,
        },
        "misses": {
            "whole_colon": ("whole_colon_involved", False),
            "colectomy": ("colectomy_performed", False),
        },
    },
    "malignant_tumour_mild": {
        "meets": {
            "icdo3_behaviour_code": "3",
            "pathology_confirmed": True,
            "is_low_stage_listed_as_mild": True,
        },
        "misses": {
            "icdo3_behaviour": ("icdo3_behaviour_code", "2"),
            "low_stage": ("is_low_stage_listed_as_mild", False),
        },
    },
    "myocardial_infarction_mild": {
        "meets": {
            **_AMI_DIAGNOSED,
            "troponin_times_upper_limit": 14.9,
            "ck_mb_times_upper_limit": 1.9,
            "lvef_percent_6_weeks_after": 50,
        },
        "misses": {
            "troponin_below": ("troponin_times_upper_limit", 15),
            "ck_mb_below": ("ck_mb_times_upper_limit", 2),
            "lvef_preserved": ("lvef_percent_6_weeks_after", 49),
            "no_aneurysm": ("new_ventricular_aneurysm", True),
        },
    },
    "stroke_sequelae_mild": {
        "meets": {
            "days_since_diagnosis": 180,
            "min_limb_muscle_strength": 3,
            "adl_unable_count": 1,
            "loss_of_speech": False,
            "severe_swallowing_dysfunction": False,
        },
        "misses": {
            "days": ("days_since_diagnosis", 179),
            "limb_strength_3": ("min_limb_muscle_strength", 4),
            "speech_kept": ("loss_of_speech", True),
        },
    },
    "transport_accident_death": {
        "meets": {
            "passenger_on_public_transport": True,
            "days_from_accident_to_event": 180,
            "death_confirmed": True,
        },
        "misses": {
            "within_180_days": ("days_from_accident_to_event", 181),
            "passenger": ("passenger_on_public_transport", False),
        },
    },
    "transport_accident_disability": {
        "meets": {
            "passenger_on_public_transport": True,
            "days_from_accident_to_event": 180,
            "disability_grade": 3,
        },
        "misses": {
            "grade_at_most_3": ("disability_grade", 4),
            "within_180_days": ("days_from_accident_to_event", 181),
        },
    },
}

MISSES = [
    pytest.param(code, key, id=f"{code}-{key}")
    for code, example in EXAMPLES.items()
    for key in example["misses"]
]


def _clause(code: str, key: str):
    return next(c for c in validate(CONDITIONS[code]["criteria"]) if c.key == key)


NUMERIC_MISSES = [
    p
    for p in MISSES
    if (clause := _clause(*p.values)).op in NUMERIC | {"eq"} and not isinstance(clause.value, str)
]


# (a) the files themselves


@pytest.mark.parametrize("name", ["cii-2020.json", "transport-accident-2018.json"])
def test_each_file_parses_as_a_definition_set(name):
    parsed = parse_definition_set(_load(name))
    assert parsed["in_force_to"] is None
    for condition in parsed["conditions"]:
        assert validate(condition["criteria"])


def test_the_2020_set_has_exactly_the_28_severe_and_3_mild_conditions():
    assert CII["code"] == "cii-2020"
    assert CII["in_force_from"] == "2021-02-01"
    assert [c["code"] for c in CII["conditions"]] == SEVERE_CODES + MILD_CODES
    for condition in CII["conditions"]:
        severe = condition["code"] in SEVERE_CODES
        assert condition["severity"] == ("severe" if severe else "mild")
        assert condition["benefit_share"] == ("1.00" if severe else "0.30")


def test_plans_cancer_plans_cover_only_the_two_cancer_conditions():
    for condition in CII["conditions"]:
        expected = ["critical-illness"]
        if condition["code"] in CANCER_CODES:
            expected += ["senior-cancer", "chronic-cancer"]
        assert sorted(condition["plans"]) == sorted(expected), condition["code"]
    assert TRANSPORT["in_force_from"] == "2018-10-16"
    assert [c["code"] for c in TRANSPORT["conditions"]] == [
        "transport_accident_death",
        "transport_accident_disability",
    ]
    for condition in TRANSPORT["conditions"]:
        assert condition["plans"] == ["transport-accident"]
        assert condition["benefit_share"] == "1.00"


def test_condition_names_match_the_plan_catalogue():
    from members.plan_catalogue import ACCIDENT, MILD, SEVERE

    catalogue = {code: (zh, en) for code, zh, en in SEVERE + MILD + ACCIDENT}
    for code, condition in CONDITIONS.items():
        assert (condition["name_zh"], condition["name_en"]) == catalogue[code]


@pytest.mark.parametrize("code", list(CONDITIONS))
def test_every_condition_is_described_and_every_clause_labelled(code):
    condition = CONDITIONS[code]
    assert condition["description_zh"].strip() and condition["description_en"].strip()
    for clause in validate(condition["criteria"]):
        assert clause.label_zh.strip() and clause.label_en.strip(), clause.key
        assert clause.unit is not None


@pytest.mark.parametrize("set_code", list(SETS))
def test_a_fact_means_one_thing_across_a_set(set_code):
    """validate() checks one condition; across conditions a shared fact (days_since_diagnosis,
    adl_unable_count, ...) must also keep one kind of value and one unit."""
    seen: dict[str, tuple[str, str, str]] = {}
    for condition in SETS[set_code]["conditions"]:
        for clause in validate(condition["criteria"]):
            kind_unit = (clause.fact_kind, clause.unit)
            first = seen.setdefault(clause.fact, (*kind_unit, condition["code"]))
            assert first[:2] == kind_unit, (
                f"{clause.fact}: {first[:2]} in {first[2]}, {kind_unit} in {condition['code']}"
            )


def test_every_condition_has_an_example():
    assert set(EXAMPLES) == set(CONDITIONS)
    for code, example in EXAMPLES.items():
        assert example["misses"], code
        assert set(example["meets"]) <= set(facts_needed(CONDITIONS[code]["criteria"])), code


# (b) met, and missed by the smallest step


@pytest.mark.parametrize("code", list(EXAMPLES))
def test_the_example_facts_meet_the_condition(code):
    result = evaluate(CONDITIONS[code]["criteria"], EXAMPLES[code]["meets"])
    assert result.outcome == "met", [(c.key, c.reason) for c in result.failing]
    assert result.missing_facts == []


@pytest.mark.parametrize(("code", "key"), MISSES)
def test_one_step_across_a_threshold_fails_on_that_clause(code, key):
    tree = CONDITIONS[code]["criteria"]
    meets = EXAMPLES[code]["meets"]
    fact, value = EXAMPLES[code]["misses"][key]
    clause = _clause(code, key)
    assert clause.fact == fact

    met = evaluate(tree, meets)
    missed = evaluate(tree, {**meets, fact: value})

    assert met.outcome == "met"
    assert missed.outcome == "not_met"
    # Other branches of an "any of" may fail in the met case too; only `key` is new.
    already_failing = {c.key for c in met.clauses if c.result == "not_met"}
    newly_failing = {c.key for c in missed.clauses if c.result == "not_met"} - already_failing
    assert newly_failing == {key}
    assert key in missed.deciding  # and the denial names it


def test_every_numeric_comparison_in_the_catalogue_has_its_threshold_tests():
    """NUMERIC_MISSES picks clauses by NUMERIC; which clauses compare numbers is known
    apart from it (their fact's kind). A comparison dropped from NUMERIC (or a new one
    never added) would otherwise lose its generated tests without a word."""
    shipped = {
        clause.op
        for condition in CONDITIONS.values()
        for clause in validate(condition["criteria"])
        if clause.fact_kind == "number"
    }
    tested = {_clause(*p.values).op for p in NUMERIC_MISSES}
    assert tested == shipped == {"gte", "lte", "lt", "eq"}  # no shipped clause uses "gt"


@pytest.mark.parametrize(("code", "key"), NUMERIC_MISSES)
def test_a_numeric_miss_sits_on_the_threshold(code, key):
    """The met value is the threshold itself (≥, ≤, =) or the miss is (<, >), so the
    example really is the smallest step: 96 h meets and 95 h misses."""
    clause = _clause(code, key)
    fact, value = EXAMPLES[code]["misses"][key]
    met_value = EXAMPLES[code]["meets"][fact]
    on_threshold = value if clause.op in ("lt", "gt") else met_value
    assert Decimal(str(on_threshold)) == Decimal(str(clause.value))


def test_the_deep_coma_case_of_the_seeds():
    """DOMAIN.md section 4: a coma that did not last the stipulated time is not deep coma."""
    tree = CONDITIONS["deep_coma"]["criteria"]
    result = evaluate(
        tree, {"gcs_score": 4, "life_support_hours": 72, "caused_by_alcohol_or_drugs": False}
    )
    assert result.outcome == "not_met"
    assert [c.key for c in result.failing] == ["life_support"]
    assert "fails ≥" in result.failing[0].reason


# (c) missing facts


@pytest.mark.parametrize("code", list(CONDITIONS))
def test_no_facts_is_unknown_and_lists_every_fact(code):
    tree = CONDITIONS[code]["criteria"]
    result = evaluate(tree, {})
    assert result.outcome == "unknown"
    assert result.missing_facts == list(facts_needed(tree))
    assert all(c.result == "unknown" for c in result.clauses)


@pytest.mark.parametrize(("code", "key"), MISSES)
def test_leaving_out_the_deciding_fact_is_unknown(code, key):
    fact, _ = EXAMPLES[code]["misses"][key]
    facts = {k: v for k, v in EXAMPLES[code]["meets"].items() if k != fact}
    result = evaluate(CONDITIONS[code]["criteria"], facts)
    assert result.outcome == "unknown"
    assert result.missing_facts == [fact]


def test_a_missing_fact_does_not_matter_once_another_clause_fails():
    tree = CONDITIONS["deep_coma"]["criteria"]
    result = evaluate(tree, {"gcs_score": 6, "caused_by_alcohol_or_drugs": False})
    assert result.outcome == "not_met"
    assert result.missing_facts == ["life_support_hours"]
