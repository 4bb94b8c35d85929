"""The back office's queues, bulk assignment and publicity desk (后台), for the same users
as the case (``office.api.case.OfficeUser``): the queue page's tabs, search, filters
and sort with each tab's count; several claims to one investigator; the batch that is
due, the notices to close and the results to make final, and publishing the batch."""

from typing import cast

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from claims import services
from claims.models import Claim
from core import clock
from core.api.schema import ObjectSchema
from core.errors import DomainError
from office.api import serializers as s
from office.api.case import OfficeUser
from office.selectors import queue as queues
from office.selectors.publicity import publicity_desk


class QueuePages(PageNumberPagination):
    page_size = 50  # as the queue page


PAGE = OpenApiParameter(
    "page", int, OpenApiParameter.QUERY, description="A page of the queue, from 1."
)


class OfficeQueueViewSet(viewsets.GenericViewSet):
    """The queues: unassigned, mine, due soon, overdue, all; searched, filtered, sorted."""

    permission_classes = [OfficeUser]
    pagination_class = QueuePages
    serializer_class = s.QueueRowSerializer
    schema = ObjectSchema()  # a page of its own: the rows and each tab's count

    def _queue(self, filters: s.QueueFilterSerializer) -> Response:
        filters.is_valid(raise_exception=True)
        now, user = clock.now(), self.request.user
        tab, chosen = filters.validated_data["tab"], filters.chosen()
        claims = queues.office_queue(queue=tab, user=user, now=now, **chosen)
        page = self.paginate_queryset(claims)
        counts = queues.office_queue_counts(user=user, now=now, filters=chosen["filters"])
        pages = cast(QueuePages, self.paginator)  # pagination_class
        body = {
            "count": pages.page.paginator.count if pages.page is not None else 0,
            "next": pages.get_next_link(),
            "previous": pages.get_previous_link(),
            "tab": tab,
            "tabs": [
                {
                    "key": key,
                    "label": str(label),
                    "count": counts[key].shown,
                    "count_capped": counts[key].capped,
                }
                for key, label in queues.QUEUES
            ],
            "results": queues.queue_rows(claims=page, now=now),
        }
        return Response(s.QueuePageSerializer(body).data)

    @extend_schema(
        summary="A queue",
        operation_id="v1_office_queue",
        parameters=[s.QueueQuerySerializer, PAGE],
        responses={200: s.QueuePageSerializer},
    )
    def list(self, request):
        return self._queue(s.QueueQuerySerializer(data=request.query_params))

    @extend_schema(
        summary="Search a queue (a full ID number too)",
        description="The same as the queue, with the search and filters in the body, so a "
        "full resident ID number never goes in a URL (it is matched through its HMAC). "
        "`page` stays in the query string.",
        request=s.QueueFilterSerializer,
        parameters=[PAGE],
        responses={200: s.QueuePageSerializer},
        examples=[
            OpenApiExample(
                "By the member's full ID number",
                value={"tab": "all", "q": "11010519491231002X"},
                request_only=True,
            )
        ],
    )
    @action(detail=False, methods=["post"])
    def search(self, request):
        return self._queue(s.QueueFilterSerializer(data=request.data))


class OfficeAssignViewSet(viewsets.GenericViewSet):
    """Several claims to one investigator, as the queue's bulk assignment."""

    permission_classes = [OfficeUser]
    serializer_class = s.BulkAssignSerializer

    @extend_schema(
        summary="Assign several claims to one investigator (reviewer)",
        description="One assignment per claim, each its own service call; the answer lists "
        "those assigned and each refusal with its code.",
        request=s.BulkAssignSerializer,
        responses={200: s.BulkAssignResultSerializer},
        examples=[
            OpenApiExample(
                "Two claims to one investigator",
                value={"claims": ["HZ7K2M9Q4T", "HZ3P8W2N6D"], "investigator": "investigator"},
                request_only=True,
            )
        ],
    )
    def create(self, request):
        if not request.user.has_perm("claims.assign_investigation"):
            raise PermissionDenied
        data = s.BulkAssignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        investigator = data.validated_data["investigator"]
        references = list(dict.fromkeys(data.validated_data["claims"]))
        found = {c.reference: c for c in Claim.objects.filter(reference__in=references)}
        assigned, refused = [], []
        for reference in references:
            try:
                if reference not in found:
                    raise Claim.DoesNotExist
                services.investigation_assign(
                    claim=found[reference], investigator=investigator, actor=request.user
                )
            except Claim.DoesNotExist:
                refused.append({"reference": reference, "code": "not_found", "message": ""})
            except DomainError as error:
                refused.append(
                    {"reference": reference, "code": error.code, "message": str(error.message)}
                )
            else:
                assigned.append(reference)
        result = {"investigator": investigator.get_username(), "assigned": assigned}
        return Response(s.BulkAssignResultSerializer({**result, "refused": refused}).data)


class PublicityDeskViewSet(viewsets.GenericViewSet):
    """The publicity desk: what waits for a batch, for a close, for a settlement."""

    permission_classes = [OfficeUser]
    serializer_class = s.PublicityDeskSerializer
    pagination_class = None
    schema = ObjectSchema()  # the desk is one object

    @extend_schema(
        summary="The publicity desk",
        operation_id="v1_office_publicity_desk",
        responses={200: s.PublicityDeskSerializer},
    )
    def list(self, request):
        return Response(s.PublicityDeskSerializer(publicity_desk(now=clock.now())).data)

    @extend_schema(
        summary="Publish the batch of a batch date (reviewer)",
        description="Every claim decided before that day began and not yet in a batch, "
        "under public notice for 7 days. A date that is not a 7th or 21st, or is in the "
        "future, is refused (422). Publishing a batch again publishes what is left.",
        request=s.PublishBatchSerializer,
        responses={200: s.BatchSerializer},
        examples=[
            OpenApiExample(
                "The batch of the 21st", value={"batch_date": "2025-03-21"}, request_only=True
            )
        ],
    )
    @action(detail=False, methods=["post"])
    def publish(self, request):
        data = s.PublishBatchSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        batch = services.publicity_batch_publish(
            batch_date=data.validated_data["batch_date"], actor=request.user
        )
        return Response(s.BatchSerializer(batch).data)
