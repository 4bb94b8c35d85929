"""The plans a claim is filed under (their conditions in force and benefit bands), and the
members an account may file for."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.models.definition import Severity
from core.money import MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS
from members.models import Member, Plan


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
