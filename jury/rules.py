"""Jury rules as pure functions (赔审团): the appeal panel, the draw, clause consistency.

The verdict a tally gives is the claim's rule: ``claims.rules.verdict``.
"""

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from claims.states import Decision

MET, NOT_MET, UNSURE = "met", "not_met", "unsure"


def appeal_panel_size(first_size: int | None, first_quorum: int | None) -> int:
    """2n + 1 seats for the appeal, n being the first panel's seats (its quorum when the
    first panel was open to every juror). A result recorded by hand has no first panel:
    the caller passes the plan's seats and quorum instead."""
    n = first_size if first_size is not None else first_quorum
    if n is None:
        raise ValueError("an appeal panel needs the first panel's seats or quorum")
    return 2 * n + 1


# --- the draw --------------------------------------------------------------------------


@dataclass
class Draw:
    """A reproducible uniform draw of juror ids from the id range [low, high].

    Candidates come from ``random.Random(seed)``; each is accepted if it is an eligible
    juror not yet chosen, so every eligible juror is equally likely on every draw, and
    the same seed over the same juror rows gives the same seats. ``consumed`` counts the
    candidates taken, so a top-up continues the same sequence.
    """

    seed: str
    low: int
    high: int
    consumed: int = 0
    chosen: list[int] = field(default_factory=list)
    rejected: int = 0

    def take(
        self,
        needed: int,
        eligible: Callable[[list[int]], Iterable[int]],
        *,
        batch: int | None = None,
        max_candidates: int = 50_000_000,
    ) -> list[int]:
        """Accept ``needed`` more ids; ``eligible(ids)`` returns those that may sit."""
        if self.high < self.low or needed <= 0:
            return []
        rng = random.Random(self.seed)
        for _ in range(self.consumed):  # replay to where the last take stopped
            rng.randint(self.low, self.high)
        taken: list[int] = []
        already = set(self.chosen)
        while len(taken) < needed:
            if self.consumed >= max_candidates:
                break  # fewer eligible jurors than seats: the caller sees a short draw
            size = batch or max(2 * (needed - len(taken)), 64)
            candidates = [rng.randint(self.low, self.high) for _ in range(size)]
            ok = set(eligible(sorted(set(candidates) - already)))
            for candidate in candidates:
                self.consumed += 1
                if candidate in ok and candidate not in already:
                    already.add(candidate)
                    taken.append(candidate)
                    if len(taken) == needed:
                        break
                else:
                    self.rejected += 1
            if not ok and self.consumed > 20 * (self.high - self.low + 1) + 1000:
                break  # nobody eligible in the range
        self.chosen.extend(taken)
        return taken

    def as_record(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "low": self.low,
            "high": self.high,
            "consumed": self.consumed,
            "rejected": self.rejected,
        }


# --- ballots ---------------------------------------------------------------------------


def outcome_from_answers(tree: dict[str, Any], answers: dict[str, str]) -> str:
    """What the juror's own clause answers say of the definition: met / not_met / unsure,
    combined as the definition combines its clauses."""
    if "all" in tree:
        parts = [outcome_from_answers(child, answers) for child in tree["all"]]
        if NOT_MET in parts:
            return NOT_MET
        return UNSURE if UNSURE in parts else MET
    if "any" in tree:
        parts = [outcome_from_answers(child, answers) for child in tree["any"]]
        if MET in parts:
            return MET
        return UNSURE if UNSURE in parts else NOT_MET
    if "of" in tree:
        parts = [outcome_from_answers(child, answers) for child in tree["of"]]
        if parts.count(MET) >= tree["at_least"]:
            return MET
        if parts.count(MET) + parts.count(UNSURE) < tree["at_least"]:
            return NOT_MET
        return UNSURE
    return answers.get(tree["key"], UNSURE)


def verdict_contradicts(tree: dict[str, Any], answers: dict[str, str], ballot_verdict: str) -> bool:
    """A pay verdict while the juror's answers say the definition is not met, or a deny
    verdict while they say it is met."""
    outcome = outcome_from_answers(tree, answers)
    return (ballot_verdict == Decision.APPROVE and outcome == NOT_MET) or (
        ballot_verdict == Decision.DENY and outcome == MET
    )
