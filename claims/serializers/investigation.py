"""The investigation as the API shows it, and what the investigator sends: visits, document
requests, the assignment, the facts, the sign-off."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.models import (
    Claim,
    DocumentRequest,
    Investigation,
    InvestigationVisit,
    VisitKind,
)
from core.api.inputs import SlugRelatedField


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
