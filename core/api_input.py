"""TEMPORARY, for the lead to delete: the API's input helpers are ``core.api.inputs``.

The user-interface API modules another branch moves out of claims (claims/api/office*.py,
claims/api/board.py) import them from here until that move is merged; then they import
``core.api.inputs`` and this module goes (issue 14: suffix modules become packages)."""

from core.api.inputs import NUL, LookupMixin, SaneDateField, SlugRelatedField

__all__ = ["NUL", "LookupMixin", "SaneDateField", "SlugRelatedField"]
