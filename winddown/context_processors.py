"""The shutdown notice on every page while a plan winds down (停运公告)."""

from django.utils.functional import SimpleLazyObject

from winddown import selectors


def shutdown_notices(request):
    """Shutdowns under way (announced, not yet finished), read only when a page shows them
    (the base template does), from a short-lived cache: the busiest pages need no query."""
    return {"shutdown_notices": SimpleLazyObject(selectors.running_notices)}
