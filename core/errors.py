"""Domain errors: a machine-readable code, a human message, and the facts behind it.

Services raise these; the API turns them into JSON (core.api) and the pages show
``message`` on the form. Messages are translatable and name the rule and dates.
"""

from typing import Any

from django_stubs_ext import StrOrPromise


class DomainError(Exception):
    """A request the rules refuse. ``code`` is stable; ``message`` is for people."""

    code = "domain_error"
    http_status = 400

    def __init__(self, message: StrOrPromise, *, code: str | None = None, **params: Any) -> None:
        super().__init__(str(message))
        self.message = message
        if code:
            self.code = code
        self.params = params

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": str(self.message), "detail": _jsonable(self.params)}


class RuleViolation(DomainError):
    """A hard rule of the plan fails (e.g. diagnosed in the waiting period)."""

    code = "rule_violation"
    http_status = 422


class InvalidTransition(DomainError):
    """The claim is not in a state (or condition) that allows this step."""

    code = "transition_not_allowed"
    http_status = 409


class NotPermitted(DomainError):
    """The actor may not take this step on this object."""

    code = "permission_denied"
    http_status = 403


class InvalidDocument(DomainError):
    code = "invalid_document"
    http_status = 422


class UploadTooLarge(DomainError):
    """An upload over its size limit, refused before its body is read (core.uploads)."""

    code = "upload_too_large"
    http_status = 413


class InvalidValue(DomainError):
    """A value outside its sane range (a measurement, a date); ``field`` names it."""

    code = "invalid_value"
    http_status = 400


def _jsonable(params: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in params.items():
        if isinstance(value, str | int | bool) or value is None:
            out[key] = value
        else:
            out[key] = str(value)
    return out
