"""The one way a claim changes state: lock, check, transition, save, record.

Every claim service goes through ``claim_transition``: the row is locked with
``select_for_update``, an already-done step returns quietly (so retries are safe),
the transition's conditions and the actor's permission are asked of django-fsm,
the transition runs in memory, the row is saved (ConcurrentTransitionMixin refuses
a stale state), and one ``ClaimEvent`` is written, all in one transaction.
"""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import can_proceed

from claims.models import Claim, ClaimEvent
from claims.models import claim as claim_module
from claims.states import ClaimState
from core import clock
from core.errors import DomainError, InvalidTransition, NotPermitted
from core.followups import followup_record

CONDITION_MESSAGES = {
    claim_module.publicity_open: gettext_lazy("the public notice period has ended"),
    claim_module.publicity_due: gettext_lazy("the public notice period has not ended yet"),
    claim_module.appeal_window_over: gettext_lazy(
        "the appeal window is still open, or an appeal is being heard"
    ),
    claim_module.appeal_window_open: gettext_lazy("the appeal window has closed"),
    claim_module.appeal_pending: gettext_lazy("no appeal is waiting for a result"),
    claim_module.payable: gettext_lazy("the decision to pay has not taken effect yet"),
    claim_module.has_decision: gettext_lazy("the investigation has no decision"),
    claim_module.has_documents: gettext_lazy("there are no documents on file"),
    claim_module.investigation_complete: gettext_lazy("the investigation is not complete"),
}


def step_label(claim: Claim, method_name: str) -> str:
    """The transition's human name (its translatable ``custom["label"]``)."""
    transitions = getattr(claim, method_name)._django_fsm.transitions.values()
    return str(next(iter(transitions)).custom.get("label", method_name))


def actor_may(claim: Claim, method_name: str, actor) -> bool:
    """Does ``actor`` hold the step's permission, whatever state the claim is in now?

    Asked before anything else, so a caller without the right learns nothing of the
    claim's state (not even that a retry would have been a quiet repeat).
    """
    transitions = getattr(claim, method_name)._django_fsm.transitions.values()
    return any(t.has_perm(claim, actor) for t in transitions)


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
    actor,
    now: datetime | None = None,
    reason: str = "",
    payload: dict[str, Any] | Callable[[Claim], dict[str, Any]] | None = None,
    already_done: Callable[[Claim], bool] | None = None,
    check: Callable[[Claim], None] | None = None,
    transition_kwargs: dict[str, Any] | Callable[[Claim], dict[str, Any]] | None = None,
    follow_up: Callable[[Claim, ClaimEvent], None] | None = None,
) -> Claim:
    """Run one guarded transition. ``actor=None`` means the system (a scheduled sweep).

    ``follow_up`` records, in the same transaction, what must happen after the change
    (``core.followups``); the claimant's notice is always recorded.
    """
    now = now or clock.now()
    claim_id = claim.pk if isinstance(claim, Claim) else claim
    with transaction.atomic():
        claim = (
            Claim.objects.select_for_update(of=("self",))
            .select_related("member", "plan")
            .get(pk=claim_id)
        )
        if actor is not None and not actor_may(claim, method_name, actor):
            raise NotPermitted(
                _("You may not take the step “%(step)s” on this claim.")
                % {"step": step_label(claim, method_name)},
                step=method_name,
            )
        if already_done is not None and already_done(claim):
            return claim
        claim.as_of = now
        bound = getattr(claim, method_name)
        if not can_proceed(bound):
            raise _refusal(claim, method_name)
        if check is not None:
            check(claim)
        from_state = claim.state
        if callable(transition_kwargs):  # worked out from the locked row
            transition_kwargs = transition_kwargs(claim)
        if callable(payload):
            payload = payload(claim)
        bound(at=now, **(transition_kwargs or {}))
        try:
            claim.save()
        except IntegrityError as exc:  # a unique rule raced past its check
            raise DomainError(
                _("This change conflicts with another record; nothing was changed."),
                code="conflict",
            ) from exc
        event = ClaimEvent.objects.create(
            claim=claim,
            event_type=event_type,
            actor=actor,
            from_state=from_state,
            to_state=claim.state,
            reason=reason,
            payload=payload or {},
            created_at=now,
        )
        notify_on_commit(event)
        if follow_up is not None:
            follow_up(claim, event)
    return claim


def notify_on_commit(event: ClaimEvent) -> None:
    """Record the claimant's notice with the event: sent by a worker after the commit, or
    by the outbox's sweep if the broker did not take it (``core.followups``)."""
    from claims.services.notices import SILENT_EVENTS

    if event.event_type not in SILENT_EVENTS:
        followup_record("claims.tasks.notify_claimant", event.pk, now=event.created_at)
