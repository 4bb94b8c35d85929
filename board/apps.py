from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BoardConfig(AppConfig):
    """The public board (公示栏, ``/board/`` and its API): published batches, their
    summaries and the anonymised case cards, open to anyone; a member objects to an
    approval here. Pages only, over the claim's public face (``claims.selectors.public``):
    it holds no model and no claim depends on it."""

    name = "board"
    verbose_name = _("Public notice")  # the board's title, already in the catalogue
