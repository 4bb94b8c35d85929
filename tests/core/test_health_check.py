"""/healthz (liveness) and /healthz/ready (readiness): JSON, and the 200/503 rule of
core.health. A broker outage never fails liveness and only degrades readiness."""

import socket
import time

import pytest
from django.db import OperationalError, connections
from django.db.migrations.recorder import MigrationRecorder

from tests.conftest import HAS_REDIS

pytestmark = pytest.mark.django_db

DEAD_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1: refused at once


@pytest.fixture
def silent_broker():
    """A port that accepts connections and never answers: a hung Redis."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    try:
        yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    finally:
        server.close()


def test_liveness_answers_json_with_the_database(client, settings):
    assert settings.DEBUG is False
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": {"status": "ok"}}
    assert "no-cache" in response["Cache-Control"]


def test_readiness_reports_each_part(client):
    response = client.get("/healthz/ready")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == body["migrations"] == body["cache"] == {"status": "ok"}
    if HAS_REDIS:
        assert body == {**body, "status": "ok", "broker": {"status": "ok"}}
    else:
        assert body["status"] == "ok" and body["broker"]["status"] == "in_process"


@pytest.mark.parametrize("broker", ["dead", "silent"])
def test_a_broker_outage_degrades_readiness_and_leaves_liveness_alone(
    broker, client, settings, silent_broker
):
    settings.CELERY_BROKER_URL = DEAD_BROKER if broker == "dead" else silent_broker
    assert client.get("/healthz").json()["status"] == "ok"

    started = time.monotonic()
    response = client.get("/healthz/ready")
    assert time.monotonic() - started < 2  # a half-second timeout, not a hang
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["broker"]["status"] == "degraded"
    assert "follow-ups wait in the database" in body["broker"]["detail"]
    assert body["database"] == {"status": "ok"}


def test_a_database_outage_fails_both(client, monkeypatch):
    def refuse():
        raise OperationalError("connection refused")

    monkeypatch.setattr(connections["default"], "cursor", refuse)
    live = client.get("/healthz")
    assert live.status_code == 503
    assert live.json() == {
        "status": "unavailable",
        "database": {"status": "down", "detail": "OperationalError"},
    }
    ready = client.get("/healthz/ready")
    assert ready.status_code == 503
    assert ready.json()["status"] == "unavailable"
    assert ready.json()["migrations"] == {"status": "unknown"}


def test_pending_migrations_make_the_node_not_ready(client):
    last = MigrationRecorder.Migration.objects.filter(app="claims").order_by("-id").first()
    last.delete()  # as if the code were newer than the database (rolled back after the test)
    response = client.get("/healthz/ready")
    assert response.status_code == 503
    assert response.json()["migrations"] == {
        "status": "pending",
        "detail": "1 migration(s) not applied",
    }
    assert client.get("/healthz").status_code == 200  # still alive: do not restart it


def test_a_cache_that_loses_values_makes_the_node_not_ready(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    response = client.get("/healthz/ready")
    assert response.status_code == 503
    assert response.json()["cache"]["status"] == "down"


def test_health_answers_only_reads(client):
    assert client.post("/healthz").status_code == 405


def test_overdue_follow_ups_degrade_readiness(client):
    from datetime import timedelta

    from core import clock
    from core.models import FollowUp

    now = clock.now()
    waiting = FollowUp.objects.create(
        task="claims.tasks.notify_claimant", args=[1], created_at=now, due_at=now
    )
    assert client.get("/healthz/ready").json()["followups"] == {"status": "ok"}  # just due

    FollowUp.objects.filter(pk=waiting.pk).update(due_at=now - timedelta(minutes=6))
    response = client.get("/healthz/ready")
    body = response.json()
    assert response.status_code == 200 and body["status"] == "degraded"
    assert body["followups"]["status"] == "degraded"
    assert body["followups"]["detail"].startswith("1 follow-up(s) overdue")

    FollowUp.objects.filter(pk=waiting.pk).update(done_at=now)
    assert client.get("/healthz/ready").json()["followups"] == {"status": "ok"}
