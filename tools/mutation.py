"""Mutation testing of the pure rule modules with mutmut: one module at a time, each with
only its own unit tests, so a score says what *those* tests notice.

    .venv/bin/python tools/mutation.py                   # every module below
    .venv/bin/python tools/mutation.py jury/rules.py     # one (or a few) of them
    .venv/bin/python tools/mutation.py --fail-under 90   # exit 1 if a module scores less

`make mutation` installs mutmut (requirements-mutation.lock) and runs this. Each module
gets a workspace of its own, ``var/mutation/<module>/``: links to the apps, a
``setup.cfg`` whose ``[mutmut]`` section names the one file to mutate and its tests, and
mutmut's ``mutants/`` copy. (mutmut reads ``[tool.mutmut]`` from pyproject.toml before
setup.cfg, so pyproject.toml must not have one.) The tests run on SQLite with no Redis:
these tests need neither, and a test that touched the database would fail loudly.

The score is killed (or timed out) over all mutants; a mutant no selected test reaches
("no tests") counts as a survivor. Survivors are listed with their diffs in
``var/mutation/<module>/survivors.diff``; docs/mutation.md says why each one left is
harmless.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "mutation"

#: Each rule module and its own unit tests (DB-free; a file or a test's node id).
MODULES: dict[str, list[str]] = {
    "members/rules.py": ["tests/members/test_rules.py"],
    "claims/rules.py": [
        "tests/claims/test_rules.py",
        "tests/claims/test_rules__verdict.py",  # the jury's verdict decides the claim
        "tests/claims/test_publicity_rules.py",
        "tests/claims/test_date_ranges.py::test_diagnosis_date_bounds",
        "tests/claims/test_date_ranges.py::test_visit_date_bounds",
        "tests/winddown/test_rules.py",  # the wind-down's claim window lives in claims
    ],
    "jury/rules.py": ["tests/jury/test_rules.py"],
    "jury/juror_rules.py": ["tests/jury/test_juror_rules.py"],
    "sharing/rules.py": [
        "tests/sharing/test_rules.py",
        "tests/winddown/test_rules.py",  # platform_bears: the wind-down's frozen sharing
    ],
    "winddown/rules.py": ["tests/winddown/test_rules.py"],
    "claims/definitions/evaluator.py": [
        "tests/claims/test_evaluator.py",
        "tests/claims/test_definitions_catalogue.py",
    ],
    "claims/definitions/criteria.py": [
        "tests/claims/test_criteria.py",
        "tests/claims/test_definitions_catalogue.py",
    ],
    "core/money.py": ["tests/core/test_money.py"],
    "core/clock.py": ["tests/core/test_clock.py"],
}

#: What the tests import (copied into mutants/; only the module itself is mutated): the
#: settings package and every app (a folder with an ``apps.py``), so a new app needs no edit.
APPS = ["config", *sorted(p.parent.name for p in ROOT.glob("*/apps.py"))]
ALSO = ["locale", "templates", "static"]

#: A module with no unit test yet is run against this empty test (mutmut copies
#: ``test*.py`` from the workspace): mutmut makes the mutants, finds no test reaching
#: them and stops, so they are counted, all "no tests".
PLACEHOLDER = "test_no_unit_tests.py"

KILLED = {1, 3, 37}
TIMEOUT = {24, -24, 36, 152, 255}
SURVIVED = {0}
NO_TESTS = {5, 33}


@dataclass
class Score:
    module: str
    total: int = 0
    killed: int = 0
    timeout: int = 0
    survived: list[str] = field(default_factory=list)
    no_tests: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)
    diffs: dict[str, str] = field(default_factory=dict)

    @property
    def detected(self) -> int:
        return self.killed + self.timeout

    @property
    def percent(self) -> float:
        return 100.0 * self.detected / self.total if self.total else 0.0

    def line(self) -> str:
        left = len(self.survived) + len(self.no_tests) + len(self.other)
        return (
            f"{self.module:34} {self.detected:4}/{self.total:<4} killed  {self.percent:5.1f} %"
            f"   survived {len(self.survived)}, no tests {len(self.no_tests)}"
            + (f", other {len(self.other)}" if self.other else "")
            + ("" if left else "   (none left)")
        )


def slug(module: str) -> str:
    return module.removesuffix(".py").replace("/", "__")


def lines(values: list[str]) -> str:
    return "".join(f"\n    {v}" for v in values)


def prepare(module: str, tests: list[str]) -> Path:
    """A fresh workspace: links to the project, and mutmut's settings for this module."""
    workspace = WORK / slug(module)
    shutil.rmtree(workspace, ignore_errors=True)
    workspace.mkdir(parents=True)
    for name in [*APPS, *ALSO, "tests", "pyproject.toml"]:
        if (ROOT / name).exists():
            (workspace / name).symlink_to(ROOT / name)
    (workspace / "setup.cfg").write_text(
        "[mutmut]\n"
        f"source_paths ={lines(APPS)}\n"
        f"only_mutate = {module}\n"
        f"also_copy ={lines([a for a in ALSO if (ROOT / a).exists()])}\n"
        f"pytest_add_cli_args_test_selection ={lines(tests)}\n"
        f"pytest_add_cli_args ={lines(['-p', 'no:cacheprovider'])}\n"
        "use_git_change_detection = false\n",
        encoding="utf-8",
    )
    return workspace


