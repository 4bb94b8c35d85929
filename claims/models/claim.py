"""The claim (互助金申请) and its guarded state machine (the guards: ``claims.models.guards``).

Transition bodies change fields in memory only; the services in ``claims.services``
run each through ``core.aggregates.run_step`` (lock the row, check permission and
``can_proceed``, run the transition, save, write the event), in one transaction.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, FSMField, transition

from claims.models.guards import (
    appeal_pending,
    appeal_window_open,
    appeal_window_over,
    has_decision,
    has_documents,
    investigation_complete,
    is_claimant,
    may_appeal,
    may_dispute,
    payable,
    publicity_due,
    publicity_open,
)
from claims.rules import period_end
from claims.states import ClaimState, Decision
from core.models import Aggregate, AuditTrail, fsm_condition, fsm_permission
from core.money import MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS

S = ClaimState


def new_claim_reference() -> str:
    """``HZ7K3M9Q2X``: short, unambiguous, not guessable, not sequential."""
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    return "HZ" + "".join(secrets.choice(alphabet) for _ in range(8))


class Claim(Aggregate):
    audit_trail = AuditTrail("claims.ClaimEvent", "claim")

    reference = models.CharField(
        _("reference"), max_length=12, unique=True, default=new_claim_reference, editable=False
    )
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="claims", verbose_name=_("member")
    )
    plan = models.ForeignKey(
        "members.Plan", on_delete=models.PROTECT, related_name="claims", verbose_name=_("plan")
    )
    enrolment = models.ForeignKey(
        "members.Enrolment",
        on_delete=models.PROTECT,
        related_name="claims",
        verbose_name=_("enrolment"),
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="claims_filed",
        verbose_name=_("filed by"),
    )

    condition_code = models.CharField(_("condition"), max_length=60)
    condition_definition = models.ForeignKey(
        "claims.ConditionDefinition",
        on_delete=models.PROTECT,
        null=True,
        related_name="claims",
        verbose_name=_("definition applied"),
        help_text=_("The condition's definition in force on the diagnosis date."),
    )
    diagnosis = models.TextField(_("diagnosis"))
    hospital = models.CharField(_("hospital"), max_length=200)
    city = models.CharField(_("city"), max_length=50)
    diagnosis_date = models.DateField(_("date of first diagnosis"))
    age_at_diagnosis = models.PositiveIntegerField(_("age at diagnosis"))
    benefit_amount = models.DecimalField(
        _("benefit for the age band"),
        max_digits=MONEY_MAX_DIGITS,
        decimal_places=MONEY_DECIMAL_PLACES,
    )

    state = FSMField(_("state"), default=S.FILED, choices=S.choices, protected=True, db_index=True)
    filed_at = models.DateTimeField(_("filed at"))

    # The investigation's proposed decision.
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, blank=True)
    approved_amount = models.DecimalField(
        _("approved amount"),
        max_digits=MONEY_MAX_DIGITS,
        decimal_places=MONEY_DECIMAL_PLACES,
        null=True,
        blank=True,
    )
    decision_reason = models.TextField(_("reason"), blank=True)
    decision_clause = models.TextField(_("rule or clause"), blank=True)
    investigated_at = models.DateTimeField(_("investigated at"), null=True, blank=True)

    # Public notice (公示).
    publicity_batch = models.ForeignKey(
        "claims.PublicityBatch",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        verbose_name=_("publicity batch"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    publicity_ends_at = models.DateTimeField(_("public notice ends"), null=True, blank=True)
    publicity_closed_at = models.DateTimeField(_("public notice closed at"), null=True, blank=True)

    # Dispute and jury (赔审团).
    disputed_at = models.DateTimeField(_("disputed at"), null=True, blank=True)
    jury_verdict = models.CharField(
        _("jury verdict"), max_length=10, choices=Decision.choices, blank=True
    )
    jury_pay_votes = models.PositiveIntegerField(_("votes to pay"), null=True, blank=True)
    jury_deny_votes = models.PositiveIntegerField(_("votes to deny"), null=True, blank=True)
    jury_voted_at = models.DateTimeField(_("jury voted at"), null=True, blank=True)
    appeal_ends_at = models.DateTimeField(_("appeal window ends"), null=True, blank=True)
    jury_settled_at = models.DateTimeField(_("jury result final at"), null=True, blank=True)
    appeal_lodged_at = models.DateTimeField(_("appeal lodged at"), null=True, blank=True)
    appeal_resulted_at = models.DateTimeField(_("appeal decided at"), null=True, blank=True)

    # Outcome.
    payable_at = models.DateTimeField(_("payable since"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    payout_reference = models.CharField(_("payout reference"), max_length=64, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-filed_at", "-id"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        permissions = [
            ("investigate_claim", "Can investigate claims"),
            ("assign_investigation", "Can assign investigations"),
            ("decide_claim", "Can decide a claim on its investigation"),
            ("publish_claim", "Can publish a claim for public notice"),
            ("close_publicity", "Can close a due public notice"),
            ("record_jury_result", "Can record a jury result"),
            ("settle_jury_result", "Can make a jury result final"),
            ("pay_claim", "Can mark a claim paid"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(approved_amount__isnull=True)
                | Q(approved_amount__gt=0, approved_amount__lte=models.F("benefit_amount")),
                name="claim_approved_within_benefit",
            ),
            models.UniqueConstraint(
                fields=["member", "plan", "condition_code"],
                condition=~Q(state__in=["denied", "withdrawn"]),
                name="claim_one_open_per_condition",
            ),
            models.UniqueConstraint(
                fields=["payout_reference"],
                condition=~Q(payout_reference=""),
                name="claim_payout_reference_unique",
            ),
            # Published means published in a batch, on the board (公示栏).
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(publicity_batch__isnull=False),
                name="claim_published_in_a_batch",
            ),
        ]
        indexes = [
            models.Index(
                fields=["publicity_ends_at"],
                condition=Q(state="publicised", publicity_closed_at__isnull=True),
                name="claim_publicity_due",
            ),
            models.Index(
                fields=["appeal_ends_at"],
                condition=Q(state="jury_voted", jury_settled_at__isnull=True),
                name="claim_appeal_due",
            ),
            models.Index(fields=["member", "-filed_at"], name="claim_member_recent"),
            # Each queue's order (office.selectors.queue, docs/decisions.md "Counts, pages
            # and indexes"): filed claims oldest first (unassigned, overdue) …
            models.Index(
                fields=["filed_at", "id"],
                condition=Q(state="filed"),
                name="claim_filed_oldest_first",
            ),
            # … every claim by filing time (the "all claims" tab, the API's list) …
            models.Index(fields=["filed_at", "id"], name="claim_by_filing"),
            # … a condition's claims by filing time (the condition filter; the search) …
            models.Index(
                fields=["condition_code", "filed_at", "id"], name="claim_condition_recent"
            ),
            # … a batch's cards on the board, by id.
            models.Index(
                fields=["publicity_batch", "id"],
                condition=Q(publicity_batch__isnull=False),
                name="claim_batch_cards",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def final_decision(self) -> str:
        """The decision that stands: the jury's verdict if there was one, else the proposal."""
        return self.jury_verdict or self.decision

    @property
    def condition_name(self) -> str:
        if self.condition_definition is not None:
            return self.condition_definition.name
        return self.condition_code

    @property
    def is_final(self) -> bool:
        from claims.states import FINAL_STATES

        return self.state in FINAL_STATES

    # --- transitions ----------------------------------------------------------------

    @transition(
        field=state,
        source=S.FILED,
        target=S.INVESTIGATED,
        conditions=[fsm_condition(has_documents), fsm_condition(investigation_complete)],
        permission="claims.decide_claim",
        custom={
            "label": _("Record decision"),
            "admin": False,  # decided on the back-office case page, beside the facts
        },
    )
    def investigate(self, *, decision, approved_amount, reason, clause, at) -> None:
        self.decision = decision
        self.approved_amount = approved_amount if decision == Decision.APPROVE else None
        self.decision_reason = reason
        self.decision_clause = clause
        self.investigated_at = at

    @transition(
        field=state,
        source=S.INVESTIGATED,
        target=S.PUBLICISED,
        conditions=[fsm_condition(has_decision)],
        permission="claims.publish_claim",
        # Only a publicity batch publishes (claims.services.publicity): never one by one.
        custom={"label": _("Publish for public notice"), "admin": False},
    )
    def publish(self, *, at, batch) -> None:
        """Into ``batch``: a claim is never under notice without being on the board."""
        self.publicity_batch = batch
        self.published_at = at
        self.publicity_ends_at = period_end(at, settings.PUBLICITY_DAYS)

    @transition(
        field=state,
        source=S.PUBLICISED,
        target=S.DISPUTED,
        conditions=[fsm_condition(publicity_open)],
        permission=fsm_permission(may_dispute),
        custom={"label": _("Dispute"), "admin": False},
    )
    def lodge_dispute(self, *, at) -> None:
        self.disputed_at = at

    @transition(
        field=state,
        source=S.PUBLICISED,
        target=RETURN_VALUE(S.PUBLICISED, S.DENIED),
        conditions=[fsm_condition(publicity_due)],
        permission="claims.close_publicity",
        custom={"label": _("Close public notice"), "admin": True},
    )
    def close_publicity(self, *, at) -> str:
        """No dispute by the end of notice: a denial is final, an approval becomes payable."""
        self.publicity_closed_at = at
        if self.decision == Decision.DENY:
            self.closed_at = at
            return S.DENIED
        self.payable_at = at
        return S.PUBLICISED

    @transition(
        field=state,
        source=S.DISPUTED,
        target=S.JURY_VOTED,
        permission="claims.record_jury_result",
        custom={
            "label": _("Record jury result"),
            "admin": True,
            "form": "claims.forms.JuryResultForm",
        },
    )
    def record_jury_result(self, *, verdict, pay_votes, deny_votes, at) -> None:
        self.jury_verdict = verdict
        self.jury_pay_votes = pay_votes
        self.jury_deny_votes = deny_votes
        self.jury_voted_at = at
        self.appeal_ends_at = period_end(at, settings.JURY_APPEAL_DAYS)

    @transition(
        field=state,
        source=S.JURY_VOTED,
        target=S.JURY_VOTED,
        conditions=[fsm_condition(appeal_window_open)],
        permission=fsm_permission(may_appeal),
        custom={"label": _("Appeal"), "admin": False},
    )
    def lodge_appeal(self, *, at) -> None:
        self.appeal_lodged_at = at

    @transition(
        field=state,
        source=S.JURY_VOTED,
        target=S.JURY_VOTED,
        conditions=[fsm_condition(appeal_pending)],
        permission="claims.record_jury_result",
        custom={"label": _("Record appeal result"), "admin": False},
    )
    def record_appeal_result(self, *, verdict, pay_votes, deny_votes, at) -> None:
        """The appeal panel's result is final: it replaces the first and settles now."""
        self.jury_verdict = verdict
        self.jury_pay_votes = pay_votes
        self.jury_deny_votes = deny_votes
        self.jury_voted_at = at
        self.appeal_resulted_at = at
        self.appeal_ends_at = at

    @transition(
        field=state,
        source=S.JURY_VOTED,
        target=RETURN_VALUE(S.JURY_VOTED, S.DENIED),
        conditions=[fsm_condition(appeal_window_over)],
        permission="claims.settle_jury_result",
        custom={"label": _("Make jury result final"), "admin": True},
    )
    def settle_jury_result(self, *, at) -> str:
        self.jury_settled_at = at
        if self.jury_verdict == Decision.DENY:
            self.closed_at = at
            return S.DENIED
        if self.approved_amount is None:
            # A denial overturned by the jury pays the benefit of the age band.
            self.approved_amount = self.benefit_amount
        self.payable_at = at
        return S.JURY_VOTED

    @transition(
        field=state,
        source=[S.PUBLICISED, S.JURY_VOTED],
        target=S.PAID,
        conditions=[fsm_condition(payable)],
        permission="claims.pay_claim",
        custom={"label": _("Mark paid"), "admin": True, "form": "claims.forms.PaymentForm"},
    )
    def pay(self, *, payout_reference, at) -> None:
        self.payout_reference = payout_reference
        self.paid_at = at
        self.closed_at = at

    @transition(
        field=state,
        source=[S.FILED, S.INVESTIGATED],
        target=S.WITHDRAWN,
        permission=fsm_permission(is_claimant),
        custom={"label": _("Withdraw"), "admin": False},
    )
    def withdraw(self, *, at) -> None:
        self.closed_at = at
