"""Races between threads, each on its own database connection (tests marked
``postgres`` with ``django_db(transaction=True)``: the rows must be committed for the
other threads to see them)."""

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.db import connection

from core.errors import DomainError


def race(workers: int, act: Callable[[int], Any]) -> list[Any]:
    """Run ``act(i)`` for i in 0..workers-1 in as many threads released at once by a
    barrier; each thread's result, or the ``DomainError`` that refused it, in order.
    Any other exception propagates: a race must fail only the way the service says."""
    barrier = threading.Barrier(workers)

    def attempt(i: int) -> Any:
        try:
            barrier.wait()
            return act(i)
        except DomainError as refusal:
            return refusal
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(attempt, range(workers)))
