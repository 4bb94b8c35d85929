"""Shutdowns are read here; every change goes through the wind-down pages and services
(two operators, one event each)."""

from django.contrib import admin

from core.admin import DeadlinesAdminMixin, ReadOnlyAdmin
from winddown.models import InsuranceMove, Shutdown, ShutdownEvent, SmsMessage, WindowReminder


@admin.register(Shutdown)
class ShutdownAdmin(DeadlinesAdminMixin, ReadOnlyAdmin):
    list_display = (
        "id",
        "status",
        "stops_at",
        "window_days",
        "last_window_closes_at",
        "announced_at",
        "finished_at",
    )
    deadline_fields = ("stops_at", "last_window_closes_at")
    list_filter = ("status",)


@admin.register(ShutdownEvent)
class ShutdownEventAdmin(ReadOnlyAdmin):
    list_display = ("shutdown", "event_type", "actor", "created_at")
    list_filter = ("event_type",)


@admin.register(WindowReminder)
class WindowReminderAdmin(DeadlinesAdminMixin, ReadOnlyAdmin):
    deadline_fields = ("window_closes_at",)
    list_display = ("kind", "subject_id", "lead_days", "member", "window_closes_at", "sent_at")
    list_filter = ("kind", "lead_days")


@admin.register(SmsMessage)
class SmsMessageAdmin(ReadOnlyAdmin):
    list_display = ("to", "key", "created_at", "delivered_at")


@admin.register(InsuranceMove)
class InsuranceMoveAdmin(ReadOnlyAdmin):
    list_display = ("member", "plan", "shutdown", "chosen_at", "withdrawn_at")
