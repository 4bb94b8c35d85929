"""``code|plan_name``: a plan's name in the reader's language, for pages that hold only
its code (the wind-down's frozen report): a code never reaches a page a person reads."""

from django import template

from members.models import Plan

register = template.Library()


@register.filter
def plan_name(code: str) -> str:
    plan = Plan.objects.filter(code=code).first()
    return plan.name if plan is not None else "—"
