"""Admin for the jury models. Jurors change only through jury.services (each change is an
event); the question bank is edited here; events, sittings, panels, seats and ballots are
read-only, and no ballot of an open panel is shown to anyone."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin import DeadlinesAdminMixin, ReadOnlyAdmin, ReadOnlyInline
from core.errors import DomainError
from jury.models import (
    Ballot,
    ExamQuestion,
    ExamSitting,
    Juror,
    JurorEvent,
    Panel,
    PanelEvent,
    PanelStatus,
    Seat,
)
from jury.services import jurors as juror_services


class JurorEventInline(ReadOnlyInline):
    model = JurorEvent
    fields = readonly_fields = ("created_at", "event_type", "actor", "reason", "payload")


class ExamSittingInline(ReadOnlyInline):
    model = ExamSitting
    fields = readonly_fields = ("started_at", "submitted_at", "score", "passed")


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}))


@admin.register(Juror)
class JurorAdmin(admin.ModelAdmin):
    """Status changes are actions that call the services (with a reason where needed)."""

    list_display = [
        "id",
        "member",
        "status",
        "qualified_at",
        "consecutive_misses",
        "panels_sat",
        "agreement",
        "created_at",
    ]
    list_filter = ["status"]
    search_fields = ["=id", "member__national_id_masked", "account__username"]
    list_select_related = ["member"]
    readonly_fields = [f.name for f in Juror._meta.fields] + ["agreement"]
    inlines = [ExamSittingInline, JurorEventInline]
    actions = ["disqualify", "pause", "resume"]

    def has_add_permission(self, request):
        return False  # members volunteer on the jury page

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("agreed with the final outcome"))
    def agreement(self, juror):
        if not juror.panels_sat:
            return "—"
        return f"{juror.agreed_with_final} / {juror.panels_sat}"

    def _with_reason(self, request, queryset, title, service):
        """An action that asks for a reason first, then calls ``service`` per juror."""
        if "apply" in request.POST:
            form = ReasonForm(request.POST)
            if form.is_valid():
                done = 0
                for juror in queryset:
                    try:
                        service(juror, request.user, form.cleaned_data["reason"])
                    except DomainError as error:
                        self.message_user(request, f"{juror}: {error.message}", messages.ERROR)
                    else:
                        done += 1
                self.message_user(
                    request, gettext("%(n)s juror(s) changed.") % {"n": done}, messages.SUCCESS
                )
                return None
        else:
            form = ReasonForm()
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "form": form,
            "jurors": queryset,
            "action": request.POST.get("action"),
            "checkbox_name": ACTION_CHECKBOX_NAME,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/jury/juror_reason.html", context)

    @admin.action(description=_("Disqualify the selected jurors (with a reason)"))
    def disqualify(self, request, queryset):
        return self._with_reason(
            request,
            queryset,
            gettext("Disqualify jurors"),
            lambda j, user, reason: juror_services.juror_disqualify(
                juror=j, actor=user, reason=reason
            ),
        )

    @admin.action(description=_("Pause the selected jurors (with a reason)"))
    def pause(self, request, queryset):
        return self._with_reason(
            request,
            queryset,
            gettext("Pause jurors"),
            lambda j, user, reason: juror_services.juror_pause(juror=j, actor=user, reason=reason),
        )

    @admin.action(description=_("Resume the selected paused jurors"))
    def resume(self, request, queryset):
        done = 0
        for juror in queryset:
            try:
                juror_services.juror_resume(juror=juror, actor=request.user)
            except DomainError as error:
                self.message_user(request, f"{juror}: {error.message}", messages.ERROR)
            else:
                done += 1
        self.message_user(
            request, gettext("%(n)s juror(s) changed.") % {"n": done}, messages.SUCCESS
        )


@admin.register(JurorEvent)
class JurorEventAdmin(ReadOnlyAdmin):
    list_display = ["juror", "event_type", "actor", "reason", "created_at"]
    list_filter = ["event_type"]
    search_fields = ["=juror__id"]


class ExamQuestionForm(forms.ModelForm):
    class Meta:
        model = ExamQuestion
        fields = [
            "code",
            "topic",
            "text_zh",
            "text_en",
            "choices",
            "answer",
            "explanation_zh",
            "explanation_en",
            "active",
        ]

    def clean(self):
        cleaned = super().clean() or {}
        choices = cleaned.get("choices")
        answer = cleaned.get("answer")
        if choices is not None:
            valid = isinstance(choices, list) and all(
                isinstance(c, dict) and {"key", "zh", "en"} <= set(c) for c in choices
            )
            if not valid or not 3 <= len(choices) <= 4:
                self.add_error(
                    "choices",
                    _('3 or 4 choices, each {"key": "a", "zh": "…", "en": "…"}.'),
                )
            elif answer and answer not in {c["key"] for c in choices}:
                self.add_error("answer", _("The correct choice must be one of the choice keys."))
        return cleaned


@admin.register(ExamQuestion)
class ExamQuestionAdmin(admin.ModelAdmin):
    """The bank: edit freely; deactivate rather than delete (sittings refer to questions)."""

    form = ExamQuestionForm
    list_display = ["code", "topic", "text_zh", "answer", "active"]
    list_filter = ["topic", "active"]
    list_editable = ["active"]
    search_fields = ["code", "text_zh", "text_en"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ExamSitting)
class ExamSittingAdmin(ReadOnlyAdmin):
    list_display = ["id", "juror", "started_at", "submitted_at", "score", "passed"]
    list_filter = ["passed"]
    search_fields = ["=juror__id"]


class SeatInline(ReadOnlyInline):
    model = Seat
    fields = readonly_fields = ("draw_order", "juror", "status", "offered_at", "responded_at")


class PanelEventInline(ReadOnlyInline):
    model = PanelEvent
    fields = readonly_fields = ("created_at", "event_type", "actor", "payload")


@admin.register(Panel)
class PanelAdmin(DeadlinesAdminMixin, ReadOnlyAdmin):
    """Panels change through jury.services (the back office re-panels); read-only here."""

    deadline_fields = ("deadline_at",)

    list_display = ["id", "claim", "round", "size", "quorum", "status", "deadline_at", "verdict"]
    list_filter = ["status", "round", "verdict"]
    search_fields = ["claim__reference"]
    list_select_related = ["claim"]
    inlines = [SeatInline, PanelEventInline]

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is not None and obj.status != PanelStatus.CLOSED:
            return [f for f in fields if f != "tally"]  # nothing of the count before close
        return fields


@admin.register(Seat)
class SeatAdmin(ReadOnlyAdmin):
    list_display = ["panel", "draw_order", "juror", "status", "offered_at", "responded_at"]
    list_filter = ["status"]


@admin.register(Ballot)
class BallotAdmin(ReadOnlyAdmin):
    """Ballots are secret until their panel closes: only closed panels' ballots are listed
    (a panel that missed its quorum is re-panelled and voted on again, ballots kept)."""

    list_display = ["panel", "juror", "verdict", "contradicts_clauses", "cast_at"]
    list_filter = ["verdict"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(panel__status=PanelStatus.CLOSED)


@admin.register(PanelEvent)
class PanelEventAdmin(ReadOnlyAdmin):
    list_display = ["panel", "event_type", "actor", "created_at"]
    list_filter = ["event_type"]
