"""Publicity batches (公示): decided claims published together on the 7th and 21st."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicityBatch(models.Model):
    """The batch published on one date (Beijing time); one batch per date."""

    batch_date = models.DateField(_("batch date"), unique=True)
    published_at = models.DateTimeField(_("published at"))
    window_ends_at = models.DateTimeField(_("objection window ends"))
    claims_count = models.PositiveIntegerField(_("claims"), default=0)

    class Meta:
        ordering = ["-batch_date"]
        verbose_name = _("publicity batch")
        verbose_name_plural = _("publicity batches")

    def __str__(self) -> str:
        return self.batch_date.isoformat()
