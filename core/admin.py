"""The admin's own pages: API tokens (staff make a token, its key shown once, and revoke
tokens), the outbox, and deadlines shown as the pages show them.

Made and revoked only through ``core.api.tokens``; nothing here edits a token row.
"""

from datetime import timedelta
from typing import TYPE_CHECKING

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core import clock
from core.api.tokens import api_token_create, api_token_revoke, api_token_status
from core.clock import format_deadline
from core.models import ApiToken, FollowUp


class ApiTokenCreateForm(forms.Form):
    username = forms.CharField(
        label=gettext_lazy("User name"),
        help_text=gettext_lazy("The account the integrator acts as: its permissions apply."),
    )
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy("What the token is for, e.g. the integrator."),
    )
    expires_days = forms.IntegerField(
        label=gettext_lazy("Expires after (days)"),
        min_value=1,
        required=False,
        help_text=gettext_lazy("Leave empty for a token that lasts until it is revoked."),
    )

    def clean_username(self):
        username = self.cleaned_data["username"]
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No active user has this user name."))
        return user


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = (
        "prefix",
        "name",
        "user",
        "status",
        "created_at",
        "created_by",
        "expires_at",
        "last_used_at",
        "revoked_at",
        "revoked_by",
    )
    list_filter = ["revoked_at"]
    search_fields = ["prefix", "name", "user__username"]
    actions = ["revoke"]
    readonly_fields = list_display

    @admin.display(description=gettext_lazy("status"))
    def status(self, token):
        return api_token_status(token, now=clock.now())

    @admin.action(description=gettext_lazy("Revoke the selected tokens"), permissions=["revoke"])
    def revoke(self, request, queryset):
        count = 0
        for token in queryset.filter(revoked_at__isnull=True):
            api_token_revoke(token=token, revoked_by=request.user)
            count += 1
        message = ngettext("%(count)s token revoked.", "%(count)s tokens revoked.", count)
        messages.success(request, message % {"count": count})

    def has_revoke_permission(self, request):
        return request.user.has_perm("core.change_apitoken")

    def has_change_permission(self, request, obj=None):
        return False  # a token is never edited; the list's action revokes

    def has_delete_permission(self, request, obj=None):
        return False  # revoked tokens are kept: who made them, when they were last used

    def add_view(self, request, form_url="", extra_context=None):
        """Make a token and show its key once, on this response only (never stored)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ApiTokenCreateForm(request.POST or None)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Make an API token"),
            "form": form,
        }
        if request.method == "POST" and form.is_valid():
            days = form.cleaned_data["expires_days"]
            now = clock.now()
            token, key = api_token_create(
                user=form.cleaned_data["username"],
                name=form.cleaned_data["name"],
                created_by=request.user,
                expires_at=now + timedelta(days=days) if days else None,
                now=now,
            )
            context.update(title=_("API token made"), token=token, key=key)
            response = TemplateResponse(request, "admin/core/apitoken/made.html", context)
            response["Cache-Control"] = "no-store"  # the key must not stay in any cache
            return response
        return TemplateResponse(request, "admin/core/apitoken/make.html", context)


def deadline_name(field: str) -> str:
    return f"{field}_shown"


def _deadline_display(model, field: str):
    def show(obj) -> str:
        value = getattr(obj, field)
        return format_deadline(value) if value else "—"

    return admin.display(description=model._meta.get_field(field).verbose_name, ordering=field)(
        show
    )


def _swap(names, fields):
    """``names`` with each deadline field replaced by its display, each name once."""
    swapped = [deadline_name(n) if isinstance(n, str) and n in fields else n for n in names]
    return list(dict.fromkeys(swapped))


if TYPE_CHECKING:
    _ModelAdmin = admin.ModelAdmin
else:
    _ModelAdmin = object  # a mixin: the admin class it joins is a ModelAdmin


class DeadlinesAdminMixin(_ModelAdmin):
    """Deadline columns shown as the pages show them (``core.clock.format_deadline``):
    the first instant after a Beijing day reads as 24:00 of that day, not 00:00 of the
    next. List each deadline field in ``deadline_fields``; lists, forms and fieldsets
    show it through its display, sorted by the field."""

    deadline_fields: tuple[str, ...] = ()

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        for field in self.deadline_fields:
            setattr(self, deadline_name(field), _deadline_display(model, field))

    def get_list_display(self, request):
        return _swap(super().get_list_display(request), self.deadline_fields)

    def get_fields(self, request, obj=None):
        return _swap(super().get_fields(request, obj), self.deadline_fields)

    def get_fieldsets(self, request, obj=None):
        return [
            (name, {**options, "fields": _swap(options["fields"], self.deadline_fields)})
            for name, options in super().get_fieldsets(request, obj)
        ]

    def get_readonly_fields(self, request, obj=None):
        shown = [deadline_name(f) for f in self.deadline_fields]
        return [*super().get_readonly_fields(request, obj), *shown]


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record that only the system writes: shown, never added, changed or deleted."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    """Rows only the system writes, shown inside their owner's page (its events, its
    documents): never added, changed or deleted there."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdmin):
    """What waits for the broker or a worker (the outbox): an operator's first look when
    notices or panels seem late."""

    list_display = ["id", "task", "args", "created_at", "due_at", "attempts", "done_at"]
    list_filter = [("done_at", admin.EmptyFieldListFilter), "task"]
    search_fields = ["task", "last_error"]
    ordering = ["-id"]
