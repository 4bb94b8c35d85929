"""Celery on Redis; with no REDIS_URL, tasks run in-process (the embedded default)."""

from datetime import timedelta

from celery.schedules import crontab

from config.env import REDIS_URL

CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# Long waits are rows with a due time; these sweeps act on what is due.
CELERY_BEAT_SCHEDULE = {
    # 公示 on the 7th and 21st: runs daily (00:05 in CELERY_TIMEZONE, Beijing) and catches
    # up any batch date it missed; on other days it only re-checks the last batch.
    "claims-publish-due-batch": {
        "task": "claims.tasks.publish_due_batch",
        "schedule": crontab(hour=0, minute=5),
    },
    "claims-close-due-publicity": {
        "task": "claims.tasks.close_due_publicity",
        "schedule": timedelta(minutes=5),
    },
    "claims-assign-unassigned": {
        "task": "claims.tasks.assign_unassigned_claims",
        "schedule": timedelta(minutes=10),
    },
    "jury-close-due-panels": {
        "task": "jury.tasks.close_due_panels",
        "schedule": timedelta(minutes=2),
    },
    "jury-record-juror-agreement": {
        "task": "jury.tasks.record_juror_agreement",
        "schedule": timedelta(minutes=30),
    },
    "claims-settle-due-jury-votes": {
        "task": "claims.tasks.settle_due_jury_votes",
        "schedule": timedelta(minutes=5),
    },
    # Sharing periods (分摊) and payouts.
    "sharing-open-due-periods": {
        "task": "sharing.tasks.open_due_periods",
        "schedule": timedelta(minutes=15),
    },
    "sharing-complete-written-periods": {
        "task": "sharing.tasks.complete_written_periods",
        "schedule": timedelta(minutes=5),
    },
    "sharing-issue-due-payouts": {
        "task": "sharing.tasks.issue_due_payouts",
        "schedule": timedelta(minutes=30),
    },
    # The wind-down (停运): reminders before claim windows close, drafts expiring at the
    # close, and the final report once the last window has closed.
    "winddown-send-due-reminders": {
        "task": "winddown.tasks.send_due_reminders",
        "schedule": timedelta(minutes=30),
    },
    "winddown-expire-due-drafts": {
        "task": "winddown.tasks.expire_due_drafts",
        "schedule": timedelta(minutes=10),
    },
    "winddown-finish-due-shutdowns": {
        "task": "winddown.tasks.finish_due_shutdowns",
        "schedule": timedelta(hours=1),
    },
}
