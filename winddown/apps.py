from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WinddownConfig(AppConfig):
    name = "winddown"
    verbose_name = _("Wind-down")
