"""The public face of a claim (公示): the anonymised case card, as the board, the
objector's page and the API show it, and the rule of who may object to which claim.

Nothing personal leaves this module: the cards are built from a query that selects
only public columns (the member's name is reduced to its first character inside the
database), so a template cannot show what it was never given. Hospitals are not
named: a card shows the city where the case was treated instead.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from claims.models import Claim, ConditionDefinition, PublicityBatch
from claims.rules import age_band
from claims.selectors.facts import DecidingFacts, claim_deciding_facts
from claims.states import ClaimState, Decision
from members.models import Plan

#: The columns a public card is built from, and nothing else: the claim's and its
#: investigation's (joined) …
CARD_FIELDS = (
    "reference",
    "publicity_batch",
    "plan",
    "condition_code",
    "condition_definition",
    "city",
    "age_at_diagnosis",
    "benefit_amount",
    "approved_amount",
    "decision",
    "decision_clause",
    "state",
    "jury_verdict",
    "published_at",
    "publicity_ends_at",
    "publicity_closed_at",
    "investigation__evaluation",
    "investigation__facts",
    "investigation__non_disclosure_found",
)
#: … and the plan's and the definition's, read by id (a few rows for a page of cards;
#: joining the small tables cost the planner more than reading them).
CARD_RELATED = (
    Prefetch("plan", queryset=Plan.objects.only("name_zh", "name_en")),
    Prefetch(
        "condition_definition",
        queryset=ConditionDefinition.objects.select_related("definition_set").only(
            "name_zh", "name_en", "criteria", "definition_set", "definition_set__facts"
        ),
    ),
)


@dataclass(frozen=True)
class CaseCard:
    reference: str
    initials: str
    age_from: int
    age_to: int
    city: str
    plan_name: str
    condition_name: str
    amount: Decimal | None  # the approved amount: None only if a decision left it unset
    decision: str
    decision_label: str
    facts: DecidingFacts  # each clause the decision rests on, with the fact found for it
    evaluator_outcome: str
    against_evaluator: bool
    state: str
    status_label: str
    window_ends_at: datetime | None
    open_to_objection: bool


def public_columns(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    """Only the public columns of ``claims``, and the member's initial."""
    return (
        claims.select_related("investigation")
        .prefetch_related(*CARD_RELATED)
        .only(*CARD_FIELDS)
        .annotate(initial=Substr("member__full_name", 1, 1))
    )


def public_claims(*, batch: PublicityBatch | None = None) -> QuerySet[Claim]:
    """Published claims with only their public columns, and the member's initial."""
    qs = Claim.objects.filter(publicity_batch__isnull=False)
    if batch is not None:
        qs = qs.filter(publicity_batch=batch)
    return public_columns(qs)


def case_cards(*, claims, now: datetime) -> list[CaseCard]:
    return [case_card(claim=c, now=now) for c in claims]


def public_claim_get(*, reference: str) -> Claim:
    """A published claim by reference, public columns only, with its batch's date; raises
    Claim.DoesNotExist."""
    batch = Prefetch("publicity_batch", queryset=PublicityBatch.objects.only("batch_date"))
    return public_claims().prefetch_related(batch).get(reference=reference)


def claim_open_to_objection(*, claim: Claim, now: datetime) -> bool:
    """The board's rule for an objection (异议): an approval on the public board (published
    in a batch) whose notice is still open at ``now``. Who may object is the service's
    question (``may_dispute``: a current member of the plan, not the claimant)."""
    return (
        claim.publicity_batch_id is not None
        and claim.decision == Decision.APPROVE
        and notice_open(claim=claim, now=now)
    )


def notice_open(*, claim: Claim, now: datetime) -> bool:
    return (
        claim.state == ClaimState.PUBLICISED
        and claim.publicity_closed_at is None
        and claim.publicity_ends_at is not None
        and now < claim.publicity_ends_at
    )


def objectable_claim_get(*, reference: str, now: datetime) -> Claim:
    """A claim the board lets a member object to now, by reference; Claim.DoesNotExist
    for any other reference, whether or not it exists, so the answer tells nothing."""
    claim = public_claim_get(reference=reference)
    if not claim_open_to_objection(claim=claim, now=now):
        raise Claim.DoesNotExist
    return claim


def initials(first_character: str) -> str:
    """张** — the family name's first character and two stars, whatever the name's length."""
    return f"{first_character or '*'}**"


def case_card(*, claim: Claim, now: datetime) -> CaseCard:
    age_from, age_to = age_band(claim.age_at_diagnosis)
    facts = claim_deciding_facts(claim=claim)
    outcome = facts.evaluator_outcome
    open_notice = notice_open(claim=claim, now=now)
    approve = claim.decision == Decision.APPROVE
    return CaseCard(
        reference=claim.reference,
        initials=initials(getattr(claim, "initial", "")),
        age_from=age_from,
        age_to=age_to,
        city=claim.city,
        plan_name=claim.plan.name,
        condition_name=claim.condition_name,
        amount=claim.approved_amount if approve else claim.benefit_amount,
        decision=claim.decision,
        decision_label=claim.get_decision_display(),
        facts=facts,
        evaluator_outcome=outcome,
        against_evaluator=(approve and outcome != "met") or facts.overridden,
        state=claim.state,
        status_label=str(status_label(claim, open_notice)),
        window_ends_at=claim.publicity_ends_at,
        open_to_objection=claim_open_to_objection(claim=claim, now=now),
    )


def status_label(claim: Claim, open_notice: bool):
    if claim.state == ClaimState.PUBLICISED:
        if open_notice:
            return _("Under public notice")
        if claim.publicity_closed_at is not None:
            return _("Notice ended with no objection")
        return _("Notice ended")
    if claim.state == ClaimState.DISPUTED:
        return _("Objection lodged: before the jury")
    if claim.state == ClaimState.JURY_VOTED:
        if claim.jury_verdict == Decision.APPROVE:
            return _("Jury decided to pay")
        return _("Jury decided to deny")
    return ClaimState(claim.state).label
