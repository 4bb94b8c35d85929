from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JuryConfig(AppConfig):
    name = "jury"
    verbose_name = _("Jury")

    def ready(self) -> None:
        """The jury hears what claims lodge (claims.hearings): a dispute opens a panel, an
        appeal a fresh one of 2n + 1, each by a follow-up recorded with the claim's change;
        the claim's pages read where its panel stands."""
        from claims.hearings import Lodged, hearing_reaction_register, hearing_reader_register
        from jury.selectors import panel_hearings

        hearing_reaction_register(Lodged.DISPUTE, "jury.tasks.open_panel")
        hearing_reaction_register(Lodged.APPEAL, "jury.tasks.open_appeal_panel")
        hearing_reader_register(panel_hearings)
