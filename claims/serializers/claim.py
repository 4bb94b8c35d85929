"""The claim as the API shows it: the claim, its events and documents, the receipt, the draft."""

from typing import cast

from rest_framework import serializers

from claims import selectors
from claims.models import (
    Claim,
    ClaimDocument,
    ClaimDraft,
    ClaimEvent,
)
from claims.states import ClaimState, Decision, DocumentKind
from core.api.inputs import SlugRelatedField
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
