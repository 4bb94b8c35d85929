"""Who investigates a claim (调查分派): a reviewer assigns (or reassigns) a filed claim, an
investigator takes an unassigned one, the sweep assigns the least busy. Nobody works a
claim of their own or of a member they are linked to.
"""

from datetime import date, datetime

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from claims.models import Claim, Investigation
from claims.rules import period_end
from claims.selectors import investigators_eligible
from claims.services.investigations import investigation_event_record
from claims.states import ClaimEventType, ClaimState
from core import clock
from core.errors import InvalidTransition, NotPermitted, RuleViolation
from members.selectors import member_is_linked_to_account


def ensure_not_conflicted(*, claim: Claim, user: User) -> None:
    if member_is_linked_to_account(member=claim.member, account=user):
        raise NotPermitted(
            _("You may not work on a claim of your own or of a member you are linked to."),
            code="conflict_of_interest",
        )


@transaction.atomic
def investigation_assign(
    *,
    claim: Claim | int,
    investigator: User,
    actor: User | None = None,
    due_on: date | None = None,
    now: datetime | None = None,
) -> Investigation:
    """Assign (or reassign) a filed claim to an investigator, with a due date.

    ``actor=None`` is the system's automatic assignment. An investigator without the
    right to assign may take an unassigned claim themselves (``investigator=actor``);
    a claim another investigator holds is theirs to keep. Idempotent for the same
    investigator.
    """
    now = now or clock.now()
    claim_id = claim.pk if isinstance(claim, Claim) else claim
    claim = Claim.objects.select_for_update(of=("self",)).select_related("member").get(pk=claim_id)
    taking = _assigner_takes_it(claim=claim, investigator=investigator, actor=actor)
    if claim.state != ClaimState.FILED:
        raise InvalidTransition(_("Only a filed claim is investigated."), code="not_filed")
    if not investigators_eligible().filter(pk=investigator.pk).exists():
        raise RuleViolation(_("This user is not an investigator."), code="not_an_investigator")
    ensure_not_conflicted(claim=claim, user=investigator)
    due_at = _investigation_due_at(due_on, now)
    existing = Investigation.objects.select_for_update().filter(claim=claim).first()
    if existing is not None:
        _check_reassignable(existing, investigator=investigator, taking=taking)
        if existing.investigator_id == investigator.pk and due_on is None:
            return existing
    previous = existing.investigator_id if existing is not None else None
    investigation = _investigation_hand(
        existing, claim=claim, investigator=investigator, actor=actor, now=now, due_at=due_at
    )
    investigation_event_record(
        claim,
        ClaimEventType.INVESTIGATION_ASSIGNED,
        actor,
        now,
        {
            "investigator": investigator.get_username(),
            "previous_investigator_id": previous,
            "due_at": due_at.isoformat(),
            **({"taken": True} if taking else {}),
        },
    )
    return investigation


def _assigner_takes_it(*, claim: Claim, investigator: User, actor: User | None) -> bool:
    """May ``actor`` assign the claim (None: the system may)? True when an investigator
    without the right to assign takes the claim themselves; refused otherwise, and when
    the actor is linked to the claimant."""
    if actor is None:
        return False
    taking = False
    if not actor.has_perm("claims.assign_investigation"):
        taking = actor.pk == investigator.pk and actor.has_perm("claims.investigate_claim")
        if not taking:
            raise NotPermitted(_("You may not assign investigations."))
    ensure_not_conflicted(claim=claim, user=actor)
    return taking


def _investigation_due_at(due_on: date | None, now: datetime) -> datetime:
    """The end of the due date (Beijing time), not in the past; by default the plan's
    INVESTIGATION_DAYS from now."""
    if due_on is not None and due_on < clock.beijing_date(now):
        raise RuleViolation(_("The due date cannot be in the past."), code="due_in_past")
    if due_on:
        return clock.beijing_end_of_day(due_on)
    return period_end(now, settings.INVESTIGATION_DAYS)


def _check_reassignable(existing: Investigation, *, investigator: User, taking: bool) -> None:
    """A claim another investigator holds is theirs to keep; a signed-off one stays."""
    if taking and existing.investigator_id != investigator.pk:
        raise InvalidTransition(
            _("%(name)s has already taken this claim.")
            % {"name": existing.investigator.get_username()},
            code="already_assigned",
        )
    if existing.completed_at is not None:
        raise InvalidTransition(_("This investigation is complete."), code="investigation_complete")


def _investigation_hand(
    existing: Investigation | None,
    *,
    claim: Claim,
    investigator: User,
    actor: User | None,
    now: datetime,
    due_at: datetime,
) -> Investigation:
    """Hand the investigation to ``investigator``: the existing one reassigned, or a new one."""
    if existing is None:
        return Investigation.objects.create(
            claim=claim,
            investigator=investigator,
            assigned_by=actor,
            assigned_at=now,
            due_at=due_at,
        )
    existing.investigator = investigator
    existing.assigned_by = actor
    existing.assigned_at = now
    existing.due_at = due_at
    existing.save(update_fields=["investigator", "assigned_by", "assigned_at", "due_at"])
    return existing


def investigation_assign_next(
    *, claim: Claim | int, actor: User | None = None, now: datetime | None = None
) -> Investigation:
    """Assign to the eligible investigator with the fewest open cases (ties: lowest id).

    ``actor`` is the reviewer who asked (checked as ``investigation_assign`` checks them),
    or None for the system's sweep.
    """
    claim_obj = claim if isinstance(claim, Claim) else Claim.objects.get(pk=claim)
    candidates = (
        investigators_eligible()
        .annotate(
            open_cases=Count("investigations", filter=Q(investigations__completed_at__isnull=True))
        )
        .order_by("open_cases", "id")
    )
    for candidate in candidates:
        if not member_is_linked_to_account(member=claim_obj.member, account=candidate):
            return investigation_assign(
                claim=claim_obj, investigator=candidate, actor=actor, now=now
            )
    raise RuleViolation(
        _("No investigator is free of a conflict with this claim."), code="no_investigator"
    )
