"""Plans (互助计划), members, family links and enrolments."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Mod
from django.db.models.lookups import Exact
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.models import AuditEvent, AuditTrail
from core.money import MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS
from members import rules


class PlanKind(models.TextChoices):
    CRITICAL_ILLNESS = "critical_illness", _("Critical illness")
    CANCER = "cancer", _("Cancer")
    ACCIDENT = "accident", _("Accident")


class Plan(models.Model):
    """A mutual-aid plan as data: who may join, what it pays, and for what."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=PlanKind.choices)
    min_join_age_days = models.PositiveIntegerField(
        _("minimum age at joining (days)"), default=0, help_text=_("e.g. 30 days for newborns")
    )
    min_join_age_years = models.PositiveIntegerField(_("minimum age at joining (years)"), default=0)
    max_join_age_years = models.PositiveIntegerField(_("maximum age at joining (years)"))
    waiting_days = models.PositiveIntegerField(_("waiting period (days)"), default=90)
    declaration_questions = models.JSONField(
        _("health declaration questions"),
        default=list,
        help_text=_("Question keys that must all be answered 'no' to join."),
    )
    accepting_joins = models.BooleanField(_("accepting new members"), default=True)
    jury_panel_size = models.PositiveIntegerField(
        _("jury panel seats"),
        null=True,
        blank=True,
        default=31,
        help_text=_("An odd number; empty for an open panel (every qualified juror may vote)."),
    )
    jury_quorum = models.PositiveIntegerField(_("jury quorum (valid ballots)"), default=21)
    jury_voting_hours = models.PositiveIntegerField(_("jury voting time (hours)"), default=24)
    document_request_days = models.PositiveIntegerField(
        _("days to answer a document request"),
        default=30,
        help_text=_(
            "A document the investigator asks for is due this many days after the request "
            "(counted from the next day, to 24:00 Beijing time); reminders go out before it."
        ),
    )
    # The wind-down (停运), written only by winddown.services when a shutdown is announced:
    # the plan's own rules read them, so no lower app depends on the winddown app.
    shutdown_announced_at = models.DateTimeField(
        _("shutdown announced at"),
        null=True,
        blank=True,
        help_text=_("From this moment no one joins and members share nothing more."),
    )
    coverage_ends_at = models.DateTimeField(
        _("coverage ends at"),
        null=True,
        blank=True,
        help_text=_("The stop moment: only diagnoses before it are covered."),
    )
    claim_window_days = models.PositiveIntegerField(
        _("claim window after the shutdown (days)"), null=True, blank=True
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(jury_panel_size__isnull=True) | Q(Exact(Mod("jury_panel_size", 2), 1)),
                name="plan_panel_size_odd",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "").startswith("en") else self.name_zh

    def band_rules(self) -> list[rules.BenefitBandRule]:
        return [
            rules.BenefitBandRule(b.min_age, b.max_age, b.amount) for b in self.benefit_bands.all()
        ]


