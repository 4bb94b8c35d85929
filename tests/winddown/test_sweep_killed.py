"""A worker killed in the middle of the reminders sweep, then run again: every reminder
is recorded once and its text message queued once; nothing is lost or doubled.

The sweep runs as the Celery task body in a separate process against the test database
(PostgreSQL), with an SMS backend that SIGKILLs that process half-way through.
"""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from claims.models import ClaimDraft
from core import clock
from tests.winddown.conftest import make_draft
from winddown.models import SmsMessage, WindowReminder

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
ROOT = Path(settings.BASE_DIR)
DRAFTS = 9
KILL_AT = 5


def _run_sweep(tmp_path: Path, **extra_env) -> subprocess.CompletedProcess:
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": "",  # the task body runs in this process
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        **extra_env,
    }
    script = (
        "import django; django.setup();"
        "from winddown.tasks import send_due_reminders;"
        "print(send_due_reminders.apply().get())"
    )
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_a_killed_sweep_run_again_loses_and_doubles_nothing(announce, enrol, tmp_path):
    today = clock.today()
    announce(now=clock.now(), stop_day=today + timedelta(days=10), window_days=30)
    drafts = [
        make_draft(
            enrol(joined=clock.now() - timedelta(days=400), member__phone=f"1380000{i:04d}"),
            diagnosis_date=today - timedelta(days=20 + i),
            now=clock.now(),
        )
        for i in range(DRAFTS)
    ]
    assert all(ClaimDraft.objects.get(pk=d.pk).window_closes_at for d in drafts)

    killed = _run_sweep(
        tmp_path, SMS_BACKEND="tests.winddown.killing_sms.KillingBackend", KILL_AT_SMS=str(KILL_AT)
    )
    assert killed.returncode == -9, killed.stderr
    assert WindowReminder.objects.count() == KILL_AT - 1  # the fifth died with its transaction
    assert SmsMessage.objects.count() == KILL_AT - 1

    again = _run_sweep(tmp_path)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == str(DRAFTS - (KILL_AT - 1))
    assert _run_sweep(tmp_path).stdout.strip() == "0"  # and once more: nothing left

    assert WindowReminder.objects.count() == DRAFTS
    assert set(WindowReminder.objects.values_list("subject_id", flat=True)) == {
        d.pk for d in drafts
    }
    keys = list(SmsMessage.objects.values_list("key", flat=True))
    assert len(keys) == len(set(keys)) == DRAFTS

    # Mail: the one being sent when the process died may go out twice, with one Message-ID.
    ids = [
        line.split(":", 1)[1].strip()
        for path in (tmp_path / "mail").iterdir()  # a file may hold several messages
        for line in path.read_text().splitlines()
        if line.startswith("Message-ID:")
    ]
    assert len(set(ids)) == DRAFTS
    assert len(ids) - len(set(ids)) <= 1


def test_two_sweeps_at_once_send_each_reminder_once(announce, enrol):
    import threading

    from django.db import connections

    from winddown import services

    today = clock.today()
    announce(now=clock.now(), stop_day=today + timedelta(days=10), window_days=30)
    for i in range(6):
        make_draft(
            enrol(joined=clock.now() - timedelta(days=400), member__phone=f"1390000{i:04d}"),
            diagnosis_date=today - timedelta(days=20 + i),
            now=clock.now(),
        )
    counts, barrier = [], threading.Barrier(2)

    def sweep():
        barrier.wait()
        try:
            counts.append(services.reminders_send_due())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(counts) == 6
    assert WindowReminder.objects.count() == SmsMessage.objects.count() == 6
