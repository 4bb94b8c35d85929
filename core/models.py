"""Shared model bases (the audit trail, the aggregate), and the API tokens of integrators."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, TypeVar, cast

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMFieldMixin


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):  # noqa: ANN003
        raise TypeError(f"{self.model.__name__} rows are append-only")

    def delete(self):
        raise TypeError(f"{self.model.__name__} rows are append-only")


class AppendOnlyModel(models.Model):
    """An audit row: inserted once, never updated or deleted through the ORM.

    On PostgreSQL a trigger (see the app's migration) enforces the same below the ORM.
    """

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):  # noqa: ANN002, ANN003
        if not self._state.adding:
            raise TypeError(f"{type(self).__name__} rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # noqa: ANN002, ANN003
        raise TypeError(f"{type(self).__name__} rows are append-only")


class AuditEvent(AppendOnlyModel):
    """One row of an aggregate's audit trail (审计记录): who acted, what happened, from which
    state to which, why, the facts, when.

    Every event table derives from it (claim, panel, juror, sharing period, shutdown,
    membership) and adds its foreign key to the aggregate it belongs to and the choices of
    its ``event_type``. Rows are written only by ``core.aggregates``, in the transaction of
    the change they record; on PostgreSQL a trigger refuses UPDATE and DELETE as well.
    ``from_state`` is empty for the row's first event (it was created); both are empty
    where the trail's owner has no state (a member).
    """

    event_type = models.CharField(_("event"), max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the system acted (a scheduled task)."),
    )
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    payload = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("time"))

    class Meta:
        abstract = True


@dataclass(frozen=True)
class AuditTrail:
    """Where a model's steps are recorded: ``event`` (``"app.Model"``, an ``AuditEvent``)
    through its foreign key ``owner``, whose id is the row's attribute ``owner_id`` (the
    row itself, ``"pk"``, or the aggregate it belongs to: a seat's ``"panel_id"``).
    ``also`` names further event columns filled from the row's attributes."""

    event: str
    owner: str
    owner_id: str = "pk"
    also: tuple[tuple[str, str], ...] = ()

    def columns(self, row: models.Model) -> dict[str, object]:
        return {
            f"{self.owner}_id": getattr(row, self.owner_id),
            **{column: getattr(row, attribute) for column, attribute in self.also},
        }


_Row = TypeVar("_Row", bound=models.Model)


def fsm_condition(check: Callable[[_Row], bool]) -> Callable[[models.Model], bool]:
    """A transition's condition, as django-fsm-2's types want it. Its stubs type a condition
    as taking any model; ours take their own (a claim's take a Claim), which is all
    django-fsm ever passes them. The function itself is returned unchanged."""
    return cast(Callable[[models.Model], bool], check)


def fsm_permission(check: Callable[[_Row, Any], bool]) -> Callable[[models.Model, Any], bool]:
    """A transition's permission check (the row and the user), as ``fsm_condition``."""
    return cast(Callable[[models.Model, Any], bool], check)


class Aggregate(ConcurrentTransitionMixin, models.Model):
    """A model with a status (聚合): one protected ``FSMField`` changed only by its declared
    transitions (source, target, conditions, permission), each run by
    ``core.aggregates.run_step`` (or, a chunk of rows at once, ``run_bulk``), which writes
    the event on the model's ``audit_trail``.

    Transition bodies change fields in memory only and take ``at`` (the moment of the
    step); conditions judge time by ``as_of``, which the runner sets to that moment.
    ``ConcurrentTransitionMixin`` refuses to save a row whose state changed since it was
    read (the runner also locks it): a query that defers the state field loads it.
    """

    #: Set by the runner to the moment it acts at; conditions judge time by it.
    as_of: datetime | None = None
    audit_trail: ClassVar[AuditTrail]

    class Meta:
        abstract = True

    def refresh_from_db(self, using=None, fields=None, from_queryset=None) -> None:  # noqa: ANN001
        """Reload, the protected state included. django-fsm's own way switches the
        protection off on the field, which every thread shares (two workers refreshing at
        once switch it on under each other): here the state is only dropped from this
        instance before it is read again."""
        if fields is None:  # what Django does for "every loaded field", made explicit
            self._prefetched_objects_cache: dict[str, models.QuerySet] = {}
            for rel in self._meta.related_objects:
                if rel.is_cached(self):
                    rel.delete_cached_value(self)
            deferred = self.get_deferred_fields()
            fields = [f.attname for f in self._meta.concrete_fields if f.attname not in deferred]
        # Always: the row read back loads its state whatever ``fields`` says (the mixin
        # reads it when the row is made), and Django copies every loaded field.
        for f in self._meta.concrete_fields:
            if isinstance(f, FSMFieldMixin) and f.protected:
                self.__dict__.pop(f.attname, None)
        models.Model.refresh_from_db(self, using=using, fields=fields, from_queryset=from_queryset)
        self._update_initial_state()


class FollowUp(models.Model):
    """A follow-up that a committed change needs (跟进): a notice to send, a panel to open, a
    ledger chunk to write. The transactional outbox of ``core.followups``.

    Written in the same transaction as the change, so it exists exactly when the change
    does; handed to the broker after the commit; handed again by the beat sweep while
    ``done_at`` is empty and ``due_at`` has passed (a broker that was down, a message
    that Redis lost, a worker killed mid-task). The task reports success, which sets
    ``done_at``. Tasks are idempotent, so a second hand-over is harmless.
    """

    task = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list)
    created_at = models.DateTimeField(_("created at"))
    due_at = models.DateTimeField(
        _("due at"),
        help_text=_("When the sweep hands it (again) to the broker, if not done by then."),
    )
    attempts = models.PositiveIntegerField(_("hand-overs"), default=0)
    dispatched_at = models.DateTimeField(_("last handed over at"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        indexes = [
            # The sweep's work queue: what is not done yet, by the time it falls due.
            models.Index(
                fields=["due_at"], condition=models.Q(done_at__isnull=True), name="followup_due"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task}{tuple(self.args)}"


class ApiToken(models.Model):
    """A key an integrator's system sends as ``Authorization: Token <key>`` (API 令牌).

    Only the key's SHA-256 is stored, with its first characters to tell tokens apart: the
    key itself is shown once, when it is made, and cannot be read back. Revoking keeps the
    row (who made it, who revoked it, when it was last used).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
        help_text=_("The account the token acts as: its permissions apply."),
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. the integrator.")
    )
    prefix = models.CharField(_("prefix"), max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"
