"""Words for people: lists joined as each language joins them."""

from collections.abc import Iterable

from django.utils.translation import get_language


def join_words(items: Iterable) -> str:
    """``癌症、心肌梗死`` in Chinese (the enumeration comma 顿号), ``cancer, stroke`` in
    English."""
    separator = "、" if (get_language() or "").startswith("zh") else ", "
    return separator.join(str(item) for item in items)
