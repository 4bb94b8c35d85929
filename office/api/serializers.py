"""What the back office's API sends and takes (后台): the queue's filters and rows, the
case, each step's input, the publicity desk. Inputs check the shape only, as the
office's forms do (``office.forms``); the services judge the rest."""

from typing import cast

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.models import ClaimDocument, DocumentRequest, VisitKind
from claims.serializers.claim import (
    ClaimDocumentSerializer,
    ClaimEventSerializer,
    ClaimSerializer,
)
from claims.serializers.investigation import InvestigationSerializer
from claims.states import ClaimState, Decision, DocumentKind
from core.api.inputs import SaneDateField, SlugRelatedField
from core.identifiers import is_valid_identifier
from members.models import Plan
from office.selectors import queue as queues
from office.selectors.case import investigators_for_assignment

# --- the queue ------------------------------------------------------------------------------

#: The queue tabs' keys (``office.selectors.queue.QUEUES``), one enum in the schema.
QUEUE_KEYS = [key for key, _label in queues.QUEUES]


class QueueFilterSerializer(serializers.Serializer):
    """The queue page's tabs, search, filters and sort."""

    tab = serializers.ChoiceField(
        choices=QUEUE_KEYS,
        required=False,
        default=queues.QUEUE_UNASSIGNED,
    )
    q = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
        help_text="Reference (whole or begun), member's name or condition. A full ID "
        "number only through POST …/queue/search/, never in a URL.",
    )
    plan = SlugRelatedField(
        slug_field="code", queryset=Plan.objects.all(), required=False, allow_null=True
    )
    condition = serializers.CharField(max_length=64, required=False, allow_blank=True)
    state = serializers.ChoiceField(choices=ClaimState.choices, required=False, allow_blank=True)
    sort = serializers.ChoiceField(
        choices=[key for key, _label in queues.SORTS if key],
        required=False,
        allow_blank=True,
    )

    def chosen(self) -> dict:
        """The arguments of ``office.selectors.queue.office_queue`` (beside the tab): the filters
        (the search read once, for every tab's count too) and the sort."""
        data = self.validated_data
        plan = data.get("plan")
        filters = queues.queue_filters(
            plan_id=plan.pk if plan else None,
            condition_code=data.get("condition", ""),
            state=data.get("state", ""),
            search=data.get("q", ""),
        )
        return {"filters": filters, "sort": data.get("sort", "")}


class QueueQuerySerializer(QueueFilterSerializer):
    """In the query string: a full resident ID is refused (it would be kept in logs and
    histories); search it with POST …/queue/search/."""

    def validate_q(self, value: str) -> str:
        if is_valid_identifier(value.strip()):
            raise serializers.ValidationError(
                _("Search a full ID number with POST …/queue/search/: it never goes in a URL."),
                code="identifier_in_url",
            )
        return value


class ClockSerializer(serializers.Serializer):
    """Days since filing (Beijing days, the filing day is day 0) against the target."""

    day = serializers.IntegerField()
    target = serializers.IntegerField()
    stopped = serializers.ChoiceField(choices=["decided", "closed"], allow_blank=True)
    late = serializers.BooleanField()


class QueueRowSerializer(serializers.Serializer):
    """One claim of a queue, as the queue page's row shows it."""

    reference = serializers.CharField(source="claim.reference")
    state = serializers.ChoiceField(source="claim.state", choices=ClaimState.choices)
    member = serializers.CharField(source="claim.member.masked_name")
    plan = serializers.CharField(source="claim.plan.code")
    plan_name = serializers.CharField(source="claim.plan.name")
    condition_code = serializers.CharField(source="claim.condition_code")
    condition = serializers.CharField(source="claim.condition_name")
    filed_at = serializers.DateTimeField(source="claim.filed_at")
    clock = ClockSerializer()
    investigator = serializers.CharField(
        source="investigation.investigator.username", allow_null=True, default=None
    )
    investigation_complete = serializers.SerializerMethodField()
    due_at = serializers.SerializerMethodField(
        help_text="An open investigation's due time (null once complete, or unassigned)."
    )
    past_due = serializers.BooleanField()
    assignable = serializers.BooleanField()

    def get_investigation_complete(self, row) -> bool:
        return bool(row.investigation and row.investigation.completed_at)

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_due_at(self, row):
        investigation = row.investigation
        if investigation is None or investigation.completed_at is not None:
            return None
        return serializers.DateTimeField().to_representation(investigation.due_at)


