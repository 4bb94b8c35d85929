"""Uploads over the limit are refused without reading the whole body (HTTP 413).

Two guards, both before any view runs:

- ``UploadLimitMiddleware`` refuses a multipart request whose Content-Length is over
  ``UPLOAD_MAX_REQUEST_BYTES`` without reading a byte of its body; then, for a page's
  POST, it parses the body itself, so that the handler's refusal is its to answer (the
  API's parser meets the handler itself, and the API's error handler answers);
- ``DocumentSizeLimitHandler`` (first in ``FILE_UPLOAD_HANDLERS``) counts each file's
  bytes as they arrive and stops reading as soon as one file passes
  ``DOCUMENT_MAX_BYTES`` (or the request passes ``UPLOAD_MAX_REQUEST_BYTES``, for a
  body whose length was not declared).

A page gets a 413 page that says what the limit is; the API gets 413 JSON
``{"code", "message", "detail"}`` (``upload_too_large`` for the request,
``document_too_large`` for one file). The reverse proxy should refuse bodies over
``UPLOAD_MAX_REQUEST_BYTES`` too (``client_max_body_size``), before Django sees them.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler
from django.http import JsonResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from core.errors import UploadTooLarge


def request_too_large(size: int) -> UploadTooLarge:
    limit = settings.UPLOAD_MAX_REQUEST_BYTES
    return UploadTooLarge(
        _(
            "The upload is %(size)s; at most %(limit)s can be sent at once, and each "
            "document may be up to %(each)s. Send fewer or smaller files."
        )
        % {
            "size": filesizeformat(size),
            "limit": filesizeformat(limit),
            "each": filesizeformat(settings.DOCUMENT_MAX_BYTES),
        },
        code="upload_too_large",
        limit_bytes=limit,
    )


def document_too_large(name: str) -> UploadTooLarge:
    limit = settings.DOCUMENT_MAX_BYTES
    return UploadTooLarge(
        _("“%(name)s” is over the limit of %(limit)s for one document.")
        % {"name": name, "limit": filesizeformat(limit)},
        code="document_too_large",
        limit_bytes=limit,
    )


class DocumentSizeLimitHandler(FileUploadHandler):
    """Stop reading an upload once a file, or the whole body, passes its limit."""

    def __init__(self, request=None):
        super().__init__(request)
        self.file_bytes = 0
        self.total_bytes = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.file_bytes = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.file_bytes += len(raw_data)
        self.total_bytes += len(raw_data)
        if self.file_bytes > settings.DOCUMENT_MAX_BYTES:
            raise document_too_large(self.file_name or "")
        if self.total_bytes > settings.UPLOAD_MAX_REQUEST_BYTES:
            raise request_too_large(self.total_bytes)
        return raw_data  # on to the next handler, which stores it

    def file_complete(self, file_size: int):
        return None  # the next handler makes the file


def _is_multipart(request) -> bool:
    return request.META.get("CONTENT_TYPE", "").lower().startswith("multipart/")


def _content_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class UploadLimitMiddleware:
    """Refuse an over-limit upload before a view reads it (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _is_multipart(request):
            length = _content_length(request)
            if length > settings.UPLOAD_MAX_REQUEST_BYTES:
                return refusal_response(request, request_too_large(length))
            if request.method == "POST" and not _is_api(request):
                # Parse a page's upload now, through DocumentSizeLimitHandler: the CSRF
                # check reads the body before any view, where a refusal would be a 500.
                # The API's parser (DRF) meets the handler itself, and its error handler
                # answers UploadTooLarge (a DomainError) as 413 JSON, like other errors.
                try:
                    request.POST  # noqa: B018
                except UploadTooLarge as error:
                    return refusal_response(request, error)
        return self.get_response(request)


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def refusal_response(request, error: UploadTooLarge):
    if _is_api(request):
        return JsonResponse(error.as_dict(), status=error.http_status)
    back = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = ""
    return render(
        request,
        "upload_refused.html",
        {"message": error.message, "back": back},
        status=error.http_status,
    )
