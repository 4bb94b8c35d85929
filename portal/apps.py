from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The claimant's portal (``/claims/``): their claims and drafts, what needs their
    action, the documents asked for, disputes, appeals and "my objections". Pages only,
    over the claim's services and reads: it holds no model and no claim depends on it."""

    name = "portal"
    verbose_name = _("My claims")  # the portal's title, already in the catalogue
