"""Celery tasks of the wind-down: beat sweeps over due-time columns, each calling one
service, each safe to run twice and to run again after a worker was killed."""

from celery import shared_task

from winddown import services


@shared_task(acks_late=True)
def send_due_reminders() -> int:
    return services.reminders_send_due()


@shared_task(acks_late=True)
def expire_due_drafts() -> int:
    return services.drafts_expire_due()


@shared_task(acks_late=True)
def finish_due_shutdowns() -> int:
    return services.shutdowns_finish_due()
