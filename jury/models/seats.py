"""A panel's seats and the ballots cast in them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from claims.states import Decision
from core.models import Aggregate, AuditTrail, fsm_permission
from jury.models.jurors import Juror
from jury.models.panels import Panel


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
