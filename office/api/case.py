"""The back office's API (后台) for reviewers and investigators: the case and each step of
the investigation and the review (the queues and the publicity desk are in
``office.api.queue``).

Scoped as the office pages are (``office.views.access``): staff holding the
investigator's or the reviewer's permission (``office.selectors.case.office_user_may_enter``);
everyone else 403, anonymous 401. Each step is one service call, the same the page makes,
and answers the case as it then stands (the page comes back to the case too); a service's
refusal is the API's JSON error with its code.
"""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from claims import selectors, services
from claims.models import Claim
from claims.selectors.facts import claim_clause_words
from claims.selectors.progress import case_clock
from claims.serializers.investigation import FactsSerializer
from claims.serializers.steps import JuryResultSerializer
from core import clock
from core.api.inputs import LookupMixin
from office.api import serializers as s
from office.api.examples import (
    ASSIGN_EXAMPLE,
    CONFIRM_EXAMPLE,
    FACTS_EXAMPLE,
    NOT_PROVIDED_EXAMPLE,
    OVERRIDE_EXAMPLE,
    RECEIVED_EXAMPLE,
    REQUEST_EXAMPLE,
    SUMMARY_EXAMPLE,
    TALLY_EXAMPLE,
    VISIT_EXAMPLE,
)
from office.selectors.actions import case_actions
from office.selectors.case import (
    case_proposal,
    claim_investigation,
    enrolment_facts,
    office_user_may_enter,
    user_is_conflicted,
)


class OfficeUser(BasePermission):
    """Reviewers and investigators (调查员, 审核员), as ``office.views.access.office_required``."""

    def has_permission(self, request, view) -> bool:
        return office_user_may_enter(user=request.user)


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
    investigation = claim_investigation(claim)
    actions = case_actions(claim=claim, investigation=investigation, user=user, now=clock.now())
    proposal = case_proposal(investigation=investigation)
    member = claim.member
    return {
        "claim": claim,
        "member": {
            "full_name": member.full_name,
            "relation": member.get_relation_display(),
            "birth_date": member.birth_date,
            "national_id_masked": member.national_id_masked,
        },
        "enrolment": _enrolment(enrolment_facts(claim=claim)),
        "clock": case_clock(claim=claim, today=clock.today()),
        "conflicted": user_is_conflicted(claim=claim, user=user),
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
        investigation = claim_investigation(claim)
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
        examples=[REQUEST_EXAMPLE],
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
        examples=[RECEIVED_EXAMPLE],
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
        examples=[NOT_PROVIDED_EXAMPLE],
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
        examples=[FACTS_EXAMPLE],
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
        examples=[SUMMARY_EXAMPLE],
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
        examples=[CONFIRM_EXAMPLE],
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
        examples=[TALLY_EXAMPLE],
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
