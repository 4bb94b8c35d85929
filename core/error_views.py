"""Error answers: the site's own pages, and JSON ``{code, message, detail}`` under /api/.

Django calls these for errors that no view handled (``handler404`` and the others in
``config/urls.py``, ``CSRF_FAILURE_VIEW``). Errors inside the API's views are already
answered by ``core.api.exception_handler`` in the same shape; these cover the rest: an
unknown /api/ path, an exception DRF does not handle (500), a refused host (400).

The 500 page renders without the request's context (no context processor, no query), so
it still renders when the database is what failed.
"""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import csrf, defaults
from django.views.decorators.csrf import requires_csrf_token
from rest_framework import exceptions

API_PREFIX = "/api/"


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def _json(*, status: int, code: str, message: object) -> JsonResponse:
    return JsonResponse({"code": code, "message": str(message), "detail": {}}, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return _json(status=400, code="bad_request", message=exceptions.ParseError.default_detail)
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return _json(
            status=403,
            code=exceptions.PermissionDenied.default_code,
            message=exceptions.PermissionDenied.default_detail,
        )
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return _json(
            status=404,
            code=exceptions.NotFound.default_code,
            message=exceptions.NotFound.default_detail,
        )
    return defaults.page_not_found(request, exception)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return _json(
            status=500, code="server_error", message=exceptions.APIException.default_detail
        )
    return defaults.server_error(request)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """As DRF's session authentication says it, under /api/; the site's 403 page elsewhere."""
    if _is_api(request):
        return _json(
            status=403,
            code=exceptions.PermissionDenied.default_code,
            message=f"CSRF Failed: {reason}",
        )
    return csrf.csrf_failure(request, reason)
