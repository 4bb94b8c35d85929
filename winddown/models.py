"""The wind-down (停运): a plan's shutdown announcement, the reminders sent before claim
windows close, members' choices to move to the insurance offered, and the text-message
outbox.

The facts every other app needs (announced at, coverage ends at, window length) are
copied onto each affected Plan when the shutdown is announced, so the joining, filing
and sharing rules read their own plan row and never depend on this app.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from core import clock
from core.models import Aggregate, AuditEvent, AuditTrail, fsm_condition, fsm_permission

ANNOUNCE_PERMISSION = "winddown.announce_shutdown"


class ShutdownStatus(models.TextChoices):
    PROPOSED = "proposed", _("Awaiting a second operator")
    ANNOUNCED = "announced", _("Announced")
    CANCELLED = "cancelled", _("Cancelled before announcement")
    FINISHED = "finished", _("Finished (final report issued)")


def is_operator(shutdown: "Shutdown", user) -> bool:
    return bool(
        user and user.is_authenticated and user.is_staff and user.has_perm(ANNOUNCE_PERMISSION)
    )


def stop_ahead(shutdown: "Shutdown") -> bool:
    """The stop moment is still to come: an announcement cannot end coverage in the past."""
    return shutdown.stops_at > (shutdown.as_of or clock.now())


class Shutdown(Aggregate):
    """A shutdown of one or more plans: proposed by one operator, announced when a
    second confirms. From the announcement no one joins and members share nothing;
    coverage ends at the stop moment (24:00 Beijing time of ``stop_day``); a member
    diagnosed before it may claim until 24:00 of the diagnosis date + ``window_days``.
    Finished when the final report is issued.
    """

    audit_trail = AuditTrail("winddown.ShutdownEvent", "shutdown")

    plans = models.ManyToManyField(
        "members.Plan", related_name="shutdowns", verbose_name=_("plans")
    )
    status = FSMField(
        _("status"),
        max_length=10,
        choices=ShutdownStatus.choices,
        default=ShutdownStatus.PROPOSED,
        protected=True,
    )
    stop_day = models.DateField(
        _("last day covered"), help_text=_("Coverage ends at 24:00 Beijing time of this day.")
    )
    stops_at = models.DateTimeField(_("stop moment"))
    window_days = models.PositiveIntegerField(_("claim window (days)"))
    notice_zh = models.TextField(_("notice (Chinese)"))
    notice_en = models.TextField(_("notice (English)"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed at"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    announced_at = models.DateTimeField(_("announced at"), null=True, blank=True)
    last_window_closes_at = models.DateTimeField(
        _("last claim window closes at"),
        help_text=_("24:00 of the stop day + the window: no claim can be filed after it."),
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    final_report = models.JSONField(_("final report"), default=dict, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name = _("shutdown")
        verbose_name_plural = _("shutdowns")
        permissions = [
            ("announce_shutdown", "Can propose and confirm a plan shutdown"),
            ("export_insurance_moves", "Can export the insurance move list"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(announced_at__isnull=True) | ~Q(confirmed_by=models.F("proposed_by")),
                name="shutdown_confirmed_by_second_operator",
            ),
            models.CheckConstraint(
                condition=Q(window_days__gte=1), name="shutdown_window_positive"
            ),
        ]

    def __str__(self) -> str:
        return _("Shutdown of %(plans)s, stop %(day)s") % {
            "plans": ", ".join(p.code for p in self.plans.all()),
            "day": self.stop_day.isoformat(),
        }

    @property
    def notice(self) -> str:
        return self.notice_en if (get_language() or "").startswith("en") else self.notice_zh

    @property
    def is_announced(self) -> bool:
        return self.status in (ShutdownStatus.ANNOUNCED, ShutdownStatus.FINISHED)

    # --- transitions (run by winddown.services through core.aggregates.run_step) ---

    @transition(
        field=status,
        source=ShutdownStatus.PROPOSED,
        target=ShutdownStatus.CANCELLED,
        permission=fsm_permission(is_operator),
        custom={"label": _("Cancel the proposal")},
    )
    def cancel(self, *, at) -> None:
        pass

    @transition(
        field=status,
        source=ShutdownStatus.PROPOSED,
        target=ShutdownStatus.ANNOUNCED,
        conditions=[fsm_condition(stop_ahead)],
        permission=fsm_permission(is_operator),
        custom={"label": _("Confirm and announce")},
    )
    def announce(self, *, confirmed_by, at) -> None:
        """A second operator confirms (the service refuses the proposer)."""
        self.confirmed_by = confirmed_by
        self.announced_at = at

    @transition(
        field=status,
        source=ShutdownStatus.ANNOUNCED,
        target=ShutdownStatus.FINISHED,
        permission=fsm_permission(is_operator),
        custom={"label": _("Issue the final report")},
    )
    def finish(self, *, final_report, at) -> None:
        self.final_report = final_report
        self.finished_at = at


class ShutdownEventType(models.TextChoices):
    PROPOSED = "proposed", _("Shutdown proposed")
    CANCELLED = "cancelled", _("Proposal cancelled")
    ANNOUNCED = "announced", _("Shutdown announced")
    DRAFTS_EXPIRED = "drafts_expired", _("Drafts expired at their window's close")
    INSURANCE_CHOSEN = "insurance_chosen", _("Member chose the insurance offered")
    INSURANCE_WITHDRAWN = "insurance_withdrawn", _("Member withdrew the insurance choice")
    INSURANCE_EXPORTED = "insurance_exported", _("Insurance list exported for the insurer")
    FINISHED = "finished", _("Final report issued")


class ShutdownEvent(AuditEvent):
    """The shutdown's audit trail. Append-only (a trigger on PostgreSQL as well). The
    drafts that expired at their window's close are recorded here too (from and to the
    drafts' states, naming them)."""

    shutdown = models.ForeignKey(Shutdown, on_delete=models.PROTECT, related_name="events")
    event_type = models.CharField(_("event"), max_length=20, choices=ShutdownEventType.choices)

    class Meta:
        ordering = ["shutdown_id", "id"]
        verbose_name = _("shutdown event")
        verbose_name_plural = _("shutdown events")

    def __str__(self) -> str:
        return f"{self.shutdown_id} {self.event_type}"