class TabSerializer(serializers.Serializer):
    key = serializers.ChoiceField(choices=QUEUE_KEYS)
    # A field named like Field.label: DRF's metaclass takes declared fields out of the class.
    label = serializers.CharField()  # type: ignore[assignment]
    count = serializers.IntegerField(
        help_text="Exact up to the count cap (LIST_COUNT_CAP); past it, the cap itself, "
        "with count_capped true (the page shows “1,000+”)."
    )
    count_capped = serializers.BooleanField()


class QueuePageSerializer(serializers.Serializer):
    """A page of the queue, with each tab's count under the same search and filters."""

    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    tab = serializers.ChoiceField(choices=QUEUE_KEYS)
    tabs = TabSerializer(many=True)
    results = QueueRowSerializer(many=True)


# --- the case -------------------------------------------------------------------------------


class CaseMemberSerializer(serializers.Serializer):
    full_name = serializers.CharField()
    relation = serializers.CharField()
    birth_date = serializers.DateField()
    national_id_masked = serializers.CharField()


class DeclarationAnswerSerializer(serializers.Serializer):
    question = serializers.CharField()
    answer = serializers.BooleanField(allow_null=True)


class EnrolmentFactsSerializer(serializers.Serializer):
    joined_on = serializers.DateField()
    first_covered_day = serializers.DateField()
    credit_score = serializers.IntegerField()
    declaration = DeclarationAnswerSerializer(many=True)


class CasePanelSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    round = serializers.IntegerField()
    status = serializers.CharField()
    deadline_at = serializers.DateTimeField()


class ProposalSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Decision.choices, allow_null=True)
    words = serializers.CharField(
        allow_blank=True, help_text="For a denial: the clauses it rests on, in words."
    )


CASE_ACTIONS = [
    "take",
    "assign",
    "assign_next",
    "investigate",
    "decide",
    "publish_batch",
    "close",
    "record_jury",
    "settle",
    "repanel",
]
CASE_WAITING = [
    "unassigned",
    "investigation",
    "decision",
    "batch",
    "notice",
    "panel",
    "appeal",
    "appeal_window",
    "payout",
]


class CaseSerializer(serializers.Serializer):
    """The case page: the claim, the steps this user may take now (or what the claim
    waits for), the clock, the investigation, the documents and the timeline."""

    claim = ClaimSerializer()
    member = CaseMemberSerializer()
    enrolment = EnrolmentFactsSerializer()
    clock = ClockSerializer()
    conflicted = serializers.BooleanField(
        help_text="The user is linked to the claim's member: they may take no step on it."
    )
    actions = serializers.ListField(child=serializers.ChoiceField(choices=CASE_ACTIONS))
    waiting = serializers.ListField(child=serializers.ChoiceField(choices=CASE_WAITING))
    batch_due = serializers.DateField(
        allow_null=True, help_text="A batch date that has come and takes the claim."
    )
    next_batch = serializers.DateField(
        allow_null=True, help_text="The batch a decided claim waits for."
    )
    panel = CasePanelSerializer(allow_null=True)
    proposal = ProposalSerializer(allow_null=True)
    decision_words = serializers.CharField(allow_blank=True)
    investigation = InvestigationSerializer(allow_null=True)
    documents = ClaimDocumentSerializer(many=True)
    timeline = ClaimEventSerializer(many=True)


# --- the steps ------------------------------------------------------------------------------


class AssignSerializer(serializers.Serializer):
    investigator = SlugRelatedField(
        slug_field="username",
        queryset=investigators_for_assignment(),
        help_text="The investigator's user name.",
    )
    due_on = SaneDateField(
        required=False, allow_null=True, help_text="Left out: 15 days from today."
    )


class BulkAssignSerializer(serializers.Serializer):
    claims = serializers.ListField(
        child=serializers.CharField(max_length=32), min_length=1, max_length=200
    )
    investigator = SlugRelatedField(slug_field="username", queryset=investigators_for_assignment())


