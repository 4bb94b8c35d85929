"""Admin for every claims model. Transition buttons go through the services, never around them."""

from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_fsm.admin import FSMAdminMixin

from claims import services
from claims.models import (
    Claim,
    ClaimDocument,
    ClaimDraft,
    ClaimEvent,
    ClaimNotice,
    ConditionDefinition,
    DefinitionSet,
    DocumentRead,
    DocumentRequest,
    Investigation,
    InvestigationVisit,
    PublicityBatch,
)
from core.admin import DeadlinesAdminMixin, ReadOnlyAdmin, ReadOnlyInline
from core.errors import DomainError
from core.money import format_cny

# transition method name -> service call taking (claim, user, form data). No "publish":
# claims are published only in a publicity batch (claims.services.publicity).
TRANSITION_SERVICES = {
    "close_publicity": lambda c, u, d: services.claim_close_publicity(claim=c, actor=u),
    "record_jury_result": lambda c, u, d: services.claim_record_jury_result(claim=c, actor=u, **d),
    "settle_jury_result": lambda c, u, d: services.claim_settle_jury_result(claim=c, actor=u),
    "pay": lambda c, u, d: services.claim_mark_paid(claim=c, actor=u, **d),
}


class AwaitingPaymentFilter(admin.SimpleListFilter):
    """Finance's queue: decisions to pay that have taken effect but have no payout yet."""

    title = _("payment")
    parameter_name = "payment"

    def lookups(self, request, model_admin):
        return [("awaiting", _("awaiting payment"))]

    def queryset(self, request, queryset):
        if self.value() == "awaiting":
            return queryset.filter(payable_at__isnull=False, paid_at__isnull=True)
        return queryset


class ClaimEventInline(ReadOnlyInline):
    model = ClaimEvent
    fields = readonly_fields = (
        "created_at",
        "event_type",
        "from_state",
        "to_state",
        "actor",
        "reason",
        "payload",
    )


class ClaimDocumentInline(ReadOnlyInline):
    model = ClaimDocument
    fk_name = "claim"
    fields = readonly_fields = ("kind", "original_name", "content_type", "size", "uploaded_at")


