"""The OpenAPI schema is true: a bounded schemathesis run over every operation of the API,
as each role, finds no server error and no answer that differs from the schema (status
code, content type, headers, body).

Fixed and derandomized: the same cases on every run. Each role first takes the steps of
its scenario on its own rows (each must succeed), then sends at least ``EXAMPLES``
positive and ``NEGATIVE_EXAMPLES`` negative cases per operation; the test asserts the
counts, so it cannot pass by testing nothing."""

import os
import time
from datetime import date

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from schemathesis import GenerationMode

from core.api.tokens import api_token_create
from tests.api.schema_run import (
    InProcessSite,
    Role,
    Step,
    schema_load,
    schema_run_role,
    takes_input,
)
from tests.api.schema_world import RUN_AT, World, schema_world_build

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

#: Positive cases per operation (and half as many negative): 10 in the suite, which keeps it
#: under its time budget; SCHEMA_EXAMPLES=20 (or more) for the deeper run before a release.
EXAMPLES = int(os.environ.get("SCHEMA_EXAMPLES", "10"))
NEGATIVE_EXAMPLES = max(1, EXAMPLES // 2)
EXAMPLES_BY_MODE = {GenerationMode.POSITIVE: EXAMPLES, GenerationMode.NEGATIVE: NEGATIVE_EXAMPLES}
MIN_OPERATIONS = 76  # every operation of /api/v1/ today; a new one raises the count
CSRF_TOKEN = "schemathesisCsrfToken0123456789a"  # 32 characters, the form Django accepts
CLAIM = "/api/v1/claims/{reference}/"
OFFICE = "/api/v1/office/claims/{reference}/"
PANEL = "/api/v1/jury/panels/{id}/"
SHUTDOWN = "/api/v1/winddown/shutdowns/{id}/"
ROLES = ["anonymous", "claimant", "reviewer", "integrator", "juror", "operator"]
TOKEN_ROLES = {"integrator", "juror"}


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
        "anonymous": [
            Step("GET", "/api/v1/shutdowns/{id}/", {"id": w.shutdown_ids[0]}),
            Step("GET", "/api/v1/board/batches/"),
            Step("GET", "/api/v1/board/batches/{batch_date}/claims/", {"batch_date": "2025-03-21"}),
        ],
        "claimant": [
            post("dispute/", w.own[2], reason),  # their own denial: the claim file back
            post("dispute/", w.objectable[0], reason),  # an objection: a receipt only
            post("appeal/", w.own[1], {"statement": "A neurologist's report: coma of 5 days"}),
            post("withdraw/", w.own[0], {"reason": "Recovered"}),
            Step("PATCH", "/api/v1/drafts/{id}/", {"id": w.own_drafts[1]}, {"city": "Ningbo"}),
            Step("POST", "/api/v1/drafts/{id}/file/", {"id": w.own_drafts[0]}),
            Step("GET", "/api/v1/sharing/me/"),
            Step("GET", "/api/v1/jury/panels/"),
        ],
        "reviewer": [
            post("decision/", w.staff[0], {"reason": "The pathology report meets it"}),
            post("close-publicity/", w.staff[2]),
            post("jury-result/", w.staff[4], {"pay_votes": 12, "deny_votes": 9}),
            post("assign/", w.own[0], {}),
            Step("GET", CLAIM + "investigation/", {"reference": w.staff[0]}),
            *_reviewer_office(w),
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
            *_integrator_office_and_payouts(w),
        ],
        "juror": _juror(w),
        "operator": _operator(w),
    }[name]


def _office_step(w: World, action: str, key: str, body=None) -> Step:
    """A POST on one of the back office's claims, named by the step it waits for."""
    return Step("POST", OFFICE + action, {"reference": w.roles.office[key]}, body)


def _reviewer_office(w: World) -> list[Step]:
    """The back office's review steps, the panels office, the periods and the dashboard."""
    r = w.roles

    def step(action, key, body=None):
        return _office_step(w, action, key, body)

    return [
        Step("GET", "/api/v1/office/queue/"),
        Step("GET", OFFICE, {"reference": r.office["to_decide"]}),
        step("assign/", "to_assign", {"investigator": "integrator"}),
        Step(
            "POST",
            "/api/v1/office/assign/",
            body={"claims": [r.office["to_bulk_assign"]], "investigator": "integrator"},
        ),
        step("decide/", "to_decide", {"reason": "The pathology report meets every clause"}),
        step(
            "override/",
            "to_override",
            {"decision": "deny", "reason": "The specialist's report does not meet clause 2"},
        ),
        step("close-publicity/", "notice_due"),
        step("jury-result/", "to_tally", {"pay_votes": 2, "deny_votes": 7}),
        Step("GET", "/api/v1/office/publicity/"),
        Step("POST", "/api/v1/office/publicity/publish/", body={"batch_date": "2025-03-21"}),
        Step("GET", "/api/v1/jury/office/panels/"),
        Step("POST", "/api/v1/jury/office/panels/{id}/repanel/", {"id": r.flagged_panel}),
        Step("GET", "/api/v1/sharing/periods/{id}/", {"id": r.period_ids[0]}),
        Step("GET", SHUTDOWN + "dashboard/", {"id": r.proposals["announced"]}),
    ]


