"""Drafts and filing (DOMAIN.md 3.1).

The portal and the API save what the claimant entered as a draft first, then try
to file it. A filing refused by a hard rule raises a RuleViolation naming the rule
and the dates; the refusal is written on the draft, and the draft, its fields and
its documents stay as they were.
"""

import logging
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from claims.definitions.selectors import condition_in_force, condition_name
from claims.models import Claim, ClaimDraft, ConditionDefinition, DraftStatus
from claims.rules import (
    benefit_for_condition,
    check_diagnosis_date,
    check_shutdown_window,
    diagnosed_before_stop,
    filing_window_closes_at,
)
from claims.services.transitions import notices
from claims.states import ClaimEventType, ClaimState
from core import clock
from core.aggregates import run_step
from core.errors import DomainError, NotPermitted, RuleViolation
from core.locks import lock_for_share
from core.text import join_words
from members import rules
from members.models import Enrolment, Member, Plan
from members.selectors import enrolment_on

logger = logging.getLogger(__name__)

DRAFT_FIELDS = (
    "member",
    "plan",
    "condition_code",
    "diagnosis",
    "hospital",
    "city",
    "diagnosis_date",
)
NULLABLE_DRAFT_FIELDS = {"member", "plan", "diagnosis_date"}
REQUIRED_FOR_FILING = {
    "member": gettext_lazy("member"),
    "plan": gettext_lazy("plan"),
    "condition_code": gettext_lazy("condition"),
    "diagnosis": gettext_lazy("diagnosis"),
    "hospital": gettext_lazy("hospital"),
    "city": gettext_lazy("city"),
    "diagnosis_date": gettext_lazy("date of first diagnosis"),
}


@transaction.atomic
def draft_save(
    *,
    account: User,
    data: dict[str, Any],
    draft: ClaimDraft | None = None,
    now: datetime | None = None,
) -> ClaimDraft:
    """Create or update a draft with whatever the claimant entered so far."""
    now = now or clock.now()
    if draft is None:
        draft = ClaimDraft(account=account, created_at=now)
    else:
        draft = ClaimDraft.objects.select_for_update().get(pk=draft.pk)
        if draft.account_id != account.pk:
            raise NotPermitted(_("This draft is not yours."))
        _refuse_closed_draft(draft)
    member = data.get("member")
    if member is not None and member.account_id != account.pk:
        raise NotPermitted(_("You can only claim for members of your own account."))
    for field in DRAFT_FIELDS:
        if field in data:
            value = data[field]
            if value is None and field not in NULLABLE_DRAFT_FIELDS:
                value = ""
            setattr(draft, field, value)
    if draft.diagnosis_date is not None:
        check_diagnosis_date(
            diagnosis_date=draft.diagnosis_date,
            birth_date=draft.member.birth_date if draft.member is not None else None,
            today=clock.beijing_date(now),
        )
    if draft.plan_id is not None:
        # Share the plan row: a shutdown being announced (FOR UPDATE) is either seen here,
        # or sees this draft when it sets the open drafts' windows.
        lock_for_share(Plan, draft.plan_id)
    draft.window_closes_at = draft_window_closes_at(draft)
    draft.updated_at = now
    draft.save()
    return draft


@transaction.atomic
def draft_delete(*, draft: ClaimDraft | int, actor: User) -> int:
    """Delete an open draft of the actor's and its uploads (rows and files). A filed
    draft is its claim's record and an expired one is kept for the member's records:
    both are refused. Returns how many documents went with it."""
    from claims.services.documents import delete_files_on_commit

    pk = draft.pk if isinstance(draft, ClaimDraft) else draft
    draft = ClaimDraft.objects.select_for_update().get(pk=pk)
    if draft.account_id != actor.pk:
        raise NotPermitted(_("This draft is not yours."))
    _refuse_closed_draft(draft)
    documents = list(draft.documents.select_for_update())
    delete_files_on_commit(documents)
    for document in documents:
        document.delete()
    draft.delete()
    logger.info("draft %s deleted by account %s (%s documents)", pk, actor.pk, len(documents))
    return len(documents)


