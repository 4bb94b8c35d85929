from django.contrib import admin

from core.admin import ReadOnlyAdmin, ReadOnlyInline
from members.models import BenefitBand, Enrolment, FamilyLink, Member, MembershipEvent, Plan


class BenefitBandInline(admin.TabularInline):
    model = BenefitBand
    extra = 0


@admin.register(BenefitBand)
class BenefitBandAdmin(admin.ModelAdmin):
    list_display = ["plan", "min_age", "max_age", "amount"]
    list_filter = ["plan"]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "name_en", "kind", "waiting_days", "accepting_joins"]
    inlines = [BenefitBandInline]


class EnrolmentInline(ReadOnlyInline):
    model = Enrolment
    readonly_fields = ["plan", "joined_at", "left_at", "credit_score", "health_declaration"]


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["id", "masked_name", "national_id_masked", "relation", "city"]
    search_fields = ["national_id_masked", "city"]
    exclude = ["national_id_hash"]
    inlines = [EnrolmentInline]

    def get_readonly_fields(self, request, obj=None):
        # Changes to a member (birth date moves the age band; a fraud finding bars a
        # juror) go through services with an audit event, never through this form.
        return [f.name for f in Member._meta.fields if f.name != "national_id_hash"]

    def has_add_permission(self, request):
        return False  # members are added through the membership services


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["member", "plan", "joined_at", "left_at", "credit_score"]
    list_filter = ["plan"]
    readonly_fields = [
        "member",
        "plan",
        "joined_at",
        "left_at",
        "credit_score",
        "health_declaration",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(FamilyLink)
class FamilyLinkAdmin(admin.ModelAdmin):
    list_display = ["member", "relative", "relation", "created_at"]
    readonly_fields = ["member", "relative", "relation"]


@admin.register(MembershipEvent)
class MembershipEventAdmin(ReadOnlyAdmin):
    list_display = ["member", "event_type", "actor", "created_at"]
    list_filter = ["event_type"]
