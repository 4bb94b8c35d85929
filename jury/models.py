"""The jury (赔审团): jurors, the qualification exam, panels, seats and ballots."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from claims.states import Decision
from core import clock
from core.models import Aggregate, AuditEvent, AuditTrail, fsm_condition, fsm_permission

#: How many times a panel short of its quorum is topped up and extended before the
#: operator is asked (then it is flagged).
MAX_EXTENSIONS = 2


class JurorStatus(models.TextChoices):
    CANDIDATE = "candidate", _("Candidate (exam not passed)")
    QUALIFIED = "qualified", _("Qualified")
    PAUSED = "paused", _("Paused")
    DISQUALIFIED = "disqualified", _("Disqualified")


def is_the_juror(juror: "Juror", user) -> bool:
    return bool(user and user.is_authenticated and juror.account_id == user.pk)


def may_manage_jurors(juror: "Juror", user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm("jury.change_juror"))


def juror_or_manager(juror: "Juror", user) -> bool:
    return is_the_juror(juror, user) or may_manage_jurors(juror, user)


class Juror(Aggregate):
    """A member who volunteered to judge disputed cases: a candidate until the exam is
    passed, then qualified; paused (by staff, or the system after missed panels) and
    resumed; disqualified for good."""

    audit_trail = AuditTrail("jury.JurorEvent", "juror")

    member = models.OneToOneField(
        "members.Member", on_delete=models.PROTECT, related_name="juror", verbose_name=_("member")
    )
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jurors"
    )
    status = FSMField(
        _("status"),
        max_length=20,
        choices=JurorStatus.choices,
        default=JurorStatus.CANDIDATE,
        protected=True,
    )
    qualified_at = models.DateTimeField(_("qualified at"), null=True, blank=True)
    paused_at = models.DateTimeField(_("paused at"), null=True, blank=True)
    disqualified_at = models.DateTimeField(_("disqualified at"), null=True, blank=True)
    consecutive_misses = models.PositiveIntegerField(_("panels missed in a row"), default=0)
    panels_sat = models.PositiveIntegerField(_("panels decided"), default=0)
    agreed_with_final = models.PositiveIntegerField(_("agreed with the final outcome"), default=0)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        verbose_name = _("juror")
        verbose_name_plural = _("jurors")
        indexes = [
            # The draw looks jurors up by id among the qualified only.
            models.Index(fields=["id"], condition=Q(status="qualified"), name="juror_qualified")
        ]

    def __str__(self) -> str:
        return f"juror {self.pk}"

    @property
    def agreement_rate(self) -> float | None:
        return None if not self.panels_sat else self.agreed_with_final / self.panels_sat

    # --- transitions ----------------------------------------------------------------

    @transition(
        field=status,
        source=JurorStatus.CANDIDATE,
        target=JurorStatus.QUALIFIED,
        permission=fsm_permission(is_the_juror),
        custom={"label": _("Pass the exam")},
    )
    def qualify(self, *, at) -> None:
        self.qualified_at = at

    @transition(
        field=status,
        source=JurorStatus.QUALIFIED,
        target=JurorStatus.PAUSED,
        permission=fsm_permission(may_manage_jurors),
        custom={"label": _("Pause")},
    )
    def pause(self, *, at) -> None:
        self.paused_at = at

    @transition(
        field=status,
        source=JurorStatus.PAUSED,
        target=JurorStatus.QUALIFIED,
        permission=fsm_permission(juror_or_manager),
        custom={"label": _("Resume")},
    )
    def resume(self, *, at) -> None:
        """Seats may be offered again; the run of missed panels starts from zero."""
        self.paused_at = None
        self.consecutive_misses = 0

    @transition(
        field=status,
        source=[JurorStatus.CANDIDATE, JurorStatus.QUALIFIED, JurorStatus.PAUSED],
        target=JurorStatus.DISQUALIFIED,
        permission=fsm_permission(may_manage_jurors),
        custom={"label": _("Disqualify")},
    )
    def disqualify(self, *, at) -> None:
        self.disqualified_at = at


class JurorEventType(models.TextChoices):
    ENROLLED = "enrolled", _("Volunteered")
    EXAM_PASSED = "exam_passed", _("Passed the exam")
    EXAM_FAILED = "exam_failed", _("Failed the exam")
    DISQUALIFIED = "disqualified", _("Disqualified")
    PAUSED = "paused", _("Paused")
    RESUMED = "resumed", _("Resumed")


class JurorEvent(AuditEvent):
    juror = models.ForeignKey(Juror, on_delete=models.PROTECT, related_name="events")
    event_type = models.CharField(max_length=20, choices=JurorEventType.choices)

    class Meta:
        ordering = ["id"]
        verbose_name = _("juror event")
        verbose_name_plural = _("juror events")

    def __str__(self) -> str:
        return f"{self.juror_id} {self.event_type}"


class ExamTopic(models.TextChoices):
    JOINING = "joining", _("Joining rules")
    PAYOUT = "payout", _("Payout rules")
    ETHICS = "ethics", _("Juror ethics")


class ExamQuestion(models.Model):
    code = models.SlugField(max_length=40, unique=True)
    topic = models.CharField(_("topic"), max_length=10, choices=ExamTopic.choices)
    text_zh = models.TextField(_("question (Chinese)"))
    text_en = models.TextField(_("question (English)"))
    choices = models.JSONField(_("choices"), help_text='[{"key": "a", "zh": "…", "en": "…"}]')
    answer = models.CharField(_("correct choice"), max_length=5)
    explanation_zh = models.TextField(blank=True)
    explanation_en = models.TextField(blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["topic", "code"]
        verbose_name = _("exam question")
        verbose_name_plural = _("exam questions")

    def __str__(self) -> str:
        return self.code

    @property
    def text(self) -> str:
        return self.text_en if (get_language() or "").startswith("en") else self.text_zh


class ExamSitting(models.Model):
    juror = models.ForeignKey(Juror, on_delete=models.PROTECT, related_name="sittings")
    questions = models.JSONField(default=list)
    answers = models.JSONField(default=dict, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)
    started_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("exam sitting")
        verbose_name_plural = _("exam sittings")
        constraints = [
            models.UniqueConstraint(
                fields=["juror"],
                condition=Q(submitted_at__isnull=True),
                name="one_open_sitting_per_juror",
            )
        ]

    def __str__(self) -> str:
        return f"sitting {self.pk} of juror {self.juror_id}"


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


class SeatStatus(models.TextChoices):
    OFFERED = "offered", _("Offered")
    DECLINED = "declined", _("Declined")
    VOTED = "voted", _("Voted")
    NO_SHOW = "no_show", _("Did not vote")


def seat_holder(seat: "Seat", user) -> bool:
    return bool(user and user.is_authenticated and seat.juror.account_id == user.pk)


class Seat(Aggregate):
    """A seat offered to a drawn juror. Its events are the panel's (``seat_declined``);
    the ballot marks it voted and the close (or a re-panel) marks the seats not voted on
    as no-shows, set-based along the declared transitions (``core.aggregates.move_rows``)
    as part of the panel's step, with no event of their own (a ballot is secret)."""

    audit_trail = AuditTrail("jury.PanelEvent", "panel", owner_id="panel_id")

    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="seats")
    juror = models.ForeignKey(Juror, on_delete=models.PROTECT, related_name="seats")
    status = FSMField(
        max_length=10, choices=SeatStatus.choices, default=SeatStatus.OFFERED, protected=True
    )
    draw_order = models.PositiveIntegerField()
    offered_at = models.DateTimeField()
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["panel", "draw_order"]
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        constraints = [
            models.UniqueConstraint(fields=["panel", "juror"], name="one_seat_per_juror"),
        ]
        indexes = [models.Index(fields=["juror", "status"], name="seat_juror_status")]

    def __str__(self) -> str:
        return f"seat {self.draw_order} on {self.panel_id}"

    @transition(
        field=status,
        source=SeatStatus.OFFERED,
        target=SeatStatus.DECLINED,
        permission=fsm_permission(seat_holder),
        custom={"label": _("Decline the seat")},
    )
    def decline(self, *, at) -> None:
        self.responded_at = at

    @transition(
        field=status,
        source=[SeatStatus.OFFERED, SeatStatus.VOTED],
        target=SeatStatus.VOTED,
        permission=fsm_permission(seat_holder),
        custom={"label": _("Vote")},
    )
    def vote(self, *, at) -> None:
        self.responded_at = at

    @transition(
        field=status,
        source=SeatStatus.OFFERED,
        target=SeatStatus.NO_SHOW,
        custom={"label": _("Did not vote")},
    )
    def miss(self, *, at) -> None:
        self.responded_at = at


class ClauseAnswer(models.TextChoices):
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")
    UNSURE = "unsure", _("Cannot tell from the evidence")


class Ballot(models.Model):
    """A juror's secret ballot: each clause judged, then the verdict and a reason."""

    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="ballots")
    juror = models.ForeignKey(Juror, on_delete=models.PROTECT, related_name="ballots")
    clause_answers = models.JSONField(_("clause answers"), default=dict)
    verdict = models.CharField(_("verdict"), max_length=10, choices=Decision.choices)
    reason = models.TextField(_("reason"))
    contradicts_clauses = models.BooleanField(default=False)
    contradiction_note = models.TextField(_("why the verdict differs from the clauses"), blank=True)
    cast_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(fields=["panel", "juror"], name="one_ballot_per_juror"),
        ]

    def __str__(self) -> str:
        return f"ballot of {self.juror_id} on {self.panel_id}"


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
