"""Before a simulation: is the database quiet enough, and which announcement day ends
about today."""

from datetime import date, timedelta

from claims.models import Claim, ClaimDraft, DraftStatus, PublicityBatch
from claims.states import FINAL_STATES
from core import clock
from winddown.models import Shutdown, ShutdownStatus


def database_in_use(*, announce_on: date) -> str:
    """Why the database is not quiet enough for a simulation from ``announce_on``, or ""
    if it is.

    The simulation runs the real sweeps, which act on every row they find due; on a
    clock in the past they would assign, publish and share other plans' claims at dates
    before they existed. A database where every claim is final, no draft is open and no
    other wind-down is running, and no publicity batch is dated in the simulation's
    future (an empty database, or one holding earlier simulations that ended before this
    one starts), is safe.
    """
    open_claims = Claim.objects.exclude(state__in=FINAL_STATES).count()
    if open_claims:
        return f"{open_claims} claims are not final"
    open_drafts = ClaimDraft.objects.filter(status=DraftStatus.OPEN).count()
    if open_drafts:
        return f"{open_drafts} drafts are open"
    if Shutdown.objects.filter(status=ShutdownStatus.ANNOUNCED).exists():
        return "a wind-down is running"
    later = (
        PublicityBatch.objects.filter(batch_date__gte=announce_on).order_by("-batch_date").first()
    )
    if later is not None:
        return (
            f"publicity batches up to {later.batch_date} exist, after the "
            f"announcement day {announce_on}: simulate after them"
        )
    return ""


def default_announcement_day(*, window_days: int, stop_after_days: int = 31) -> date:
    """An announcement far enough back that the simulated wind-down ends about today."""
    return clock.today() - timedelta(days=stop_after_days + window_days + 45)
