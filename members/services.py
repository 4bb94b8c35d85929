"""Membership writes: add a member (with family link), join a plan, leave a plan.

Each writes its event through ``core.aggregates.audit_record``: a member has no state,
an enrolment's is its dates (``Enrolment.audit_state``), so none is a transition."""

from datetime import date, datetime

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core import clock
from core.aggregates import audit_record
from core.errors import RuleViolation
from core.identifiers import (
    hash_identifier,
    identifier_birth_date,
    is_valid_identifier,
    mask_identifier,
)
from core.locks import lock_for_share
from members import rules
from members.models import (
    Enrolment,
    FamilyLink,
    Member,
    MembershipEventType,
    Plan,
    Relation,
)

INVERSE_RELATION = {
    Relation.SPOUSE: Relation.SPOUSE,
    Relation.CHILD: Relation.PARENT,
    Relation.PARENT: Relation.CHILD,
}


def _check_identity(national_id: str, birth_date: date, now: datetime) -> None:
    """A valid national ID whose date of birth is the one given, not in the future."""
    if not is_valid_identifier(national_id):
        raise RuleViolation(_("The national ID number is not valid."), code="invalid_national_id")
    if identifier_birth_date(national_id) != birth_date:
        raise RuleViolation(
            _("The date of birth does not match the national ID number."),
            code="birth_date_mismatch",
        )
    if birth_date > clock.beijing_date(now):
        raise RuleViolation(_("The date of birth is in the future."), code="birth_in_future")


def _family_link(holder: Member, relative: Member, relation: str) -> None:
    """Link a relative to the account holder's member, both ways."""
    FamilyLink.objects.create(member=holder, relative=relative, relation=relation)
    FamilyLink.objects.create(
        member=relative, relative=holder, relation=INVERSE_RELATION[Relation(relation)]
    )


@transaction.atomic
def member_add(
    *,
    account: User,
    relation: str,
    full_name: str,
    national_id: str,
    birth_date: date,
    phone: str = "",
    email: str = "",
    city: str = "",
    now: datetime | None = None,
) -> Member:
    """Add a person to an account; a relative is linked to the account holder's member."""
    now = now or clock.now()
    _check_identity(national_id, birth_date, now)
    holder = None
    if relation != Relation.SELF:
        holder = Member.objects.filter(account=account, relation=Relation.SELF).first()
        if holder is None:
            raise RuleViolation(
                _("Add the account holder before adding family members."),
                code="account_holder_missing",
            )
    try:
        with transaction.atomic():
            member = Member.objects.create(
                account=account,
                relation=relation,
                full_name=full_name.strip(),
                national_id_hash=hash_identifier(national_id),
                national_id_masked=mask_identifier(national_id),
                birth_date=birth_date,
                phone=phone,
                email=email,
                city=city,
            )
    except IntegrityError as exc:
        raise RuleViolation(
            _(
                "A member with this national ID (or a second 'self' on this account) "
                "already exists."
            ),
            code="member_exists",
        ) from exc
    if holder is not None:
        _family_link(holder, member, relation)
    audit_record(
        member,
        event_type=MembershipEventType.MEMBER_ADDED,
        actor=account,
        now=now,
        created=True,
        payload={"relation": relation, "linked_to": holder.pk if holder else None},
    )
    return member


@transaction.atomic
def enrolment_join(
    *,
    member: Member,
    plan: Plan,
    credit_score: int,
    health_declaration: dict[str, bool],
    actor: User | None = None,
    now: datetime | None = None,
) -> Enrolment:
    """Join a plan: checks age at joining, credit score and the health declaration."""
    now = now or clock.now()
    member = Member.objects.select_for_update().get(pk=member.pk)  # one join at a time
    # Joins share the plan row; announcing a shutdown takes it FOR UPDATE, so a join
    # either commits before the announcement or sees the plan closed.
    lock_for_share(Plan, plan.pk)
    plan = Plan.objects.get(pk=plan.pk)
    if not plan.accepting_joins:
        raise RuleViolation(_("This plan no longer accepts new members."), code="plan_closed")
    rules.check_joining(
        birth_date=member.birth_date,
        joining_day=clock.beijing_date(now),
        min_age_days=plan.min_join_age_days,
        min_age_years=plan.min_join_age_years,
        max_age_years=plan.max_join_age_years,
        credit_score=credit_score,
        credit_threshold=settings.CREDIT_SCORE_THRESHOLD,
        declaration_answers=health_declaration,
        required_questions=plan.declaration_questions,
    )
    if Enrolment.objects.filter(member=member, plan=plan, left_at__isnull=True).exists():
        raise RuleViolation(_("The member is already in this plan."), code="already_enrolled")
    enrolment = Enrolment.objects.create(
        member=member,
        plan=plan,
        joined_at=now,
        credit_score=credit_score,
        health_declaration=health_declaration,
    )
    audit_record(
        enrolment,
        event_type=MembershipEventType.JOINED,
        actor=actor,
        now=now,
        created=True,
        payload={"plan": plan.code},
    )
    return enrolment


@transaction.atomic
def enrolment_leave(
    *, enrolment: Enrolment, actor: User | None = None, now: datetime | None = None
) -> Enrolment:
    """Leave a plan. Idempotent: leaving twice keeps the first leaving time."""
    now = now or clock.now()
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.left_at is not None:
        return enrolment
    before = enrolment.audit_state
    enrolment.left_at = now
    enrolment.save(update_fields=["left_at"])
    audit_record(
        enrolment,
        event_type=MembershipEventType.LEFT,
        actor=actor,
        now=now,
        from_state=before,
        payload={"plan_id": enrolment.plan_id},
    )
    return enrolment
