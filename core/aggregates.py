"""The one recipe for every aggregate (聚合): the step, the bulk step, the audit record.

Every event row in the house is written here, in the transaction of the change it records,
with the follow-ups the change needs (``core.followups``: they commit with it or not at
all). Three forms (docs/decisions.md lists which model uses which):

- ``run_step``: one row, one declared transition. Lock the row; ask the actor's
  permission first (a caller without the right learns nothing of the row's state); return
  quietly on a repeat; ``can_proceed`` (source state and conditions); run the transition
  (fields in memory only); save what changed (``ConcurrentTransitionMixin`` refuses a
  stale state); write one event; record the follow-ups.
- ``run_bulk``: a chunk of rows changed by one set-based statement (drafts expiring at
  their window's close, a ledger chunk): one event per owning aggregate naming the ids
  and the count.
- ``audit_record``: an event with no transition: the aggregate was created, data other
  than its state changed (facts recorded, a document attached, a member's choice), or
  personal data left the platform (an export). ``audit_row`` writes the audit rows that
  are not an aggregate's trail (a medical document read).

``actor=None`` is the system (a scheduled sweep, a worker): its permission is not asked.
"""

import copy
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, TypeVar

from django.apps import apps
from django.contrib.auth.models import User
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from core import clock
from core.errors import DomainError
from core.followups import followup_record
from core.models import Aggregate, AppendOnlyModel, AuditEvent, AuditTrail
from core.state_machine import (
    actor_may,
    move_rows,
    not_permitted_error,
    refusal_error,
    state_name,
    state_of,
    transition_targets,
)

#: A row with a state machine: ``run_step`` sets its ``as_of``.
Row = TypeVar("Row", bound=Aggregate)
Audit = TypeVar("Audit", bound=AppendOnlyModel)
Payload = Mapping[str, Any] | Callable[[Any], Mapping[str, Any]] | None
#: What must happen after the commit: ``(task, *args)`` tuples, or a callable of the row
#: and its event returning them (when the arguments name the event): the row and the event
#: are the caller's own models (a Claim and its ClaimEvent), hence Any.
FollowUps = Iterable[tuple[Any, ...]] | Callable[[Any, Any], Iterable[tuple[Any, ...]]]


@dataclass(frozen=True)
class Step(Generic[Row]):
    """What ``run_step`` did: the row as saved, and its event (None: a quiet repeat)."""

    row: Row
    event: AuditEvent | None


@dataclass(frozen=True)
class Bulk:
    """What ``run_bulk`` did: the ids changed, and one event per owning aggregate."""

    ids: list[int]
    count: int
    events: list[AuditEvent] = field(default_factory=list)


# --- writing (the one place) -----------------------------------------------------------------


def _trail(model: type[models.Model]) -> AuditTrail:
    """The model's ``audit_trail``: where its events go."""
    trail = getattr(model, "audit_trail", None)
    if not isinstance(trail, AuditTrail):
        raise TypeError(f"{model.__name__} has no audit trail")
    return trail


def _event_model(row: models.Model) -> type[AuditEvent]:
    return apps.get_model(_trail(type(row)).event)


