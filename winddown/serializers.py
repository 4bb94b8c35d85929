from typing import cast

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.utils.serializer_helpers import ReturnList

from core.api.inputs import SaneDateField, SlugRelatedField
from core.money import MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS
from members.models import Plan
from winddown.models import Shutdown


def money(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=MONEY_MAX_DIGITS, decimal_places=MONEY_DECIMAL_PLACES, **kwargs
    )


class ShutdownSerializer(serializers.ModelSerializer):
    """A shutdown as announced (停运公告): public, like the notice on every page."""

    plans: "serializers.SlugRelatedField[Plan]" = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )

    class Meta:
        model = Shutdown
        fields = [
            "id",
            "plans",
            "status",
            "announced_at",
            "stop_day",
            "stops_at",
            "window_days",
            "last_window_closes_at",
            "notice_zh",
            "notice_en",
            "finished_at",
        ]
        read_only_fields = fields


# --- the wind-down office -------------------------------------------------------------------


class ShutdownEventSerializer(serializers.Serializer):
    event_type = serializers.CharField()
    # A field named like Field.label: DRF's metaclass takes declared fields out of the class.
    label = serializers.CharField(source="get_event_type_display")  # type: ignore[assignment]
    actor = serializers.CharField(
        source="actor.username", allow_null=True, default=None, help_text="Null: the system."
    )
    from_state = serializers.CharField(allow_blank=True)
    to_state = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()


class OfficeShutdownSerializer(serializers.ModelSerializer):
    """A shutdown in the office: a proposal waiting for a second operator, cancelled,
    announced or finished."""

    plans: "serializers.SlugRelatedField[Plan]" = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    proposed_by = serializers.CharField(source="proposed_by.username", read_only=True)
    confirmed_by = serializers.CharField(
        source="confirmed_by.username", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Shutdown
        fields = [
            "id",
            "plans",
            "status",
            "status_label",
            "stop_day",
            "stops_at",
            "window_days",
            "last_window_closes_at",
            "notice_zh",
            "notice_en",
            "proposed_by",
            "proposed_at",
            "confirmed_by",
            "announced_at",
            "finished_at",
        ]
        read_only_fields = fields


class OfficeShutdownDetailSerializer(OfficeShutdownSerializer):
    """A shutdown with its latest 30 events, as its office page lists them."""

    events = serializers.SerializerMethodField()

    class Meta(OfficeShutdownSerializer.Meta):
        fields = [*OfficeShutdownSerializer.Meta.fields, "events"]
        read_only_fields = fields

    @extend_schema_field(ShutdownEventSerializer(many=True))
    def get_events(self, shutdown) -> ReturnList:
        events = shutdown.events.select_related("actor").order_by("-id")[:30]
        # many=True: a ReturnList (the DRF stubs type every serializer's data as a dict)
        return cast(ReturnList, ShutdownEventSerializer(events, many=True).data)


class ProposeSerializer(serializers.Serializer):
    """A shutdown proposal (停运): nothing changes until a second operator confirms it."""

    plans = SlugRelatedField(
        slug_field="code",
        many=True,
        queryset=Plan.objects.filter(shutdown_announced_at__isnull=True),
        help_text="Codes of plans not already winding down.",
    )
    stop_day = SaneDateField(help_text="Coverage ends at 24:00 Beijing time of it.")
    window_days = serializers.IntegerField(
        min_value=1, max_value=3650, default=settings.WINDDOWN_WINDOW_DAYS
    )
    notice_zh = serializers.CharField(max_length=4000)
    notice_en = serializers.CharField(max_length=4000)


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class LiabilitySerializer(serializers.Serializer):
    """What the platform answers for (CNY)."""

    periods_borne = money(help_text="The periods it took over from the members.")
    paid = money()
    approved_unpaid = money()
    open_estimate = money(help_text="Open claims × the approval rate so far.")
    total = money()


class StateCountSerializer(serializers.Serializer):
    state = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field, as above
    count = serializers.IntegerField()


class ClosingDaySerializer(serializers.Serializer):
    day = serializers.DateField()
    drafts = serializers.IntegerField()
    document_requests = serializers.IntegerField()


class LabelCountSerializer(serializers.Serializer):
    label = serializers.CharField()  # type: ignore[assignment]  # a field, as above
    count = serializers.IntegerField()


class BornePeriodSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    plan = serializers.CharField(source="plan.code")
    plan_name = serializers.CharField(source="plan.name")
    sharing_day = serializers.DateField()
    status = serializers.CharField()
    cases_count = serializers.IntegerField()
    approved_total = money()


class DashboardSerializer(serializers.Serializer):
    """The wind-down dashboard's figures (``winddown.selectors.dashboard``)."""

    now = serializers.DateTimeField()
    liability = LiabilitySerializer()
    claims_total = serializers.IntegerField()
    claims_final = serializers.IntegerField()
    claims_percent = serializers.IntegerField()
    claims_filed_after_stop = serializers.IntegerField()
    claims_by_state = serializers.SerializerMethodField()
    time_percent = serializers.IntegerField()
    windows_closing = ClosingDaySerializer(many=True, source="calendar")
    reminders = serializers.SerializerMethodField()
    reminders_total = serializers.IntegerField()
    drafts = serializers.DictField(child=serializers.IntegerField())
    insurance_moves = serializers.IntegerField()
    periods = BornePeriodSerializer(many=True)
    last_window_open = serializers.BooleanField()
    ready_to_finish = serializers.BooleanField()

    @extend_schema_field(StateCountSerializer(many=True))
    def get_claims_by_state(self, board) -> list[dict]:
        return [
            {"state": state, "label": str(label), "count": n} for state, label, n in board.states
        ]

    @extend_schema_field(LabelCountSerializer(many=True))
    def get_reminders(self, board) -> list[dict]:
        return [{"label": label, "count": n} for label, n in board.reminder_rows]


class ReportPeriodSerializer(serializers.Serializer):
    plan = serializers.CharField()
    plan_name = serializers.CharField()
    sharing_day = serializers.DateField()
    cases = serializers.IntegerField()
    approved_total = money()


class FinalReportSerializer(serializers.Serializer):
    """The final report, frozen when the last window closed and every claim was final."""

    shutdown = serializers.IntegerField()
    plans = serializers.ListField(child=serializers.CharField(), help_text="Plan names.")
    announced_at = serializers.DateTimeField()
    stops_at = serializers.DateTimeField()
    last_window_closes_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField()
    window_days = serializers.IntegerField()
    claims = serializers.IntegerField()
    claims_filed_after_stop = serializers.IntegerField()
    claims_by_state = LabelCountSerializer(many=True)
    paid = money()
    approved_unpaid = money()
    periods_borne = money()
    periods = ReportPeriodSerializer(many=True)
    drafts = LabelCountSerializer(many=True)
    reminders = LabelCountSerializer(many=True)
    insurance_moves = serializers.IntegerField()
