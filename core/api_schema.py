"""The API's OpenAPI schema: answers of more than one shape."""

from dataclasses import dataclass

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import force_instance
from drf_spectacular.utils import OpenApiResponse


@dataclass(frozen=True)
class AnyOf:
    """An answer that is one of several serializers' shapes, where one shape may also
    match another (``oneOf``, drf-spectacular's PolymorphicProxySerializer, would then be
    false): ``extend_schema(responses={200: OpenApiResponse(AnyOf(A, B))})``."""

    serializers: tuple

    def __init__(self, *serializers) -> None:
        object.__setattr__(self, "serializers", serializers)


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's AutoSchema, reading ``AnyOf`` answers as ``anyOf`` of components."""

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
