"""Celery on Redis; with no REDIS_URL, tasks run in-process (the embedded default)."""

from datetime import timedelta

from celery.schedules import crontab

from config.env import REDIS_URL, env

CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Asia/Shanghai"

# Delivery, and what happens when a worker or the broker goes away (docs/decisions.md,
# "Follow-ups that are never lost"):
# - A message is acknowledged only after its task has run (acks_late), so a worker that
#   dies mid-task leaves the message to be delivered again; a pool process killed under
#   a live worker gets its message re-queued at once (reject_on_worker_lost). Every task
#   is idempotent, so a second delivery is harmless.
# - One message at a time per worker process (prefetch 1): nothing waits behind a long
#   task on a worker that may die.
# - Redis hands an unacknowledged message to another worker after the visibility timeout.
#   It must be longer than the longest task may run, or a healthy task would be delivered
#   twice while it runs: tasks are stopped at CELERY_TASK_TIME_LIMIT (30 minutes; the
#   longest, a sweep of 500 payouts or a ledger chunk of 200,000 members, takes seconds to
#   a few minutes) and the timeout is 2 hours. A message Redis loses altogether (it keeps
#   nothing on disk here) is not waited for: the follow-up outbox hands it over again
#   after FOLLOWUP_REDELIVER_SECONDS.
# - Publishing fails fast: no publish retries (the outbox retries), a 1-second connect
#   timeout and a 2-second read timeout (above the consumer's 1-second BRPOP), and after
#   one failure a web process leaves hand-overs to the sweep for 15 seconds
#   (core.followups), so a request never hangs on a Redis that is down or stuck; the
#   change is committed and its follow-up waits in the database.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 2 * 60 * 60,
    "socket_connect_timeout": 1,
    "socket_timeout": 2,
    "retry_on_timeout": False,
    "max_retries": 0,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True  # a worker waits for Redis to come up

# The outbox (core.followups): a follow-up not handed over at commit is due for the sweep
# after FOLLOWUP_GRACE_SECONDS; one handed over and not reported done is handed over again
# after FOLLOWUP_REDELIVER_SECONDS; a failed one backs off up to FOLLOWUP_RETRY_MAX_SECONDS.
# Repair sweeps act on domain work left behind (a disputed claim without a panel, a period
# whose ledger stopped moving, an unsent notice) once it is REPAIR_AFTER_SECONDS old.
FOLLOWUP_GRACE_SECONDS = int(env("FOLLOWUP_GRACE_SECONDS", "60"))
FOLLOWUP_REDELIVER_SECONDS = int(env("FOLLOWUP_REDELIVER_SECONDS", "900"))
FOLLOWUP_RETRY_MAX_SECONDS = int(env("FOLLOWUP_RETRY_MAX_SECONDS", "3600"))
REPAIR_AFTER_SECONDS = int(env("REPAIR_AFTER_SECONDS", "900"))
SWEEP_INTERVAL_SECONDS = int(env("SWEEP_INTERVAL_SECONDS", "60"))

# Long waits are rows with a due time; these sweeps act on what is due.
CELERY_BEAT_SCHEDULE = {
    # The outbox: follow-ups the broker did not take, or whose message was lost.
    "core-deliver-followups": {
        "task": "core.tasks.deliver_followups",
        "schedule": timedelta(seconds=SWEEP_INTERVAL_SECONDS),
    },
    # Repairs: domain work a lost message left behind, older than REPAIR_AFTER_SECONDS.
    "claims-send-missing-notices": {
        "task": "claims.tasks.send_missing_notices",
        "schedule": timedelta(minutes=5),
    },
    "jury-open-missing-panels": {
        "task": "jury.tasks.open_missing_panels",
        "schedule": timedelta(minutes=5),
    },
    "sharing-resume-stalled-periods": {
        "task": "sharing.tasks.resume_stalled_periods",
        "schedule": timedelta(minutes=5),
    },
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
