"""Words for people: lists, asides and labels punctuated as each language punctuates
them (full-width ，：（） between Chinese words, never the ASCII ones)."""

from collections.abc import Iterable

from django.utils.translation import get_language


def join_words(items: Iterable) -> str:
    """``癌症、心肌梗死`` in Chinese (the enumeration comma 顿号), ``cancer, stroke`` in
    English."""
    separator = "、" if _chinese() else ", "
    return separator.join(str(item) for item in items)


def _chinese() -> bool:
    return (get_language() or "").startswith("zh")


def in_parens(text: str) -> str:
    """An aside: ``（北京时间）`` in Chinese, ``(Beijing time)`` in English."""
    return f"（{text}）" if _chinese() else f"({text})"


def aside(text: str) -> str:
    """An aside after a word: ``24:00（北京时间）`` in Chinese, where the bracket brings its
    own space, ``24:00 (Beijing time)`` in English, where a space goes before it."""
    return in_parens(text) if _chinese() else f" {in_parens(text)}"


def colon() -> str:
    """Between a label and its value: ``审核结论：予以赔付``, ``Decision: approve``."""
    return "：" if _chinese() else ": "


def sentence_gap() -> str:
    """What goes between two sentences translated apart: a space in English, nothing in
    Chinese (「…。其中…」, never 「…。 其中…」)."""
    return "" if _chinese() else " "
