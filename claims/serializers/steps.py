"""What the office sends for a claim's later steps: the decision, an appeal, a reason, the
jury's result, the payment."""

from rest_framework import serializers

from claims.states import Decision


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
