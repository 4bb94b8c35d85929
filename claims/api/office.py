"""The back office's API (后台) for reviewers and investigators: the queues, the case, each
step of the investigation and the review, the publicity desk.

Scoped as the office pages are (``claims.views.backoffice``): staff holding the
investigator's or the reviewer's permission (``selectors_backoffice.office_user_may_enter``);
everyone else 403, anonymous 401. Each step is one service call, the same the page makes,
and answers the case as it then stands (the page comes back to the case too); a service's
refusal is the API's JSON error with its code.
"""

from django.http import Http404
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from claims import selectors, services
from claims import selectors_backoffice as office
from claims import selectors_queue as queues
from claims.api import office_serializers as s
from claims.models import Claim
from claims.selectors_case_actions import case_actions
from claims.selectors_facts import claim_clause_words
from claims.selectors_publicity import publicity_desk
from claims.serializers import FactsSerializer, JuryResultSerializer
from core import clock
from core.api_input import LookupMixin
from core.api_schema import ObjectSchema
from core.errors import DomainError


class OfficeUser(BasePermission):
    """Reviewers and investigators (调查员, 审核员), as ``backoffice.office_required``."""

    def has_permission(self, request, view) -> bool:
        return office.office_user_may_enter(user=request.user)


class QueuePages(PageNumberPagination):
    page_size = 50  # as the queue page


PAGE = OpenApiParameter(
    "page", int, OpenApiParameter.QUERY, description="A page of the queue, from 1."
)


def _enrolment(facts) -> dict:
    return {
        "joined_on": facts.joined_on,
        "first_covered_day": facts.first_covered_day,
        "credit_score": facts.credit_score,
        "declaration": [{"question": q, "answer": a} for q, a in facts.declaration],
    }


def _case_data(claim: Claim, request) -> dict:
    """The case page's content, for ``CaseSerializer``."""
    user = request.user
    investigation = office.claim_investigation(claim)
    actions = case_actions(claim=claim, investigation=investigation, user=user, now=clock.now())
    proposal = office.case_proposal(investigation=investigation)
    member = claim.member
    return {
        "claim": claim,
        "member": {
            "full_name": member.full_name,
            "relation": member.get_relation_display(),
            "birth_date": member.birth_date,
            "national_id_masked": member.national_id_masked,
        },
        "enrolment": _enrolment(office.enrolment_facts(claim=claim)),
        "clock": office.case_clock(claim=claim, today=clock.today()),
        "conflicted": office.user_is_conflicted(claim=claim, user=user),
        "actions": sorted(actions.names),
        "waiting": actions.waiting,
        "batch_due": actions.batch_due,
        "next_batch": actions.next_batch,
        "panel": actions.panel,
        "proposal": (
            {
                "decision": proposal.decision,
                "words": claim_clause_words(claim=claim, keys=proposal.clause),
            }
            if proposal
            else None
        ),
        "decision_words": claim_clause_words(claim=claim, keys=claim.decision_clause),
        "investigation": investigation,
        "documents": claim.documents.all(),
        "timeline": [row["event"] for row in selectors.claim_timeline(claim=claim, viewer=user)],
    }


ASSIGN_EXAMPLE = OpenApiExample(
    "To an investigator, due on a day",
    value={"investigator": "investigator", "due_on": "2025-03-25"},
    request_only=True,
)
VISIT_EXAMPLE = OpenApiExample(
    "A hospital visit",
    value={
        "kind": "hospital",
        "visited_on": "2025-03-12",
        "place": "Zhejiang 1st, oncology ward",
        "notes": "Pathology slides and the discharge summary checked against the file.",
    },
    request_only=True,
)
OVERRIDE_EXAMPLE = OpenApiExample(
    "A denial overridden",
    value={
        "decision": "approve",
        "reason": "The specialist's second report shows clause 2 is met after all.",
    },
    request_only=True,
)


