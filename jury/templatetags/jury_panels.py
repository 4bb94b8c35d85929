"""``{% juror_panels juror as panels %}``: the juror's panels for the jury home page, which
includes ``jury/_my_panels.html`` when it exists."""

from django import template

from core import clock
from jury import selectors_panels

register = template.Library()


@register.simple_tag
def juror_panels(juror):
    if juror is None:
        return {"mine": [], "open": [], "closed": []}
    return selectors_panels.juror_panels(juror=juror, now=clock.now())
