"""The panels office's API (赔审团后台): panels by state with seats, turnout and quorum at
risk, and re-panelling a panel that missed its quorum.

Scoped as ``/jury/office/``: reading needs ``jury.view_panel``, re-panelling
``jury.change_panel`` (the reviewer). No count of verdicts before the close.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from core import clock
from core.api.access import holding
from core.api.inputs import LookupMixin
from jury.api.serializers import OfficePanelSerializer
from jury.models import Panel, PanelStatus
from jury.selectors import panels as selectors_panels
from jury.services import panels as panel_services


class OfficePanelPages(PageNumberPagination):
    page_size = 50


class PanelFilterSerializer(serializers.Serializer):
    state = serializers.ChoiceField(
        choices=[(s.value, s.label) for s in selectors_panels.OFFICE_TABS],
        required=False,
        default=PanelStatus.OPEN,
    )


def _row(panel: Panel, now) -> dict:
    return {
        "panel": panel,
        "voted": selectors_panels.voted(panel),
        "at_risk": selectors_panels.quorum_at_risk(panel, now),
        "late": panel.status == PanelStatus.OPEN and panel.deadline_at <= now,
    }


class OfficePanelViewSet(LookupMixin, viewsets.GenericViewSet):
    permission_classes = [holding("jury.view_panel")]
    queryset = Panel.objects.all()
    serializer_class = OfficePanelSerializer
    pagination_class = OfficePanelPages

    @extend_schema(
        summary="Panels by state",
        description="Open panels by deadline (with quorum at risk flagged), panels waiting "
        "for the operator, or closed panels, newest first: seats and turnout only.",
        parameters=[PanelFilterSerializer],
        responses={200: OfficePanelSerializer(many=True)},
    )
    def list(self, request):
        chosen = PanelFilterSerializer(data=request.query_params)
        chosen.is_valid(raise_exception=True)
        panels = (
            self.paginate_queryset(
                selectors_panels.panels_for_office(status=chosen.validated_data["state"])
            )
            or []
        )
        now = clock.now()
        rows = [_row(panel, now) for panel in panels]
        return self.get_paginated_response(OfficePanelSerializer(rows, many=True).data)

    @extend_schema(
        summary="Re-panel a panel that missed its quorum",
        description="Fresh seats and a fresh deadline; ballots already cast are kept. Only "
        "a panel waiting for the operator (409 `not_flagged` otherwise).",
        request=None,
        responses={200: OfficePanelSerializer},
    )
    @action(detail=True, methods=["post"], permission_classes=[holding("jury.change_panel")])
    def repanel(self, request, pk=None):
        panel = panel_services.panel_repanel(panel=self.get_object(), actor=request.user)
        annotated = selectors_panels.panels_for_office(status=panel.status).get(pk=panel.pk)
        return Response(OfficePanelSerializer(_row(annotated, clock.now())).data)
