from django.utils.translation import gettext_lazy as _

from config.env import BASE_DIR

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
# Stored times are UTC; every date rule is computed in Beijing time (core.clock).
TIME_ZONE = "Asia/Shanghai"
