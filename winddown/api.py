"""The wind-down for integrators: the announced shutdowns, read-only and public; and the
wind-down office (停运后台): proposals, the second operator's confirmation, the dashboard's
figures and the final report.

The office is scoped as its pages are (``winddown.views.office``): reading needs
``winddown.view_shutdown`` (operators, finance, the reviewer), proposing, confirming,
cancelling and finishing ``winddown.announce_shutdown`` (operators). Each write is one
service call (``winddown.services``).
"""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core import clock
from core.api.access import staff_with
from core.api.inputs import LookupMixin
from core.errors import InvalidTransition
from winddown import selectors, services
from winddown.models import Shutdown, ShutdownStatus
from winddown.serializers import (
    CancelSerializer,
    DashboardSerializer,
    FinalReportSerializer,
    OfficeShutdownDetailSerializer,
    OfficeShutdownSerializer,
    ProposeSerializer,
    ShutdownSerializer,
)

VIEW = "winddown.view_shutdown"
ANNOUNCE = "winddown.announce_shutdown"
ERROR = OpenApiResponse(description='Error: {"code", "message", "detail"}')


class ShutdownViewSet(LookupMixin, viewsets.ReadOnlyModelViewSet):
    """Announced shutdowns (停运): the plans, the stop moment, the claim window, the
    notice. Proposals not yet confirmed are not public."""

    serializer_class = ShutdownSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):
        return selectors.shutdowns_announced()


class NotAnnounced(InvalidTransition):
    code = "shutdown_not_announced"


PROPOSAL_EXAMPLE = OpenApiExample(
    "The senior cancer plan stops at the end of March",
    value={
        "plans": ["senior-cancer"],
        "stop_day": "2025-03-31",
        "window_days": 180,
        "notice_zh": "老年防癌互助计划将于2025年3月31日24时停止运行。",
        "notice_en": "The senior cancer plan stops at 24:00 on 31 March 2025.",
    },
    request_only=True,
)


class OfficeShutdownViewSet(LookupMixin, viewsets.GenericViewSet):
    """Shutdowns in the office, newest proposal first."""

    queryset = Shutdown.objects.none()
    pagination_class = None

    def get_queryset(self):
        return selectors.shutdowns_for_office()

    def get_permissions(self):
        writes = {"create", "confirm", "cancel", "finish"}
        return [staff_with(ANNOUNCE if self.action in writes else VIEW)()]

    def get_serializer_class(self):
        return OfficeShutdownSerializer if self.action == "list" else OfficeShutdownDetailSerializer

    def _answer(self, shutdown: Shutdown, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=shutdown.pk)
        return Response(OfficeShutdownDetailSerializer(fresh).data, status=code)

    @extend_schema(summary="Shutdowns", responses={200: OfficeShutdownSerializer(many=True)})
    def list(self, request):
        return Response(OfficeShutdownSerializer(self.get_queryset(), many=True).data)

    @extend_schema(summary="A shutdown", responses={200: OfficeShutdownDetailSerializer})
    def retrieve(self, request, pk=None):
        return Response(OfficeShutdownDetailSerializer(self.get_object()).data)

    @extend_schema(
        summary="Propose a shutdown (operator)",
        description="Coverage ends at 24:00 Beijing time of `stop_day`; a member diagnosed "
        "before it may claim until 24:00 of the diagnosis date + `window_days`. Nothing "
        "changes until a second operator confirms it.",
        request=ProposeSerializer,
        responses={201: OfficeShutdownDetailSerializer},
        examples=[PROPOSAL_EXAMPLE],
    )
    def create(self, request):
        data = ProposeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        shutdown = services.shutdown_propose(actor=request.user, **data.validated_data)
        return self._answer(shutdown, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Confirm a proposal: the announcement (a second operator)",
        description="The proposer cannot confirm their own proposal (403). From this moment "
        "no one joins the plans and the platform bears every later period.",
        request=None,
        responses={200: OfficeShutdownDetailSerializer},
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        shutdown = services.shutdown_confirm(shutdown=self.get_object(), actor=request.user)
        return self._answer(shutdown)

    @extend_schema(
        summary="Cancel a proposal (operator)",
        request=CancelSerializer,
        responses={200: OfficeShutdownDetailSerializer},
        examples=[
            OpenApiExample(
                "Proposed for the wrong plan",
                value={"reason": "The notice named the wrong plan."},
                request_only=True,
            )
        ],
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        data = CancelSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        shutdown = services.shutdown_cancel(
            shutdown=self.get_object(), actor=request.user, reason=data.validated_data["reason"]
        )
        return self._answer(shutdown)

    @extend_schema(
        summary="Issue the final report (operator)",
        description="Once the last window has closed and every claim is final (the hourly "
        "sweep does it by itself); refused before (400 `window_open`, `claims_open`).",
        request=None,
        responses={200: OfficeShutdownDetailSerializer},
    )
    @action(detail=True, methods=["post"])
    def finish(self, request, pk=None):
        shutdown = services.shutdown_finish(shutdown=self.get_object(), actor=request.user)
        return self._answer(shutdown)

    @extend_schema(
        summary="The dashboard's figures",
        description="The platform's running liability, claims by state, the windows "
        "closing per day, reminders, drafts, insurance choices and the periods the "
        "platform bears. A proposal has none yet: 409 `shutdown_not_announced`.",
        responses={200: DashboardSerializer, 409: ERROR},
    )
    @action(detail=True, methods=["get"])
    def dashboard(self, request, pk=None):
        shutdown = self.get_object()
        if not shutdown.is_announced:
            raise NotAnnounced(_("The shutdown is not announced: it has no dashboard yet."))
        board = selectors.dashboard(shutdown, now=clock.now())
        return Response(DashboardSerializer(board).data)

    @extend_schema(
        summary="The final report",
        description="A finished shutdown's frozen figures, with labels in the reader's "
        "language; 404 until the report is issued.",
        responses={200: FinalReportSerializer},
    )
    @action(detail=True, methods=["get"])
    def report(self, request, pk=None):
        shutdown = self.get_object()
        if shutdown.status != ShutdownStatus.FINISHED:
            raise Http404
        report = shutdown.final_report
        rows = selectors.report_rows(report)
        data = {
            **report,
            "shutdown": shutdown.pk,
            "plans": rows["plans"],
            "periods": rows["periods"],
            "claims_by_state": [{"label": label, "count": n} for label, n in rows["states"]],
            "drafts": [{"label": label, "count": n} for label, n in rows["drafts"]],
            "reminders": [{"label": label, "count": n} for label, n in rows["reminders"]],
        }
        return Response(FinalReportSerializer(data).data)
