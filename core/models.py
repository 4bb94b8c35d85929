"""Shared model bases, and the API tokens of integrators."""

from django.conf import settings
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
