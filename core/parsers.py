"""The API's JSON parser: refuses a body too large or nested too deep before parsing it.

Python's ``json`` recurses once per level of nesting, so 10,000 nested ``[`` raise a
``RecursionError`` (a 500) and a few hundred levels still reach serializers and services
that walk the data recursively. ``object_hook`` cannot help: it is called once an object
has been parsed, innermost first, after the recursion has happened. So the body is read
with a size cap and its bytes are scanned for depth first (strings removed in one linear
regex pass, then a count over the brackets alone that stops at the first level too deep),
and only a body that passes is handed to ``json``.

This parser reads the stream itself: DRF reads ``request.body`` whole (and raises Django's
``RequestDataTooBig``) before calling a parser that subclasses ``JSONParser``, so it does
not subclass it.
"""

import json
import re

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import renderers, status
from rest_framework.exceptions import APIException, ParseError

# get_encoding is DRF's own (JSONParser uses it); the DRF stubs leave it out.
from rest_framework.parsers import BaseParser, get_encoding  # type: ignore[attr-defined]

# A JSON string from its opening quote to its closing quote, or to the end of the body if
# it is never closed. Possessive loops never backtrack, so the pass is linear.
_STRING = re.compile(rb'"(?:[^"\\]++|\\.?)*+"?', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_OPEN = frozenset(b"[{")


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"
    default_detail = gettext_lazy("The request body is too large.")


class JSONTooDeep(ParseError):
    default_code = "json_too_deep"


def json_depth_exceeds(data: bytes, limit: int) -> bool:
    """Whether arrays and objects nest more than ``limit`` levels anywhere in ``data``.

    Brackets inside strings do not count. Malformed JSON is left for the parser to refuse.
    """
    brackets = _STRING.sub(b"", data).translate(None, _NOT_BRACKETS)
    depth = 0
    for byte in brackets:
        if byte in _OPEN:
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def too_large(limit: int) -> RequestTooLarge:
    return RequestTooLarge(
        _("The request body is larger than %(limit)s bytes.") % {"limit": limit},
    )


class LimitedJSONParser(BaseParser):
    """``application/json`` with ``API_JSON_MAX_BYTES`` and ``API_JSON_MAX_DEPTH``."""

    media_type = "application/json"
    renderer_class = renderers.JSONRenderer

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        limit = settings.API_JSON_MAX_BYTES
        request = parser_context.get("request")
        meta = request.META if request is not None else {}
        try:
            declared = int(meta.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > limit:
            raise too_large(limit)  # refused before a byte of the body is read
        data = stream.read(limit + 1) if stream is not None else b""
        if len(data) > limit:
            raise too_large(limit)
        max_depth = settings.API_JSON_MAX_DEPTH
        if json_depth_exceeds(data, max_depth):
            raise JSONTooDeep(
                _("The JSON body nests deeper than %(limit)s levels.") % {"limit": max_depth}
            )
        try:
            text = data.decode(get_encoding(parser_context))
            return json.loads(text, parse_constant=_refuse_constant)
        except ValueError as exc:  # UnicodeDecodeError is a ValueError too
            raise ParseError(_("The body is not valid JSON: %(error)s") % {"error": exc}) from exc


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not valid JSON")
