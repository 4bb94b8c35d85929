"""Settings, one module per concern. ``DJANGO_SETTINGS_MODULE=config.settings``."""

from .api import *  # noqa: F401,F403
from .auth import *  # noqa: F401,F403
from .base import *  # noqa: F401,F403
from .celery import *  # noqa: F401,F403
from .database import *  # noqa: F401,F403
from .domain import *  # noqa: F401,F403
from .i18n import *  # noqa: F401,F403
