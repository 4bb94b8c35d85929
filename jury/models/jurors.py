"""Jurors (陪审员): members who volunteered to judge disputed cases, and their trail."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from core.models import Aggregate, AuditEvent, AuditTrail, fsm_permission


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
