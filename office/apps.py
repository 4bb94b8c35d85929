from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class OfficeConfig(AppConfig):
    name = "office"
    verbose_name = pgettext_lazy("back office", "Office")
