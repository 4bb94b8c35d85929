"""Investigations (调查): who investigates, visits, document requests and the measured facts."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from claims.states import DocumentKind


class Investigation(models.Model):
    """The investigation of one claim, measured against its condition's definition."""

    claim = models.OneToOneField(
        "claims.Claim",
        on_delete=models.PROTECT,
        related_name="investigation",
        verbose_name=_("claim"),
    )
    investigator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="investigations",
        verbose_name=_("investigator"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
        help_text=_("Empty when the system assigned it (next free investigator)."),
    )
    assigned_at = models.DateTimeField(_("assigned at"))
    due_at = models.DateTimeField(_("due at"))
    facts = models.JSONField(_("measured facts"), default=dict, blank=True)
    non_disclosure_found = models.BooleanField(
        _("non-disclosure at joining found"),
        null=True,
        blank=True,
        help_text=_("Unanswered until the investigator records a finding."),
    )
    non_disclosure_notes = models.TextField(_("non-disclosure notes"), blank=True)
    evaluation = models.JSONField(_("evaluation"), default=dict, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("investigation")
        verbose_name_plural = _("investigations")
        indexes = [
            models.Index(
                fields=["investigator", "due_at"],
                condition=Q(completed_at__isnull=True),
                name="investigation_open_by_due",
            ),
            # Open investigations by due date, whoever holds them ("due soon", "overdue").
            models.Index(
                fields=["due_at"],
                condition=Q(completed_at__isnull=True),
                name="investigation_open_due",
            ),
            # Signed off, by claim: a reviewer's queue asks it of each filed claim.
            models.Index(
                fields=["claim"],
                condition=Q(completed_at__isnull=False),
                name="investigation_signed_off",
            ),
        ]

    def __str__(self) -> str:
        return f"investigation of {self.claim_id}"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None


class VisitKind(models.TextChoices):
    ON_SITE = "on_site", _("On-site visit")
    INTERVIEW = "interview", _("Interview")
    HOSPITAL = "hospital", _("Hospital records check")


class InvestigationVisit(models.Model):
    investigation = models.ForeignKey(
        Investigation, on_delete=models.PROTECT, related_name="visits"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=VisitKind.choices)
    visited_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    notes = models.TextField(_("notes"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["visited_on", "id"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.visited_on}"


class DocumentRequest(models.Model):
    """A document the investigator asked for, and when (and as what) it came."""

    investigation = models.ForeignKey(
        Investigation, on_delete=models.PROTECT, related_name="document_requests"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    description = models.CharField(_("what is needed"), max_length=300)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    due_at = models.DateTimeField(
        _("answer due by"),
        null=True,
        blank=True,
        help_text=_(
            "The plan's days to answer after the request (in a plan winding down, the "
            "claim window's close); reminders go out before it."
        ),
    )
    answered_at = models.DateTimeField(
        _("sent by the member at"),
        null=True,
        blank=True,
        help_text=_("The member uploaded a document for this request; the investigator checks it."),
    )
    received_at = models.DateTimeField(null=True, blank=True)
    not_provided_at = models.DateTimeField(
        _("closed as not provided at"),
        null=True,
        blank=True,
        help_text=_("The investigator went on without it once it was overdue."),
    )
    document = models.ForeignKey(
        "claims.ClaimDocument", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["requested_at", "id"]
        verbose_name = _("document request")
        verbose_name_plural = _("document requests")
        indexes = [
            models.Index(
                fields=["due_at"],
                condition=models.Q(
                    received_at__isnull=True, not_provided_at__isnull=True, due_at__isnull=False
                ),
                name="document_request_due",
            ),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def is_open(self) -> bool:
        return self.received_at is None and self.not_provided_at is None

    @property
    def awaits_member(self) -> bool:
        """Open and not yet answered: the member still has to send the document."""
        return self.is_open and self.answered_at is None

    def overdue_at(self, default_days: int):
        """When the investigator may go on without it: its due time in a plan winding
        down, else ``default_days`` full days after the request."""
        from claims.rules import period_end

        return self.due_at or period_end(self.requested_at, default_days)