def _integrator_office_and_payouts(w: World) -> list[Step]:
    """An investigator's system (a TPA) works its claims; a finance system pays."""
    r = w.roles

    def step(action, key, body=None):
        return _office_step(w, action, key, body)

    visit = {
        "kind": "interview",
        "visited_on": str(date(2025, 3, 20)),
        "place": "The member's home",
        "notes": "The member confirmed the dates of treatment",
    }
    return [
        Step("GET", "/api/v1/office/queue/"),
        step("take/", "to_take"),
        step("requests/", "to_take", {"kind": "discharge_summary", "description": "Page 2"}),
        step("visits/", "assigned", visit),
        step("facts/", "assigned", {"facts": r.assigned_facts, "non_disclosure_found": False}),
        step("complete/", "assigned", {"summary": "Facts recorded against the definition"}),
        Step("GET", "/api/v1/sharing/payouts/"),
        Step("POST", "/api/v1/sharing/payouts/{id}/issue/", {"id": r.due_payout}),
        Step("POST", "/api/v1/sharing/payouts/release/", body={"payouts": [r.due_payout]}),
        Step("GET", "/api/v1/sharing/bank-file/"),
    ]


def _juror(w: World) -> list[Step]:
    r = w.roles
    ballot = {
        "clause_answers": dict.fromkeys(r.ballot_keys, "met"),
        "verdict": "approve",
        "reason": "Every clause is met on the recorded facts",
    }
    return [
        Step("GET", "/api/v1/jury/panels/"),
        Step("GET", PANEL, {"id": r.open_panel}),
        Step("POST", PANEL + "ballot/", {"id": r.open_panel}, ballot),
        Step("GET", PANEL + "result/", {"id": r.closed_panel}),
        Step("POST", "/api/v1/jury/seats/{id}/decline/", {"id": r.decline_seat}),
        Step("GET", "/api/v1/sharing/me/"),
    ]


def _operator(w: World) -> list[Step]:
    r = w.roles
    proposal = {
        "plans": ["chronic-cancer"],
        "stop_day": "2025-05-31",
        "window_days": 180,
        "notice_zh": "该计划将于2025年5月31日24时停止运行。",
        "notice_en": "The plan stops at 24:00 on 31 May 2025.",
    }
    return [
        Step("GET", "/api/v1/winddown/shutdowns/"),
        Step("POST", "/api/v1/winddown/shutdowns/", body=proposal),
        Step("POST", SHUTDOWN + "confirm/", {"id": r.proposals["to_confirm"]}),
        Step(
            "POST", SHUTDOWN + "cancel/", {"id": r.proposals["to_cancel"]}, {"reason": "Wrong plan"}
        ),
        Step("GET", SHUTDOWN + "dashboard/", {"id": r.proposals["announced"]}),
    ]


def _path_values(name: str, w: World) -> dict[str, list]:
    """The role's own rows and rows it must not reach (another account's claim, draft,
    member), which generated cases take in turn as path parameters."""
    references = {
        "anonymous": w.own + w.objectable + w.staff[:2],
        "claimant": w.own + w.objectable + w.staff[:2],
        "reviewer": w.staff + w.own[:1] + w.assigned,
        "integrator": w.assigned + w.staff + w.own[:1],
        "juror": w.own[:1] + w.staff[:2],
        "operator": w.staff[:2],
    }
    r = w.roles
    return {
        "reference": references[name],
        "office/claims:reference": list(r.office.values()) + w.staff[:2] + w.own[:1],
        "shutdowns:id": w.shutdown_ids,
        "code": w.plan_codes,
        "members:id": w.own_members + w.foreign_members,
        "drafts:id": w.own_drafts + w.foreign_drafts,
        "jury/panels:id": r.panels,
        "jury/seats:id": r.seats,
        "jury/office/panels:id": [r.flagged_panel, r.open_panel],
        "board/batches:batch_date": r.batch_dates,
        "sharing/periods:id": r.period_ids,
        "sharing/payouts:id": r.payout_ids,
        "winddown/shutdowns:id": list(r.proposals.values()),
    }


def _role(name: str, world: World) -> Role:
    role = Role(name, path_values=_path_values(name, world), scenario=_scenario(name, world))
    users = {
        "claimant": world.claimant,
        "reviewer": world.reviewer,
        "integrator": world.integrator,
        "juror": world.roles.juror,
        "operator": world.roles.operator,
    }
    if name in TOKEN_ROLES:
        role.headers = {"Authorization": f"Token {_api_token(users[name])}"}
    elif name in users:
        role.headers = {"X-CSRFToken": CSRF_TOKEN}
        role.cookies = _session(users[name])
    return role


@pytest.mark.parametrize("role_name", ROLES)
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
    for operation, label in operations.items():
        sent = report.cases[(label, GenerationMode.POSITIVE.value)]
        # An operation that takes nothing (no parameter, no body) has one case to send.
        needed = EXAMPLES if takes_input(operation) else 1
        assert sent >= needed, f"{label}: only {sent} positive cases"
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
