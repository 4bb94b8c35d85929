"""The API's OpenAPI schema: its error answers, and answers of more than one shape.

Every error the API sends has the one format of ``core.api`` (``{"code", "message",
"detail"}``). A drf-spectacular postprocessing hook adds that format as the ``Error``
component and, on each operation, the 4xx answers the operation can give, so that a
client (and the schemathesis run in the test suite) can rely on the schema for errors too.
An operation may declare a 4xx itself (``extend_schema(responses={422: ...})``) to
describe it better; the hook then only adds the body.
"""

from dataclasses import dataclass
from typing import Any

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import force_instance, is_list_serializer
from drf_spectacular.utils import OpenApiResponse

from core.api.inputs import ANY_SEGMENT

ERROR_REF = {"$ref": "#/components/schemas/Error"}
ERROR_SCHEMA = {
    "type": "object",
    "description": "An error: a stable machine-readable code, a message for people, and the "
    "facts behind it.",
    "properties": {
        "code": {
            "type": "string",
            "description": "Stable: `invalid`, `not_found`, `permission_denied`, "
            "`not_authenticated`, `transition_not_allowed`, or the rule's own code.",
        },
        "message": {"type": "string", "description": "In the request's language."},
        "detail": {
            "type": "object",
            "additionalProperties": {},
            "description": "The rule's facts; for `invalid`, `fields` maps each field to "
            "its errors.",
        },
    },
    "required": ["code", "message"],
}
WRITES = {"post", "put", "patch", "delete"}
PAGING = {"page", "cursor"}
DESCRIPTIONS = {
    "400": "The request is invalid (`invalid`, with the fields), or a rule refuses it.",
    "401": "Not signed in, or the token is unknown.",
    "403": "Not signed in (session), or not permitted to do this.",
    "404": "No such object that you may see (or no such page, or an unknown cursor).",
    "409": "The object is not in a state that allows this step.",
    "413": "The body is over the API's limit (`request_too_large`), or an upload over "
    "the document limit (`document_too_large`, `upload_too_large`): refused unread.",
    "415": "The body is not in a media type this operation reads.",
    "422": "A rule of the plan refuses this (the code names the rule).",
    "429": "Too many failed sign-ins or bad tokens from this address "
    "(`too_many_failed_logins`): try again after the pause.",
}


def operation_error_statuses(*, method: str, operation: dict[str, Any]) -> list[str]:
    """The 4xx answers an operation can give, from what it takes."""
    parameters = operation.get("parameters", [])
    # A bad token is refused even where no sign-in is needed; after five, the address is
    # paused (django-axes, core.authentication).
    statuses = ["401", "403", "429"]
    if any(p["in"] == "path" for p in parameters) or any(
        p["in"] == "query" and p["name"] in ("page", "cursor") for p in parameters
    ):
        statuses.append("404")
    if any(p["in"] == "query" and p["name"] not in PAGING for p in parameters):
        statuses.append("400")  # a filter's value is checked (``invalid``, with the field)
    if method in WRITES:
        statuses += ["400", "409", "422"]  # validation, and a service's refusals
        if "requestBody" in operation:
            statuses += ["413", "415"]
    return sorted(set(statuses))


def postprocess_error_responses(result, generator, request, public, **kwargs):
    """drf-spectacular hook: the ``Error`` component and each operation's 4xx answers."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            for status in operation_error_statuses(method=method, operation=operation):
                responses.setdefault(status, {"description": DESCRIPTIONS[status]})
            for status, response in responses.items():
                if status.startswith("4") and "content" not in response:
                    response["content"] = {"application/json": {"schema": ERROR_REF}}
    return result


@dataclass(frozen=True)
class AnyOf:
    """An answer that is one of several serializers' shapes, where one shape may also
    match another (``oneOf``, drf-spectacular's PolymorphicProxySerializer, would then be
    false): ``extend_schema(responses={200: OpenApiResponse(AnyOf(A, B))})``."""

    serializers: tuple

    def __init__(self, *serializers) -> None:
        object.__setattr__(self, "serializers", serializers)


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's AutoSchema, reading ``AnyOf`` answers as ``anyOf`` of components,
    and typing an ``ANY_SEGMENT`` lookup from the model (an integer id stays an integer)."""

    def _resolve_path_parameters(self, variables):
        routed = self.path_regex
        # As for DRF's default lookup, which drf-spectacular leaves to the model's field.
        self.path_regex = routed.replace(f">{ANY_SEGMENT})", ">[^/.]+)")
        try:
            return super()._resolve_path_parameters(variables)
        finally:
            self.path_regex = routed

    def _get_response_for_code(
        self, serializer, status_code, media_types=None, direction="response"
    ):
        declared = serializer.response if isinstance(serializer, OpenApiResponse) else serializer
        if not isinstance(declared, AnyOf):
            return super()._get_response_for_code(serializer, status_code, media_types, direction)
        refs = [
            self.resolve_serializer(force_instance(each), direction).ref
            for each in declared.serializers
        ]
        description = serializer.description if isinstance(serializer, OpenApiResponse) else ""
        return super()._get_response_for_code(
            OpenApiResponse(response={"anyOf": refs}, description=description),
            status_code,
            media_types,
            direction,
        )


class ObjectSchema(AutoSchema):
    """For a viewset whose ``list`` answers one object (a desk, a queue page with its
    tabs' counts): drf-spectacular documents every ``list`` as an array (and pages it)
    unless its serializer says ``many``. Set ``schema = ObjectSchema()`` on the viewset;
    declare a ``page`` parameter yourself where the answer is paged."""

    def _is_list_view(self, serializer=None) -> bool:
        if serializer is None:
            serializer = self.get_response_serializers()
        if isinstance(serializer, dict) and serializer:
            by_code = {str(code): each for code, each in serializer.items()}
            serializer = by_code[min(by_code)]
        return is_list_serializer(serializer)
