"""The end of a wind-down: when the last claim window has closed and every claim is
final, the totals are frozen into the shutdown's final report (one event)."""

import csv
import io
import logging
from datetime import datetime

from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext as _

from core import clock
from core.aggregates import run_step
from core.errors import DomainError
from winddown import selectors
from winddown.models import Shutdown, ShutdownEventType, ShutdownStatus
from winddown.selectors import RUNNING_NOTICES_KEY

logger = logging.getLogger(__name__)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _figures(dashboard: selectors.Dashboard) -> dict:
    shutdown, money = dashboard.shutdown, dashboard.liability
    return {
        "plans": [p.code for p in shutdown.plans.all()],
        "announced_at": _iso(shutdown.announced_at),
        "stops_at": _iso(shutdown.stops_at),
        "last_window_closes_at": _iso(shutdown.last_window_closes_at),
        "window_days": shutdown.window_days,
        "claims": dashboard.claims_total,
        "claims_filed_after_stop": dashboard.claims_filed_after_stop,
        "claims_by_state": {state: n for state, _label, n in dashboard.states if n},
        "paid": str(money.paid),
        "approved_unpaid": str(money.approved_unpaid),
        "periods_borne": str(money.periods_borne),
        "periods": [
            {
                "plan": p.plan.code,
                "sharing_day": p.sharing_day.isoformat(),
                "cases": p.cases_count,
                "approved_total": str(p.approved_total),
            }
            for p in dashboard.periods
        ],
        "drafts": dashboard.drafts,
        "reminders": dashboard.reminders,
        "insurance_moves": dashboard.insurance_moves,
    }


@transaction.atomic
def shutdown_finish(
    *, shutdown: Shutdown | int, actor: User | None = None, now: datetime | None = None
) -> Shutdown:
    """Issue the final report. Refused while a window is open or a claim is not final;
    repeating it is quiet (the report is frozen once)."""
    now = now or clock.now()
    pk = shutdown.pk if isinstance(shutdown, Shutdown) else shutdown
    report: dict = {}

    def check(shutdown: Shutdown) -> None:
        board = selectors.dashboard(shutdown, now=now)
        if board.last_window_open:
            raise DomainError(
                _("The last claim window closes at %(closes)s; the report waits for it.")
                % {"closes": clock.format_deadline(shutdown.last_window_closes_at)},
                code="window_open",
            )
        if not board.ready_to_finish:
            raise DomainError(
                _("%(open)s claims are not final yet.")
                % {"open": board.claims_total - board.claims_final},
                code="claims_open",
            )
        report.update(_figures(board), finished_at=now.isoformat())

    def clear_notice(shutdown: Shutdown) -> None:
        cache.delete(RUNNING_NOTICES_KEY)  # the notice on every page changes

    return run_step(
        Shutdown,
        pk,
        transition="finish",
        event_type=ShutdownEventType.FINISHED,
        actor=actor,
        now=now,
        already_done=lambda s: s.status == ShutdownStatus.FINISHED,
        refusal=lambda s: DomainError(
            _("Only an announced shutdown can finish."), code="not_announced"
        ),
        check=check,
        transition_kwargs=lambda s: {"final_report": report},
        payload=lambda s: report,
        then=clear_notice,
    ).row


def shutdowns_finish_due(*, now: datetime | None = None) -> int:
    """The beat sweep: finish every shutdown whose windows have closed and whose claims
    are all final. Safe to run twice."""
    now = now or clock.now()
    done = 0
    due = Shutdown.objects.filter(
        status=ShutdownStatus.ANNOUNCED, last_window_closes_at__lte=now
    ).values_list("id", flat=True)
    for pk in list(due):
        try:
            shutdown_finish(shutdown=pk, now=now)
        except DomainError as waiting:
            logger.info("shutdown %s not finished yet: %s", pk, waiting.code)
            continue
        done += 1
    return done


def final_report_csv(*, shutdown: Shutdown) -> str:
    """The final report as CSV: one ``figure,value`` row each, the periods after."""
    report = shutdown.final_report
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["figure", "value"])
    for key in (
        "plans",
        "announced_at",
        "stops_at",
        "last_window_closes_at",
        "finished_at",
        "window_days",
        "claims",
        "claims_filed_after_stop",
        "paid",
        "approved_unpaid",
        "periods_borne",
        "insurance_moves",
    ):
        value = report.get(key, "")
        writer.writerow([key, " ".join(value) if isinstance(value, list) else value])
    for group in ("claims_by_state", "drafts", "reminders"):
        for name, n in sorted(report.get(group, {}).items()):
            writer.writerow([f"{group}.{name}", n])
    writer.writerow([])
    writer.writerow(["plan", "sharing_day", "cases", "approved_total"])
    for period in report.get("periods", []):
        writer.writerow(
            [period["plan"], period["sharing_day"], period["cases"], period["approved_total"]]
        )
    return buffer.getvalue()
