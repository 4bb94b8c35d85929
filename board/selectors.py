"""Reads for the public board (公示栏): batches, their summaries, and a batch's claims a
page at a time. The anonymised case cards themselves are the claim's public face
(``claims.selectors.public``): the objector's page and the claimant API show them too.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum
from django.utils.translation import get_language

from claims.models import Claim, PublicityBatch
from claims.selectors.public import public_columns
from claims.states import Decision
from members.models import Plan


@dataclass
class PlanSummary:
    plan_name: str
    cases: int = 0
    approvals: int = 0
    denials: int = 0
    approved_total: Decimal = Decimal("0")


@dataclass
class BatchSummary:
    batch: PublicityBatch
    cases: int = 0
    approvals: int = 0
    denials: int = 0
    approved_total: Decimal = Decimal("0")
    plans: list[PlanSummary] = field(default_factory=list)


def board_batches() -> QuerySet[PublicityBatch]:
    """Every published batch, newest first."""
    return PublicityBatch.objects.order_by("-batch_date")


def batch_summaries(*, batches: list[PublicityBatch]) -> list[BatchSummary]:
    """Cases, approvals, denials and the approved total per batch and per plan (the
    decisions as published), in one grouped query."""
    rows = (
        Claim.objects.filter(publicity_batch__in=batches)
        .values("publicity_batch_id", "plan_id", "decision")
        .annotate(n=Count("id"), total=Sum("approved_amount"))
        .order_by()
    )
    plans = Plan.objects.in_bulk({row["plan_id"] for row in rows})
    summaries = {b.pk: BatchSummary(batch=b) for b in batches}
    by_plan: dict[tuple[int, int], PlanSummary] = {}
    for row in rows:
        summary = summaries[row["publicity_batch_id"]]
        key = (row["publicity_batch_id"], row["plan_id"])
        if key not in by_plan:
            by_plan[key] = PlanSummary(plan_name=plans[row["plan_id"]].name)
            summary.plans.append(by_plan[key])
        for target in (summary, by_plan[key]):
            target.cases += row["n"]
            if row["decision"] == Decision.APPROVE:
                target.approvals += row["n"]
                target.approved_total += row["total"] or Decimal("0")
            elif row["decision"] == Decision.DENY:
                target.denials += row["n"]
    for summary in summaries.values():
        summary.plans.sort(key=lambda p: p.plan_name)
    return [summaries[b.pk] for b in batches]


def batch_get(*, batch_date) -> PublicityBatch:
    """The batch of a date; raises PublicityBatch.DoesNotExist."""
    return PublicityBatch.objects.get(batch_date=batch_date)


def batch_filter_choices(*, batch: PublicityBatch) -> dict[str, list[tuple[str, str]]]:
    """The plans and conditions present in the batch, for its filters: the distinct
    (plan, condition) pairs of its claims, with the names joined in (a few dozen rows
    however many claims the batch holds; no claim is loaded)."""
    english = (get_language() or "").startswith("en")
    pairs = (
        Claim.objects.filter(publicity_batch=batch)
        .order_by()
        .values_list(
            "plan__code",
            "plan__name_zh",
            "plan__name_en",
            "condition_code",
            "condition_definition__name_zh",
            "condition_definition__name_en",
        )
        .distinct()
    )
    plans: dict[str, str] = {}
    conditions: dict[str, str] = {}
    for plan_code, plan_zh, plan_en, code, condition_zh, condition_en in pairs:
        plans.setdefault(plan_code, plan_en if english else plan_zh)
        if conditions.get(code, code) == code:  # not yet named, or only by its code
            conditions[code] = (condition_en if english else condition_zh) or code
    return {
        "plan": sorted(plans.items(), key=lambda kv: kv[1]),
        "condition": sorted(conditions.items(), key=lambda kv: kv[1]),
    }


def batch_claims(
    *, batch: PublicityBatch, plan: str = "", condition: str = "", decision: str = ""
) -> QuerySet[Claim]:
    """The batch's claims that the filters keep, by id, and nothing joined: to count them
    and to pick a page's ids along the batch's index (``batch_cards`` shows them)."""
    qs = Claim.objects.filter(publicity_batch=batch)
    if plan:
        qs = qs.filter(plan__code=plan)
    if condition:
        qs = qs.filter(condition_code=condition)
    if decision:
        qs = qs.filter(decision=decision)
    return qs.order_by("id")  # claim_batch_cards


def batch_cards(*, ids: list[int]) -> QuerySet[Claim]:
    """The claims of a page of a batch, by id, with their public columns: a deep page
    costs what the first does (the ids were picked along the index, not the cards)."""
    return public_columns(Claim.objects.filter(pk__in=ids)).order_by("id")
