"""Announce a shutdown (停运公告): one operator proposes, a second confirms.

Confirming is the announcement: in one transaction the plans stop taking members and
take the platform as the payer of every later period, and the drafts and document
requests already open get the moment their window closes.
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext as _

from claims.models import ClaimDraft, DocumentRequest, DraftStatus
from claims.services.document_requests import document_request_due
from claims.services.filing import draft_window_closes_at
from core import clock
from core.aggregates import audit_record, run_step
from core.errors import DomainError, NotPermitted, RuleViolation
from core.models import AuditEvent
from members.models import Plan
from winddown.models import (
    ANNOUNCE_PERMISSION,
    Shutdown,
    ShutdownEventType,
    ShutdownStatus,
)
from winddown.selectors import RUNNING_NOTICES_KEY

BULK = 1000  # rows per bulk_update when windows are set at the announcement


def shutdown_event(
    shutdown: Shutdown,
    event_type: str,
    *,
    actor: User,
    now: datetime,
    created: bool = False,
    **payload: Any,
) -> AuditEvent:
    """An event on the shutdown's trail with no transition (``core.aggregates``): its
    proposal, or what happened while it runs (a member's choice, an export)."""
    return audit_record(
        shutdown, event_type=event_type, actor=actor, now=now, created=created, payload=payload
    )


def _require_operator(actor: User | None) -> None:
    if not (actor is not None and actor.is_staff and actor.has_perm(ANNOUNCE_PERMISSION)):
        raise NotPermitted(_("Only an operator may propose or confirm a shutdown."))


@transaction.atomic
def shutdown_propose(
    *,
    actor: User,
    plans: list[Plan],
    stop_day: date,
    window_days: int,
    notice_zh: str,
    notice_en: str,
    now: datetime | None = None,
) -> Shutdown:
    """Propose a shutdown of ``plans``: coverage ends at 24:00 Beijing time of ``stop_day``.

    Nothing changes for members until a second operator confirms it.
    """
    now = now or clock.now()
    _require_operator(actor)
    if not plans:
        raise RuleViolation(_("Choose at least one plan to shut down."), code="no_plans")
    if window_days < 1:
        raise RuleViolation(_("The claim window must be at least one day."), code="window_days")
    if not (notice_zh or "").strip() or not (notice_en or "").strip():
        raise RuleViolation(
            _("Write the notice members will see, in Chinese and in English."),
            code="notice_required",
        )
    stops_at = clock.beijing_end_of_day(stop_day)
    if stops_at <= now:
        raise RuleViolation(
            _("The stop moment (%(stop)s) must be after the announcement.")
            % {"stop": clock.format_deadline(stops_at)},
            code="stop_in_past",
        )
    _refuse_plans_winding_down(plans)
    shutdown = Shutdown.objects.create(
        stop_day=stop_day,
        stops_at=stops_at,
        window_days=window_days,
        last_window_closes_at=clock.beijing_end_of_day(stop_day + timedelta(days=window_days)),
        notice_zh=notice_zh.strip(),
        notice_en=notice_en.strip(),
        proposed_by=actor,
        proposed_at=now,
    )
    shutdown.plans.set(plans)
    shutdown_event(
        shutdown,
        ShutdownEventType.PROPOSED,
        actor=actor,
        now=now,
        created=True,
        plans=[p.code for p in plans],
        stop_day=stop_day.isoformat(),
        window_days=window_days,
    )
    return shutdown


def _refuse_plans_winding_down(plans: Iterable[Plan]) -> None:
    already = [p for p in plans if p.shutdown_announced_at is not None]
    if already:
        raise RuleViolation(
            _("A shutdown of %(plans)s has been announced already.")
            % {"plans": ", ".join(p.name for p in already)},
            code="plan_winding_down",
        )


def _pk(shutdown: Shutdown | int) -> int:
    return shutdown.pk if isinstance(shutdown, Shutdown) else shutdown


@transaction.atomic
def shutdown_cancel(
    *, shutdown: Shutdown | int, actor: User, reason: str, now: datetime | None = None
) -> Shutdown:
    """Withdraw a proposal that has not been confirmed. Repeating it is quiet."""
    now = now or clock.now()
    _require_operator(actor)

    def check(shutdown: Shutdown) -> None:
        if not (reason or "").strip():
            raise RuleViolation(_("Say why the proposal is cancelled."), code="reason_required")

    return run_step(
        Shutdown,
        _pk(shutdown),
        transition="cancel",
        event_type=ShutdownEventType.CANCELLED,
        actor=actor,
        now=now,
        already_done=lambda s: s.status == ShutdownStatus.CANCELLED,
        refusal=lambda s: DomainError(
            _("An announced shutdown cannot be cancelled."), code="shutdown_announced"
        ),
        check=check,
        reason=(reason or "").strip(),
        payload={"reason": reason},
    ).row


@transaction.atomic
def shutdown_confirm(
    *, shutdown: Shutdown | int, actor: User, now: datetime | None = None
) -> Shutdown:
    """The second operator confirms: the shutdown is announced at ``now``.

    The plans stop taking members, the platform bears every period from today (Beijing)
    on, and open drafts and document requests learn when their window closes.
    Confirming twice is quiet; the proposer cannot confirm their own proposal.
    """
    now = now or clock.now()
    _require_operator(actor)

    def refusal(shutdown: Shutdown) -> DomainError:
        if shutdown.status != ShutdownStatus.PROPOSED:
            return DomainError(_("This proposal was cancelled."), code="shutdown_cancelled")
        if shutdown.proposed_by_id == actor.pk:
            return _not_the_proposer()
        return RuleViolation(
            _("The stop moment (%(stop)s) has passed; propose the shutdown again.")
            % {"stop": clock.format_deadline(shutdown.stops_at)},
            code="stop_in_past",
        )

    def check(shutdown: Shutdown) -> None:
        if shutdown.proposed_by_id == actor.pk:
            raise _not_the_proposer()

    return run_step(
        Shutdown,
        _pk(shutdown),
        transition="announce",
        event_type=ShutdownEventType.ANNOUNCED,
        actor=actor,
        now=now,
        already_done=lambda s: s.is_announced,
        refusal=refusal,
        check=check,
        transition_kwargs={"confirmed_by": actor},
        then=lambda announced: _announce_to_plans(announced, now),
    ).row


def _announce_to_plans(shutdown: Shutdown, now: datetime) -> dict:
    """In the announcement's transaction: the plans, locked, stop taking members and
    learn their stop and claim window; open drafts and document requests learn when
    their window closes. The event's payload."""
    plans = list(Plan.objects.select_for_update().filter(shutdowns=shutdown).order_by("pk"))
    _refuse_plans_winding_down(plans)
    for plan in plans:
        plan.shutdown_announced_at = now
        plan.coverage_ends_at = shutdown.stops_at
        plan.claim_window_days = shutdown.window_days
        plan.accepting_joins = False
        plan.save(
            update_fields=[
                "shutdown_announced_at",
                "coverage_ends_at",
                "claim_window_days",
                "accepting_joins",
            ]
        )
    drafts, requests = _set_open_windows(plans)
    cache.delete(RUNNING_NOTICES_KEY)  # the notice on every page changes
    return {
        "plans": [p.code for p in plans],
        "announced_on": clock.beijing_date(now).isoformat(),
        "stops_at": shutdown.stops_at.isoformat(),
        "window_days": shutdown.window_days,
        "proposed_by": shutdown.proposed_by_id,
        "drafts_with_window": drafts,
        "document_requests_with_due": requests,
    }


def _not_the_proposer() -> NotPermitted:
    return NotPermitted(
        _("A second operator must confirm: you proposed this shutdown."),
        code="second_operator_required",
    )


def _set_open_windows(plans: list[Plan]) -> tuple[int, int]:
    """Give every open draft and open document request of the plans its closing moment.

    Drafts and requests are the few in progress, not the members: chunked updates.
    """
    by_id = {p.pk: p for p in plans}
    drafts = ClaimDraft.objects.filter(status=DraftStatus.OPEN, plan__in=plans).exclude(
        diagnosis_date=None
    )
    batch: list[ClaimDraft] = []
    done_drafts = 0
    # The status too: a draft's state is read when the row is made (a protected FSM).
    for draft in drafts.only("id", "status", "plan_id", "diagnosis_date").iterator(chunk_size=BULK):
        if draft.plan_id is None:  # filtered on its plan: never
            continue
        draft.window_closes_at = draft_window_closes_at(draft, plan=by_id[draft.plan_id])
        batch.append(draft)
        if len(batch) >= BULK:
            done_drafts += ClaimDraft.objects.bulk_update(batch, ["window_closes_at"])
            batch = []
    done_drafts += ClaimDraft.objects.bulk_update(batch, ["window_closes_at"]) if batch else 0

    requests = (
        DocumentRequest.objects.filter(
            received_at__isnull=True,
            not_provided_at__isnull=True,
            investigation__completed_at__isnull=True,
            investigation__claim__plan__in=plans,
        )
        .select_related("investigation__claim")
        .order_by("pk")
    )
    requests_batch: list[DocumentRequest] = []
    done_requests = 0
    for request in requests.iterator(chunk_size=BULK):
        claim = request.investigation.claim
        claim.plan = by_id[claim.plan_id]
        request.due_at = document_request_due(claim, requested_at=request.requested_at)
        requests_batch.append(request)
        if len(requests_batch) >= BULK:
            done_requests += DocumentRequest.objects.bulk_update(requests_batch, ["due_at"])
            requests_batch = []
    if requests_batch:
        done_requests += DocumentRequest.objects.bulk_update(requests_batch, ["due_at"])
    return done_drafts, done_requests
