"""Fixtures for the tests that drive a real Celery worker (celery.contrib.pytest's
``celery_worker``) with the project's own app on Redis. Import them into a test module."""

import time
from contextlib import contextmanager

import pytest
from celery.signals import task_postrun
from django.db import connections
from kombu import pools as kombu_pools

from config.celery import app


def _close_worker_connections(**kwargs):
    connections.close_all()  # the worker thread's own connection, so the test db can be dropped


@pytest.fixture
def celery_app():
    app.conf.task_always_eager = False
    app.control.purge()  # nothing left over from an earlier run
    task_postrun.connect(_close_worker_connections)
    yield app
    task_postrun.disconnect(_close_worker_connections)
    app.conf.task_always_eager = True


@pytest.fixture
def celery_worker_pool():
    return "solo"


@pytest.fixture
def celery_worker_parameters():
    return {"perform_ping_check": False, "shutdown_timeout": 10, "loglevel": "WARNING"}


def wait_for(predicate, seconds=30):
    """Poll the database as an operator would (there is no result backend)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


DEAD_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1: connection refused


@contextmanager
def broker_at(url: str):
    """Point this process's publishing at ``url`` (the web process's view of the broker),
    then back. The app's connection and producer pools are dropped both times."""
    from core import followups

    previous = app.conf.broker_url

    def switch(to: str) -> None:
        kombu_pools.reset()  # kombu keeps producer pools per connection, process-wide
        app._pool = None
        app.amqp._producer_pool = None
        app.conf.broker_url = to
        followups.broker_pause_end()

    switch(url)
    try:
        yield
    finally:
        switch(previous)
