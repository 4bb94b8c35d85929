"""Wind-down writes (停运): the announcement, the window sweeps, the insurance choice and
the final report. Every change to a shutdown goes through these functions."""

from winddown.services.announcement import (
    shutdown_cancel,
    shutdown_confirm,
    shutdown_propose,
)
from winddown.services.insurance import (
    insurance_move_choose,
    insurance_move_withdraw,
    insurance_moves_export_csv,
    insurance_moves_export_record,
)
from winddown.services.report import shutdown_finish, shutdowns_finish_due
from winddown.services.windows import drafts_expire_due, reminders_send_due

__all__ = [
    "drafts_expire_due",
    "insurance_move_choose",
    "insurance_move_withdraw",
    "insurance_moves_export_csv",
    "insurance_moves_export_record",
    "reminders_send_due",
    "shutdown_cancel",
    "shutdown_confirm",
    "shutdown_finish",
    "shutdown_propose",
    "shutdowns_finish_due",
]
