from django.db import models
from django.utils.translation import gettext_lazy as _

from claims.states import ClaimEventType, ClaimState
from core.models import AuditEvent


class ClaimEvent(AuditEvent):
    """The claim's audit trail: who, when, from, to, why. Append-only.

    Written by ``core.aggregates`` for the claim services, in the same transaction as the
    change it records; on PostgreSQL a trigger refuses UPDATE and DELETE as well.
    """

    claim = models.ForeignKey("claims.Claim", on_delete=models.PROTECT, related_name="events")
    event_type = models.CharField(_("event"), max_length=30, choices=ClaimEventType.choices)
    from_state = models.CharField(max_length=20, choices=ClaimState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=ClaimState.choices)
    created_at = models.DateTimeField(_("time"), db_index=True)

    class Meta:
        ordering = ["claim_id", "id"]
        verbose_name = _("claim event")
        verbose_name_plural = _("claim events")
        indexes = [models.Index(fields=["claim", "id"], name="claim_event_timeline")]

    def __str__(self) -> str:
        return f"{self.claim_id} {self.event_type} {self.from_state}→{self.to_state}"


class ClaimNotice(models.Model):
    """The claimant was told of an event (email). One row per event: sending is idempotent."""

    event = models.OneToOneField(ClaimEvent, on_delete=models.PROTECT, related_name="notice")
    recipient = models.EmailField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("claim notice")
        verbose_name_plural = _("claim notices")

    def __str__(self) -> str:
        return f"notice of event {self.event_id} to {self.recipient or '-'}"
