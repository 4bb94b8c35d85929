"""Definition sets in and out of the database (for ``manage.py definitions``)."""

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from claims.definitions.io import diff_definition_sets
from claims.models import Claim, ConditionDefinition, DefinitionSet
from core import clock
from core.errors import DomainError
from members.models import Plan


class DefinitionSetInUse(DomainError):
    code = "definition_set_in_use"
    http_status = 409


def definition_set_export(*, code: str) -> dict[str, Any]:
    """The set as the parsed structure of claims.definitions.io (ready to dump)."""
    definition_set = DefinitionSet.objects.get(code=code)
    conditions = definition_set.conditions.prefetch_related("plans").order_by("id")
    return {
        "format": "mutual-aid-definitions/1",
        "code": definition_set.code,
        "title_zh": definition_set.title_zh,
        "title_en": definition_set.title_en,
        "in_force_from": definition_set.in_force_from,
        "in_force_to": definition_set.in_force_to,
        "facts": definition_set.facts,
        "conditions": [
            {
                "code": c.code,
                "name_zh": c.name_zh,
                "name_en": c.name_en,
                "severity": c.severity,
                "benefit_share": c.benefit_share,
                "plans": sorted(p.code for p in c.plans.all()),
                "description_zh": c.description_zh,
                "description_en": c.description_en,
                "criteria": c.criteria,
            }
            for c in conditions
        ],
    }


def definition_set_diff(*, parsed: dict[str, Any]) -> list[str]:
    existing = DefinitionSet.objects.filter(code=parsed["code"]).exists()
    old = definition_set_export(code=parsed["code"]) if existing else None
    return diff_definition_sets(old, parsed)


def _refuse_if_it_decided(definition_set: DefinitionSet) -> None:
    """A set that judged a decided claim stays as it was: a decision must stay
    explainable by the definition it was made on."""
    decided = Claim.objects.filter(condition_definition__definition_set=definition_set).exclude(
        decision=""
    )
    if decided.exists():
        raise DefinitionSetInUse(
            _(
                "Definition set %(code)s has decided %(count)s claim(s) and cannot change; "
                "import the amendment as a new set."
            )
            % {"code": definition_set.code, "count": decided.count()},
        )


#: What a condition of the file sets on its row.
CONDITION_FIELDS = (
    "name_zh",
    "name_en",
    "severity",
    "benefit_share",
    "description_zh",
    "description_en",
    "criteria",
)


def _condition_save(
    definition_set: DefinitionSet, spec: dict[str, Any], plans: dict[str, Plan]
) -> ConditionDefinition:
    """The set's condition ``spec["code"]`` made or brought in line with the file."""
    condition, _created = ConditionDefinition.objects.update_or_create(
        definition_set=definition_set,
        code=spec["code"],
        defaults={k: spec[k] for k in CONDITION_FIELDS},
    )
    condition.plans.set([plans[code] for code in spec["plans"]])
    return condition


@transaction.atomic
def definition_set_import(
    *, parsed: dict[str, Any], now: datetime | None = None
) -> tuple[DefinitionSet, list[str]]:
    """Create a set, or bring an existing one in line with the file.

    Refused when the set already judged a decided claim: a decision must stay
    explainable by the definition it was made on. Publish a new set (a new code and
    period) instead.
    """
    now = now or clock.now()
    changes = definition_set_diff(parsed=parsed)
    definition_set = DefinitionSet.objects.select_for_update().filter(code=parsed["code"]).first()
    if definition_set is not None and not changes:
        return definition_set, []
    if definition_set is not None:
        _refuse_if_it_decided(definition_set)
    plans = {p.code: p for p in Plan.objects.all()}
    unknown = {code for c in parsed["conditions"] for code in c["plans"]} - set(plans)
    if unknown:
        raise DomainError(
            _("Unknown plan codes: %(codes)s.") % {"codes": ", ".join(sorted(unknown))},
            code="unknown_plan",
        )
    fields = {
        k: parsed[k] for k in ("title_zh", "title_en", "in_force_from", "in_force_to", "facts")
    }
    if definition_set is None:
        definition_set = DefinitionSet.objects.create(
            code=parsed["code"], imported_at=now, **fields
        )
    else:
        for key, value in fields.items():
            setattr(definition_set, key, value)
        definition_set.imported_at = now
        definition_set.save()
    keep = [_condition_save(definition_set, spec, plans).pk for spec in parsed["conditions"]]
    dropped = definition_set.conditions.exclude(pk__in=keep)
    if Claim.objects.filter(condition_definition__in=dropped).exists():
        raise DefinitionSetInUse(_("A condition that claims refer to cannot be removed."))
    dropped.delete()
    return definition_set, changes
