"""Who may call an API operation: the same questions the pages ask, as DRF permissions.

A request without credentials is answered 401 (``not_authenticated``, with the token's
``WWW-Authenticate``), a signed-in user without the right 403 (``permission_denied``),
as everywhere in the API (core.api).
"""

from django.contrib.auth.models import User
from django.http import HttpRequest
from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import BasePermission
from rest_framework.request import Request


def staff_with(permission: str) -> type[BasePermission]:
    """Staff holding ``permission``: the API's ``core.access.staff_with``."""

    class StaffWith(BasePermission):
        def has_permission(self, request, view) -> bool:
            user = request.user
            return bool(
                user and user.is_authenticated and user.is_staff and user.has_perm(permission)
            )

    StaffWith.__name__ = f"StaffWith[{permission}]"
    return StaffWith


def holding(permission: str) -> type[BasePermission]:
    """A signed-in user holding ``permission`` (pages that ask only ``has_perm``)."""

    class Holding(BasePermission):
        def has_permission(self, request, view) -> bool:
            user = request.user
            return bool(user and user.is_authenticated and user.has_perm(permission))

    Holding.__name__ = f"Holding[{permission}]"
    return Holding


def request_user(request: HttpRequest | Request) -> User:
    """The signed-in user of a request that the view's permissions let in only signed in
    (the type checker cannot see that: ``request.user`` may be anonymous elsewhere)."""
    user = request.user
    if not isinstance(user, User):
        raise NotAuthenticated()
    return user
