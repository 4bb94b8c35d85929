"""Beat sweeps as Celery tasks: one decorator, so every sweep acks late and logs at INFO
what it acted on (``sweep claims.tasks.close_due_publicity: 3``), which is where an
operator looks first (the worker's log)."""

import functools
import logging
from collections.abc import Callable
from typing import Any

from celery import shared_task


def sweep(func: Callable[..., Any]):
    """Make ``func`` a beat task that logs how many rows it acted on."""
    name = f"{func.__module__}.{func.__name__}"
    logger = logging.getLogger(func.__module__)

    @functools.wraps(func)
    def run(*args: Any, **kwargs: Any) -> Any:
        result = func(*args, **kwargs)
        acted = len(result) if isinstance(result, list | tuple) else result
        logger.info("sweep %s: %s", name, acted)
        return result

    return shared_task(name=name, acks_late=True)(run)
