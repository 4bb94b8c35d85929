from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core import health


def home(request):
    return render(request, "home.html")


def favicon(request):
    """The icon's hashed static URL is looked up per request: under the production
    profile's manifest storage it exists only once ``collectstatic`` has run."""
    return HttpResponseRedirect(static("favicon.svg"))


@never_cache
@require_safe
def healthz(request):
    """Liveness: the database answers. 503 when it does not; the broker is not asked."""
    body, status = health.liveness()
    return JsonResponse(body, status=status)


@never_cache
@require_safe
def healthz_ready(request):
    """Readiness: each part, with 200 or 503 by the rule in ``core.health``."""
    body, status = health.readiness()
    return JsonResponse(body, status=status)
