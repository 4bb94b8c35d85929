"""Celery tasks of the wind-down: beat sweeps over due-time columns, each calling one
service, each safe to run twice and to run again after a worker was killed."""

from core.sweeps import sweep
from winddown import services


@sweep
def send_due_reminders() -> int:
    return services.reminders_send_due()


@sweep
def expire_due_drafts() -> int:
    return services.drafts_expire_due()


@sweep
def finish_due_shutdowns() -> int:
    return services.shutdowns_finish_due()
