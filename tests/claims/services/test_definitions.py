"""Definition sets: the one in force on the diagnosis date; export, import and diff."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from claims import services
from claims.definitions.io import dump_definition_set, parse_definition_set
from claims.models import ConditionDefinition, DefinitionSet
from claims.services.definitions import definition_set_export, definition_set_import
from claims.states import ClaimState
from tests.factories import claim_in_state, file_claim

pytestmark = pytest.mark.django_db


def amended(code: str, *, start: str, gcs: int = 5, end: str | None = None) -> dict:
    data = json.loads(dump_definition_set(definition_set_export(code="cii-2020")))
    data.update(code=code, in_force_from=start, in_force_to=end)
    for condition in data["conditions"]:
        if condition["code"] == "deep_coma":
            for clause in condition["criteria"]["all"]:
                if clause.get("fact") == "gcs_score":
                    clause["value"] = gcs
    return data


def test_the_shipped_sets_are_loaded():
    assert set(DefinitionSet.objects.values_list("code", flat=True)) >= {
        "cii-2020",
        "transport-accident-2018",
    }
    assert ConditionDefinition.objects.filter(definition_set__code="cii-2020").count() == 31


def test_a_claim_is_judged_by_the_set_in_force_on_its_diagnosis_date():
    DefinitionSet.objects.filter(code="cii-2020").update(in_force_to=date(2025, 1, 31))
    definition_set_import(
        parsed=parse_definition_set(amended("cii-2025", start="2025-02-01", gcs=6))
    )
    before = file_claim(diagnosis_date=date(2025, 1, 31), condition_code="deep_coma")
    after = file_claim(diagnosis_date=date(2025, 2, 1), condition_code="deep_coma")
    assert before.condition_definition.definition_set.code == "cii-2020"
    assert after.condition_definition.definition_set.code == "cii-2025"


def test_export_import_round_trip(tmp_path):
    path = tmp_path / "cii.json"
    call_command("definitions", "export", "cii-2020", "-o", str(path), stdout=StringIO())
    out = StringIO()
    call_command("definitions", "diff", str(path), stdout=out)
    assert out.getvalue().strip() == "no changes"
    out = StringIO()
    call_command("definitions", "import", str(path), stdout=out)
    assert "already up to date" in out.getvalue()
    assert json.loads(path.read_text())["conditions"][0]["code"]


def test_an_amendment_is_shown_then_imported_while_no_claim_is_decided(tmp_path):
    path = tmp_path / "amended.json"
    path.write_text(json.dumps(amended("cii-2020", start="2021-02-01", gcs=6)))
    out = StringIO()
    call_command("definitions", "diff", str(path), stdout=out)
    assert "deep_coma.criteria changed" in out.getvalue()
    call_command("definitions", "import", str(path), stdout=StringIO())
    coma = ConditionDefinition.objects.get(definition_set__code="cii-2020", code="deep_coma")
    assert any(c.get("value") == 6 for c in coma.criteria["all"])


def test_an_import_that_would_change_a_set_used_by_a_decided_claim_is_refused(tmp_path):
    claim_in_state(ClaimState.INVESTIGATED)
    path = tmp_path / "amended.json"
    path.write_text(json.dumps(amended("cii-2020", start="2021-02-01", gcs=6)))
    with translation.override("en"), pytest.raises(CommandError, match="cannot change"):
        call_command("definitions", "import", str(path), stdout=StringIO())
    coma = ConditionDefinition.objects.get(definition_set__code="cii-2020", code="deep_coma")
    assert not any(c.get("value") == 6 for c in coma.criteria["all"])


def test_a_malformed_file_is_refused_with_its_place(tmp_path):
    data = amended("cii-bad", start="2030-01-01")
    data["conditions"][0]["criteria"] = {"all": [{"key": "x", "fact": "y", "op": "about"}]}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    with pytest.raises(CommandError, match="conditions\\[0\\]"):
        call_command("definitions", "import", str(path), stdout=StringIO())
    assert not DefinitionSet.objects.filter(code="cii-bad").exists()


def test_filing_names_the_condition_when_the_plan_does_not_cover_it():
    with pytest.raises(Exception) as refusal:
        file_claim(condition_code="transport_accident_death")
    assert refusal.value.code == "condition_not_covered"
    assert services  # the services module is the one filing went through
