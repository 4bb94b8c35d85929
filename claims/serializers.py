from typing import cast

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims import selectors
from claims.models import (
    Claim,
    ClaimDocument,
    ClaimDraft,
    ClaimEvent,
    DocumentRequest,
    Investigation,
    InvestigationVisit,
    VisitKind,
)
from claims.models.definition import Severity
from claims.states import ClaimState, Decision, DocumentKind
from core.api_input import SlugRelatedField
from core.money import MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS
from members.models import Member, Plan


class ClaimEventSerializer(serializers.ModelSerializer):
    """An event of the claim. Who acted is a role ("the reviewer", "a member"), never a
    name, unless the reader is staff who may read every claim (``claims.view_claim``)."""

    actor = serializers.SerializerMethodField(
        help_text="The username for staff readers; for others the same words as actor_role."
    )
    actor_role = serializers.SerializerMethodField(
        help_text='Who acted, as a role in the reader\'s language: "the system", "you", '
        '"the claimant", "a member", "the reviewer", "the investigator", "the finance team".'
    )
    reason = serializers.SerializerMethodField()
    payload = serializers.SerializerMethodField()

    class Meta:
        model = ClaimEvent
        fields = [
            "id",
            "event_type",
            "from_state",
            "to_state",
            "actor",
            "actor_role",
            "reason",
            "payload",
            "created_at",
        ]

    def _viewer(self):
        request = self.context.get("request")
        return getattr(request, "user", None)

    def get_actor(self, event) -> str:
        viewer = self._viewer()
        if selectors.claim_event_names_people_for(viewer=viewer):
            return event.actor.get_username() if event.actor else "system"
        return selectors.claim_event_actor_role(event=event, viewer=viewer)

    def get_actor_role(self, event) -> str:
        return selectors.claim_event_actor_role(event=event, viewer=self._viewer())

    def get_reason(self, event) -> str:
        return selectors.claim_event_reason_for(event=event, viewer=self._viewer())

    def get_payload(self, event) -> dict:
        return selectors.claim_event_payload_for(event=event, viewer=self._viewer())


class ClaimDocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = ClaimDocument
        fields = ["id", "kind", "original_name", "content_type", "size", "sha256", "uploaded_at"]


class ClaimSerializer(serializers.ModelSerializer):
    member = serializers.CharField(source="member.masked_name", read_only=True)
    plan: "serializers.SlugRelatedField[Plan]" = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    # Blank until decided (voted): declared, as a read-only model field loses allow_blank.
    decision = serializers.ChoiceField(choices=Decision.choices, allow_blank=True, read_only=True)
    jury_verdict = serializers.ChoiceField(
        choices=Decision.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = Claim
        fields = [
            "reference",
            "state",
            "member",
            "plan",
            "condition_code",
            "diagnosis",
            "hospital",
            "city",
            "diagnosis_date",
            "age_at_diagnosis",
            "benefit_amount",
            "filed_at",
            "decision",
            "approved_amount",
            "decision_reason",
            "decision_clause",
            "published_at",
            "publicity_ends_at",
            "publicity_closed_at",
            "disputed_at",
            "jury_verdict",
            "jury_pay_votes",
            "jury_deny_votes",
            "appeal_ends_at",
            "payable_at",
            "paid_at",
            "payout_reference",
            "closed_at",
        ]
        read_only_fields = fields


class ClaimReceiptSerializer(serializers.Serializer):
    """What an objector gets back: the reference and the new state, not the claim file."""

    reference = serializers.CharField(read_only=True)
    state = serializers.ChoiceField(choices=ClaimState.choices, read_only=True)


class ClaimDetailSerializer(ClaimSerializer):
    events = ClaimEventSerializer(many=True, read_only=True)
    documents = ClaimDocumentSerializer(many=True, read_only=True)

    class Meta(ClaimSerializer.Meta):
        fields = [*ClaimSerializer.Meta.fields, "events", "documents"]
        read_only_fields = fields


class ClaimDraftSerializer(serializers.ModelSerializer):
    member = serializers.PrimaryKeyRelatedField(
        queryset=Member.objects.none(), required=False, allow_null=True
    )
    plan = SlugRelatedField(
        slug_field="code", queryset=Plan.objects.all(), required=False, allow_null=True
    )
    documents = ClaimDocumentSerializer(many=True, read_only=True)
    claim: "serializers.SlugRelatedField[Claim]" = serializers.SlugRelatedField(
        slug_field="reference", read_only=True, allow_null=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            cast(serializers.RelatedField, self.fields["member"]).queryset = Member.objects.filter(
                account=request.user
            )

    class Meta:
        model = ClaimDraft
        fields = [
            "id",
            "member",
            "plan",
            "condition_code",
            "diagnosis",
            "hospital",
            "city",
            "diagnosis_date",
            "status",
            "refusal_code",
            "refusal_message",
            "window_closes_at",
            "expired_at",
            "claim",
            "documents",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "id",
            "status",
            "refusal_code",
            "refusal_message",
            "window_closes_at",
            "expired_at",
            "claim",
            "documents",
            "created_at",
            "updated_at",
        ]


class DocumentUploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    file = serializers.FileField()


class VisitSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=VisitKind.choices)
    visited_on = serializers.DateField()
    place = serializers.CharField(max_length=200)
    notes = serializers.CharField()


class VisitOutSerializer(serializers.ModelSerializer):
    class Meta:
        model = InvestigationVisit
        fields = ["id", "kind", "visited_on", "place", "notes", "recorded_at"]


class DocumentRequestSerializer(serializers.ModelSerializer):
    class Meta:
        model = DocumentRequest
        fields = [
            "id",
            "kind",
            "description",
            "requested_at",
            "due_at",
            "received_at",
            "not_provided_at",
            "document",
        ]


class DefinitionInForceSerializer(serializers.Serializer):
    """The claim's condition under its definition set: the criteria tree the facts meet."""

    set = serializers.CharField()
    code = serializers.CharField()
    criteria = serializers.JSONField()


class InvestigationSerializer(serializers.ModelSerializer):
    claim: "serializers.SlugRelatedField[Claim]" = serializers.SlugRelatedField(
        slug_field="reference", read_only=True
    )
    investigator: "serializers.SlugRelatedField[User]" = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )
    definition = serializers.SerializerMethodField()
    visits = VisitOutSerializer(many=True, read_only=True)
    document_requests = DocumentRequestSerializer(many=True, read_only=True)

    class Meta:
        model = Investigation
        fields = [
            "claim",
            "investigator",
            "assigned_at",
            "due_at",
            "definition",
            "facts",
            "non_disclosure_found",
            "non_disclosure_notes",
            "evaluation",
            "summary",
            "completed_at",
            "visits",
            "document_requests",
        ]

    @extend_schema_field(DefinitionInForceSerializer(allow_null=True))
    def get_definition(self, investigation) -> dict | None:
        condition = investigation.claim.condition_definition
        if condition is None:
            return None
        return {
            "set": condition.definition_set.code,
            "code": condition.code,
            "criteria": condition.criteria,
        }


