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
from django_fsm import FSMFieldMixin, can_proceed

from core import clock
from core.errors import DomainError, InvalidTransition, NotPermitted
from core.followups import followup_record
from core.models import Aggregate, AppendOnlyModel, AuditEvent, AuditTrail

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


# --- the state machine, read ---------------------------------------------------------------


def state_field(model: type[models.Model]) -> FSMFieldMixin | None:
    """The model's FSM field (one per model), if it has one."""
    return next((f for f in model._meta.concrete_fields if isinstance(f, FSMFieldMixin)), None)


def _state_name(model: type[models.Model]) -> str:
    """The name of the model's FSM field; a model without one has no steps."""
    fsm = state_field(model)
    if fsm is None:
        raise TypeError(f"{model.__name__} has no state machine")
    return fsm.name


def _trail(model: type[models.Model]) -> AuditTrail:
    """The model's ``audit_trail``: where its events go."""
    trail = getattr(model, "audit_trail", None)
    if not isinstance(trail, AuditTrail):
        raise TypeError(f"{model.__name__} has no audit trail")
    return trail


def state_of(row: models.Model | None) -> str:
    """The row's state: its FSM field, else its ``audit_state`` (a state worked out from
    dates, like an enrolment's), else empty (a member has none)."""
    if row is None:
        return ""
    fsm = state_field(type(row))
    if fsm is not None:
        return str(getattr(row, fsm.name))
    return str(getattr(row, "audit_state", "") or "")


def _transitions(row: models.Model, name: str) -> list[Any]:
    return list(getattr(row, name)._django_fsm.transitions.values())


def step_label(row: models.Model, name: str) -> str:
    """The transition's human name (its translatable ``custom["label"]``)."""
    return str(next(iter(_transitions(row, name))).custom.get("label", name))


def actor_may(row: models.Model, name: str, actor: User | None) -> bool:
    """Does ``actor`` hold the step's permission, whatever state the row is in now?"""
    return any(t.has_perm(row, actor) for t in _transitions(row, name))


def _targets(model: type[models.Model], name: str) -> tuple[list[str], str]:
    """The sources and the one target of a transition moved set-based."""
    meta = getattr(model, name)._django_fsm
    sources = [s for s in meta.transitions if s not in ("*", "+")]
    targets = {t.target for t in meta.transitions.values()}
    if len(targets) != 1 or not isinstance(next(iter(targets)), str):
        raise TypeError(f"{model.__name__}.{name} has no single fixed target")
    return sources, next(iter(targets))


def _default_refusal(row: models.Model, name: str) -> InvalidTransition:
    state = state_of(row)
    fsm = state_field(type(row))
    label = dict(fsm.flatchoices).get(state, state) if fsm is not None else state
    return InvalidTransition(
        _("“%(step)s” is not possible now (the state is “%(state)s”).")
        % {"step": step_label(row, name), "state": label},
        state=state,
        step=name,
    )


def _default_not_permitted(row: models.Model, name: str) -> NotPermitted:
    return NotPermitted(
        _("You may not take the step “%(step)s”.") % {"step": step_label(row, name)}, step=name
    )


# --- writing (the one place) -----------------------------------------------------------------


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
        locked = model._default_manager.select_for_update(of=("self",))
        if related:
            locked = locked.select_related(*related)
        obj = locked.get(pk=pk)
        if actor is not None and not actor_may(obj, transition, actor):
            raise (not_permitted or (lambda o: _default_not_permitted(o, transition)))(obj)
        if already_done is not None and already_done(obj):
            return Step(obj, None)
        obj.as_of = now
        bound = getattr(obj, transition)
        if not can_proceed(bound):
            raise (refusal or (lambda o: _default_refusal(o, transition)))(obj)
        if check is not None:
            check(obj)
        from_state = state_of(obj)
        kwargs = transition_kwargs(obj) if callable(transition_kwargs) else transition_kwargs
        facts = dict(payload(obj) if callable(payload) else payload or {})
        before = _snapshot(obj)
        bound(at=now, **(kwargs or {}))
        try:
            obj.save(update_fields=_changed(obj, before) or [_state_name(model)])
        except IntegrityError as exc:  # a unique rule raced past its check
            raise DomainError(
                _("This change conflicts with another record; nothing was changed."),
                code="conflict",
            ) from exc
        if then is not None:
            facts.update(then(obj) or {})
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


def move_rows(rows: models.QuerySet, transition: str, **values: Any) -> int:
    """Move the rows still in the transition's source states to its target in one
    compare-and-set ``UPDATE … WHERE state IN sources``, setting ``values`` too; returns
    how many moved. The transition's conditions are the caller's filter. Part of a step
    (seats marked at a panel's close) or of ``run_bulk``: the event is theirs."""
    sources, target = _targets(rows.model, transition)
    name = _state_name(rows.model)
    return rows.filter(**{f"{name}__in": sources}).update(**{name: target}, **values)


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
            sources, to_state = _targets(rows.model, transition)
            from_state = sources[0] if len(sources) == 1 else ""
            name = _state_name(rows.model)
            moved = list(
                rows.select_for_update(of=("self",))
                .filter(**{f"{name}__in": sources})
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            move_rows(rows.model.objects.filter(pk__in=moved), transition, **(values or {}))
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
