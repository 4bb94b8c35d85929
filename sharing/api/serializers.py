"""What the sharing API sends and takes (分摊): periods and their books, a member's own
shares, finance's payouts desk."""

from rest_framework import serializers

from core.api.inputs import SaneDateField
from core.money import MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS
from sharing.models import Payer, PeriodStatus, SharingEventType
from sharing.templatetags.sharing_tags import held_reason


def money(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=MONEY_MAX_DIGITS, decimal_places=MONEY_DECIMAL_PLACES, **kwargs
    )


class PeriodSerializer(serializers.Serializer):
    """A sharing period's figures: fixed when it opens; the shares are then written, and
    the period completes when its books balance to the fen."""

    id = serializers.IntegerField(source="pk")
    plan = serializers.CharField(source="plan.code")
    plan_name = serializers.CharField(source="plan.name")
    sharing_day = serializers.DateField()
    status = serializers.ChoiceField(choices=PeriodStatus.choices)
    payer = serializers.ChoiceField(choices=Payer.choices)
    publicity_batch = serializers.DateField(
        source="publicity_batch.batch_date", allow_null=True, default=None
    )
    members_as_of = serializers.DateTimeField()
    approved_total = money()
    cases_count = serializers.IntegerField()
    fee = money(help_text="The 8% management fee.")
    carried_in = money()
    total = money(help_text="Approved amounts + fee + carried in.")
    members_count = serializers.IntegerField()
    share = money(help_text="Each member's share, rounded down to the fen.")
    carried_out = money(help_text="The remainder carried to the next period.")
    platform_amount = money(help_text="What the platform bears (all of it in its periods).")
    members_written = serializers.IntegerField()
    progress_percent = serializers.IntegerField()
    opened_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    completed_at = serializers.DateTimeField(allow_null=True)


class PayoutSerializer(serializers.Serializer):
    """The payment of one approved case, due 7 days after its sharing day."""

    id = serializers.IntegerField(source="pk")
    claim = serializers.CharField(source="claim.reference")
    payee = serializers.CharField(source="claim.member.masked_name")
    amount = money()
    payer = serializers.ChoiceField(choices=Payer.choices)
    due_on = serializers.DateField()
    reference = serializers.CharField(allow_blank=True, help_text="Set when issued.")
    issued_at = serializers.DateTimeField(allow_null=True)
    held = serializers.CharField(
        allow_blank=True, help_text="The refusal code that holds it; blank when not held."
    )
    held_reason = serializers.SerializerMethodField(help_text="Why it is held, in words.")
    period = serializers.IntegerField(source="period_id")

    def get_held_reason(self, payout) -> str:
        return held_reason(payout.held) if payout.held else ""


class SharingEventSerializer(serializers.Serializer):
    event_type = serializers.ChoiceField(choices=SharingEventType.choices)
    # A field named like Field.label: DRF's metaclass takes declared fields out of the class.
    label = serializers.CharField(source="get_event_type_display")  # type: ignore[assignment]
    actor = serializers.CharField(
        source="actor.username", allow_null=True, default=None, help_text="Null: the system."
    )
    created_at = serializers.DateTimeField()
    payload = serializers.DictField()


class PeriodBooksSerializer(serializers.Serializer):
    """A period with its books: its figures, its payouts and its latest 50 events."""

    period = PeriodSerializer()
    payouts = PayoutSerializer(many=True)
    events = SharingEventSerializer(many=True)


# --- a member's own shares ------------------------------------------------------------------


class LedgerPeriodSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    plan = serializers.CharField(source="plan.code")
    plan_name = serializers.CharField(source="plan.name")
    sharing_day = serializers.DateField()
    cases_count = serializers.IntegerField()
    approved_total = money()


class LedgerLineSerializer(serializers.Serializer):
    period = LedgerPeriodSerializer()
    amount = money()
    year_total = money(help_text="The running total within the sharing day's year.")
    covered_by_platform = serializers.BooleanField(
        help_text="A wind-down period the platform bore: the member paid nothing."
    )


class YearTotalSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    total = money()
    promise = money(allow_null=True, help_text="188 CNY a year, for members aged 0–59.")
    over_promise = serializers.BooleanField()
    over_by = money(allow_null=True)
    percent_of_promise = serializers.IntegerField(allow_null=True)


class LedgerMemberSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    full_name = serializers.CharField()
    relation = serializers.CharField(source="get_relation_display")


class MemberLedgerSerializer(serializers.Serializer):
    """One member of the account: each period shared, newest first, and yearly totals."""

    member = LedgerMemberSerializer()
    age = serializers.IntegerField()
    promise_applies = serializers.BooleanField()
    total = money()
    lines = LedgerLineSerializer(many=True)
    years = YearTotalSerializer(many=True)


# --- finance's payouts desk -----------------------------------------------------------------


class AwaitingClaimSerializer(serializers.Serializer):
    reference = serializers.CharField()
    plan = serializers.CharField(source="plan.code")
    plan_name = serializers.CharField(source="plan.name")
    approved_amount = money(allow_null=True)
    payable_at = serializers.DateTimeField()
    batch_date = serializers.DateField(
        source="publicity_batch.batch_date", allow_null=True, default=None
    )


class PayoutsDeskSerializer(serializers.Serializer):
    """The payouts desk: what the sweep issued on ``day`` (the bank file's rows), what it
    holds and why, what waits (the first 100 of each), and payable claims waiting for
    their sharing period."""

    day = serializers.DateField()
    today = serializers.DateField()
    issued = PayoutSerializer(many=True)
    held = PayoutSerializer(many=True)
    waiting = PayoutSerializer(many=True)
    waiting_count = serializers.IntegerField()
    awaiting = AwaitingClaimSerializer(many=True)
    awaiting_count = serializers.IntegerField()


class DaySerializer(serializers.Serializer):
    day = SaneDateField(required=False, help_text="A Beijing day; today if left out.")


class ReleaseSerializer(serializers.Serializer):
    payouts = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**31 - 1),
        min_length=1,
        max_length=500,
        help_text="Ids of held payouts: the next sweep tries them again.",
    )


class ReleasedSerializer(serializers.Serializer):
    released = serializers.IntegerField()