class ReminderKind(models.TextChoices):
    DRAFT = "draft", _("Unfiled claim draft")
    DOCUMENT_REQUEST = "document_request", _("Document asked for")


class WindowReminder(models.Model):
    """One reminder sent before a window closes: recorded in the same transaction as
    the sending, unique per subject and lead time, so a re-run never sends it twice."""

    kind = models.CharField(_("about"), max_length=20, choices=ReminderKind.choices)
    subject_id = models.PositiveBigIntegerField(_("draft or request"))
    lead_days = models.PositiveSmallIntegerField(_("days before the close"))
    member = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        related_name="window_reminders",
        verbose_name=_("member"),
    )
    plan = models.ForeignKey(
        "members.Plan", on_delete=models.PROTECT, related_name="+", verbose_name=_("plan")
    )
    window_closes_at = models.DateTimeField(_("window closes at"))
    email = models.EmailField(_("emailed to"), blank=True)
    phone = models.CharField(_("texted to"), max_length=20, blank=True)
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("window reminder")
        verbose_name_plural = _("window reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_id", "lead_days"], name="window_reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject_id} −{self.lead_days} d"

    @property
    def idempotency_key(self) -> str:
        return f"window-{self.kind}-{self.subject_id}-{self.lead_days}"


class SmsMessage(models.Model):
    """The text-message outbox (the default SMS backend): a gateway sends each row once
    and stamps it; the unique key makes a retried send a no-op."""

    to = models.CharField(_("to"), max_length=20)
    body = models.TextField(_("text"))
    key = models.CharField(_("idempotency key"), max_length=80, unique=True)
    created_at = models.DateTimeField(_("queued at"))
    delivered_at = models.DateTimeField(_("handed to the gateway at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("text message")
        verbose_name_plural = _("text messages")

    def __str__(self) -> str:
        return f"{self.to}: {self.body[:30]}"


class InsuranceMove(models.Model):
    """A member's choice to move to the short-term insurance offered at the shutdown:
    no new waiting period, no new health declaration, the first 3 months free."""

    shutdown = models.ForeignKey(Shutdown, on_delete=models.PROTECT, related_name="insurance_moves")
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="insurance_moves"
    )
    plan = models.ForeignKey("members.Plan", on_delete=models.PROTECT, related_name="+")
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    chosen_at = models.DateTimeField(_("chosen at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        ordering = ["chosen_at", "id"]
        verbose_name = _("insurance move")
        verbose_name_plural = _("insurance moves")
        constraints = [
            models.UniqueConstraint(fields=["shutdown", "member"], name="insurance_move_once"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} → insurance ({self.shutdown_id})"
