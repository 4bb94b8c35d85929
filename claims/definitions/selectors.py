"""Reads of the definitions in force."""

from datetime import date

from django.db.models import Prefetch, Q, QuerySet

from claims.models import ConditionDefinition
from members.models import Plan
from members.selectors import plans_active


def conditions_in_force(*, day: date, plan=None) -> QuerySet[ConditionDefinition]:
    qs = (
        ConditionDefinition.objects.select_related("definition_set")
        .filter(definition_set__in_force_from__lte=day)
        .filter(
            Q(definition_set__in_force_to__isnull=True) | Q(definition_set__in_force_to__gte=day)
        )
    )
    if plan is not None:
        qs = qs.filter(plans=plan)
    return qs.order_by("-definition_set__in_force_from", "id")


def plans_with_conditions_in_force(*, day: date) -> QuerySet[Plan]:
    """The active plans, each with its benefit bands and the conditions in force on
    ``day`` (``plan.conditions_in_force``), every list read once for all the plans."""
    return plans_active().prefetch_related(
        Prefetch("conditions", queryset=conditions_in_force(day=day), to_attr="conditions_in_force")
    )


def condition_in_force(*, plan, code: str, day: date) -> ConditionDefinition | None:
    """The definition of ``code`` that covers ``plan`` in the set in force on ``day``.

    Where sets overlap, the newest set wins.
    """
    return conditions_in_force(day=day, plan=plan).filter(code=code).first()


def condition_name(code: str, *, day: date | None = None) -> str:
    """A condition's name in the current language (from the newest set that has it)."""
    qs = ConditionDefinition.objects.filter(code=code).order_by("-definition_set__in_force_from")
    if day is not None:
        qs = qs.filter(definition_set__in_force_from__lte=day)
    condition = qs.first()
    return condition.name if condition else code