def draft_window_closes_at(draft: ClaimDraft, *, plan: Plan | None = None) -> datetime | None:
    """In a plan that is winding down, the last moment the draft can be filed (its
    diagnosis date decides it); None otherwise, or while the draft lacks either.
    ``plan``: the draft's plan as already read (else it is read here)."""
    if draft.plan_id is None or draft.diagnosis_date is None:
        return None
    if plan is None:
        plan = Plan.objects.only("coverage_ends_at", "claim_window_days").get(pk=draft.plan_id)
    if plan.coverage_ends_at is None or plan.claim_window_days is None:
        return None
    if not diagnosed_before_stop(draft.diagnosis_date, plan.coverage_ends_at):
        return plan.coverage_ends_at  # never fileable: it expires at the stop
    return filing_window_closes_at(
        diagnosis_date=draft.diagnosis_date,
        coverage_ends_at=plan.coverage_ends_at,
        window_days=plan.claim_window_days,
    )


def _refuse_closed_draft(draft: ClaimDraft) -> None:
    if draft.status == DraftStatus.FILED:
        raise DomainError(_("This draft has been filed already."), code="draft_filed")
    if draft.status == DraftStatus.EXPIRED:
        raise DomainError(
            _("This draft expired when its claim window closed; it is kept for your records."),
            code="draft_expired",
        )


def claim_file(*, draft: ClaimDraft, actor: User, now: datetime | None = None) -> Claim:
    """File a draft as a claim. Idempotent: a filed draft returns its claim.

    On refusal the draft records the reason (in its own transaction) and the
    RuleViolation propagates to the form or the API.
    """
    now = now or clock.now()
    try:
        return _claim_file(draft_id=draft.pk, actor=actor, now=now)
    except RuleViolation as refusal:
        ClaimDraft.objects.filter(pk=draft.pk, status=DraftStatus.OPEN).update(
            refusal_code=refusal.code, refusal_message=str(refusal.message), updated_at=now
        )
        raise


@transaction.atomic
def _claim_file(*, draft_id: int, actor: User, now: datetime) -> Claim:
    draft = ClaimDraft.objects.select_for_update().get(pk=draft_id)
    if draft.status == DraftStatus.FILED and draft.claim is not None:
        return draft.claim
    if draft.account_id != actor.pk:
        raise NotPermitted(_("This draft is not yours."))
    _refuse_closed_draft(draft)
    _refuse_incomplete_draft(draft)
    # _refuse_incomplete_draft checked them: a draft is filed with a member, plan and date.
    assert draft.member_id and draft.plan_id and draft.diagnosis_date
    # One filing per member at a time: the duplicate and lump-sum checks below read
    # the member's other claims, so they must not race another filing.
    member: Member = Member.objects.select_for_update().get(pk=draft.member_id)
    plan: Plan = Plan.objects.prefetch_related("benefit_bands").get(pk=draft.plan_id)
    condition = _condition_covered(plan, draft.condition_code, draft.diagnosis_date)
    _refuse_outside_shutdown_window(plan, draft.diagnosis_date, now)
    today = clock.beijing_date(now)
    enrolment = _enrolment_on_diagnosis(member, plan, draft.diagnosis_date)
    assessment = _assess(
        member=member,
        plan=plan,
        enrolment=enrolment,
        diagnosis_date=draft.diagnosis_date,
        today=today,
    )
    _refuse_duplicates(member=member, plan=plan, condition_code=draft.condition_code)
    try:
        with transaction.atomic():
            claim = _create_claim(
                draft,
                member,
                plan,
                enrolment,
                assessment,
                condition,
                actor,
                now,
                diagnosis_date=draft.diagnosis_date,
            )
    except IntegrityError as exc:  # the open-claim constraint, if a check was bypassed
        raise RuleViolation(
            _("A claim for this condition is already in progress."), code="duplicate_claim"
        ) from exc
    draft.documents.update(claim=claim)
    # The draft's step is the claim's first event (from no state to ``filed``).
    run_step(
        draft,
        transition="file",
        event_type=ClaimEventType.FILED,
        actor=actor,
        now=now,
        transition_kwargs={"claim": claim},
        record_on=claim,
        states=("", claim.state),
        payload=_filing_facts(draft, claim, enrolment, assessment, condition),
        followups=notices,
        not_permitted=lambda d: NotPermitted(_("This draft is not yours.")),
    )
    return claim


def _refuse_incomplete_draft(draft: ClaimDraft) -> None:
    """A draft is filed complete, with at least one medical document."""
    missing = draft_missing_fields(draft)
    if missing:
        labels = join_words(REQUIRED_FOR_FILING[field] for field in missing)
        raise RuleViolation(
            _("Please complete: %(fields)s.") % {"fields": labels},
            code="draft_incomplete",
            missing=",".join(missing),
        )
    if not draft.documents.exists():
        raise RuleViolation(
            _("Attach at least one medical document (record, discharge summary or report)."),
            code="documents_required",
        )


