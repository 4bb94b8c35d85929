from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from board import api as board_api
from claims.api import views as claims_api
from config import landing
from core import views as core_views
from jury.api import office as jury_office_api
from jury.api import views as jury_api
from office.api import case as office_api
from office.api import queue as office_queue_api
from sharing.api import views as sharing_api
from winddown.api import OfficeShutdownViewSet, ShutdownViewSet

router = DefaultRouter()
router.register("plans", claims_api.PlanViewSet, basename="plan")
router.register("members", claims_api.MemberViewSet, basename="member")
router.register("drafts", claims_api.ClaimDraftViewSet, basename="draft")
router.register("claims", claims_api.ClaimViewSet, basename="claim")
router.register("shutdowns", ShutdownViewSet, basename="shutdown")
# Jurors: their panels, the anonymised case file, ballots, seats; the panels office.
router.register("jury/panels", jury_api.JurorPanelViewSet, basename="jury-panel")
router.register("jury/seats", jury_api.JurorSeatViewSet, basename="jury-seat")
router.register("jury/office/panels", jury_office_api.OfficePanelViewSet, basename="jury-office")
# The back office: queues, the case and its steps, the publicity desk (office.api).
router.register("office/queue", office_queue_api.OfficeQueueViewSet, basename="office-queue")
router.register("office/assign", office_queue_api.OfficeAssignViewSet, basename="office-assign")
router.register("office/claims", office_api.OfficeCaseViewSet, basename="office-case")
router.register(
    "office/publicity", office_queue_api.PublicityDeskViewSet, basename="office-publicity"
)
# The public board, read-only and open to anyone (board.api).
router.register("board/batches", board_api.BoardBatchViewSet, basename="board-batch")
# Sharing: periods and their books, a member's shares, payouts and the bank file.
router.register("sharing/periods", sharing_api.SharingPeriodViewSet, basename="sharing-period")
router.register("sharing/me", sharing_api.MySharesViewSet, basename="sharing-me")
router.register("sharing/payouts", sharing_api.PayoutViewSet, basename="sharing-payout")
router.register("sharing/bank-file", sharing_api.BankFileViewSet, basename="sharing-bank-file")
# The wind-down office: proposals, the confirmation, the dashboard, the final report.
router.register("winddown/shutdowns", OfficeShutdownViewSet, basename="winddown-shutdown")

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("healthz/ready", core_views.healthz_ready, name="healthz-ready"),
    path("favicon.ico", core_views.favicon),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/start/", landing.start, name="start"),
    path("claims/", include("portal.urls")),
    path("board/", include("board.urls")),
    path("jury/", include("jury.urls")),
    path("sharing/", include("sharing.urls")),
    path("winddown/", include("winddown.urls")),
    path("office/", include("office.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI with its start-up script served as a file (``?script``), no inline code.
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="schema", template_name="api/swagger_ui.html"),
        name="api-docs",
    ),
]

handler400 = "core.error_views.bad_request"
handler403 = "core.error_views.permission_denied"
handler404 = "core.error_views.page_not_found"
handler500 = "core.error_views.server_error"
