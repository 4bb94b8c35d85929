"""Shutdowns are read here; every change goes through the wind-down pages and services
(two operators, one event each)."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin
from winddown.models import InsuranceMove, Shutdown, ShutdownEvent, SmsMessage, WindowReminder


@admin.register(Shutdown)
class ShutdownAdmin(ReadOnlyAdmin):
    list_display = ("id", "status", "stop_day", "window_days", "announced_at", "finished_at")
    list_filter = ("status",)


@admin.register(ShutdownEvent)
class ShutdownEventAdmin(ReadOnlyAdmin):
    list_display = ("shutdown", "event_type", "actor", "created_at")
    list_filter = ("event_type",)


@admin.register(WindowReminder)
class WindowReminderAdmin(ReadOnlyAdmin):
    list_display = ("kind", "subject_id", "lead_days", "member", "window_closes_at", "sent_at")
    list_filter = ("kind", "lead_days")


@admin.register(SmsMessage)
class SmsMessageAdmin(ReadOnlyAdmin):
    list_display = ("to", "key", "created_at", "delivered_at")


@admin.register(InsuranceMove)
class InsuranceMoveAdmin(ReadOnlyAdmin):
    list_display = ("member", "plan", "shutdown", "chosen_at", "withdrawn_at")
