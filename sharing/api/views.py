"""The sharing API (分摊): sharing periods and their books for the staff who read them,
a member's own shares, and finance's payouts desk with the bank file.

Scoped as the pages are (``sharing.views``): the periods need
``sharing.view_sharingperiod`` (finance, the reviewer), the payouts and the bank file
``sharing.export_payouts`` (finance), a member's shares a sign-in (each account sees its
own members only). The bank file is ``payouts_export_csv``, the page's own.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from core import clock
from core.api.access import staff_with
from core.api.files import CsvErrorsAsJsonMixin, csv_response
from core.api.inputs import LookupMixin
from core.api.schema import ObjectSchema
from sharing import selectors
from sharing.api import serializers as s
from sharing.models import Payout, SharingPeriod
from sharing.services import payouts as payout_services

DESK_ROWS = 100  # as the payouts desk


class PeriodPages(PageNumberPagination):
    page_size = 50  # as the periods page


def _day(request):
    day = s.DaySerializer(data=request.query_params)
    day.is_valid(raise_exception=True)
    return day.validated_data.get("day") or clock.today()


class SharingPeriodViewSet(LookupMixin, viewsets.ReadOnlyModelViewSet):
    """Sharing periods, newest first, and each one's books."""

    permission_classes = [staff_with("sharing.view_sharingperiod")]
    pagination_class = PeriodPages
    queryset = SharingPeriod.objects.select_related("plan", "publicity_batch")

    def get_serializer_class(self):
        return s.PeriodBooksSerializer if self.action == "retrieve" else s.PeriodSerializer

    def get_queryset(self):
        return selectors.periods_for_office() if self.action == "list" else self.queryset

    @extend_schema(summary="A period's books", responses={200: s.PeriodBooksSerializer})
    def retrieve(self, request, pk=None):
        period = self.get_object()
        books = {
            "period": period,
            "payouts": selectors.period_payouts(period=period),
            "events": period.events.select_related("actor").order_by("-id")[:50],
        }
        return Response(s.PeriodBooksSerializer(books).data)


class MySharesViewSet(viewsets.GenericViewSet):
    """The signed-in account's shares, as ``/sharing/me/``."""

    permission_classes = [IsAuthenticated]
    serializer_class = s.MemberLedgerSerializer
    pagination_class = None

    @extend_schema(
        summary="My shares",
        description="Each member of the account: the share of every complete period they "
        "shared in (platform-borne periods as 0.00), newest first, and each year's total "
        "against the 188 CNY promise (members aged 0–59).",
        responses={200: s.MemberLedgerSerializer(many=True)},
    )
    def list(self, request):
        ledgers = selectors.account_ledgers(account=request.user, today=clock.today())
        return Response(s.MemberLedgerSerializer(ledgers, many=True).data)


class PayoutViewSet(LookupMixin, viewsets.GenericViewSet):
    """Finance's payouts desk: what the payout sweep issued, holds and has waiting."""

    permission_classes = [staff_with("sharing.export_payouts")]
    serializer_class = s.PayoutSerializer
    pagination_class = None
    schema = ObjectSchema()  # the desk is one object
    queryset = Payout.objects.select_related("claim__member", "period__plan")

    @extend_schema(
        summary="The payouts desk",
        operation_id="v1_sharing_payouts_desk",
        parameters=[s.DaySerializer],
        responses={200: s.PayoutsDeskSerializer},
    )
    def list(self, request):
        day = _day(request)
        waiting = selectors.payouts_waiting().order_by("due_on", "id")
        awaiting = selectors.claims_awaiting_period()
        desk = {
            "day": day,
            "today": clock.today(),
            "issued": payout_services.payouts_of_day(day=day),
            "held": selectors.payouts_held()[:DESK_ROWS],
            "waiting": waiting[:DESK_ROWS],
            "waiting_count": waiting.count(),
            "awaiting": awaiting[:DESK_ROWS],
            "awaiting_count": awaiting.count(),
        }
        return Response(s.PayoutsDeskSerializer(desk).data)

    @extend_schema(summary="A payout", responses={200: s.PayoutSerializer})
    def retrieve(self, request, pk=None):
        return Response(s.PayoutSerializer(self.get_object()).data)

    @extend_schema(
        summary="Issue a payout that is due",
        description="What the payout sweep does on the due date, at once, for one payout: "
        "the claim becomes paid with the payout's reference (`PO`, the due date, the id), "
        "once the period's books are complete. Before the due date: 422 "
        "`payout_not_due`; issuing it again changes nothing.",
        request=None,
        responses={200: s.PayoutSerializer},
    )
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        payout = payout_services.payout_issue(payout=self.get_object(), actor=request.user)
        return Response(s.PayoutSerializer(self.get_queryset().get(pk=payout.pk)).data)

    @extend_schema(
        summary="Release held payouts",
        description="Finance cleared what held them: the next sweep tries them again. "
        "Payouts not held are left alone; the answer counts those released.",
        request=s.ReleaseSerializer,
        responses={200: s.ReleasedSerializer},
        examples=[OpenApiExample("Two payouts", value={"payouts": [41, 42]}, request_only=True)],
    )
    @action(detail=False, methods=["post"])
    def release(self, request):
        data = s.ReleaseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        released = payout_services.payouts_release(
            payouts=data.validated_data["payouts"], actor=request.user
        )
        return Response({"released": released})


class BankFileViewSet(CsvErrorsAsJsonMixin, viewsets.GenericViewSet):
    """The bank-batch file of the payouts issued on a day, as the payouts desk sends it."""

    permission_classes = [staff_with("sharing.export_payouts")]
    pagination_class = None

    @extend_schema(
        summary="The bank file of a day",
        description="CSV: reference, claim reference, the payee's masked name, the amount "
        "(CNY, to the fen) and the due date of each payout issued that Beijing day.",
        parameters=[s.DaySerializer, OpenApiParameter("format", exclude=True)],
        responses={
            (200, "text/csv"): OpenApiResponse(
                response=OpenApiTypes.STR,
                examples=[
                    OpenApiExample(
                        "One payout",
                        value="reference,claim_reference,payee,amount,due_on\r\n"
                        "PO20250328000001,HZ7K2M9Q4T,李**,300000.00,2025-03-28\r\n",
                    )
                ],
            )
        },
    )
    def list(self, request):
        day = _day(request)
        return csv_response(
            payout_services.payouts_export_csv(day=day),
            filename=payout_services.payouts_export_filename(day),
        )