@admin.register(Claim)
class ClaimAdmin(DeadlinesAdminMixin, FSMAdminMixin, admin.ModelAdmin):
    fsm_fields = ["state"]
    deadline_fields = ("publicity_ends_at", "appeal_ends_at")
    list_display = [
        "reference",
        "state",
        "plan",
        "condition",
        "benefit",
        "decision",
        "filed_at",
        "publicity_ends_at",
    ]
    fieldsets = [
        (
            _("Claim"),
            {
                "fields": [
                    "reference",
                    "state",
                    "member",
                    "plan",
                    "condition",
                    "diagnosis",
                    "hospital",
                    "city",
                    "diagnosis_date",
                    "age_at_diagnosis",
                    "benefit",
                    "filed_by",
                    "filed_at",
                ]
            },
        ),
        (
            _("Investigation"),
            {
                "fields": [
                    "decision",
                    "approved",
                    "decision_reason",
                    "decision_clause",
                    "investigated_at",
                ]
            },
        ),
        (
            _("Public notice"),
            {"fields": ["published_at", "publicity_ends_at", "publicity_closed_at"]},
        ),
        (
            _("Dispute and jury"),
            {
                "classes": ["collapse"],
                "fields": [
                    "disputed_at",
                    "jury_verdict",
                    "jury_pay_votes",
                    "jury_deny_votes",
                    "jury_voted_at",
                    "appeal_ends_at",
                    "jury_settled_at",
                ],
            },
        ),
        (_("Outcome"), {"fields": ["payable_at", "paid_at", "payout_reference", "closed_at"]}),
    ]
    list_filter = ["state", AwaitingPaymentFilter, "plan", "decision"]
    search_fields = ["reference", "hospital", "condition_code"]
    date_hierarchy = "filed_at"
    inlines = [ClaimDocumentInline, ClaimEventInline]
    list_select_related = ["plan"]

    def get_readonly_fields(self, request, obj=None):
        fields = [f.name for f in Claim._meta.fields] + ["condition", "benefit", "approved"]
        return [*fields, *super().get_readonly_fields(request, obj)]

    @admin.display(description=_("condition"), ordering="condition_code")
    def condition(self, claim):
        return claim.condition_name

    @admin.display(description=_("benefit for the age band"), ordering="benefit_amount")
    def benefit(self, claim):
        return format_cny(claim.benefit_amount)

    @admin.display(description=_("approved amount"))
    def approved(self, claim):
        return format_cny(claim.approved_amount) if claim.approved_amount is not None else "—"

    def save_model(self, request, obj, form, change):
        """Nothing here is edited: a transition button must not first write back a stale
        copy of the claim (the services change it, under a row lock)."""

    def save_related(self, request, form, formsets, change):
        for formset in formsets:  # read-only inlines: nothing to save, nothing to report
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update(
            {
                "show_save": False,
                "show_save_and_continue": False,
                "show_save_and_add_another": False,
                "show_delete": False,
            }
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def has_add_permission(self, request):
        return False  # claims are filed through the portal or the API

    def has_delete_permission(self, request, obj=None):
        return False

    def _apply_fsm_transition(self, *, obj, transition_name, request, kwargs=None):
        service = TRANSITION_SERVICES.get(transition_name)
        if service is None:
            self.message_user(request, gettext("This step is not available here."), messages.ERROR)
            return False
        try:
            service(obj, request.user, dict(kwargs or {}))
        except DomainError as error:
            self.message_user(request, error.message, messages.ERROR)
            return False
        self.message_user(
            request,
            gettext("Done: %(step)s.")
            % {
                "step": self.get_fsm_label(
                    self._get_fsm_transition_by_name(obj=obj, transition_name=transition_name)
                )
            },
            messages.SUCCESS,
        )
        return True


@admin.register(ClaimEvent)
class ClaimEventAdmin(ReadOnlyAdmin):
    list_display = ["claim", "event_type", "from_state", "to_state", "actor", "created_at"]
    list_filter = ["event_type"]
    search_fields = ["claim__reference"]


@admin.register(ClaimDocument)
class ClaimDocumentAdmin(ReadOnlyAdmin):
    list_display = [
        "original_name",
        "kind",
        "claim",
        "draft",
        "content_type",
        "size",
        "uploaded_at",
    ]


@admin.register(DocumentRead)
class DocumentReadAdmin(ReadOnlyAdmin):
    list_display = ["read_at", "document", "reader", "reader_role"]
    list_filter = ["reader_role"]
    search_fields = ["document__claim__reference", "reader__username"]
    list_select_related = ["document", "reader"]


@admin.register(ClaimDraft)
class ClaimDraftAdmin(DeadlinesAdminMixin, ReadOnlyAdmin):
    list_display = ["id", "account", "status", "refusal_code", "updated_at", "window_closes_at"]
    deadline_fields = ("window_closes_at",)
    list_filter = ["status", "refusal_code"]


@admin.register(ClaimNotice)
class ClaimNoticeAdmin(ReadOnlyAdmin):
    list_display = ["event", "recipient", "sent_at"]


class ConditionInline(admin.TabularInline):
    model = ConditionDefinition
    extra = 0
    can_delete = False
    fields = readonly_fields = ("code", "name_zh", "name_en", "severity", "benefit_share")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(DefinitionSet)
class DefinitionSetAdmin(ReadOnlyAdmin):
    """Definition sets change only through ``manage.py definitions import``."""

    list_display = ["code", "title_zh", "in_force_from", "in_force_to", "imported_at"]
    inlines = [ConditionInline]


@admin.register(ConditionDefinition)
class ConditionDefinitionAdmin(ReadOnlyAdmin):
    list_display = ["code", "name_zh", "name_en", "severity", "benefit_share", "definition_set"]
    list_filter = ["definition_set", "severity"]
    search_fields = ["code", "name_zh", "name_en"]


class VisitInline(admin.TabularInline):
    model = InvestigationVisit
    extra = 0
    can_delete = False
    fields = readonly_fields = ("kind", "visited_on", "place", "notes", "recorded_by")

    def has_add_permission(self, request, obj=None):
        return False


class DocumentRequestInline(admin.TabularInline):
    model = DocumentRequest
    extra = 0
    can_delete = False
    fields = readonly_fields = ("kind", "description", "requested_at", "received_at", "document")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Investigation)
class InvestigationAdmin(DeadlinesAdminMixin, ReadOnlyAdmin):
    """Investigations are worked on the back-office case page (/office/)."""

    deadline_fields = ("due_at",)

    list_display = ["claim", "investigator", "assigned_at", "due_at", "completed_at"]
    list_filter = ["investigator"]
    inlines = [VisitInline, DocumentRequestInline]


@admin.register(InvestigationVisit)
class InvestigationVisitAdmin(ReadOnlyAdmin):
    list_display = ["investigation", "kind", "visited_on", "place"]


@admin.register(DocumentRequest)
class DocumentRequestAdmin(DeadlinesAdminMixin, ReadOnlyAdmin):
    list_display = ["investigation", "kind", "description", "requested_at", "due_at", "received_at"]
    deadline_fields = ("due_at",)


@admin.register(PublicityBatch)
class PublicityBatchAdmin(DeadlinesAdminMixin, ReadOnlyAdmin):
    deadline_fields = ("window_ends_at",)
    list_display = ["batch_date", "published_at", "window_ends_at", "claims_count"]
