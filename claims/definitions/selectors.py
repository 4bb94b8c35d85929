"""Reads of the definitions in force."""

from datetime import date

from django.db.models import Q, QuerySet

from claims.models import ConditionDefinition


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
