from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from core import (
            checks,  # noqa: F401 (registers the system checks)
            followups,  # noqa: F401 (connects the task signals that mark done)
            schema,  # noqa: F401 (registers the API token's OpenAPI scheme)
        )
