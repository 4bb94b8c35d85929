"""The one way a claim changes state: ``core.aggregates.run_step``, with the claim's words.

Every claim service goes through ``claim_transition``: the runner locks the row, asks the
actor's permission first, returns quietly on a repeat (so retries are safe), asks
django-fsm the transition's conditions, runs it in memory, saves (ConcurrentTransitionMixin
refuses a stale state), writes one ``ClaimEvent`` and records the claimant's notice, all
in one transaction. This module adds what only a claim has: the refusals that name the
failing conditions, and the notice.
"""

from collections.abc import Callable
from datetime import datetime
from typing import Any, cast

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from claims.models import Claim, ClaimEvent, guards
from claims.states import ClaimState
from core.aggregates import run_step
from core.errors import InvalidTransition, NotPermitted
from core.state_machine import step_label as _step_label

CONDITION_MESSAGES = {
    guards.publicity_open: gettext_lazy("the public notice period has ended"),
    guards.publicity_due: gettext_lazy("the public notice period has not ended yet"),
    guards.appeal_window_over: gettext_lazy(
        "the appeal window is still open, or an appeal is being heard"
    ),
    guards.appeal_window_open: gettext_lazy("the appeal window has closed"),
    guards.appeal_pending: gettext_lazy("no appeal is waiting for a result"),
    guards.payable: gettext_lazy("the decision to pay has not taken effect yet"),
    guards.has_decision: gettext_lazy("the investigation has no decision"),
    guards.has_documents: gettext_lazy("there are no documents on file"),
    guards.investigation_complete: gettext_lazy("the investigation is not complete"),
}


def step_label(claim: Claim, method_name: str) -> str:
    """The transition's human name (its translatable ``custom["label"]``)."""
    return _step_label(claim, method_name)


def _refusal(claim: Claim, method_name: str) -> InvalidTransition:
    bound = getattr(claim, method_name)
    meta = bound._django_fsm
    state = ClaimState(claim.state)
    if not meta.has_transition(claim.state):
        return InvalidTransition(
            _("“%(step)s” is not possible for a claim in the state “%(state)s”.")
            % {"state": state.label, "step": step_label(claim, method_name)},
            state=claim.state,
            step=method_name,
        )
    transition_ = meta.get_transition(claim.state)
    failed = [c for c in transition_.conditions if not c(claim)]
    reasons = "; ".join(str(CONDITION_MESSAGES.get(c, c.__name__)) for c in failed)
    return InvalidTransition(
        _("“%(step)s” is not possible now: %(reasons)s.")
        % {"step": step_label(claim, method_name), "reasons": reasons},
        state=claim.state,
        step=method_name,
    )


def claim_transition(
    *,
    claim: Claim | int,
    method_name: str,
    event_type: str,
    actor: User | None,
    now: datetime | None = None,
    reason: str = "",
    payload: dict[str, Any] | Callable[[Claim], dict[str, Any]] | None = None,
    already_done: Callable[[Claim], bool] | None = None,
    check: Callable[[Claim], None] | None = None,
    transition_kwargs: dict[str, Any] | Callable[[Claim], dict[str, Any]] | None = None,
    follow_up: Callable[[Claim, ClaimEvent], object] | None = None,
) -> Claim:
    """Run one guarded transition. ``actor=None`` means the system (a scheduled sweep).

    ``follow_up`` records, in the same transaction, what must happen after the change
    (``core.followups``); the claimant's notice is always recorded.
    """
    claim_id = claim.pk if isinstance(claim, Claim) else claim
    with transaction.atomic():
        step = run_step(
            Claim,
            claim_id,
            transition=method_name,
            event_type=event_type,
            actor=actor,
            now=now,
            reason=reason,
            payload=payload,
            already_done=already_done,
            check=check,
            transition_kwargs=transition_kwargs,
            followups=notices,
            related=("member", "plan"),
            refusal=lambda c: _refusal(c, method_name),
            not_permitted=lambda c: NotPermitted(
                _("You may not take the step “%(step)s” on this claim.")
                % {"step": step_label(c, method_name)},
                step=method_name,
            ),
        )
        if step.event is not None and follow_up is not None:
            follow_up(step.row, cast(ClaimEvent, step.event))  # a claim's trail: ClaimEvent
    return step.row


def notices(claim: Claim, event: ClaimEvent) -> list[tuple[str, int]]:
    """The claimant's notice of ``event``, unless the event is one they are not told of:
    sent by a worker after the commit, or by the outbox's sweep (``core.followups``)."""
    from claims.services.notices import SILENT_EVENTS

    if event.event_type in SILENT_EVENTS:
        return []
    return [("claims.tasks.notify_claimant", event.pk)]
