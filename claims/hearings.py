"""Hearings (赔审团), seen from the claim: claims records that a dispute or an appeal was
lodged; whoever hears it reacts. claims never imports the app that hears it.

The hearing app (``jury``) registers itself in its ``AppConfig.ready()``:

* a reaction for each kind of lodging: the dotted name of the task to run once the
  claim's change commits (``jury.tasks.open_panel``). ``hearing_lodged`` records it as a
  durable follow-up (``core.followups``) inside the claim's own transaction, so the
  change and the work it calls for commit together, and a broker outage loses nothing;
* a reader: where a claim's hearing stands (its open panel's deadline and seats), for
  the claimant's and the objector's pages and the messages after an action.

Why a registry and not an import: dependencies point one way, core ← members ← claims ←
jury (docs/decisions.md). The claim announces what happened; the app above reacts.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.core.exceptions import ImproperlyConfigured

from core.followups import followup_record


class Lodged(StrEnum):
    """What a claim's party lodged that someone must hear."""

    DISPUTE = "dispute"  # a dispute of a denial, or an objection to an approval (异议)
    APPEAL = "appeal"  # the one appeal against the jury's verdict (申诉)


@dataclass(frozen=True)
class Hearing:
    """A claim's hearing that is under way: until when it votes, and how many seats (None
    when the panel is open to every juror)."""

    deadline_at: datetime
    seats: int | None
    appeal: bool


HearingReader = Callable[[list[int]], dict[int, Hearing]]

_reactions: dict[Lodged, str] = {}
_readers: list[HearingReader] = []


def hearing_reaction_register(lodged: Lodged, task: str) -> None:
    """The hearing app's reaction to ``lodged``: the task (its dotted name, called with the
    claim's id) to run once the claim's change commits. Registering again replaces it."""
    _reactions[Lodged(lodged)] = task


def hearing_reader_register(reader: HearingReader) -> None:
    """The hearing app's reader: claim ids → ``Hearing`` for each claim whose hearing is
    under way (a claim with none is absent)."""
    if reader not in _readers:
        _readers.append(reader)


def hearing_lodged(claim_id: int, lodged: Lodged, *, now: datetime | None = None) -> None:
    """Record, inside the claim's transaction, the reaction to what was lodged."""
    task = _reactions.get(Lodged(lodged))
    if task is None:
        raise ImproperlyConfigured(
            f"Nobody hears a lodged {lodged}: install an app that registers its reaction "
            "(claims.hearings.hearing_reaction_register)."
        )
    followup_record(task, claim_id, now=now)


def hearings_of(*, claim_ids: Iterable[int]) -> dict[int, Hearing]:
    """Each claim's hearing that is under way, by claim id."""
    ids = list(claim_ids)
    found: dict[int, Hearing] = {}
    for reader in _readers:
        found.update(reader(ids))
    return found


def hearing_deadlines(*, claim_ids: Iterable[int]) -> dict[int, datetime]:
    """Until when each claim's hearing votes, by claim id."""
    return {pk: h.deadline_at for pk, h in hearings_of(claim_ids=claim_ids).items()}
