"""REST API v1: the same operations as the portal and back office, through the services."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from claims import selectors, services
from claims.definitions.selectors import plans_with_conditions_in_force
from claims.models import Claim, ClaimDraft, Investigation
from claims.selectors import public
from claims.serializers.claim import (
    ClaimDetailSerializer,
    ClaimDocumentSerializer,
    ClaimDraftSerializer,
    ClaimReceiptSerializer,
    ClaimSerializer,
    DocumentUploadSerializer,
)
from claims.serializers.investigation import (
    AssignmentSerializer,
    CompletionSerializer,
    FactsSerializer,
    InvestigationSerializer,
    VisitSerializer,
)
from claims.serializers.plan import MemberSerializer, PlanSerializer
from claims.serializers.steps import (
    AppealSerializer,
    DecisionSerializer,
    JuryResultSerializer,
    PaymentSerializer,
    ReasonSerializer,
)
from core import clock
from core.api.access import request_user
from core.api.inputs import LookupMixin
from core.api.schema import AnyOf
from core.errors import DomainError
from core.parsers import LimitedJSONParser
from members.models import Member
from members.selectors import members_of_account


class PublishedInBatches(DomainError):
    """The one-claim publish endpoint is gone: a batch publishes (claims.services.publicity)."""

    code = "published_in_batches"
    http_status = 410


ERROR = OpenApiResponse(description='Error: {"code", "message", "detail"}')
TOO_LARGE = OpenApiResponse(
    description="The upload is over DOCUMENT_MAX_BYTES (one file, code document_too_large) "
    "or UPLOAD_MAX_REQUEST_BYTES (the body, code upload_too_large), refused before it is "
    'read: {"code", "message", "detail": {"limit_bytes"}}'
)
# The claimant (or staff) gets the claim file back; an objector only the reference and the
# new state. A file is also a receipt, so the two are alternatives (anyOf), not exclusive.
CLAIM_OR_RECEIPT = OpenApiResponse(
    response=AnyOf(ClaimDetailSerializer, ClaimReceiptSerializer),
    description="The claim file for the claimant and staff; the reference and the new state "
    "(ClaimReceipt) for an objector.",
)


class PlanViewSet(LookupMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = PlanSerializer
    lookup_field = "code"

    def get_queryset(self):
        return plans_with_conditions_in_force(day=clock.today())


class MemberViewSet(LookupMixin, viewsets.ReadOnlyModelViewSet):
    """The members (self and family) held by the signed-in account."""

    serializer_class = MemberSerializer
    queryset = Member.objects.none()  # for the schema; get_queryset scopes to the account

    def get_queryset(self):
        return members_of_account(account=self.request.user).prefetch_related("enrolments__plan")


class ClaimDraftViewSet(
    LookupMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """Drafts keep what the claimant entered; ``file`` turns one into a claim."""

    serializer_class = ClaimDraftSerializer
    queryset = ClaimDraft.objects.none()
    parser_classes = [LimitedJSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return ClaimDraft.objects.filter(account=request_user(self.request)).prefetch_related(
            "documents"
        )

    def perform_create(self, serializer):
        serializer.instance = services.draft_save(
            account=request_user(self.request), data=serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.draft_save(
            account=request_user(self.request),
            data=serializer.validated_data,
            draft=serializer.instance,
        )

    @extend_schema(
        request=DocumentUploadSerializer,
        responses={201: ClaimDocumentSerializer, 413: TOO_LARGE, 422: ERROR},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def documents(self, request, pk=None):
        draft = self.get_object()
        upload = DocumentUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        document = services.draft_attach_document(
            draft=draft,
            actor=request.user,
            upload=upload.validated_data["file"],
            kind=upload.validated_data["kind"],
        )
        return Response(ClaimDocumentSerializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={201: ClaimDetailSerializer, 422: ERROR})
    @action(detail=True, methods=["post"])
    def file(self, request, pk=None):
        """File the draft. A refusal is a 422 naming the rule; the draft is kept."""
        draft = self.get_object()
        try:
            claim = services.claim_file(draft=draft, actor=request.user)
        except DomainError as refusal:
            body = refusal.as_dict()
            body["detail"]["draft_id"] = draft.pk
            return Response(body, status=refusal.http_status)
        context = self.get_serializer_context()
        return Response(
            ClaimDetailSerializer(claim, context=context).data, status=status.HTTP_201_CREATED
        )


class ClaimCursorPagination(CursorPagination):
    """Claims newest first, a page at a time: each page is one query along the index of
    filing times (claim_by_filing), from where the cursor stands, and nothing counts all
    the claims (at 200,000 the count and the sort were most of 211 ms)."""

    ordering = ("-filed_at", "-id")
    page_size = 50


@extend_schema_view(
    list=extend_schema(
        description="Claims, newest filing first: the claimant's own, or every claim for "
        "staff. Paged by cursor, 50 a page: follow `next` (and `previous`); a cursor is "
        "opaque and an unknown one answers 404. No total is given."
    )
)
class ClaimViewSet(LookupMixin, viewsets.ReadOnlyModelViewSet):
    """Claims: the claimant sees their own; staff see all. Each action is one service call."""

    lookup_field = "reference"
    queryset = Claim.objects.none()
    pagination_class = ClaimCursorPagination

    def get_queryset(self):
        if self.action == "appeal":
            # The objector appeals a pay verdict on a claim that is not theirs.
            return selectors.claims_open_to_appeal_by(user=self.request.user)
        qs = selectors.claims_visible_to(user=self.request.user)
        if self.action == "retrieve":
            qs = qs.prefetch_related("events__actor", "documents")
        return qs

    def get_serializer_class(self):
        return ClaimDetailSerializer if self.action != "list" else ClaimSerializer

    def _respond(self, claim):
        claim.refresh_from_db()
        return Response(ClaimDetailSerializer(claim, context=self.get_serializer_context()).data)

    @extend_schema(
        request=DocumentUploadSerializer,
        responses={201: ClaimDocumentSerializer, 413: TOO_LARGE, 422: ERROR},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def documents(self, request, reference=None):
        claim = self.get_object()
        upload = DocumentUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        document = services.claim_attach_document(
            claim=claim,
            actor=request.user,
            upload=upload.validated_data["file"],
            kind=upload.validated_data["kind"],
        )
        return Response(ClaimDocumentSerializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AssignmentSerializer, responses={200: InvestigationSerializer})
    @action(detail=True, methods=["post"])
    def assign(self, request, reference=None):
        """Assign the claim to an investigator (a reviewer), or to the next free one."""
        data = self._validated(AssignmentSerializer)
        claim = self.get_object()
        if data.get("investigator"):
            investigation = services.investigation_assign(
                claim=claim,
                actor=request.user,
                investigator=data["investigator"],
                due_on=data.get("due_on"),
            )
        else:
            investigation = services.investigation_assign_next(claim=claim, actor=request.user)
        return Response(InvestigationSerializer(investigation).data)

    @extend_schema(responses={200: InvestigationSerializer})
    @action(detail=True, methods=["get"])
    def investigation(self, request, reference=None):
        claim = self.get_object()
        investigation = Investigation.objects.filter(claim=claim).first()
        if investigation is None or not (request.user.has_perm("claims.view_investigation")):
            raise NotFound(_("This claim has no investigation you can see."))
        return Response(InvestigationSerializer(investigation).data)

    @extend_schema(request=FactsSerializer, responses={200: InvestigationSerializer})
    @action(detail=True, methods=["post"], url_path="investigation/facts")
    def facts(self, request, reference=None):
        data = self._validated(FactsSerializer)
        investigation = services.investigation_record_facts(
            investigation=self._investigation(), actor=request.user, **data
        )
        return Response(InvestigationSerializer(investigation).data)

    @extend_schema(request=VisitSerializer, responses={200: InvestigationSerializer})
    @action(detail=True, methods=["post"], url_path="investigation/visits")
    def visits(self, request, reference=None):
        data = self._validated(VisitSerializer)
        investigation = self._investigation()
        services.investigation_record_visit(investigation=investigation, actor=request.user, **data)
        return Response(InvestigationSerializer(investigation).data)

    @extend_schema(request=CompletionSerializer, responses={200: InvestigationSerializer})
    @action(detail=True, methods=["post"], url_path="investigation/complete")
    def complete(self, request, reference=None):
        data = self._validated(CompletionSerializer)
        investigation = services.investigation_complete(
            investigation=self._investigation(), actor=request.user, summary=data["summary"]
        )
        return Response(InvestigationSerializer(investigation).data)

    @extend_schema(request=DecisionSerializer, responses={200: ClaimDetailSerializer})
    @action(detail=True, methods=["post"])
    def decision(self, request, reference=None):
        """Decide on a complete investigation: confirm the evaluator, or override it."""
        data = self._validated(DecisionSerializer)
        claim = services.claim_decide(
            claim=self.get_object(),
            actor=request.user,
            reason=data["reason"],
            decision=data.get("decision") or None,
        )
        return self._respond(claim)

    @extend_schema(
        request=None,
        responses={
            410: OpenApiResponse(
                description=(
                    "Gone: a claim is published only in the publicity batch of the 7th or "
                    "the 21st. The error's detail names the batch date that publishes it."
                )
            )
        },
        deprecated=True,
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, reference=None):
        """Gone (410): decisions are published only in batches (docs/decisions.md)."""
        claim = self.get_object()
        batch_date = selectors.claim_batch_date(claim=claim)
        if batch_date is None:
            message = _(
                "Claims are published only in the publicity batch of the 7th or the 21st; "
                "this claim has no decision yet."
            )
        elif claim.publicity_batch_id:
            message = _(
                "Claims are published only in batches; this claim was published in the "
                "batch of %(date)s."
            ) % {"date": batch_date.isoformat()}
        else:
            message = _(
                "Claims are published only in batches; this claim is published in the "
                "batch of %(date)s."
            ) % {"date": batch_date.isoformat()}
        raise PublishedInBatches(message, batch_date=batch_date.isoformat() if batch_date else None)

    @extend_schema(request=AppealSerializer, responses={200: CLAIM_OR_RECEIPT})
    @action(detail=True, methods=["post"])
    def appeal(self, request, reference=None):
        """The one appeal against the jury's verdict, by the side it ruled against."""
        data = self._validated(AppealSerializer)
        claim = services.claim_lodge_appeal(
            claim=self.get_object(), actor=request.user, statement=data["statement"]
        )
        if not selectors.claims_visible_to(user=request.user).filter(pk=claim.pk).exists():
            return Response(ClaimReceiptSerializer(claim).data)
        return self._respond(claim)

    @extend_schema(request=ReasonSerializer, responses={200: CLAIM_OR_RECEIPT})
    @action(detail=True, methods=["post"])
    def dispute(self, request, reference=None):
        """Dispute a denial (the claimant) or object to an approval (another member).

        An objection follows the board's rule: only an approval on the public board (a
        publicity batch) whose notice is open. Any other reference that is not the
        caller's own answers 404, the same as one that does not exist. An objector gets
        only the reference and the new state back: someone else's claim file is not
        theirs to read.
        """
        data = self._validated(ReasonSerializer)
        own = selectors.claims_visible_to(user=request.user).filter(reference=reference).first()
        target: Claim | int
        if own is not None:
            target = own
        else:
            try:
                target = public.objectable_claim_get(reference=reference, now=clock.now()).pk
            except Claim.DoesNotExist as exc:
                raise NotFound from exc
        claim = services.claim_lodge_dispute(
            claim=target, actor=request.user, reason=data["reason"]
        )
        if own is None:
            return Response(ClaimReceiptSerializer(claim).data)
        return self._respond(claim)

    @extend_schema(request=None, responses={200: ClaimDetailSerializer})
    @action(detail=True, methods=["post"], url_path="close-publicity")
    def close_publicity(self, request, reference=None):
        return self._respond(
            services.claim_close_publicity(claim=self.get_object(), actor=request.user)
        )

    @extend_schema(request=JuryResultSerializer, responses={200: ClaimDetailSerializer})
    @action(detail=True, methods=["post"], url_path="jury-result")
    def jury_result(self, request, reference=None):
        data = self._validated(JuryResultSerializer)
        return self._respond(
            services.claim_record_jury_result(claim=self.get_object(), actor=request.user, **data)
        )

    @extend_schema(request=None, responses={200: ClaimDetailSerializer})
    @action(detail=True, methods=["post"], url_path="settle-jury-result")
    def settle_jury_result(self, request, reference=None):
        return self._respond(
            services.claim_settle_jury_result(claim=self.get_object(), actor=request.user)
        )

    @extend_schema(request=PaymentSerializer, responses={200: ClaimDetailSerializer})
    @action(detail=True, methods=["post"])
    def pay(self, request, reference=None):
        data = self._validated(PaymentSerializer)
        return self._respond(
            services.claim_mark_paid(claim=self.get_object(), actor=request.user, **data)
        )

    @extend_schema(request=ReasonSerializer, responses={200: ClaimDetailSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, reference=None):
        data = self._validated(ReasonSerializer)
        return self._respond(
            services.claim_withdraw(
                claim=self.get_object(), actor=request.user, reason=data["reason"]
            )
        )

    def _investigation(self) -> Investigation:
        investigation = Investigation.objects.filter(claim=self.get_object()).first()
        if investigation is None:
            raise NotFound(_("This claim has no investigation yet."))
        return investigation

    def _validated(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data
