"""The jury's API for jurors (赔审团): their panels, the anonymised case file, the ballot
(cast, change), declining a seat, and the result after the close.

Scoped as the panel pages are (``jury.views.panels``): a panel the juror may not see
(``jury.selectors.panels.panel_access``) answers 404, as one that does not exist; the
case file is ``jury.selectors.case.panel_case_file``, the page's own; nothing is counted
before the close. Each write is one service call (``jury.services.panels``).
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from core import clock
from core.api.access import request_user
from core.api.inputs import LookupMixin
from core.errors import InvalidTransition
from jury import selectors
from jury.api.serializers import (
    BallotReceiptSerializer,
    BallotSerializer,
    PanelResultSerializer,
    PanelRowSerializer,
    PanelSerializer,
    SeatSerializer,
)
from jury.models import Panel, Seat
from jury.selectors import case as selectors_case
from jury.selectors import panels as selectors_panels
from jury.services import panels as panel_services

ERROR = OpenApiResponse(description='Error: {"code", "message", "detail"}')

PANEL_ROW_EXAMPLE = OpenApiExample(
    "A seat offered on a panel",
    value={
        "section": "mine",
        "id": 12,
        "round": 1,
        "status": "open",
        "open_to_every_juror": False,
        "plan": "大病互助计划",
        "condition": "深度昏迷",
        "deadline_at": "2025-03-16T02:00:00Z",
        "closed_at": None,
        "seat": {
            "id": 57,
            "status": "offered",
            "offered_at": "2025-03-15T02:00:00Z",
            "responded_at": None,
        },
        "voted": False,
        "verdict": "",
        "my_verdict": "",
    },
    response_only=True,
)
BALLOT_EXAMPLE = OpenApiExample(
    "A ballot against the clauses",
    value={
        "clause_answers": {"gcs": "met", "life_support": "not_met"},
        "verdict": "deny",
        "reason": "Life support lasted 72 hours, under the 96 the clause asks for.",
        "contradiction_note": "",
    },
    request_only=True,
)


class PanelNotClosed(InvalidTransition):
    code = "panel_not_closed"


class JurorPanelViewSet(LookupMixin, viewsets.GenericViewSet):
    """The signed-in juror's panels. An account that is not a juror has none."""

    permission_classes = [IsAuthenticated]
    queryset = Panel.objects.select_related(*selectors_panels.PANEL_RELATED)
    serializer_class = PanelSerializer
    pagination_class = None

    def _visible(self):
        """The panel and what this juror may do on it; 404 when they may not see it."""
        panel = self.get_object()
        juror = selectors.juror_for_account(self.request.user)
        access = selectors_panels.panel_access(panel=panel, juror=juror, now=clock.now())
        if not access.may_view:
            raise NotFound()
        return panel, access

    @extend_schema(
        summary="My panels",
        description="The juror's panels as the jury's home page lists them: `mine` (seats "
        "held, and open panels voted on, until the close), `open` (panels every qualified "
        "juror may vote on), `closed` (decided panels the juror sat on or voted in).",
        responses={200: PanelRowSerializer(many=True)},
        examples=[PANEL_ROW_EXAMPLE],
    )
    def list(self, request):
        juror = selectors.juror_for_account(request.user)
        if juror is None:
            return Response([])
        sections = selectors_panels.juror_panels(juror=juror, now=clock.now())
        rows = [
            {
                "section": section,
                "panel": row.panel,
                "seat": row.seat,
                "voted": row.voted,
                "my_verdict": row.my_verdict,
            }
            for section in ("mine", "open", "closed")
            for row in sections[section]
        ]
        return Response(PanelRowSerializer(rows, many=True).data)

    @extend_schema(
        summary="A panel's anonymised case file",
        description="The case file the panel page shows (no name, identity number, "
        "contact, hospital or city; an age band; documents by kind), what the juror may do "
        "now, and their own ballot.",
        responses={200: PanelSerializer},
    )
    def retrieve(self, request, pk=None):
        panel, access = self._visible()
        case = selectors_case.panel_case_file(panel=panel)
        return Response(PanelSerializer({"panel": panel, "access": access, "case": case}).data)

    @extend_schema(
        summary="Cast or change my ballot",
        description="Until the deadline. Every clause of the case file's criteria is "
        "answered; a verdict that differs from the juror's own answers needs a "
        "`contradiction_note` (422 `contradiction_needs_reason` without one).",
        request=BallotSerializer,
        responses={200: BallotReceiptSerializer, 422: ERROR},
        examples=[BALLOT_EXAMPLE],
    )
    @action(detail=True, methods=["post"])
    def ballot(self, request, pk=None):
        panel, _access = self._visible()
        data = BallotSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ballot = panel_services.ballot_cast(panel=panel, actor=request.user, **data.validated_data)
        receipt = {
            "panel_id": ballot.panel_id,
            "verdict": ballot.verdict,
            "contradicts_clauses": ballot.contradicts_clauses,
            "cast_at": ballot.cast_at,
            "updated_at": ballot.updated_at,
            "deadline_at": panel.deadline_at,
        }
        return Response(BallotReceiptSerializer(receipt).data)

    @extend_schema(
        summary="The result after the close",
        description="The verdict, the published tally (counts, the split on each clause, "
        "reasons without names) and the juror's own vote. Before the close: 409 "
        "`panel_not_closed` (nothing is counted before it).",
        responses={200: PanelResultSerializer, 409: ERROR},
    )
    @action(detail=True, methods=["get"])
    def result(self, request, pk=None):
        panel, access = self._visible()
        tally = selectors_case.panel_published_tally(panel=panel)
        if tally is None:
            raise PanelNotClosed(
                _("The panel has not closed: its result is published at the close.")
            )
        my_vote = None
        if access.ballot is not None:
            my_vote = selectors_case.panel_own_vote(panel=panel, ballot=access.ballot)
        return Response(
            PanelResultSerializer({"panel": panel, "tally": tally, "my_vote": my_vote}).data
        )


class JurorSeatViewSet(LookupMixin, viewsets.GenericViewSet):
    """The juror's seats; another's seat answers 404."""

    permission_classes = [IsAuthenticated]
    queryset = Seat.objects.none()
    serializer_class = SeatSerializer

    def get_queryset(self):
        return Seat.objects.filter(juror__account=request_user(self.request))

    @extend_schema(
        summary="Decline a seat",
        description="A seat offered and not voted on; while time remains it is offered to "
        "the next juror drawn. A seat voted on answers 409 `seat_voted`.",
        request=None,
        responses={200: SeatSerializer},
    )
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        seat = panel_services.seat_decline(seat=self.get_object(), actor=request.user)
        return Response(SeatSerializer(seat).data)