def _write(
    owner: models.Model,
    *,
    event_type: str,
    actor: User | None,
    now: datetime,
    from_state: str,
    to_state: str,
    reason: str = "",
    payload: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Insert one event on ``owner``'s trail: the only ``create`` of an event row."""
    return _event_model(owner).objects.create(
        **_trail(type(owner)).columns(owner),
        event_type=event_type,
        actor=actor,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        payload=dict(payload or {}),
        created_at=now,
    )


def _record_followups(followups: FollowUps | None, row, event, now: datetime) -> None:
    if followups is None:
        return
    calls = followups(row, event) if callable(followups) else followups
    for task, *args in calls:
        followup_record(task, *args, now=now)


def _snapshot(row: models.Model) -> dict[str, Any]:
    deferred = row.get_deferred_fields()
    return {
        f.attname: copy.deepcopy(getattr(row, f.attname))
        for f in row._meta.concrete_fields
        if not f.primary_key and f.attname not in deferred
    }


def _changed(row: models.Model, before: dict[str, Any]) -> list[str]:
    return [
        f.name
        for f in row._meta.concrete_fields
        if f.attname in before and getattr(row, f.attname) != before[f.attname]
    ]


def _lock(model: type[Row], pk: int | None, related: Sequence[str]) -> Row:
    """The row read again under its lock (``related`` joins what the checks read)."""
    locked = model._default_manager.select_for_update(of=("self",))
    if related:
        locked = locked.select_related(*related)
    return locked.get(pk=pk)


def _is_repeat(
    obj: Row,
    transition: str,
    actor: User | None,
    now: datetime,
    already_done: Callable[[Row], bool] | None,
    check: Callable[[Row], None] | None,
    refusal: Callable[[Row], DomainError] | None,
    not_permitted: Callable[[Row], DomainError] | None,
) -> bool:
    """Before a step, in order: the actor's permission (refused), a repeat (True: nothing
    to do), the source state and conditions (refused), the service's own ``check``."""
    if actor is not None and not actor_may(obj, transition, actor):
        raise (not_permitted or (lambda o: not_permitted_error(o, transition)))(obj)
    if already_done is not None and already_done(obj):
        return True
    obj.as_of = now
    if not can_proceed(getattr(obj, transition)):
        raise (refusal or (lambda o: refusal_error(o, transition)))(obj)
    if check is not None:
        check(obj)
    return False


def _transition(
    obj: Row,
    transition: str,
    now: datetime,
    transition_kwargs: Mapping[str, Any] | Callable[[Row], Mapping[str, Any]] | None,
    payload: Payload,
    then: Callable[[Row], Mapping[str, Any] | None] | None,
) -> dict[str, Any]:
    """Run the transition (fields in memory only), save the fields that changed, then
    ``then``; returns the event's payload: ``payload`` (worked out from the row before the
    transition) and what ``then`` returned."""
    kwargs = transition_kwargs(obj) if callable(transition_kwargs) else transition_kwargs
    facts = dict(payload(obj) if callable(payload) else payload or {})
    before = _snapshot(obj)
    getattr(obj, transition)(at=now, **(kwargs or {}))
    try:
        obj.save(update_fields=_changed(obj, before) or [state_name(type(obj))])
    except IntegrityError as exc:  # a unique rule raced past its check
        raise DomainError(
            _("This change conflicts with another record; nothing was changed."),
            code="conflict",
        ) from exc
    if then is not None:
        facts.update(then(obj) or {})
    return facts


# --- the step --------------------------------------------------------------------------------


def run_step(
    row: Row | type[Row],
    pk: int | None = None,
    *,
    transition: str,
    event_type: str,
    actor: User | None,
    now: datetime | None = None,
    reason: str = "",
    payload: Payload = None,
    already_done: Callable[[Row], bool] | None = None,
    check: Callable[[Row], None] | None = None,
    transition_kwargs: Mapping[str, Any] | Callable[[Row], Mapping[str, Any]] | None = None,
    then: Callable[[Row], Mapping[str, Any] | None] | None = None,
    followups: FollowUps | None = None,
    related: Sequence[str] = (),
    refusal: Callable[[Row], DomainError] | None = None,
    not_permitted: Callable[[Row], DomainError] | None = None,
    record_on: models.Model | None = None,
    states: tuple[str, str] | None = None,
) -> Step[Row]:
    """Run one declared transition of one row, and record it. All in one transaction.

    ``row`` is the row (or its model, with ``pk``); it is read again under a lock
    (``related`` joins what the checks read). In order: the actor's permission (the
    transition's, ``not_permitted`` builds the refusal), ``already_done`` (a repeat
    returns the row quietly, nothing written), ``can_proceed`` (``refusal`` builds the
    refusal; the default names the step and the state), ``check`` (the service's own
    rules on the locked row), the transition (``transition_kwargs`` and ``at=now``), the
    save of the fields that changed, ``then`` (work in the same transaction after the
    save, such as seats drawn; what it returns joins the payload), the event
    (``payload``, worked out from the locked row before the transition when callable)
    and the follow-ups. The event goes on the row's ``audit_trail``, from and to its states;
    ``record_on`` puts it on another aggregate's trail, with ``states`` (a draft's
    filing is its claim's first event).
    """
    now = now or clock.now()
    model = row if isinstance(row, type) else type(row)
    pk = pk if isinstance(row, type) else row.pk
    with transaction.atomic():
        obj = _lock(model, pk, related)
        if _is_repeat(obj, transition, actor, now, already_done, check, refusal, not_permitted):
            return Step(obj, None)
        from_state = state_of(obj)
        facts = _transition(obj, transition, now, transition_kwargs, payload, then)
        from_state, to_state = states or (from_state, state_of(obj))
        event = _write(
            record_on if record_on is not None else obj,
            event_type=event_type,
            actor=actor,
            now=now,
            from_state=from_state,
            to_state=to_state,
            reason=reason,
            payload=facts,
        )
        _record_followups(followups, obj, event, now)
    return Step(obj, event)


# --- the bulk step ---------------------------------------------------------------------------


def _move_chunk(
    rows: models.QuerySet, transition: str, values: Mapping[str, Any]
) -> tuple[list[int], str, str]:
    """Lock the rows still in the transition's sources and move them: their ids, and the
    states the chunk's event goes from (the one source, if only one) and to."""
    sources, to_state = transition_targets(rows.model, transition)
    name = state_name(rows.model)
    moved = list(
        rows.select_for_update(of=("self",))
        .filter(**{f"{name}__in": sources})
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    move_rows(rows.model.objects.filter(pk__in=moved), transition, **values)
    return moved, sources[0] if len(sources) == 1 else "", to_state


def run_bulk(
    rows: models.QuerySet | None = None,
    transition: str | None = None,
    *,
    event_type: str,
    actor: User | None,
    record_on: models.Model | Callable[[list[int]], Iterable[tuple[models.Model, list[int]]]],
    now: datetime | None = None,
    values: Mapping[str, Any] | None = None,
    ids: Sequence[int] | None = None,
    count: int | None = None,
    ids_key: str = "ids",
    payload: Mapping[str, Any] | None = None,
    followups: Iterable[tuple[Any, ...]] | None = None,
) -> Bulk:
    """One chunk of rows, one statement, one event per owning aggregate. One transaction.

    With ``rows`` and ``transition``: the rows are moved along the declared transition
    (``move_rows``) and the event names the ids moved (from and to the transition's
    states). Without: the caller's set-based write happened in this transaction (a
    ledger chunk's ``INSERT … SELECT``) and ``ids`` (or ``payload`` naming a range) and
    ``count`` say what it wrote. ``record_on`` is the aggregate whose trail records the
    chunk, or a function splitting the ids among several (drafts by their shutdown).
    Nothing moved and nothing written: no event.
    """
    now = now or clock.now()
    with transaction.atomic():
        from_state = to_state = ""
        if rows is not None and transition is not None:
            moved, from_state, to_state = _move_chunk(rows, transition, values or {})
        else:
            moved = list(ids or [])
        total = len(moved) if count is None else count
        if not total:
            return Bulk(moved, 0)
        owners = record_on(moved) if callable(record_on) else [(record_on, moved)]
        events = []
        for owner, owned in owners:
            if not owned and moved:
                continue
            facts = dict(payload or {})
            if moved:
                facts.update({ids_key: sorted(owned), "count": len(owned)})
            else:
                facts.setdefault("count", total)
            events.append(
                _write(
                    owner,
                    event_type=event_type,
                    actor=actor,
                    now=now,
                    from_state=from_state or state_of(owner),
                    to_state=to_state or state_of(owner),
                    payload=facts,
                )
            )
        if followups is not None:
            _record_followups(followups, None, None, now)
    return Bulk(moved, total, events)


# --- the audit record ------------------------------------------------------------------------


def audit_record(
    subject: models.Model,
    *,
    event_type: str,
    actor: User | None,
    now: datetime | None = None,
    reason: str = "",
    payload: Mapping[str, Any] | None = None,
    created: bool = False,
    from_state: str | None = None,
    to_state: str | None = None,
    followups: FollowUps | None = None,
) -> AuditEvent:
    """One event on ``subject``'s trail with no transition: ``created`` (its first event,
    from no state to its initial one), a change of data other than its state that the
    caller made under its lock, or an export of personal data (recorded before the file
    is handed over). From and to default to the subject's state."""
    now = now or clock.now()
    state = state_of(subject)
    with transaction.atomic():
        event = _write(
            subject,
            event_type=event_type,
            actor=actor,
            now=now,
            from_state="" if created else (state if from_state is None else from_state),
            to_state=state if to_state is None else to_state,
            reason=reason,
            payload=payload,
        )
        _record_followups(followups, subject, event, now)
    return event


def audit_row(model: type[Audit], **columns: Any) -> Audit:
    """An audit row that is not an aggregate's trail (a medical document read: who, which,
    when, in which role), written as given."""
    row = model(**columns)
    row.save(force_insert=True)
    return row
