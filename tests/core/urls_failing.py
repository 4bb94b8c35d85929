"""The site's URLs plus views that fail, for the error-page tests."""

from django.contrib.auth import get_user_model
from django.urls import path

from config.urls import handler400, handler403, handler404, handler500  # noqa: F401
from config.urls import urlpatterns as site_urlpatterns


def page_that_fails(request):
    raise RuntimeError("a bug")


def page_whose_database_fails(request):
    get_user_model().objects.count()  # the tests allow no database: this raises


urlpatterns = [
    path("fails/", page_that_fails),
    path("fails/database/", page_whose_database_fails),
    *site_urlpatterns,
]
