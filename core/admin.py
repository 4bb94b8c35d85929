from django.contrib import admin

from core.clock import format_deadline
from core.models import FollowUp


def deadline_name(field: str) -> str:
    return f"{field}_shown"


def _deadline_display(model, field: str):
    def show(obj) -> str:
        value = getattr(obj, field)
        return format_deadline(value) if value else "—"

    show.short_description = model._meta.get_field(field).verbose_name
    show.admin_order_field = field
    return show


def _swap(names, fields):
    """``names`` with each deadline field replaced by its display, each name once."""
    swapped = [deadline_name(n) if isinstance(n, str) and n in fields else n for n in names]
    return list(dict.fromkeys(swapped))


class DeadlinesAdminMixin:
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


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdmin):
    """What waits for the broker or a worker (the outbox): an operator's first look when
    notices or panels seem late."""

    list_display = ["id", "task", "args", "created_at", "due_at", "attempts", "done_at"]
    list_filter = [("done_at", admin.EmptyFieldListFilter), "task"]
    search_fields = ["task", "last_error"]
    ordering = ["-id"]
