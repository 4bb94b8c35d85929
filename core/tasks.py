"""The outbox's sweep (see ``core.followups``)."""

from core import followups
from core.sweeps import sweep


@sweep
def deliver_followups() -> int:
    """Hand over the follow-ups the broker did not take, or whose message was lost."""
    return followups.followups_deliver_due()