class BenefitBand(models.Model):
    """The benefit for an age band at diagnosis (e.g. 300,000 CNY for ages 0–39)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="benefit_bands")
    min_age = models.PositiveIntegerField(_("from age"))
    max_age = models.PositiveIntegerField(_("to age (included)"))
    amount = models.DecimalField(
        _("benefit (CNY)"), max_digits=MONEY_MAX_DIGITS, decimal_places=MONEY_DECIMAL_PLACES
    )

    class Meta:
        ordering = ["plan", "min_age"]
        verbose_name = _("benefit band")
        verbose_name_plural = _("benefit bands")
        constraints = [
            models.CheckConstraint(condition=Q(min_age__lte=models.F("max_age")), name="band_ages"),
            models.CheckConstraint(
                condition=Q(amount__gt=Decimal("0")), name="band_amount_positive"
            ),
            models.UniqueConstraint(fields=["plan", "min_age"], name="band_unique_start"),
        ]

    def __str__(self) -> str:
        return f"{self.plan.code} {self.min_age}–{self.max_age}: {self.amount}"


class Relation(models.TextChoices):
    SELF = "self", _("Self")
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")


class Member(models.Model):
    """A person covered by plans. One account may hold several (self, children, parents).

    A member has no state: its events (added) record none."""

    audit_trail = AuditTrail("members.MembershipEvent", "member")

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="members"
    )
    relation = models.CharField(
        _("relation to account holder"), max_length=10, choices=Relation.choices
    )
    full_name = models.CharField(_("full name"), max_length=100)
    national_id_hash = models.CharField(max_length=64, unique=True, editable=False)
    national_id_masked = models.CharField(_("national ID"), max_length=18, editable=False)
    birth_date = models.DateField(_("date of birth"))
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    city = models.CharField(_("city"), max_length=50, blank=True)
    fraud_found = models.BooleanField(
        _("found to have concealed facts or committed fraud"), default=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(
                fields=["account"], condition=Q(relation="self"), name="one_self_member_per_account"
            )
        ]

    def __str__(self) -> str:
        return f"{self.masked_name} ({self.national_id_masked})"

    @property
    def masked_name(self) -> str:
        """张** — the family name and stars: what pages show to anyone but the account."""
        return self.full_name[:1] + "*" * max(len(self.full_name) - 1, 1)

    @property
    def initials(self) -> str:
        return self.full_name[:1]


class FamilyLink(models.Model):
    """A recorded family tie between two members (the jury excludes relatives)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="family_links")
    relative = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    relation = models.CharField(max_length=10, choices=Relation.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("family link")
        verbose_name_plural = _("family links")
        constraints = [
            models.UniqueConstraint(fields=["member", "relative"], name="family_link_unique"),
            models.CheckConstraint(condition=~Q(member=models.F("relative")), name="no_self_link"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} → {self.relative_id} ({self.relation})"


class EnrolmentState(models.TextChoices):
    """An enrolment's state, worked out from its dates (the joining and sharing rules read
    the dates): what the membership events record as from and to."""

    ENROLLED = "enrolled", _("In the plan")
    LEFT = "left", _("Left the plan")


class Enrolment(models.Model):
    """A member's time in a plan, with what they declared when joining.

    It has no status column: whether it is open is its ``left_at``, which the joining and
    sharing rules read as a date. ``audit_state`` names it for the membership events."""

    audit_trail = AuditTrail(
        "members.MembershipEvent", "member", owner_id="member_id", also=(("enrolment_id", "pk"),)
    )

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="enrolments")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="enrolments")
    joined_at = models.DateTimeField(_("joined at"))
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)
    credit_score = models.PositiveIntegerField(_("credit score at joining"))
    health_declaration = models.JSONField(_("health declaration answers"), default=dict)

    class Meta:
        ordering = ["id"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "plan"],
                condition=Q(left_at__isnull=True),
                name="one_open_enrolment_per_plan",
            ),
            models.CheckConstraint(
                condition=Q(left_at__isnull=True) | Q(left_at__gte=models.F("joined_at")),
                name="enrolment_leaves_after_joining",
            ),
        ]
        indexes = [models.Index(fields=["plan", "left_at"], name="enrolment_plan_active")]

    def __str__(self) -> str:
        return f"{self.member} in {self.plan.code}"

    @property
    def audit_state(self) -> str:
        return EnrolmentState.LEFT if self.left_at is not None else EnrolmentState.ENROLLED


class MembershipEventType(models.TextChoices):
    MEMBER_ADDED = "member_added", _("Member added")
    JOINED = "joined", _("Joined a plan")
    LEFT = "left", _("Left a plan")


class MembershipEvent(AuditEvent):
    """Append-only audit of membership changes: from and to are the enrolment's states."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="events")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, null=True, related_name="+")
    event_type = models.CharField(max_length=20, choices=MembershipEventType.choices)

    class Meta:
        ordering = ["id"]
        verbose_name = _("membership event")
        verbose_name_plural = _("membership events")