class OfficeCaseViewSet(LookupMixin, viewsets.GenericViewSet):
    """One claim in the back office, and the steps taken on it."""

    permission_classes = [OfficeUser]
    lookup_field = "reference"
    serializer_class = s.CaseSerializer
    queryset = Claim.objects.select_related(
        "member",
        "plan",
        "enrolment__plan",
        "condition_definition__definition_set",
        "investigation__investigator",
        "investigation__assigned_by",
    )

    def _case(self) -> Response:
        """The case as it stands now (read again after a step)."""
        data = _case_data(self.get_object(), self.request)
        return Response(s.CaseSerializer(data, context={"request": self.request}).data)

    def _validated(self, serializer_class, **kwargs) -> dict:
        serializer = serializer_class(data=self.request.data, **kwargs)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _investigation(self, claim: Claim):
        investigation = office.claim_investigation(claim)
        if investigation is None:
            raise Http404
        return investigation

    def _step(self, service, serializer_class=None, **kwargs) -> Response:
        """Validate the body (if any), call one service with the claim, answer the case."""
        claim = self.get_object()
        data = self._validated(serializer_class, **kwargs) if serializer_class else {}
        service(claim, data)
        return self._case()

    @extend_schema(summary="The case", responses={200: s.CaseSerializer})
    def retrieve(self, request, reference=None):
        return self._case()

    # --- assignment ---------------------------------------------------------------------

    @extend_schema(
        summary="Take an unassigned claim (investigator)",
        request=None,
        responses={200: s.CaseSerializer},
    )
    @action(detail=True, methods=["post"])
    def take(self, request, reference=None):
        return self._step(
            lambda claim, _data: services.investigation_assign(
                claim=claim, investigator=request.user, actor=request.user
            )
        )

    @extend_schema(
        summary="Assign to an investigator (reviewer)",
        request=s.AssignSerializer,
        responses={200: s.CaseSerializer},
        examples=[ASSIGN_EXAMPLE],
    )
    @action(detail=True, methods=["post"])
    def assign(self, request, reference=None):
        return self._step(
            lambda claim, data: services.investigation_assign(
                claim=claim,
                investigator=data["investigator"],
                actor=request.user,
                due_on=data.get("due_on"),
            ),
            s.AssignSerializer,
        )

    @extend_schema(
        summary="Assign to the next free investigator (reviewer)",
        request=None,
        responses={200: s.CaseSerializer},
    )
    @action(detail=True, methods=["post"], url_path="assign-next")
    def assign_next(self, request, reference=None):
        return self._step(
            lambda claim, _data: services.investigation_assign_next(claim=claim, actor=request.user)
        )

    # --- the investigation --------------------------------------------------------------

    @extend_schema(
        summary="Record a visit or interview",
        request=s.OfficeVisitSerializer,
        responses={200: s.CaseSerializer},
        examples=[VISIT_EXAMPLE],
    )
    @action(detail=True, methods=["post"])
    def visits(self, request, reference=None):
        return self._step(
            lambda claim, data: services.investigation_record_visit(
                investigation=self._investigation(claim), actor=request.user, **data
            ),
            s.OfficeVisitSerializer,
        )

    @extend_schema(
        summary="Request a document from the claimant",
        request=s.OfficeDocumentRequestSerializer,
        responses={200: s.CaseSerializer},
    )
    @action(detail=True, methods=["post"])
    def requests(self, request, reference=None):
        return self._step(
            lambda claim, data: services.investigation_request_document(
                investigation=self._investigation(claim), actor=request.user, **data
            ),
            s.OfficeDocumentRequestSerializer,
        )

    @extend_schema(
        summary="Mark a request received",
        description="An open request of this claim, answered by a document on this claim.",
        request=s.ReceiveDocumentSerializer,
        responses={200: s.CaseSerializer},
    )
    @action(detail=True, methods=["post"], url_path="requests/received")
    def received(self, request, reference=None):
        claim = self.get_object()
        investigation = self._investigation(claim)
        data = self._validated(s.ReceiveDocumentSerializer, investigation=investigation)
        services.investigation_receive_document(
            request=data["request"], actor=request.user, document=data["document"]
        )
        return self._case()

    @extend_schema(
        summary="Close an overdue request as not provided",
        description="The investigation goes on without the document; the claimant is told. "
        "Before the request is overdue: 422 `request_not_overdue`.",
        request=s.NotProvidedSerializer,
        responses={200: s.CaseSerializer},
    )
    @action(detail=True, methods=["post"], url_path="requests/not-provided")
    def not_provided(self, request, reference=None):
        claim = self.get_object()
        investigation = self._investigation(claim)
        data = self._validated(s.NotProvidedSerializer, investigation=investigation)
        services.investigation_close_request_not_provided(
            request=data["request"], actor=request.user, note=data["note"]
        )
        return self._case()

    @extend_schema(
        summary="Record facts",
        description="Facts measured against the definition's clauses, and the finding on "
        "non-disclosure at joining; the evaluator runs again.",
        request=FactsSerializer,
        responses={200: s.CaseSerializer},
    )
    @action(detail=True, methods=["post"])
    def facts(self, request, reference=None):
        return self._step(
            lambda claim, data: services.investigation_record_facts(
                investigation=self._investigation(claim), actor=request.user, **data
            ),
            FactsSerializer,
        )

    @extend_schema(
        summary="Sign the investigation off",
        request=s.SummarySerializer,
        responses={200: s.CaseSerializer},
    )
    @action(detail=True, methods=["post"])
    def complete(self, request, reference=None):
        return self._step(
            lambda claim, data: services.investigation_complete(
                investigation=self._investigation(claim),
                actor=request.user,
                summary=data["summary"],
            ),
            s.SummarySerializer,
        )

    # --- the decision -------------------------------------------------------------------

    @extend_schema(
        summary="Confirm the evaluator's proposal (reviewer)",
        request=s.ConfirmSerializer,
        responses={200: s.CaseSerializer},
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, reference=None):
        return self._step(
            lambda claim, data: services.claim_decide(
                claim=claim, actor=request.user, reason=data["reason"]
            ),
            s.ConfirmSerializer,
        )

    @extend_schema(
        summary="Override the evaluator's proposal with a reason (reviewer)",
        request=s.OverrideSerializer,
        responses={200: s.CaseSerializer},
        examples=[OVERRIDE_EXAMPLE],
    )
    @action(detail=True, methods=["post"])
    def override(self, request, reference=None):
        return self._step(
            lambda claim, data: services.claim_decide(
                claim=claim, actor=request.user, decision=data["decision"], reason=data["reason"]
            ),
            s.OverrideSerializer,
        )

    # --- after the decision -------------------------------------------------------------

    @extend_schema(
        summary="Close a due public notice (reviewer)",
        request=None,
        responses={200: s.CaseSerializer},
    )
    @action(detail=True, methods=["post"], url_path="close-publicity")
    def close_publicity(self, request, reference=None):
        return self._step(
            lambda claim, _data: services.claim_close_publicity(claim=claim, actor=request.user)
        )

    @extend_schema(
        summary="Record a jury tally by hand (reviewer)",
        description="Only while no panel is deciding the claim.",
        request=JuryResultSerializer,
        responses={200: s.CaseSerializer},
    )
    @action(detail=True, methods=["post"], url_path="jury-result")
    def jury_result(self, request, reference=None):
        return self._step(
            lambda claim, data: services.claim_record_jury_result(
                claim=claim, actor=request.user, **data
            ),
            JuryResultSerializer,
        )

    @extend_schema(
        summary="Make a jury result final (reviewer)",
        request=None,
        responses={200: s.CaseSerializer},
    )
    @action(detail=True, methods=["post"], url_path="settle-jury-result")
    def settle_jury_result(self, request, reference=None):
        return self._step(
            lambda claim, _data: services.claim_settle_jury_result(claim=claim, actor=request.user)
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
        counts = queues.office_queue_counts(user=user, now=now, **chosen)
        body = {
            "count": self.paginator.page.paginator.count,
            "next": self.paginator.get_next_link(),
            "previous": self.paginator.get_previous_link(),
            "tab": tab,
            "tabs": [
                {"key": key, "label": str(label), "count": counts[key]}
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
