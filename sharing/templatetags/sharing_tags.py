from django import template

register = template.Library()


@register.filter
def grouped(value) -> str:
    """``74,129,722``: a count with thousands separators in every language (Django's
    zh-hans format has none)."""
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return str(value)
