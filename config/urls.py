from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from claims.views import api as claims_api
from config import landing
from core import views as core_views
from winddown.api import ShutdownViewSet

router = DefaultRouter()
router.register("plans", claims_api.PlanViewSet, basename="plan")
router.register("members", claims_api.MemberViewSet, basename="member")
router.register("drafts", claims_api.ClaimDraftViewSet, basename="draft")
router.register("claims", claims_api.ClaimViewSet, basename="claim")
router.register("shutdowns", ShutdownViewSet, basename="shutdown")

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", RedirectView.as_view(url=static("favicon.svg"), permanent=True)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/start/", landing.start, name="start"),
    path("claims/", include("claims.urls")),
    path("board/", include("claims.urls_board")),
    path("jury/", include("jury.urls")),
    path("sharing/", include("sharing.urls")),
    path("winddown/", include("winddown.urls")),
    path("office/", include("claims.urls_backoffice")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
]
