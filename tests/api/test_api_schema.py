"""The OpenAPI schema generates without a warning and says what the API really answers:
the error format on every operation, blank and null where the data has them, one shape
or the other where the answer depends on who asks."""

import json

import pytest
from django.core import checks
from django.core.management import call_command
from drf_spectacular.drainage import GENERATOR_STATS
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema():
    response = APIClient().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_schema_generates_and_validates_without_a_warning(tmp_path):
    GENERATOR_STATS.reset()
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", tmp_path / "s.yaml")
    assert (tmp_path / "s.yaml").read_text().startswith("openapi: 3.0.3")


def test_the_deploy_checks_report_nothing_from_the_schema_generator():
    GENERATOR_STATS.reset()
    messages = checks.run_checks(include_deployment_checks=True)
    assert [m for m in messages if m.id.startswith("drf_spectacular")] == []


def test_every_operation_documents_its_errors_in_the_error_format(schema):
    error = schema["components"]["schemas"]["Error"]
    assert error["required"] == ["code", "message"]
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            assert {"401", "403"} <= set(responses), (method, path)
            if "{" in path:
                assert "404" in responses, (method, path)
            if method in ("post", "put", "patch"):
                assert {"400", "409", "422"} <= set(responses), (method, path)
            for status, response in responses.items():
                if status.startswith("4"):
                    body = response["content"]["application/json"]["schema"]
                    assert body == {"$ref": "#/components/schemas/Error"}, (method, path, status)


def test_blank_and_null_values_are_in_the_schema(schema):
    components = schema["components"]["schemas"]
    blank = {"$ref": "#/components/schemas/BlankEnum"}
    assert blank in components["Claim"]["properties"]["decision"]["oneOf"]
    assert blank in components["Claim"]["properties"]["jury_verdict"]["oneOf"]
    assert blank in components["ClaimEvent"]["properties"]["from_state"]["oneOf"]
    assert components["ClaimDraft"]["properties"]["claim"]["nullable"] is True
    assert components["Investigation"]["properties"]["definition"]["nullable"] is True


def test_a_dispute_answers_the_claim_file_or_a_receipt(schema):
    for action in ("dispute", "appeal"):
        answer = schema["paths"][f"/api/v1/claims/{{reference}}/{action}/"]["post"]["responses"]
        body = answer["200"]["content"]["application/json"]["schema"]
        assert body == {
            "anyOf": [
                {"$ref": "#/components/schemas/ClaimDetail"},
                {"$ref": "#/components/schemas/ClaimReceipt"},
            ]
        }


def test_lookups_take_any_segment_but_keep_their_model_type(schema):
    (draft_id,) = schema["paths"]["/api/v1/drafts/{id}/"]["get"]["parameters"]
    assert draft_id["schema"] == {"type": "integer"}
    (reference,) = schema["paths"]["/api/v1/claims/{reference}/"]["get"]["parameters"]
    assert reference["schema"]["type"] == "string" and "pattern" not in reference["schema"]


def test_a_plans_conditions_and_bands_have_their_shape(schema):
    plan = schema["components"]["schemas"]["Plan"]["properties"]
    assert plan["conditions"]["items"] == {"$ref": "#/components/schemas/PlanCondition"}
    assert plan["benefit_bands"]["items"] == {"$ref": "#/components/schemas/BenefitBand"}


def test_a_desk_or_a_queue_page_is_one_object_and_lists_are_arrays(schema):
    def body(path: str) -> dict:
        answer = schema["paths"][path]["get"]["responses"]["200"]
        return answer["content"]["application/json"]["schema"]

    assert body("/api/v1/office/publicity/") == {"$ref": "#/components/schemas/PublicityDesk"}
    assert body("/api/v1/sharing/payouts/") == {"$ref": "#/components/schemas/PayoutsDesk"}
    assert body("/api/v1/office/queue/") == {"$ref": "#/components/schemas/QueuePage"}
    queue = schema["paths"]["/api/v1/office/queue/"]["get"]
    assert "page" in {p["name"] for p in queue["parameters"]} and "400" in queue["responses"]
    assert body("/api/v1/jury/panels/")["type"] == "array"
    bank_file = schema["paths"]["/api/v1/sharing/bank-file/"]["get"]["responses"]["200"]
    assert set(bank_file["content"]) == {"text/csv"}


ROLE_APIS = ("/api/v1/jury/", "/api/v1/office/", "/api/v1/sharing/", "/api/v1/winddown/")


def test_every_body_the_roles_apis_take_has_an_example(schema):
    missing = [
        f"{method} {path}"
        for path, item in schema["paths"].items()
        if path.startswith(ROLE_APIS)
        for method, operation in item.items()
        if "requestBody" in operation
        and not operation["requestBody"]["content"]["application/json"].get("examples")
    ]
    assert missing == []
