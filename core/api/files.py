"""API operations that answer a file (a bank batch, a report) as CSV, and errors as JSON.

The file is the same text the page sends (one service writes it). DRF's content
negotiation must accept ``text/csv`` (a client asking for it is not refused with 406),
but an error is always the API's JSON (``{"code", "message", "detail"}``), whatever the
client asked for.
"""

from typing import TYPE_CHECKING

from django.http import HttpResponse
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


class CsvRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data.encode(self.charset) if isinstance(data, str) else data


def csv_response(text: str, *, filename: str) -> HttpResponse:
    """The file as an attachment, as the page sends it."""
    response = HttpResponse(text, content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


if TYPE_CHECKING:
    _APIView = APIView
else:
    _APIView = object  # a mixin: the view it joins is an APIView


class CsvErrorsAsJsonMixin(_APIView):
    """For a view answering CSV: accept ``text/csv``, answer every error as JSON."""

    renderer_classes = [JSONRenderer, CsvRenderer]

    def finalize_response(self, request, response, *args, **kwargs):
        if isinstance(response, Response) and response.status_code >= 400:
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)
