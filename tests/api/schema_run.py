"""A bounded schemathesis run over every operation of the API, in-process through WSGI.

``schema_run_role`` loads the schema the site serves. As one role (a session cookie with
its CSRF token, or an API token, or nobody) it first sends the role's scenario: the steps
it takes on its own rows, which must succeed. Then, for every operation, it sends a fixed
number of generated cases (Hypothesis, derandomized: the same cases on every run), every
other one aimed at one of the role's real rows in turn. Each answer is checked against
the schema. A run never stops at the first failure: every failure is recorded (with the
server's traceback for a 500) so one run reports them all. The checks chosen are in
docs/decisions.md.
"""

import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core import NOT_SET
from schemathesis.core.failures import Failure, FailureGroup, ServerError
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

SCHEMA_URL = "/api/schema/"
# Every answer, to positive and negative cases alike: no 5xx; the status code, content
# type, headers and body as documented.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
SCENARIO = "scenario"


@dataclass
class Step:
    """One request of a role's scenario: it must succeed (2xx) and match the schema."""

    method: str
    path: str  # as in the schema, with its {parameters}
    path_parameters: dict[str, Any] = field(default_factory=dict)
    body: Any = None

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"


@dataclass
class Role:
    """Who sends the cases, the real identifiers their path parameters take in turn
    (``resource:name`` or ``name``), and the scenario sent first."""

    name: str
    headers: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)
    path_values: dict[str, list[Any]] = field(default_factory=dict)
    scenario: list[Step] = field(default_factory=list)

    def real_values(self, operation) -> list[tuple[str, Any]]:
        return [
            (p.name, value)
            for p in operation.path_parameters
            for value in self.path_values.get(
                f"{resource_of(operation.path)}:{p.name}", self.path_values.get(p.name, [])
            )
        ]


def resource_of(path: str) -> str:
    """``/api/v1/jury/panels/{id}/ballot/`` → ``jury/panels``: the segments after the
    version up to the first parameter (a resource's rows are looked up by it)."""
    segments = path.strip("/").split("/")[2:]
    named = []
    for segment in segments:
        if segment.startswith("{"):
            break
        named.append(segment)
    return "/".join(named)


def takes_input(operation) -> bool:
    """Does the operation take anything a case can vary (a parameter or a body)? One
    that takes nothing has exactly one case to send."""
    raw = operation.definition.raw
    return bool(raw.get("parameters")) or "requestBody" in raw


@dataclass
class RunReport:
    role: str
    cases: Counter = field(default_factory=Counter)  # (operation, mode) -> cases sent
    statuses: Counter = field(default_factory=Counter)  # (operation, status code) -> answers
    scenario: list[tuple[str, int]] = field(default_factory=list)  # (step, status code)
    server_errors: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    no_negative_cases: set[str] = field(default_factory=set)

    @property
    def operations(self) -> set[str]:
        return {label for label, mode in self.cases if mode != SCENARIO}

    def answered(self, label: str) -> set[int]:
        return {status for (each, status) in self.statuses if each == label}

    def summary(self) -> str:
        totals = Counter()
        for (_label, status), count in self.statuses.items():
            totals[status] += count
        modes = Counter()
        for (_label, mode), count in self.cases.items():
            modes[mode] += count
        return (
            f"{self.role}: {len(self.operations)} operations, {sum(modes.values())} cases "
            f"{dict(modes)}, {len(self.server_errors)} server errors, "
            f"{len(self.violations)} violations, statuses {dict(sorted(totals.items()))}"
        )


class _LastServerError(logging.Handler):
    """Keeps the last line of the traceback Django logs for a 500, to name the bug."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.text = ""

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info:
            self.text = logging.Formatter().formatException(record.exc_info).splitlines()[-1]


class InProcessSite:
    """The project's WSGI handler, sharing the test's database connection and transaction
    (Django would close the connection at the end of each request, as a server must)."""

    def __enter__(self) -> WSGIHandler:
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        return WSGIHandler()

    def __exit__(self, *exc_info) -> None:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def schema_load(*, app: WSGIHandler) -> Any:
    config = schemathesis.Config.from_dict(
        # Credentials come from the role, not from generated cookies and headers.
        {"generation": {"with-security-parameters": False}}
    )
    return schemathesis.openapi.from_wsgi(SCHEMA_URL, app, config=config)


class _Sender:
    def __init__(self, role: Role, report: RunReport) -> None:
        self.role, self.report = role, report
        self.log = _LastServerError()

    def send(self, case, *, label: str, mode: str) -> int:
        self.report.cases[(label, mode)] += 1
        self.log.text = ""
        response = case.call(headers=self.role.headers, cookies=self.role.cookies)
        self.report.statuses[(label, response.status_code)] += 1
        try:
            case.validate_response(response, checks=CHECKS, headers=self.role.headers)
        except FailureGroup as group:
            self._record(case, response, mode, list(group.exceptions))
        return response.status_code

    def _record(self, case, response, mode: str, failures: list[Failure]) -> None:
        where = f"{case.method} {case.formatted_path} [{mode}]"
        for failure in failures:
            line = f"{where} -> {response.status_code}: {failure.title}"
            if isinstance(failure, ServerError):
                self.report.server_errors.append(f"{line} ({self.log.text})")
            else:
                message = " | ".join(failure.message.split("\n"))[:300]
                sent = f"{case.media_type or '-'} {case.body!r:.160}"
                self.report.violations.append(f"{line}: {message} (sent {sent})")


def _run_operation(sender: _Sender, operation, mode: GenerationMode, examples: int) -> None:
    label = operation.label
    real = sender.role.real_values(operation)

    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        sent = sender.report.cases[(label, mode.value)]
        if real and sent % 2:  # every other case: the role's real rows, in turn
            name, value = real[(sent // 2) % len(real)]
            case.path_parameters = {**case.path_parameters, name: value}
        sender.send(case, label=label, mode=mode.value)

    try:
        run()
    except Unsatisfiable:
        if mode is not GenerationMode.NEGATIVE:
            raise
        # Nothing in the operation can be negated (its one parameter is a free string in
        # the path): there is no negative case to send.
        sender.report.no_negative_cases.add(label)


def schema_run_role(*, schema, role: Role, examples: dict[GenerationMode, int]) -> RunReport:
    """The role's scenario, then ``examples[mode]`` cases per operation and mode."""
    report = RunReport(role=role.name)
    sender = _Sender(role, report)
    logger = logging.getLogger("django.request")
    logger.addHandler(sender.log)
    try:
        for step in role.scenario:
            operation = schema[step.path][step.method]
            case = operation.Case(
                path_parameters=step.path_parameters,
                body=step.body if step.body is not None else NOT_SET,
                media_type="application/json" if step.body is not None else None,
            )
            status = sender.send(case, label=step.label, mode=SCENARIO)
            report.scenario.append((f"{step.label} {step.path_parameters}", status))
        for result in schema.get_all_operations():
            for mode, count in examples.items():
                _run_operation(sender, result.ok(), mode, count)
    finally:
        logger.removeHandler(sender.log)
    return report
