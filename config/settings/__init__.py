"""Settings, one module per concern.

``DJANGO_SETTINGS_MODULE=config.settings`` is the demo profile (``make run``, the tests);
``config.settings.production`` adds the production profile on top (``make serve``).
"""

from .api import *  # noqa: F401,F403
from .auth import *  # noqa: F401,F403
from .base import *  # noqa: F401,F403
from .celery import *  # noqa: F401,F403
from .database import *  # noqa: F401,F403
from .domain import *  # noqa: F401,F403
from .i18n import *  # noqa: F401,F403
from .security import *  # noqa: F401,F403
