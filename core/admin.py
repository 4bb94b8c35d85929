from django.contrib import admin

from core.models import FollowUp


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
