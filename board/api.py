"""The public board's API (公示栏): published batches, their summaries and the anonymised
case cards. Open to anyone and read-only, as ``/board/`` is.

The cards come from ``claims.selectors.public``, the page's own reads (only public
columns are selected; the member's name is reduced to its first character inside the
database), and carry exactly what a card on the page shows: no field more.
"""

from datetime import date

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from board import selectors as board
from claims.api.serializers import FactLineSerializer
from claims.models import PublicityBatch
from claims.selectors import public
from claims.states import ClaimState, Decision
from core import clock
from core.api.inputs import NUL, LookupMixin
from core.money import MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS


def _money(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=MONEY_MAX_DIGITS, decimal_places=MONEY_DECIMAL_PLACES, **kwargs
    )


class BatchPages(PageNumberPagination):
    page_size = 12  # as the board's index


class CardPages(PageNumberPagination):
    page_size = 30  # as a batch's page


class PlanSummarySerializer(serializers.Serializer):
    plan_name = serializers.CharField()
    cases = serializers.IntegerField()
    approvals = serializers.IntegerField()
    denials = serializers.IntegerField()
    approved_total = _money()


class BoardBatchSerializer(serializers.Serializer):
    """A published batch with its summary: cases, approvals, denials and the approved
    total, in all and per plan (the decisions as published)."""

    batch_date = serializers.DateField(source="batch.batch_date")
    window_ends_at = serializers.DateTimeField(
        source="batch.window_ends_at", help_text="Objections until this moment."
    )
    cases = serializers.IntegerField()
    approvals = serializers.IntegerField()
    denials = serializers.IntegerField()
    approved_total = _money()
    plans = PlanSummarySerializer(many=True)


class CaseCardSerializer(serializers.Serializer):
    """A case card as the board shows it: the first character of the name, the age band,
    the city of treatment (never the hospital), the plan, the condition, the amount, and
    the facts the decision rests on."""

    reference = serializers.CharField()
    initials = serializers.CharField(help_text="张**: the first character and two stars.")
    age_from = serializers.IntegerField()
    age_to = serializers.IntegerField()
    city = serializers.CharField(allow_blank=True)
    plan_name = serializers.CharField()
    condition_name = serializers.CharField()
    amount = _money(help_text="The amount approved, or for a denial the amount claimed.")
    decision = serializers.ChoiceField(choices=Decision.choices, allow_blank=True)
    decision_label = serializers.CharField(allow_blank=True)
    deciding_facts = FactLineSerializer(source="facts.lines", many=True)
    non_disclosure = serializers.BooleanField(
        source="facts.non_disclosure",
        help_text="The decision rests on a pre-existing illness not disclosed at joining.",
    )
    against_evaluator = serializers.BooleanField(
        help_text="The reviewer decided against the automatic evaluation."
    )
    state = serializers.ChoiceField(choices=ClaimState.choices)
    status_label = serializers.CharField()
    window_ends_at = serializers.DateTimeField(allow_null=True)
    open_to_objection = serializers.BooleanField(
        help_text="An approval whose notice is open: a member of the plan may object "
        "(POST /api/v1/claims/{reference}/dispute/)."
    )


class CardFilterSerializer(serializers.Serializer):
    """A batch page's filters; a plan or condition not in the batch matches nothing."""

    plan = serializers.CharField(max_length=64, required=False, allow_blank=True)
    condition = serializers.CharField(max_length=64, required=False, allow_blank=True)
    decision = serializers.ChoiceField(choices=Decision.choices, required=False, allow_blank=True)


CARD_EXAMPLE = OpenApiExample(
    "An approval under notice",
    value={
        "reference": "HZ7K2M9Q4T",
        "initials": "李**",
        "age_from": 30,
        "age_to": 39,
        "city": "杭州",
        "plan_name": "大病互助计划",
        "condition_name": "恶性肿瘤——重度",
        "amount": "300000.00",
        "decision": "approve",
        "decision_label": "赔付",
        "deciding_facts": [
            {
                "requirement": "病理学检查确诊为恶性肿瘤",
                "fact": "病理学检查确诊为恶性肿瘤",
                "value": "是",
                "status": "met",
                "status_label": "符合",
                "provisional": False,
            }
        ],
        "non_disclosure": False,
        "against_evaluator": False,
        "state": "publicised",
        "status_label": "公示中",
        "window_ends_at": "2025-03-28T16:00:00Z",
        "open_to_objection": True,
    },
    response_only=True,
)


class BoardBatchViewSet(LookupMixin, viewsets.GenericViewSet):
    """Published batches, newest first, and each batch's case cards."""

    permission_classes = [permissions.AllowAny]
    serializer_class = BoardBatchSerializer
    pagination_class = BatchPages
    lookup_field = "batch_date"
    queryset = PublicityBatch.objects.none()

    def _batch(self, batch_date: str) -> PublicityBatch:
        try:
            if NUL in batch_date:
                raise ValueError(batch_date)
            return board.batch_get(batch_date=date.fromisoformat(batch_date))
        except (ValueError, PublicityBatch.DoesNotExist) as exc:
            raise NotFound() from exc

    @extend_schema(
        summary="The board's batches",
        description="Every published batch, newest first, with its summary.",
        responses={200: BoardBatchSerializer(many=True)},
    )
    def list(self, request):
        page = self.paginate_queryset(board.board_batches())
        summaries = board.batch_summaries(batches=list(page or []))
        return self.get_paginated_response(BoardBatchSerializer(summaries, many=True).data)

    @extend_schema(
        summary="One batch",
        description="`batch_date` is the batch's date, `YYYY-MM-DD` (a 7th or a 21st).",
        responses={200: BoardBatchSerializer},
    )
    def retrieve(self, request, batch_date=None):
        batch = self._batch(batch_date)
        return Response(BoardBatchSerializer(board.batch_summaries(batches=[batch])[0]).data)

    @extend_schema(
        summary="A batch's anonymised case cards",
        description="Filtered by plan (code), condition (code) and decision, as the batch's "
        "page; in the order published.",
        parameters=[CardFilterSerializer],
        responses={200: CaseCardSerializer(many=True)},
        examples=[CARD_EXAMPLE],
    )
    @action(detail=True, methods=["get"], pagination_class=CardPages)
    def claims(self, request, batch_date=None):
        batch = self._batch(batch_date)
        filters = CardFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        chosen = {k: v for k, v in filters.validated_data.items() if v}
        # A page of ids along the batch's index, then the cards of those ids (as the page).
        ids = board.batch_claims(batch=batch, **chosen).values_list("pk", flat=True)
        page = self.paginate_queryset(ids)
        cards = public.case_cards(claims=board.batch_cards(ids=list(page or [])), now=clock.now())
        return self.get_paginated_response(CaseCardSerializer(cards, many=True).data)
