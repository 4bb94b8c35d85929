from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from django import template
from django.conf import settings
from django.utils.translation import gettext as _

from core import clock, text
from core.clock import format_deadline
from core.text import join_words

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


@register.simple_tag
def sentence_gap() -> str:
    """What goes between two sentences translated apart (``core.text.sentence_gap``)."""
    return text.sentence_gap()


@register.simple_tag
def colon() -> str:
    """Between a label and its value: ``：`` in Chinese, ``: `` in English."""
    return text.colon()


@register.filter(is_safe=True)
def aside(value) -> str:
    """An aside after a word, in brackets as the language writes them: ``24:00（北京时间）``
    (the full-width bracket brings its own space), ``24:00 (Beijing time)``. Use as
    ``{{ when }}{% filter aside %}…{% endfilter %}`` around markup, with no space before."""
    return text.aside(value)


@register.filter
def joinwords(items) -> str:
    """A list joined as the page's language joins it: ``、`` in Chinese, ``, `` in English."""
    return join_words(items or [])


@register.inclusion_tag("_contact.html")
def contact_line(links_only: bool = False) -> dict:
    """Where a member reaches a person: the support email and phone (settings), as a
    sentence, or (``links_only``) the links alone for a sentence of the page's own."""
    return {
        "email": settings.SUPPORT_EMAIL,
        "phone": settings.SUPPORT_PHONE,
        "links_only": links_only,
    }


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` in a template (None when absent)."""
    return mapping.get(key) if mapping else None


@register.filter
def has_passed(value: datetime | None) -> bool:
    """Has this deadline come (``core.clock.now()`` at or after it)? A page never shows a
    passed deadline as still open, whether or not a sweep has acted on it yet."""
    return value is not None and clock.now() >= value
