from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from core import clock
from core.models import Aggregate, fsm_condition, fsm_permission


class DraftStatus(models.TextChoices):
    OPEN = "open", _("Draft")
    FILED = "filed", _("Filed")
    EXPIRED = "expired", _("Expired")


def is_own_draft(draft: "ClaimDraft", user) -> bool:
    return bool(user and user.is_authenticated and draft.account_id == user.pk)


def window_closed(draft: "ClaimDraft") -> bool:
    """In a plan winding down, the draft's filing window has closed (the expiry sweep)."""
    moment = draft.as_of or clock.now()
    return draft.window_closes_at is not None and moment >= draft.window_closes_at


class ClaimDraft(Aggregate):
    """What a claimant has entered, kept whatever the filing checks say.

    A refused filing leaves the draft open with the refusal on it; nothing typed or
    uploaded is lost. A draft has no trail of its own: its filing is its claim's first
    event (``filed``), its expiry the shutdown's ``drafts_expired`` (the bulk form).
    """

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="claim_drafts"
    )
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    plan = models.ForeignKey(
        "members.Plan", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    condition_code = models.CharField(_("condition"), max_length=60, blank=True)
    diagnosis = models.TextField(_("diagnosis"), blank=True)
    hospital = models.CharField(_("hospital"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=50, blank=True)
    diagnosis_date = models.DateField(_("date of first diagnosis"), null=True, blank=True)
    status = FSMField(
        max_length=10, choices=DraftStatus.choices, default=DraftStatus.OPEN, protected=True
    )
    refusal_code = models.CharField(max_length=60, blank=True)
    refusal_message = models.TextField(blank=True)
    claim = models.OneToOneField(
        "claims.Claim", on_delete=models.PROTECT, null=True, blank=True, related_name="draft"
    )
    window_closes_at = models.DateTimeField(
        _("filing window closes at"),
        null=True,
        blank=True,
        help_text=_("In a plan that is winding down: the last moment this draft can be filed."),
    )
    expired_at = models.DateTimeField(_("expired at"), null=True, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("claim draft")
        verbose_name_plural = _("claim drafts")
        indexes = [
            # The wind-down sweeps' work queue: open drafts with a closing window.
            models.Index(
                fields=["window_closes_at"],
                condition=models.Q(status="open", window_closes_at__isnull=False),
                name="draft_window_open",
            ),
        ]

    def __str__(self) -> str:
        return f"draft {self.pk} ({self.status})"

    @transition(
        field=status,
        source=DraftStatus.OPEN,
        target=DraftStatus.FILED,
        permission=fsm_permission(is_own_draft),
        custom={"label": _("File the claim")},
    )
    def file(self, *, claim, at) -> None:
        self.claim = claim
        self.refusal_code = ""
        self.refusal_message = ""
        self.updated_at = at

    @transition(
        field=status,
        source=DraftStatus.OPEN,
        target=DraftStatus.EXPIRED,
        conditions=[fsm_condition(window_closed)],
        custom={"label": _("Expire at the window's close")},
    )
    def expire(self, *, at) -> None:
        """Moved set-based by the expiry sweep (``core.aggregates.run_bulk``); the
        condition is its filter."""
        self.expired_at = at
        self.updated_at = at

    @property
    def window_has_closed(self) -> bool:
        """Expired, or its filing window has closed and the expiry sweep has not run yet:
        pages show it as expired from that instant, never as still open."""
        return self.status == DraftStatus.EXPIRED or (
            self.status == DraftStatus.OPEN
            and self.window_closes_at is not None
            and clock.now() >= self.window_closes_at
        )
