"""Definition sets as JSON files: the format a medical committee reviews and amends.

``parse_definition_set`` checks a file's content (pure); the services and the data
migration write what it returns.
"""

import json
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from claims.definitions.criteria import Clause, CriteriaError, validate
from claims.definitions.wording import vocabulary_problems

FORMAT = "mutual-aid-definitions/1"
DATA_DIR = Path(__file__).resolve().parent / "data"
SHIPPED = ["cii-2020.json", "transport-accident-2018.json"]


class DefinitionFileError(ValueError):
    """A definition file that cannot be imported; the message says where."""


def load_file(path: str | Path) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DefinitionFileError(f"{path}: {exc}") from exc
    return parse_definition_set(data)


def _in_force(data: dict[str, Any]) -> tuple[date, date | None]:
    """The set's first day in force, and its last (None: open-ended), in order."""
    try:
        start = date.fromisoformat(data["in_force_from"])
        end = date.fromisoformat(data["in_force_to"]) if data.get("in_force_to") else None
    except ValueError as exc:
        raise DefinitionFileError(f"a date is not YYYY-MM-DD: {exc}") from exc
    if end is not None and end < start:
        raise DefinitionFileError("'in_force_to' is before 'in_force_from'")
    return start, end


def _parse_condition(
    condition: dict[str, Any], where: str, code: str, clauses: list[Clause]
) -> dict[str, Any]:
    """One condition, validated and normalised; its criteria's clauses join ``clauses``."""
    for field in ("name_zh", "name_en", "severity", "criteria"):
        if not condition.get(field):
            raise DefinitionFileError(f"{where} ({code}): '{field}' is required")
    if condition["severity"] not in ("severe", "mild"):
        raise DefinitionFileError(f"{where} ({code}): severity must be severe or mild")
    try:
        share = Decimal(str(condition.get("benefit_share", "1.00")))
    except InvalidOperation as exc:
        raise DefinitionFileError(f"{where} ({code}): benefit_share is not a number") from exc
    if not Decimal("0") < share <= Decimal("1"):
        raise DefinitionFileError(f"{where} ({code}): benefit_share must be in (0, 1]")
    if condition["severity"] == "mild" and share > Decimal("0.30"):
        raise DefinitionFileError(f"{where} ({code}): a mild condition pays at most 30%")
    try:
        clauses.extend(validate(condition["criteria"]))
    except CriteriaError as exc:
        raise DefinitionFileError(f"{where} ({code}): {exc}") from exc
    return {
        "code": code,
        "name_zh": condition["name_zh"],
        "name_en": condition["name_en"],
        "severity": condition["severity"],
        "benefit_share": share.quantize(Decimal("0.01")),
        "plans": sorted(condition.get("plans", [])),
        "description_zh": condition.get("description_zh", ""),
        "description_en": condition.get("description_en", ""),
        "criteria": condition["criteria"],
    }


def parse_definition_set(data: dict[str, Any]) -> dict[str, Any]:
    """Validate a definition set and return it normalised (dates, decimals, sorted plans)."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DefinitionFileError(f"not a definition set: 'format' must be '{FORMAT}'")
    for field in ("code", "title_zh", "title_en", "in_force_from"):
        if not data.get(field):
            raise DefinitionFileError(f"'{field}' is required")
    start, end = _in_force(data)
    conditions = data.get("conditions")
    if not isinstance(conditions, list) or not conditions:
        raise DefinitionFileError("'conditions' must be a non-empty list")
    facts = data.get("facts", {})
    if not isinstance(facts, dict):
        raise DefinitionFileError("'facts' must be an object: fact → its labels")
    seen: set[str] = set()
    parsed = []
    clauses: list[Clause] = []
    for i, condition in enumerate(conditions):
        where = f"conditions[{i}]"
        code = condition.get("code")
        if not code or code in seen:
            raise DefinitionFileError(f"{where}: missing or repeated code {code!r}")
        seen.add(code)
        parsed.append(_parse_condition(condition, where, code, clauses))
    problems = vocabulary_problems(facts, clauses)
    if problems:
        raise DefinitionFileError("the facts' words are incomplete: " + "; ".join(problems))
    return {
        "format": FORMAT,
        "code": data["code"],
        "title_zh": data["title_zh"],
        "title_en": data["title_en"],
        "in_force_from": start,
        "in_force_to": end,
        "facts": facts,
        "conditions": parsed,
    }


def dump_definition_set(parsed: dict[str, Any]) -> str:
    """The JSON text of a parsed set (dates and decimals as strings), stable for diffs."""
    out = {
        **parsed,
        "in_force_from": parsed["in_force_from"].isoformat(),
        "in_force_to": parsed["in_force_to"].isoformat() if parsed["in_force_to"] else None,
        "conditions": [
            {**c, "benefit_share": str(c["benefit_share"])} for c in parsed["conditions"]
        ],
    }
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"


def diff_definition_sets(old: dict[str, Any] | None, new: dict[str, Any]) -> list[str]:
    """What changes from ``old`` to ``new``, one line per change, for a committee to read."""
    if old is None:
        return [f"+ new set {new['code']} with {len(new['conditions'])} conditions"]
    lines = []
    for field in ("title_zh", "title_en", "in_force_from", "in_force_to"):
        if old[field] != new[field]:
            lines.append(f"~ {field}: {old[field]} → {new[field]}")
    old_facts, new_facts = old.get("facts", {}), new.get("facts", {})
    for fact in sorted(set(old_facts) | set(new_facts)):
        if old_facts.get(fact) != new_facts.get(fact):
            lines.append(f"~ facts.{fact} words changed")
    before = {c["code"]: c for c in old["conditions"]}
    after = {c["code"]: c for c in new["conditions"]}
    for code in sorted(set(before) - set(after)):
        lines.append(f"- condition {code}")
    for code in sorted(set(after) - set(before)):
        lines.append(f"+ condition {code}")
    for code in sorted(set(before) & set(after)):
        for field in after[code]:
            if before[code].get(field) != after[code][field]:
                lines.append(f"~ {code}.{field} changed")
    return lines
