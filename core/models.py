"""Shared model bases."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
