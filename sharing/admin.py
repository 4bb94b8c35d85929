"""Sharing periods in the admin: read-only (every change goes through the services)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import ReadOnlyAdmin, ReadOnlyInline
from sharing.models import MemberShare, Payout, SharingEvent, SharingPeriod
from sharing.services.payouts import payouts_release


class SharingEventInline(ReadOnlyInline):
    model = SharingEvent
    fields = readonly_fields = ("created_at", "event_type", "actor", "payload")


@admin.register(SharingPeriod)
class SharingPeriodAdmin(ReadOnlyAdmin):
    list_display = [
        "sharing_day",
        "plan",
        "status",
        "payer",
        "cases_count",
        "approved_total",
        "members_count",
        "share",
        "carried_out",
        "progress",
    ]
    list_filter = ["status", "payer", "plan"]
    date_hierarchy = "sharing_day"
    list_select_related = ["plan"]
    inlines = [SharingEventInline]

    @admin.display(description=_("progress"))
    def progress(self, obj):
        if not obj.members_count:
            return "—"  # nobody shares it: the platform pays, or no member was in the plan
        return f"{obj.members_written:,} / {obj.members_count:,} ({obj.progress_percent}%)"


@admin.register(MemberShare)
class MemberShareAdmin(ReadOnlyAdmin):
    list_display = ["period", "member", "amount"]
    raw_id_fields = ["period", "member"]
    list_select_related = ["period__plan", "member"]
    show_full_result_count = False  # millions of rows: no second COUNT(*)


@admin.register(Payout)
class PayoutAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "claim", "amount", "payer", "due_on", "issued_at", "held"]
    list_filter = ["payer", "due_on", ("held", admin.EmptyFieldListFilter)]
    list_select_related = ["claim"]
    actions = ["release"]

    @admin.action(
        description=_("Release held payouts (the next sweep tries them again)"),
        permissions=["release"],
    )
    def release(self, request, queryset):
        released = payouts_release(
            payouts=queryset.values_list("pk", flat=True), actor=request.user
        )
        self.message_user(
            request,
            ngettext("%(n)d payout released.", "%(n)d payouts released.", released)
            % {"n": released},
            messages.SUCCESS,
        )

    def has_release_permission(self, request):
        return request.user.has_perm("sharing.export_payouts")


@admin.register(SharingEvent)
class SharingEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "period", "event_type", "actor"]
    list_filter = ["event_type"]
    list_select_related = ["period__plan", "actor"]
