"""Claims decided at a chosen moment, and batches published at a chosen moment."""

from datetime import date, datetime, timedelta

from claims import services
from claims.models import Claim, PublicityBatch
from tests.factories import BEIJING, EnrolmentFactory, file_claim, investigate, staff


def beijing(*args) -> datetime:
    return datetime(*args, tzinfo=BEIJING)


def decided_claim(
    *,
    decided_at: datetime,
    approve: bool = True,
    enrolment=None,
    condition_code: str = "malignant_tumour",
    hospital: str | None = None,
) -> Claim:
    """A claim in ``investigated`` whose decision was recorded at ``decided_at``."""
    filed = decided_at - timedelta(days=1)
    claim = file_claim(
        enrolment=enrolment or EnrolmentFactory(),
        diagnosis_date=(filed - timedelta(days=5)).date(),
        condition_code=condition_code,
        now=filed,
    )
    if hospital is not None:  # the factory's filing names a fixed hospital
        Claim.objects.filter(pk=claim.pk).update(hospital=hospital)
    investigate(claim, meets=approve, now=filed + timedelta(hours=6))
    return services.claim_decide(
        claim=claim,
        actor=staff("reviewer", "rev"),
        reason="Pathology report meets the definition" if approve else "Clause not met",
        now=decided_at,
    )


def publish(day: date, at: datetime, **kwargs) -> PublicityBatch:
    return services.publicity_batch_publish(batch_date=day, now=at, **kwargs)


def approval_on_board(*, batch_day: date = date(2025, 3, 21)) -> Claim:
    """An approval published in the batch of ``batch_day`` (00:05 Beijing), under notice."""
    claim = decided_claim(
        decided_at=beijing(batch_day.year, batch_day.month, batch_day.day - 1, 10)
    )
    publish(batch_day, beijing(batch_day.year, batch_day.month, batch_day.day, 0, 5))
    return Claim.objects.get(pk=claim.pk)
