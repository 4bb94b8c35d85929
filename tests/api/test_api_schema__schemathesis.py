"""The OpenAPI schema is true: a bounded schemathesis run over every operation of the API,
as each role, finds no server error and no answer that differs from the schema (status
code, content type, headers, body).

Fixed and derandomized: the same cases on every run. Each role first takes the steps of
its scenario on its own rows (each must succeed), then sends at least ``EXAMPLES``
positive and ``NEGATIVE_EXAMPLES`` negative cases per operation; the test asserts the
counts, so it cannot pass by testing nothing."""

import time
from datetime import date

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from schemathesis import GenerationMode

from core.api_tokens import api_token_create
from tests.api.schema_run import InProcessSite, Role, Step, schema_load, schema_run_role
from tests.api.schema_world import RUN_AT, World, schema_world_build

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

EXAMPLES = 20
NEGATIVE_EXAMPLES = 10
EXAMPLES_BY_MODE = {GenerationMode.POSITIVE: EXAMPLES, GenerationMode.NEGATIVE: NEGATIVE_EXAMPLES}
MIN_OPERATIONS = 30  # every operation of /api/v1/ today; a new one raises the count
CSRF_TOKEN = "schemathesisCsrfToken0123456789a"  # 32 characters, the form Django accepts
CLAIM = "/api/v1/claims/{reference}/"


def _session(user) -> dict[str, str]:
    client = Client()
    client.force_login(type(user).objects.get(pk=user.pk))  # its password as stored now
    return {
        settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value,
        settings.CSRF_COOKIE_NAME: CSRF_TOKEN,
    }


def _api_token(user) -> str:
    _token, key = api_token_create(user=user, name="schemathesis")
    return key


def _scenario(name: str, w: World) -> list[Step]:
    """What each role does with its own rows, through the API: every step must succeed."""
    post = lambda action, ref, body=None: Step("POST", CLAIM + action, {"reference": ref}, body)  # noqa: E731
    reason = {"reason": "The new pathology report meets clause 2 of the definition"}
    return {
        "anonymous": [Step("GET", "/api/v1/shutdowns/{id}/", {"id": w.shutdown_ids[0]})],
        "claimant": [
            post("dispute/", w.own[2], reason),  # their own denial: the claim file back
            post("dispute/", w.objectable[0], reason),  # an objection: a receipt only
            post("appeal/", w.own[1], {"statement": "A neurologist's report: coma of 5 days"}),
            post("withdraw/", w.own[0], {"reason": "Recovered"}),
            Step("PATCH", "/api/v1/drafts/{id}/", {"id": w.own_drafts[1]}, {"city": "Ningbo"}),
            Step("POST", "/api/v1/drafts/{id}/file/", {"id": w.own_drafts[0]}),
        ],
        "reviewer": [
            post("decision/", w.staff[0], {"reason": "The pathology report meets it"}),
            post("close-publicity/", w.staff[2]),
            post("jury-result/", w.staff[4], {"pay_votes": 12, "deny_votes": 9}),
            post("assign/", w.own[0], {}),
            Step("GET", CLAIM + "investigation/", {"reference": w.staff[0]}),
        ],
        "integrator": [
            post(
                "investigation/facts/",
                w.assigned[0],
                {"facts": w.assigned_facts, "non_disclosure_found": False},
            ),
            post(
                "investigation/visits/",
                w.assigned[0],
                {
                    "kind": "hospital",
                    "visited_on": str(date(2025, 3, 20)),
                    "place": "Zhejiang 1st",
                    "notes": "Records and pathology slides checked",
                },
            ),
            post("investigation/complete/", w.assigned[0], {"summary": "Facts recorded"}),
            post("pay/", w.staff[3], {"payout_reference": "TPA-2025-0001"}),
        ],
    }[name]


def _path_values(name: str, w: World) -> dict[str, list]:
    """The role's own rows and rows it must not reach (another account's claim, draft,
    member), which generated cases take in turn as path parameters."""
    references = {
        "anonymous": w.own + w.objectable + w.staff[:2],
        "claimant": w.own + w.objectable + w.staff[:2],
        "reviewer": w.staff + w.own[:1] + w.assigned,
        "integrator": w.assigned + w.staff + w.own[:1],
    }
    return {
        "reference": references[name],
        "shutdowns:id": w.shutdown_ids,
        "code": w.plan_codes,
        "members:id": w.own_members + w.foreign_members,
        "drafts:id": w.own_drafts + w.foreign_drafts,
    }


def _role(name: str, world: World) -> Role:
    role = Role(name, path_values=_path_values(name, world), scenario=_scenario(name, world))
    if name == "integrator":
        role.headers = {"Authorization": f"Token {_api_token(world.integrator)}"}
    elif name in ("claimant", "reviewer"):
        role.headers = {"X-CSRFToken": CSRF_TOKEN}
        role.cookies = _session(world.claimant if name == "claimant" else world.reviewer)
    return role


@pytest.mark.parametrize("role_name", ["anonymous", "claimant", "reviewer", "integrator"])
def test_every_operation_answers_as_documented(role_name):
    with time_machine.travel(RUN_AT, tick=False), InProcessSite() as app:
        role = _role(role_name, schema_world_build())
        schema = schema_load(app=app)
        started = time.perf_counter()
        report = schema_run_role(schema=schema, role=role, examples=EXAMPLES_BY_MODE)
        elapsed = time.perf_counter() - started
    print(f"\n{report.summary()} in {elapsed:.1f}s")
    for line in report.server_errors + report.violations:
        print(line)
    operations = {r.ok(): r.ok().label for r in schema.get_all_operations()}
    assert len(operations) >= MIN_OPERATIONS
    assert report.operations == set(operations.values())
    for label in operations.values():
        sent = report.cases[(label, GenerationMode.POSITIVE.value)]
        assert sent >= EXAMPLES, f"{label}: only {sent} positive cases"
        if label not in report.no_negative_cases:
            sent = report.cases[(label, GenerationMode.NEGATIVE.value)]
            assert sent >= NEGATIVE_EXAMPLES, f"{label}: only {sent} negative cases"
    assert [step for step, status in report.scenario if not 200 <= status < 300] == []
    assert len(report.scenario) == len(role.scenario)
    if role_name == "anonymous":
        for operation, label in operations.items():
            if {} not in operation.definition.raw.get("security", [{}]):
                assert report.answered(label) <= {401, 403}, label  # a sign-in is needed
    assert report.server_errors == []
    assert report.violations == []