def _condition_covered(plan: Plan, code: str, day: date) -> ConditionDefinition:
    """The definition of the condition ``code`` in the plan's set in force on ``day``."""
    condition = condition_in_force(plan=plan, code=code, day=day)
    if condition is None:
        raise RuleViolation(
            _("On %(day)s, the plan's definitions did not include the condition “%(name)s”.")
            % {"day": day.isoformat(), "name": condition_name(code)},
            code="condition_not_covered",
        )
    return condition


def _refuse_outside_shutdown_window(plan: Plan, diagnosis_date: date, now: datetime) -> None:
    """In a plan winding down (停运): diagnosed before the stop, filed within the window."""
    if plan.coverage_ends_at is not None and plan.claim_window_days is not None:
        check_shutdown_window(
            diagnosis_date=diagnosis_date,
            coverage_ends_at=plan.coverage_ends_at,
            window_days=plan.claim_window_days,
            filed_at=now,
        )


def _enrolment_on_diagnosis(member: Member, plan: Plan, day: date) -> Enrolment:
    """The member's enrolment in the plan that covers ``day`` (or their last one)."""
    enrolment = enrolment_on(member=member, plan=plan, day=day)
    if enrolment is None:
        raise RuleViolation(
            _("%(name)s has never been a member of %(plan)s.")
            % {"name": member.masked_name, "plan": plan.name},
            code="not_enrolled",
        )
    return enrolment


def _filing_facts(
    draft: ClaimDraft,
    claim: Claim,
    enrolment: Enrolment,
    assessment: rules.ClaimAssessment,
    condition: ConditionDefinition,
) -> dict[str, Any]:
    """The filing event's payload: what the claim was assessed on."""
    return {
        "draft_id": draft.pk,
        "enrolment_id": enrolment.pk,
        "age_at_diagnosis": assessment.age_at_diagnosis,
        "band_amount": str(assessment.benefit_amount),
        "benefit_share": str(condition.benefit_share),
        "benefit_amount": str(claim.benefit_amount),
        "definition": str(condition),
        "first_covered_day": assessment.first_covered_day.isoformat(),
    }


def _create_claim(
    draft: ClaimDraft,
    member: Member,
    plan: Plan,
    enrolment: Enrolment,
    assessment: rules.ClaimAssessment,
    condition: ConditionDefinition,
    actor: User,
    now: datetime,
    diagnosis_date: date,
) -> Claim:
    return Claim.objects.create(
        member=member,
        plan=plan,
        enrolment=enrolment,
        filed_by=actor,
        condition_code=draft.condition_code,
        diagnosis=draft.diagnosis,
        hospital=draft.hospital,
        city=draft.city,
        diagnosis_date=diagnosis_date,
        age_at_diagnosis=assessment.age_at_diagnosis,
        benefit_amount=benefit_for_condition(assessment.benefit_amount, condition.benefit_share),
        condition_definition=condition,
        filed_at=now,
    )


def draft_missing_fields(draft: ClaimDraft) -> list[str]:
    """The fields filing needs that the draft leaves empty, in the form's order."""
    return [field for field in REQUIRED_FOR_FILING if not _draft_value(draft, field)]


def _draft_value(draft: ClaimDraft, field: str) -> object:
    """The draft's value for ``field``; foreign keys by id, so nothing is fetched."""
    return getattr(draft, f"{field}_id" if field in ("member", "plan") else field)


def _assess(
    *, member: Member, plan: Plan, enrolment: Enrolment, diagnosis_date: date, today: date
) -> rules.ClaimAssessment:
    return rules.assess_claim(
        birth_date=member.birth_date,
        joined_on=clock.beijing_date(enrolment.joined_at),
        left_on=clock.beijing_date(enrolment.left_at) if enrolment.left_at else None,
        waiting_days=plan.waiting_days,
        bands=plan.band_rules(),
        diagnosis_date=diagnosis_date,
        today=today,
    )


def _refuse_duplicates(*, member: Member, plan: Plan, condition_code: str) -> None:
    claims = Claim.objects.filter(member=member, plan=plan)
    if claims.filter(state=ClaimState.PAID).exists():
        raise RuleViolation(
            _("The plan's lump sum has already been paid to this member."),
            code="benefit_already_paid",
        )
    open_claim = (
        claims.filter(condition_code=condition_code)
        .exclude(state__in=[ClaimState.DENIED, ClaimState.WITHDRAWN])
        .first()
    )
    if open_claim:
        raise RuleViolation(
            _("Claim %(ref)s for this condition is already in progress.")
            % {"ref": open_claim.reference},
            code="duplicate_claim",
        )
