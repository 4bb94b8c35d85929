"""TEMPORARY, for the lead to delete: the API's schema helpers are ``core.api.schema``.

The user-interface API modules another branch moves out of claims (claims/api/office*.py)
import them from here until that move is merged; then they import ``core.api.schema`` and
this module goes (issue 14: suffix modules become packages)."""

from core.api.schema import ObjectSchema

__all__ = ["ObjectSchema"]
