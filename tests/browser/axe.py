"""Accessibility checks with axe-core, served to the page by the test itself.

axe-core comes from npm (``package.json``, installed by ``make test``) and is evaluated
in the page through the browser's debugging protocol, so no page ever loads it from a
CDN and the site's Content-Security-Policy need not allow anything for it. A check
fails on any *serious* or *critical* violation. No rule is disabled: if one ever must
be, it goes in ``DISABLED_RULES`` with the reason, and in docs/decisions.md.
"""

import os
from functools import cache
from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# AXE_IMPACTS=minor,moderate,serious,critical lists everything, for a developer's look.
FAILING_IMPACTS = set(os.environ.get("AXE_IMPACTS", "serious,critical").split(","))
DISABLED_RULES: dict[str, str] = {}  # rule id -> why (and an entry in docs/decisions.md)
# Pages that are not the site's own work: Swagger UI (drf-spectacular-sidecar's bundle)
# and Django's admin (for superusers only). The journeys' audit passes them by.
NOT_OURS = ("/api/", "/admin/")


@cache
def axe_source() -> str:
    if not AXE.exists():
        raise RuntimeError(f"{AXE} is missing: run `make browser-deps` (npm ci)")
    return AXE.read_text()


def violations(page) -> list[dict]:
    """The page's serious and critical violations, each with the nodes that fail."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    options = {"rules": {rule: {"enabled": False} for rule in DISABLED_RULES}}
    result = page.evaluate("async (options) => await axe.run(document, options)", options)
    return [v for v in result["violations"] if v["impact"] in FAILING_IMPACTS]


def describe(found: list[dict]) -> str:
    lines = []
    for v in found:
        lines.append(f"{v['impact']}: {v['id']} — {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {node['failureSummary'][:200]}")
    return "\n".join(lines)


def assert_accessible(page, where: str = "") -> None:
    found = violations(page)
    assert not found, f"axe on {where or page.url}:\n{describe(found)}"
