"""Publicity batches (公示): the decided claims published together on the 7th and 21st.

A batch is one row per Beijing date (unique). Publishing it takes every claim decided
before the batch date began (``claims.rules.batch_cutoff``) that is not yet in a batch,
and publishes each through ``claim_publish`` (its own guarded transition and event), in
id order and in chunks: each chunk is one transaction, so a crash loses at most the
chunk in hand, and a re-run publishes exactly what is left. Running a batch twice
publishes nothing more.

A batch is the only way a claim is published: ``claim_publish`` takes the batch, and the
transition puts the claim in it, so no claim is ever under notice without being on the
board (a check constraint holds it below the ORM too). There is no one-by-one path: a
decided claim waits for the next batch date (docs/decisions.md).
"""

import logging
from collections.abc import Callable
from datetime import date, datetime

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F, QuerySet
from django.db.models.functions import Greatest
from django.utils.translation import gettext as _

from claims import rules
from claims.models import Claim, PublicityBatch
from claims.services.transitions import claim_transition
from claims.states import ClaimEventType, ClaimState, Decision
from core import clock
from core.errors import DomainError, NotPermitted, RuleViolation

PUBLISH_CHUNK = 500
logger = logging.getLogger(__name__)


def claim_publish(
    *, claim: Claim | int, batch: PublicityBatch, actor: User | None, now: datetime | None = None
) -> Claim:
    """Publish one decided claim for the 7-day public notice (公示), in ``batch``: the
    claim joins the batch's count, and the batch's objection window reaches at least the
    claim's. Quiet on a repeat. The batch run calls it for each claim it takes; nothing
    else publishes."""
    now = now or clock.now()
    published: list[int] = []
    with transaction.atomic():
        claim = claim_transition(
            claim=claim,
            method_name="publish",
            event_type=ClaimEventType.PUBLISHED,
            actor=actor,
            now=now,
            payload={"batch_date": batch.batch_date.isoformat()},
            already_done=lambda c: c.state == ClaimState.PUBLICISED,
            transition_kwargs={"batch": batch},
            follow_up=lambda c, _event: published.append(c.pk),
        )
        if published:
            PublicityBatch.objects.filter(pk=batch.pk).update(
                claims_count=F("claims_count") + 1,
                window_ends_at=Greatest(F("window_ends_at"), claim.publicity_ends_at),
            )
    return claim


def publicity_batch_open(
    *, batch_date: date, actor: User | None = None, now: datetime | None = None
) -> PublicityBatch:
    """The batch row of ``batch_date`` (a 7th or 21st, not after today in Beijing), made
    on the first call; what it publishes is ``publicity_batch_publish``'s to choose. A
    person (``actor``) opens only the latest batch date, or one that exists already."""
    now = now or clock.now()
    if actor is not None and not actor.has_perm("claims.publish_claim"):
        raise NotPermitted(_("You may not publish decisions."), step="publish")
    if not rules.is_batch_day(batch_date):
        raise RuleViolation(
            _("Decisions are published on the 7th and the 21st; %(date)s is neither.")
            % {"date": batch_date.isoformat()},
            code="not_a_batch_date",
            batch_date=batch_date,
        )
    if batch_date > clock.beijing_date(now):
        raise RuleViolation(
            _("The batch of %(date)s cannot be published before that day.")
            % {"date": batch_date.isoformat()},
            code="batch_date_in_future",
            batch_date=batch_date,
        )
    latest = rules.latest_batch_date(clock.beijing_date(now))
    if (
        actor is not None
        and batch_date < latest
        and not PublicityBatch.objects.filter(batch_date=batch_date).exists()
    ):
        # A person publishes the batch that is due (what the publicity desk offers) or
        # finishes one already begun; a passed date with no batch is the catch-up's.
        raise RuleViolation(
            _(
                "The batch of %(date)s has passed; decisions waiting for it are published "
                "in the batch of %(latest)s."
            )
            % {"date": batch_date.isoformat(), "latest": latest.isoformat()},
            code="batch_date_passed",
            batch_date=batch_date,
        )
    with transaction.atomic():
        batch, _created = PublicityBatch.objects.get_or_create(
            batch_date=batch_date,
            defaults={
                "published_at": now,
                "window_ends_at": rules.period_end(now, settings.PUBLICITY_DAYS),
            },
        )
    return batch


def publicity_batch_publish(
    *,
    batch_date: date,
    actor: User | None = None,
    now: datetime | None = None,
    chunk_size: int = PUBLISH_CHUNK,
    on_chunk: Callable[[int], None] | None = None,
) -> PublicityBatch:
    """Publish the batch of ``batch_date`` (a 7th or 21st, Beijing time). Safe to re-run.

    ``actor=None`` is the system (the beat task or the operator's command). ``on_chunk``
    is told the running count of claims published by this run after each chunk.
    """
    now = now or clock.now()
    batch = publicity_batch_open(batch_date=batch_date, actor=actor, now=now)
    published = 0
    after_id = 0
    cutoff = rules.batch_cutoff(batch_date)
    while True:
        ids = list(
            _waiting(cutoff)
            .filter(id__gt=after_id)
            .order_by("id")
            .values_list("id", flat=True)[:chunk_size]
        )
        if not ids:
            break
        after_id = ids[-1]
        published += _publish_chunk(batch=batch, claim_ids=ids, actor=actor, now=now)
        if on_chunk is not None:
            on_chunk(published)
    batch.refresh_from_db()
    logger.info(
        "publicity batch %s: %s published now, %s in all", batch, published, batch.claims_count
    )
    return batch


def _waiting(cutoff: datetime) -> QuerySet[Claim]:
    """Decided claims not yet in any batch, decided before ``cutoff``."""
    return Claim.objects.filter(
        state=ClaimState.INVESTIGATED,
        publicity_batch__isnull=True,
        decision__in=[Decision.APPROVE, Decision.DENY],
        investigated_at__lt=cutoff,
    )


def _publish_chunk(
    *, batch: PublicityBatch, claim_ids: list[int], actor: User | None, now: datetime
) -> int:
    """One transaction: lock the chunk's claims that still wait (compare-and-set), publish
    each, link them to the batch and count them."""
    with transaction.atomic():
        waiting = list(
            Claim.objects.select_for_update()
            .filter(
                pk__in=claim_ids,
                state=ClaimState.INVESTIGATED,
                publicity_batch__isnull=True,
            )
            .order_by("id")
            .values_list("id", flat=True)
        )
        done = 0
        for claim_id in waiting:
            try:
                # Each joins the batch, and a re-run on a later day opens a later window
                # for what it publishes (claim_publish keeps the batch's window the latest).
                claim_publish(claim=claim_id, batch=batch, actor=actor, now=now)
            except DomainError as refusal:  # one claim the rules refuse must not stop the rest
                logger.warning("claim %s not published: %s", claim_id, refusal.code)
                continue
            done += 1
    return done


def publicity_batches_catch_up(
    *, now: datetime | None = None, on_chunk: Callable[[int], None] | None = None
) -> list[PublicityBatch]:
    """Publish every batch date from the last batch to today (Beijing time), each once.

    The last batch is run again (a quiet no-op unless a crash left part of it waiting);
    with no batch yet, the latest batch date on or before today is published.
    """
    now = now or clock.now()
    today = clock.beijing_date(now)
    last = (
        PublicityBatch.objects.order_by("-batch_date").values_list("batch_date", flat=True).first()
    )
    start = last if last is not None else rules.latest_batch_date(today)
    return [
        publicity_batch_publish(batch_date=day, now=now, on_chunk=on_chunk)
        for day in rules.batch_dates_between(start, today)
    ]
