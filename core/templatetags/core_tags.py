from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from django import template
from django.utils.translation import gettext as _

from core import clock
from core.clock import format_deadline

register = template.Library()


@register.filter
def duration(value: timedelta | None) -> str:
    """``2 d 3 h`` / ``5 h 12 min`` / ``40 s``: how long a step took."""
    if value is None:
        return ""
    seconds = int(value.total_seconds())
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return _("%(d)s d %(h)s h") % {"d": days, "h": hours}
    if hours:
        return _("%(h)s h %(m)s min") % {"h": hours, "m": minutes}
    if minutes:
        return _("%(m)s min") % {"m": minutes}
    return _("%(s)s s") % {"s": secs}


@register.filter
def money(value) -> str:
    """``¥300,000.00``: yuan with thousands separators in every language.

    (Django's zh-hans number format has no thousands separator, so ``intcomma`` shows
    ``300000.00`` on the Chinese pages.)
    """
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return f"¥{amount:,.2f}"


@register.filter
def deadline(value: datetime | None) -> str:
    """A deadline in Beijing time, midnight written as 24:00 of the day before."""
    if value is None:
        return ""
    return format_deadline(value)


@register.filter
def has_passed(value: datetime | None) -> bool:
    """Has this deadline come (``core.clock.now()`` at or after it)? A page never shows a
    passed deadline as still open, whether or not a sweep has acted on it yet."""
    return value is not None and clock.now() >= value
