"""The draw (抽签): who may sit on a panel, and seats offered from the seeded draw."""

import logging
from datetime import datetime

from django.db.models import Max, Min, QuerySet

from claims.models import Claim, ClaimEvent
from claims.states import ClaimEventType
from jury import rules
from jury.models import (
    Ballot,
    Juror,
    JurorStatus,
    Panel,
    Seat,
)
from members.selectors import member_relatives

logger = logging.getLogger(__name__)


# --- who may not sit -------------------------------------------------------------------


def panel_exclusions(claim: Claim) -> dict[str, list[int]]:
    """Members and accounts that may not sit: the claimant and their relatives, the
    investigator and the reviewer of the case, the objector, the appellant."""
    member_ids = [
        claim.member_id,
        *member_relatives(member=claim.member).values_list("pk", flat=True),
    ]
    accounts = {claim.member.account_id}
    investigation = getattr(claim, "investigation", None)
    if investigation is not None:
        accounts.add(investigation.investigator_id)
    actors = ClaimEvent.objects.filter(
        claim=claim,
        event_type__in=[
            ClaimEventType.INVESTIGATION_RECORDED,
            ClaimEventType.DISPUTE_LODGED,
            ClaimEventType.APPEAL_LODGED,
        ],
        actor__isnull=False,
    ).values_list("actor_id", flat=True)
    accounts.update(actors)
    return {"members": sorted(set(member_ids)), "accounts": sorted(accounts)}


def jurors_eligible(panel: Panel) -> QuerySet[Juror]:
    excluded = panel.draw_log.get("excluded", {})
    qs = (
        Juror.objects.filter(status=JurorStatus.QUALIFIED)
        .exclude(member_id__in=excluded.get("members", []))
        .exclude(account_id__in=excluded.get("accounts", []))
    )
    if panel.round == 2:
        first = Panel.objects.filter(claim_id=panel.claim_id, round=1).first()
        if first is not None:  # the appeal is heard by jurors who did not sit on the first
            qs = qs.exclude(pk__in=Seat.objects.filter(panel=first).values("juror_id"))
            qs = qs.exclude(pk__in=Ballot.objects.filter(panel=first).values("juror_id"))
    return qs


def seats_draw(panel: Panel, needed: int, now: datetime) -> list[int]:
    """Offer ``needed`` more seats, continuing the panel's seeded draw."""
    log = panel.draw_log
    if "low" not in log:
        bounds = Juror.objects.filter(status=JurorStatus.QUALIFIED).aggregate(
            low=Min("id"), high=Max("id")
        )
        log.update(low=bounds["low"] or 1, high=bounds["high"] or 0, consumed=0, rejected=0)
    draw = rules.Draw(
        seed=panel.seed,
        low=log["low"],
        high=log["high"],
        consumed=log["consumed"],
        rejected=log["rejected"],
        chosen=list(Seat.objects.filter(panel=panel).values_list("juror_id", flat=True)),
    )
    eligible = jurors_eligible(panel)
    taken = draw.take(needed, lambda ids: eligible.filter(pk__in=ids).values_list("pk", flat=True))
    start = Seat.objects.filter(panel=panel).count()
    Seat.objects.bulk_create(
        [
            Seat(panel=panel, juror_id=juror_id, draw_order=start + i + 1, offered_at=now)
            for i, juror_id in enumerate(taken)
        ]
    )
    log.update(draw.as_record())
    panel.draw_log = log
    panel.save(update_fields=["draw_log"])
    return taken
