"""Panels (赔审团): one disputed claim heard by jurors, round 1 or the appeal, and its trail."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from claims.states import Decision
from core import clock
from core.models import Aggregate, AuditEvent, AuditTrail, fsm_condition

#: How many times a panel short of its quorum is topped up and extended before the
#: operator is asked (then it is flagged).
MAX_EXTENSIONS = 2


class PanelStatus(models.TextChoices):
    OPEN = "open", _("Open for votes")
    CLOSED = "closed", _("Closed")
    NEEDS_OPERATOR = "needs_operator", _("Quorum not reached: needs the operator")
    CANCELLED = "cancelled", _("Cancelled")


def deadline_passed(panel: "Panel") -> bool:
    return (panel.as_of or clock.now()) >= panel.deadline_at


def may_extend(panel: "Panel") -> bool:
    return panel.extensions < MAX_EXTENSIONS


class Panel(Aggregate):
    """A panel hearing one disputed claim: round 1, or round 2 for the one appeal.

    Open for votes until its deadline; then closed with a tally, or (short of its quorum)
    topped up and extended at most ``MAX_EXTENSIONS`` times, then flagged for the
    operator, who re-panels it."""

    audit_trail = AuditTrail("jury.PanelEvent", "panel")

    claim = models.ForeignKey(
        "claims.Claim", on_delete=models.PROTECT, related_name="panels", verbose_name=_("claim")
    )
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    size = models.PositiveIntegerField(
        _("seats"),
        null=True,
        blank=True,
        help_text=_("Empty: an open panel (every juror may vote)."),
    )
    quorum = models.PositiveIntegerField(_("quorum"))
    status = FSMField(
        _("status"),
        max_length=20,
        choices=PanelStatus.choices,
        default=PanelStatus.OPEN,
        protected=True,
    )
    opened_at = models.DateTimeField(_("opened at"))
    deadline_at = models.DateTimeField(_("voting deadline"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    extensions = models.PositiveSmallIntegerField(_("extensions"), default=0)
    seed = models.CharField(_("draw seed"), max_length=64, blank=True)
    draw_log = models.JSONField(_("draw record"), default=dict, blank=True)
    tally = models.JSONField(_("tally"), default=dict, blank=True)
    verdict = models.CharField(_("verdict"), max_length=10, choices=Decision.choices, blank=True)
    agreement_counted_at = models.DateTimeField(null=True, blank=True, editable=False)
    appellant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("appellant"),
    )
    statement = models.TextField(_("appeal statement"), blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("panel")
        verbose_name_plural = _("panels")
        constraints = [
            models.UniqueConstraint(fields=["claim", "round"], name="one_panel_per_round"),
            models.CheckConstraint(condition=Q(round__in=[1, 2]), name="panel_round_1_or_2"),
        ]
        indexes = [
            models.Index(fields=["deadline_at"], condition=Q(status="open"), name="panel_due"),
        ]

    def __str__(self) -> str:
        return f"panel {self.pk} (claim {self.claim_id}, round {self.round})"

    @property
    def is_open_panel(self) -> bool:
        return self.size is None

    # --- transitions (run by the panel services through core.aggregates.run_step) ---

    @transition(
        field=status,
        source=PanelStatus.OPEN,
        target=PanelStatus.OPEN,
        conditions=[fsm_condition(deadline_passed), fsm_condition(may_extend)],
        permission="jury.change_panel",
        custom={"label": _("Extend the deadline")},
    )
    def extend(self, *, deadline_at, at) -> None:
        self.extensions += 1
        self.deadline_at = deadline_at

    @transition(
        field=status,
        source=PanelStatus.OPEN,
        target=PanelStatus.NEEDS_OPERATOR,
        conditions=[fsm_condition(deadline_passed)],
        permission="jury.change_panel",
        custom={"label": _("Flag for the operator")},
    )
    def flag(self, *, at) -> None:
        pass

    @transition(
        field=status,
        source=PanelStatus.OPEN,
        target=PanelStatus.CLOSED,
        conditions=[fsm_condition(deadline_passed)],
        permission="jury.change_panel",
        custom={"label": _("Close the panel")},
    )
    def close(self, *, tally, verdict, at) -> None:
        self.closed_at = at
        self.tally = tally
        self.verdict = verdict

    @transition(
        field=status,
        source=PanelStatus.NEEDS_OPERATOR,
        target=PanelStatus.OPEN,
        permission="jury.change_panel",
        custom={"label": _("Re-panel")},
    )
    def repanel(self, *, deadline_at, at) -> None:
        self.extensions = 0
        self.deadline_at = deadline_at


class PanelEventType(models.TextChoices):
    OPENED = "opened", _("Panel opened")
    DRAWN = "drawn", _("Seats drawn")
    SEAT_DECLINED = "seat_declined", _("Seat declined")
    TOPPED_UP = "topped_up", _("Seats topped up")
    EXTENDED = "extended", _("Deadline extended")
    CLOSED = "closed", _("Panel closed")
    FLAGGED = "flagged", _("Flagged for the operator")
    REPANELLED = "repanelled", _("Re-panelled by the operator")


class PanelEvent(AuditEvent):
    """The panel's audit trail; a seat's step records the seat's states."""

    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="events")
    event_type = models.CharField(max_length=20, choices=PanelEventType.choices)

    class Meta:
        ordering = ["id"]
        verbose_name = _("panel event")
        verbose_name_plural = _("panel events")

    def __str__(self) -> str:
        return f"{self.panel_id} {self.event_type}"
