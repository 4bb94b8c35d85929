"""Sharing periods (分摊), the per-member share ledger, payouts and the period's audit trail."""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from core.models import Aggregate, AuditEvent, AuditTrail, fsm_condition
from core.money import MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS


def money(verbose_name, **kwargs) -> models.DecimalField:
    return models.DecimalField(
        verbose_name,
        max_digits=MONEY_MAX_DIGITS,
        decimal_places=MONEY_DECIMAL_PLACES,
        **kwargs,
    )


class PeriodStatus(models.TextChoices):
    BUILDING = "building", _("Writing shares")
    COMPLETE = "complete", _("Complete")


class Payer(models.TextChoices):
    MEMBERS = "members", _("Members")
    PLATFORM = "platform", _("Platform")


class SharingPeriod(Aggregate):
    """One period's apportionment: what was approved, the 8% fee, what was carried in,
    how many members share it, each one's share, and what is carried out.

    The figures are fixed when the period opens; the ledger rows (MemberShare) are then
    written in chunks (each chunk one event, the bulk form), and the period completes
    only when its books balance to the fen.
    """

    audit_trail = AuditTrail("sharing.SharingEvent", "period")

    plan = models.ForeignKey(
        "members.Plan",
        on_delete=models.PROTECT,
        related_name="sharing_periods",
        verbose_name=_("plan"),
    )
    publicity_batch = models.ForeignKey(
        "claims.PublicityBatch",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sharing_periods",
        verbose_name=_("publicity batch"),
    )
    sharing_day = models.DateField(_("sharing day"))
    status = FSMField(
        _("status"),
        max_length=10,
        choices=PeriodStatus.choices,
        default=PeriodStatus.BUILDING,
        protected=True,
    )
    payer = models.CharField(
        _("paid by"), max_length=10, choices=Payer.choices, default=Payer.MEMBERS
    )
    members_as_of = models.DateTimeField(
        _("members counted as of"),
        help_text=_("Members in the plan at this moment share (the end of the sharing day)."),
    )

    approved_total = money(_("approved amounts"))
    cases_count = models.PositiveIntegerField(_("cases helped"), default=0)
    fee = money(_("management fee"))
    carried_in = money(_("carried in"))
    total = money(_("total to share"))
    members_count = models.PositiveIntegerField(_("members sharing"))
    share = money(_("share per member"))
    carried_out = money(_("carried to the next period"))

    members_written = models.PositiveIntegerField(_("shares written"), default=0)
    opened_at = models.DateTimeField(_("opened at"))
    started_at = models.DateTimeField(_("writing started at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    last_written_at = models.DateTimeField(
        _("last chunk written at"),
        null=True,
        blank=True,
        help_text=_("A period whose ledger stops moving is resumed by a sweep."),
    )

    class Meta:
        ordering = ["-sharing_day", "-id"]
        verbose_name = _("sharing period")
        verbose_name_plural = _("sharing periods")
        permissions = [("export_payouts", "Can export the payouts bank file")]
        constraints = [
            models.UniqueConstraint(fields=["plan", "sharing_day"], name="sharing_period_per_day"),
            models.CheckConstraint(
                condition=Q(members_written__lte=models.F("members_count")),
                name="sharing_written_within_count",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan.code} {self.sharing_day.isoformat()}"

    @property
    def is_complete(self) -> bool:
        return self.status == PeriodStatus.COMPLETE

    @property
    def progress_percent(self) -> int:
        if not self.members_count:
            return 100
        return int(self.members_written * 100 // self.members_count)

    @property
    def platform_amount(self):
        """What the platform bears (all of it in a platform-paid period)."""
        return self.total if self.payer == Payer.PLATFORM else Decimal("0.00")

    @property
    def payouts_due_on(self):
        return self.sharing_day + timedelta(days=settings.PAYOUT_DAYS)

    @transition(
        field=status,
        source=PeriodStatus.BUILDING,
        target=PeriodStatus.COMPLETE,
        permission="sharing.change_sharingperiod",
        custom={"label": _("Complete the period")},
    )
    def complete(self, *, members_written, at) -> None:
        """The books balanced (the service checks them to the fen)."""
        self.members_written = members_written
        self.completed_at = at


class MemberShare(models.Model):
    """One member's share of one period: the ledger. Written set-based, never one ORM
    object per member. The unique (period, member) index is the only one it needs: it
    serves the period's reads and, with the period ids given, a member's.

    Neither foreign key has a database constraint: every row is written by one
    ``INSERT … SELECT`` from ``members_enrolment`` (whose own key to the member is
    checked) for a period that exists, and neither members nor periods are ever
    deleted (PROTECT). A per-row check would cost two thirds of the write for nothing
    (bench/README.md); ``sharing_period_complete`` checks the rows against the books.
    """

    period = models.ForeignKey(
        SharingPeriod,
        on_delete=models.PROTECT,
        related_name="shares",
        db_index=False,  # the unique (period, member) index leads with period
        db_constraint=False,
        verbose_name=_("sharing period"),
    )
    member = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        related_name="shares",
        db_index=False,  # read by (period ids, member ids) through the unique index
        db_constraint=False,
        verbose_name=_("member"),
    )
    amount = money(_("share"))

    class Meta:
        verbose_name = _("member share")
        verbose_name_plural = _("member shares")
        constraints = [
            models.UniqueConstraint(fields=["period", "member"], name="member_share_once"),
        ]

    def __str__(self) -> str:
        return f"{self.period_id}/{self.member_id}: {self.amount}"


class PayoutStatus(models.TextChoices):
    DUE = "due", _("To be issued")
    HELD = "held", _("Held")
    ISSUED = "issued", _("Issued")


def period_complete(payout: "Payout") -> bool:
    """A payout never goes out on a ledger that did not balance."""
    return payout.period.status == PeriodStatus.COMPLETE


class Payout(Aggregate):
    """The payment of one approved case, due within 7 days after the sharing day: issued
    by the sweep on its due date, or held with the refusal's code until finance
    releases it. Its events are its period's."""

    audit_trail = AuditTrail("sharing.SharingEvent", "period", owner_id="period_id")

    claim = models.OneToOneField(
        "claims.Claim", on_delete=models.PROTECT, related_name="payout", verbose_name=_("claim")
    )
    period = models.ForeignKey(
        SharingPeriod,
        on_delete=models.PROTECT,
        related_name="payouts",
        verbose_name=_("sharing period"),
    )
    amount = money(_("amount"))
    payer = models.CharField(
        _("paid by"), max_length=10, choices=Payer.choices, default=Payer.MEMBERS
    )
    status = FSMField(
        _("status"),
        max_length=10,
        choices=PayoutStatus.choices,
        default=PayoutStatus.DUE,
        protected=True,
    )
    due_on = models.DateField(_("due on"))
    reference = models.CharField(_("payout reference"), max_length=64, blank=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    held = models.CharField(
        _("held"),
        max_length=40,
        blank=True,
        help_text=_("Why the sweep could not issue it (a refusal code); empty to retry."),
    )

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("payout")
        verbose_name_plural = _("payouts")
        constraints = [
            models.UniqueConstraint(
                fields=["reference"], condition=~Q(reference=""), name="payout_reference_unique"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payout_amount_positive"),
        ]
        indexes = [
            # The sweep's work queue: payouts not yet issued, by due date.
            models.Index(fields=["due_on"], condition=Q(status="due"), name="payout_due"),
        ]

    def __str__(self) -> str:
        return self.reference or f"payout {self.pk} (claim {self.claim_id})"

    @property
    def is_issued(self) -> bool:
        return self.issued_at is not None

    @transition(
        field=status,
        source=[PayoutStatus.DUE, PayoutStatus.HELD],
        target=PayoutStatus.ISSUED,
        conditions=[fsm_condition(period_complete)],
        permission="claims.pay_claim",
        custom={"label": _("Issue the payout")},
    )
    def issue(self, *, reference, at) -> None:
        self.reference = reference
        self.issued_at = at
        self.held = ""

    @transition(
        field=status,
        source=PayoutStatus.DUE,
        target=PayoutStatus.HELD,
        custom={"label": _("Hold the payout")},
    )
    def hold(self, *, code, at) -> None:
        self.held = code[:40]

    @transition(
        field=status,
        source=PayoutStatus.HELD,
        target=PayoutStatus.DUE,
        permission="sharing.export_payouts",
        custom={"label": _("Release the payout")},
    )
    def release(self, *, at) -> None:
        self.held = ""


class SharingEventType(models.TextChoices):
    OPENED = "opened", _("Period opened")
    SHARES_WRITTEN = "shares_written", _("Shares written")
    COMPLETED = "completed", _("Period complete")
    PAYOUT_ISSUED = "payout_issued", _("Payout issued")
    PAYOUT_REFUSED = "payout_refused", _("Payout refused")
    PAYOUT_RELEASED = "payout_released", _("Payout released for the next sweep")
    CHUNK_WRITTEN = "chunk_written", _("Ledger chunk written")
    PAYOUTS_EXPORTED = "payouts_exported", _("Payouts bank file exported")


class SharingEvent(AuditEvent):
    """The sharing period's audit trail (its payouts' steps too, from and to the payout's
    states). Append-only (a trigger on PostgreSQL as well)."""

    period = models.ForeignKey(
        SharingPeriod, on_delete=models.PROTECT, related_name="events", verbose_name=_("period")
    )
    event_type = models.CharField(_("event"), max_length=20, choices=SharingEventType.choices)

    class Meta:
        ordering = ["period_id", "id"]
        verbose_name = _("sharing event")
        verbose_name_plural = _("sharing events")

    def __str__(self) -> str:
        return f"{self.period_id} {self.event_type}"
