"""The Celery application: Redis broker, late acks, one task at a time per worker process."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("mutual_aid")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