class RefusalSerializer(serializers.Serializer):
    reference = serializers.CharField()
    code = serializers.CharField()
    message = serializers.CharField()


class BulkAssignResultSerializer(serializers.Serializer):
    """One assignment per claim: those done, and each refusal with its code."""

    investigator = serializers.CharField()
    assigned = serializers.ListField(child=serializers.CharField())
    refused = RefusalSerializer(many=True)


class OfficeVisitSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=VisitKind.choices)
    visited_on = SaneDateField()
    place = serializers.CharField(max_length=200)
    notes = serializers.CharField(max_length=4000)


class OfficeDocumentRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    description = serializers.CharField(max_length=300, help_text="What is needed.")


def _open_requests(investigation):
    return investigation.document_requests.filter(
        received_at__isnull=True, not_provided_at__isnull=True
    )


class ReceiveDocumentSerializer(serializers.Serializer):
    """An open request of this claim, answered by a document on this claim."""

    request = serializers.PrimaryKeyRelatedField(queryset=DocumentRequest.objects.none())
    document = serializers.PrimaryKeyRelatedField(queryset=ClaimDocument.objects.none())

    def __init__(self, *args, investigation=None, **kwargs):
        super().__init__(*args, **kwargs)
        if investigation is not None:
            cast(serializers.RelatedField, self.fields["request"]).queryset = _open_requests(
                investigation
            )
            cast(
                serializers.RelatedField, self.fields["document"]
            ).queryset = ClaimDocument.objects.filter(claim_id=investigation.claim_id)


class NotProvidedSerializer(serializers.Serializer):
    """An open request of this claim, once overdue (the service checks when)."""

    request = serializers.PrimaryKeyRelatedField(queryset=DocumentRequest.objects.none())
    note = serializers.CharField(max_length=500, help_text="How the member was reminded.")

    def __init__(self, *args, investigation=None, **kwargs):
        super().__init__(*args, **kwargs)
        if investigation is not None:
            cast(serializers.RelatedField, self.fields["request"]).queryset = _open_requests(
                investigation
            )


class SummarySerializer(serializers.Serializer):
    summary = serializers.CharField(max_length=4000)


class ConfirmSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=4000, help_text="Why the proposal is right.")


class OverrideSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Decision.choices)
    reason = serializers.CharField(
        max_length=4000, help_text="At least 10 characters; recorded with the override."
    )


# --- the publicity desk ---------------------------------------------------------------------


class DeskClaimSerializer(serializers.Serializer):
    reference = serializers.CharField()
    plan = serializers.CharField(source="plan.code")
    condition = serializers.CharField(source="condition_name")
    decision = serializers.ChoiceField(choices=Decision.choices, allow_blank=True)
    jury_verdict = serializers.ChoiceField(choices=Decision.choices, allow_blank=True)
    investigated_at = serializers.DateTimeField(allow_null=True)
    publicity_ends_at = serializers.DateTimeField(allow_null=True)
    appeal_ends_at = serializers.DateTimeField(allow_null=True)


class BatchSerializer(serializers.Serializer):
    batch_date = serializers.DateField()
    published_at = serializers.DateTimeField()
    window_ends_at = serializers.DateTimeField()
    claims_count = serializers.IntegerField()


class PublicityDeskSerializer(serializers.Serializer):
    """The batch that is due, decided claims waiting, notices to close, jury results to
    make final (the oldest 50 of each, with the counts), the last batches."""

    today = serializers.DateField()
    batch_due = serializers.DateField(allow_null=True)
    due_count = serializers.IntegerField()
    next_batch = serializers.DateField()
    waiting = DeskClaimSerializer(many=True)
    waiting_count = serializers.IntegerField()
    notices = DeskClaimSerializer(many=True)
    notices_count = serializers.IntegerField()
    results = DeskClaimSerializer(many=True)
    results_count = serializers.IntegerField()
    batches = BatchSerializer(many=True)


class PublishBatchSerializer(serializers.Serializer):
    batch_date = SaneDateField(help_text="A 7th or 21st, not after today.")
