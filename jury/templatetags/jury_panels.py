"""``{% juror_panels juror as panels %}``: the juror's panels for the jury home page, which
includes ``jury/_my_panels.html`` when it exists; ``form|clause_field:key`` and
``mapping|item:key`` for the ballot page, which shows each clause once with its answer."""

from django import template

from core import clock
from jury.selectors import panels as selectors_panels

register = template.Library()


@register.simple_tag
def juror_panels(juror):
    if juror is None:
        return {"mine": [], "open": [], "closed": []}
    return selectors_panels.juror_panels(juror=juror, now=clock.now())


@register.filter
def clause_field(form, key: str):
    """The ballot form's bound field for one clause, or None (no form, or no such clause)."""
    if form is None or not hasattr(form, "clause_field"):
        return None
    return form.clause_field(key)


@register.filter
def item(mapping, key: str):
    """``mapping[key]``, or None: a clause's split or the juror's answer to it."""
    if not mapping:
        return None
    return mapping.get(key)
