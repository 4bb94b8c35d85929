"""Sharing writes (分摊): periods, their ledger, the sweeps, payouts. Every change to a
sharing period, its shares or its payouts goes through these functions."""

from sharing.services.ledger import (
    member_id_chunks,
    missing_ranges,
    sharing_period_fan_out,
    sharing_period_write_chunk,
    sharing_period_write_shares,
    sharing_periods_resume_stalled,
)
from sharing.services.payouts import (
    payout_issue,
    payouts_export_csv,
    payouts_export_record,
    payouts_issue_due,
    payouts_release,
)
from sharing.services.periods import (
    BooksDoNotBalance,
    sharing_period_complete,
    sharing_period_open,
)
from sharing.services.sweeps import (
    sharing_open_due_periods,
    sharing_periods_complete_written,
    sharing_periods_open_for_batch,
)

__all__ = [
    "BooksDoNotBalance",
    "member_id_chunks",
    "missing_ranges",
    "payout_issue",
    "payouts_export_csv",
    "payouts_export_record",
    "payouts_issue_due",
    "payouts_release",
    "sharing_open_due_periods",
    "sharing_period_complete",
    "sharing_period_fan_out",
    "sharing_period_open",
    "sharing_period_write_chunk",
    "sharing_period_write_shares",
    "sharing_periods_complete_written",
    "sharing_periods_resume_stalled",
    "sharing_periods_open_for_batch",
]