class AssignmentSerializer(serializers.Serializer):
    investigator = SlugRelatedField(
        slug_field="username",
        queryset=get_user_model().objects.all(),
        required=False,
        help_text="Leave out to assign the next free investigator.",
    )
    due_on = serializers.DateField(required=False)


class FactsSerializer(serializers.Serializer):
    facts = serializers.DictField(child=serializers.JSONField(), allow_empty=True)
    non_disclosure_found = serializers.BooleanField(required=False, allow_null=True, default=None)
    non_disclosure_notes = serializers.CharField(required=False, allow_blank=True, default="")


class CompletionSerializer(serializers.Serializer):
    summary = serializers.CharField()


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=Decision.choices,
        required=False,
        allow_blank=True,
        help_text="Leave out to confirm the evaluator's proposal; a different decision "
        "is an override and needs a reason of at least 10 characters.",
    )
    reason = serializers.CharField()


class AppealSerializer(serializers.Serializer):
    statement = serializers.CharField(help_text="The grounds and the new evidence.")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class JuryResultSerializer(serializers.Serializer):
    pay_votes = serializers.IntegerField(min_value=0)
    deny_votes = serializers.IntegerField(min_value=0)


class PaymentSerializer(serializers.Serializer):
    payout_reference = serializers.CharField(max_length=64)


class PlanConditionSerializer(serializers.Serializer):
    """A condition a plan covers, under the definition set in force today."""

    code = serializers.CharField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    severity = serializers.ChoiceField(choices=Severity.choices)
    benefit_share = serializers.DecimalField(max_digits=3, decimal_places=2)
    definition_set = serializers.CharField()


class BenefitBandSerializer(serializers.Serializer):
    min_age = serializers.IntegerField()
    max_age = serializers.IntegerField()
    amount = serializers.DecimalField(
        max_digits=MONEY_MAX_DIGITS, decimal_places=MONEY_DECIMAL_PLACES
    )


class PlanSerializer(serializers.ModelSerializer):
    benefit_bands = serializers.SerializerMethodField()
    conditions = serializers.SerializerMethodField()

    class Meta:
        model = Plan
        fields = [
            "code",
            "name_zh",
            "name_en",
            "kind",
            "min_join_age_days",
            "min_join_age_years",
            "max_join_age_years",
            "waiting_days",
            "conditions",
            "accepting_joins",
            "shutdown_announced_at",
            "coverage_ends_at",
            "claim_window_days",
            "benefit_bands",
        ]

    @extend_schema_field(PlanConditionSerializer(many=True))
    def get_conditions(self, plan) -> list[dict]:
        from claims.definitions.selectors import conditions_in_force
        from core import clock

        conditions = getattr(plan, "conditions_in_force", None)  # read with the plans
        if conditions is None:
            conditions = conditions_in_force(day=clock.today(), plan=plan)
        return [
            {
                "code": c.code,
                "name_zh": c.name_zh,
                "name_en": c.name_en,
                "severity": c.severity,
                "benefit_share": str(c.benefit_share),
                "definition_set": c.definition_set.code,
            }
            for c in conditions
        ]

    @extend_schema_field(BenefitBandSerializer(many=True))
    def get_benefit_bands(self, plan) -> list[dict]:
        return [
            {"min_age": b.min_age, "max_age": b.max_age, "amount": str(b.amount)}
            for b in plan.benefit_bands.all()
        ]


class MemberSerializer(serializers.ModelSerializer):
    plans = serializers.SerializerMethodField()

    class Meta:
        model = Member
        fields = [
            "id",
            "relation",
            "full_name",
            "national_id_masked",
            "birth_date",
            "city",
            "plans",
        ]

    def get_plans(self, member) -> list[str]:
        return [e.plan.code for e in member.enrolments.all() if e.left_at is None]