def mutmut(workspace: Path, *args: str, log=None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "mutmut", *args],
        cwd=workspace,
        env=env,
        stdout=log or subprocess.PIPE,
        stderr=subprocess.STDOUT if log else subprocess.PIPE,
        text=True,
        check=False,
    )


def score(module: str, workspace: Path, *, unchecked_is_untested: bool = False) -> Score:
    meta = workspace / "mutants" / f"{module}.meta"
    result = Score(module)
    codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    for name, code in sorted(codes.items()):
        result.total += 1
        if code in KILLED:
            result.killed += 1
        elif code in TIMEOUT:
            result.timeout += 1
        elif code in SURVIVED:
            result.survived.append(name)
        elif code in NO_TESTS or (code is None and unchecked_is_untested):
            result.no_tests.append(name)
        else:
            result.other.append(f"{name} (exit {code})")
    return result


def run(module: str, *, jobs: int) -> Score:
    tests = [t for t in MODULES[module] if (ROOT / t.split("::")[0]).exists()]
    workspace = prepare(module, tests or [PLACEHOLDER])
    if not tests:  # still count the mutants: every one is "no tests"
        (workspace / PLACEHOLDER).write_text("def test_nothing():\n    pass\n")
        print(f"{module}: none of its unit tests exist yet: {MODULES[module]}")
    log_path = workspace / "mutmut.log"
    print(f"{module}: mutating, with {len(tests)} test selection(s)...", flush=True)
    with open(log_path, "w", encoding="utf-8") as log:
        done = mutmut(workspace, "run", "--max-children", str(jobs), log=log)
    meta = workspace / "mutants" / f"{module}.meta"
    if (done.returncode != 0 and tests) or not meta.exists():
        tail = log_path.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise SystemExit(f"{module}: mutmut failed (exit {done.returncode}):\n{tail}")
    # With no test, mutmut stops after making the mutants: each is left unchecked (None).
    result = score(module, workspace, unchecked_is_untested=not tests)
    left = result.survived + result.no_tests + [o.split()[0] for o in result.other]
    result.diffs = diffs(workspace, left)
    with open(workspace / "survivors.diff", "w", encoding="utf-8") as out:
        out.writelines(f"# {name}\n{result.diffs[name]}\n\n" for name in left)
    return result


DIFFS = """
import json, sys
from mutmut.mutation.diff_apply import get_diff_for_mutant
print(json.dumps({name: get_diff_for_mutant(name) for name in sys.argv[1:]}))
"""


def diffs(workspace: Path, names: list[str]) -> dict[str, str]:
    """Each mutant's diff, read by mutmut in one process (``mutmut show`` is one each)."""
    if not names:
        return {}
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    shown = subprocess.run(
        [sys.executable, "-c", DIFFS, *names],
        cwd=workspace,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(shown.stdout.strip().splitlines()[-1])


def changed(diff: str) -> str:
    """The changed lines of a diff, on one line: ``- old | + new``."""
    body = [ln for ln in diff.splitlines()[2:] if ln[:1] in "-+"]
    return "  |  ".join(" ".join(ln.split()) for ln in body)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help="rule modules (default: all)")
    parser.add_argument("--jobs", type=int, default=1, help="mutants tested at once")
    parser.add_argument("--fail-under", type=float, default=0.0, help="minimum score, %%")
    options = parser.parse_args()
    unknown = set(options.modules) - set(MODULES)
    if unknown:
        parser.error(f"not a rule module here: {', '.join(sorted(unknown))}")
    scores = []
    for module in options.modules or list(MODULES):
        scores.append(run(module, jobs=options.jobs))
        print(scores[-1].line(), flush=True)
        for name in scores[-1].survived:
            print(f"    survived  {name}: {changed(scores[-1].diffs[name])}")
        untested = sorted({n.rsplit("__mutmut_", 1)[0] for n in scores[-1].no_tests})
        if untested:
            print(f"    no test reaches: {', '.join(untested)}")
    total = sum(s.total for s in scores)
    detected = sum(s.detected for s in scores)
    print("\nMutation scores (each module by its own unit tests):")
    for s in scores:
        print("  " + s.line())
    if total:
        print(f"  {'all':34} {detected:4}/{total:<4} killed  {100.0 * detected / total:5.1f} %")
    print(f"Survivors' diffs: {WORK.relative_to(ROOT)}/<module>/survivors.diff")
    (WORK / "scores.json").write_text(
        json.dumps(
            {s.module: {"total": s.total, "detected": s.detected} for s in scores}, indent=2
        ),
        encoding="utf-8",
    )
    low = [s.module for s in scores if s.percent < options.fail_under]
    if low:
        print(f"Below {options.fail_under:g} %: {', '.join(low)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
