from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo data (``manage.py seed_demo``): members, claims in every state, jurors and
    a sharing period, all made through the services. It sits above every app (it may
    import any of them) and no app imports it."""

    name = "demo"
    verbose_name = _("Demo data")
