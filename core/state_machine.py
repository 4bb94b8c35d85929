"""The state machine of every aggregate, read (状态机): which field holds the state, what
state a row is in, what a transition is called, who may take it, where a set-based move
goes, and the refusals ``core.aggregates.run_step`` raises by default.

Nothing here writes an event: ``core.aggregates`` is the one place that does.
``move_rows`` moves rows set-based along a declared transition; the event is its caller's.
"""

from typing import Any

from django.contrib.auth.models import User
from django.db import models
from django.utils.translation import gettext as _
from django_fsm import FSMFieldMixin

from core.errors import InvalidTransition, NotPermitted


def state_field(model: type[models.Model]) -> FSMFieldMixin | None:
    """The model's FSM field (one per model), if it has one."""
    return next((f for f in model._meta.concrete_fields if isinstance(f, FSMFieldMixin)), None)


def state_name(model: type[models.Model]) -> str:
    """The name of the model's FSM field; a model without one has no steps."""
    fsm = state_field(model)
    if fsm is None:
        raise TypeError(f"{model.__name__} has no state machine")
    return fsm.name


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


def transition_targets(model: type[models.Model], name: str) -> tuple[list[str], str]:
    """The sources and the one target of a transition moved set-based."""
    meta = getattr(model, name)._django_fsm
    sources = [s for s in meta.transitions if s not in ("*", "+")]
    targets = {t.target for t in meta.transitions.values()}
    if len(targets) != 1 or not isinstance(next(iter(targets)), str):
        raise TypeError(f"{model.__name__}.{name} has no single fixed target")
    return sources, next(iter(targets))


def refusal_error(row: models.Model, name: str) -> InvalidTransition:
    """The default refusal of a step the row's state does not allow: names both."""
    state = state_of(row)
    fsm = state_field(type(row))
    label = dict(fsm.flatchoices).get(state, state) if fsm is not None else state
    return InvalidTransition(
        _("“%(step)s” is not possible now (the state is “%(state)s”).")
        % {"step": step_label(row, name), "state": label},
        state=state,
        step=name,
    )


def not_permitted_error(row: models.Model, name: str) -> NotPermitted:
    """The default refusal of an actor without the step's permission."""
    return NotPermitted(
        _("You may not take the step “%(step)s”.") % {"step": step_label(row, name)}, step=name
    )


def move_rows(rows: models.QuerySet, transition: str, **values: Any) -> int:
    """Move the rows still in the transition's source states to its target in one
    compare-and-set ``UPDATE … WHERE state IN sources``, setting ``values`` too; returns
    how many moved. The transition's conditions are the caller's filter. Part of a step
    (seats marked at a panel's close) or of ``core.aggregates.run_bulk``: the event is
    theirs."""
    sources, target = transition_targets(rows.model, transition)
    name = state_name(rows.model)
    return rows.filter(**{f"{name}__in": sources}).update(**{name: target}, **values)
