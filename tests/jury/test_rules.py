"""The jury's pure rules, no database: the appeal panel's size, the draw and the juror's
own consistency check (the verdict is the claim's rule: tests/claims/test_rules__verdict.py)."""

import random

import pytest

from claims.states import Decision
from jury import rules
from jury.rules import MET, NOT_MET, UNSURE, Draw

# --- the appeal panel ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first_size", "first_quorum", "seats"),
    [
        (31, 21, 63),  # the default panel: 2 × 31 + 1
        (3, 2, 7),
        (1, 1, 3),
        (None, 21, 43),  # an open first panel has no seats: n is its quorum
        (None, 1, 3),
    ],
)
def test_the_appeal_panel_has_2n_plus_1_seats(first_size, first_quorum, seats):
    assert rules.appeal_panel_size(first_size, first_quorum) == seats


def test_an_appeal_panel_needs_the_first_panels_seats_or_quorum():
    with pytest.raises(
        ValueError, match="^an appeal panel needs the first panel's seats or quorum$"
    ):
        rules.appeal_panel_size(None, None)


# --- the draw --------------------------------------------------------------------------


def candidates(seed: str, low: int, high: int, count: int) -> list[int]:
    """What the draw proposes, in order: ``random.Random(seed)`` over [low, high]."""
    rng = random.Random(seed)
    return [rng.randint(low, high) for _ in range(count)]


def everyone(ids):
    return ids


class Asked:
    """An ``eligible`` callback that records each batch of ids it is asked about."""

    def __init__(self, allowed=None):
        self.allowed = allowed
        self.calls: list[list[int]] = []

    def __call__(self, ids):
        self.calls.append(list(ids))
        return [i for i in ids if self.allowed is None or i in self.allowed]


def test_the_draw_accepts_candidates_in_the_seeds_order_skipping_repeats():
    draw = Draw(seed="panel-1", low=1, high=10)
    taken = draw.take(4, everyone)
    proposed = candidates("panel-1", 1, 10, 64)
    expected = list(dict.fromkeys(proposed))[:4]
    assert taken == expected and draw.chosen == expected
    fourth_at = next(i for i, c in enumerate(proposed) if c == expected[-1]) + 1
    assert draw.consumed == fourth_at  # candidates looked at, up to the last one taken
    assert draw.rejected == fourth_at - 4  # the repeats among them


def test_only_eligible_candidates_are_taken():
    eligible = Asked(allowed={2, 4, 6, 8, 10})
    draw = Draw(seed="even", low=1, high=10)
    taken = draw.take(5, eligible)
    assert sorted(taken) == [2, 4, 6, 8, 10]
    assert draw.rejected == draw.consumed - 5


def test_a_top_up_continues_the_same_sequence():
    """``consumed`` makes a top-up replayable: 3 then 2 more are the 5 of one take, and
    a draw rebuilt from its record (as the panel stores it) continues the same way."""
    one = Draw(seed="s", low=1, high=50)
    in_one_go = one.take(5, everyone)

    first = Draw(seed="s", low=1, high=50)
    three = first.take(3, everyone)
    record = first.as_record()
    rebuilt = Draw(
        seed=record["seed"],
        low=record["low"],
        high=record["high"],
        consumed=record["consumed"],
        rejected=record["rejected"],
        chosen=list(three),
    )
    assert three + first.take(2, everyone) == in_one_go
    assert three + rebuilt.take(2, everyone) == in_one_go
    assert first.consumed == rebuilt.consumed == one.consumed
    assert first.rejected == rebuilt.rejected == one.rejected


def test_the_record_names_seed_range_and_counts():
    draw = Draw(seed="rec", low=3, high=9)
    draw.take(2, everyone)
    assert draw.as_record() == {
        "seed": "rec",
        "low": 3,
        "high": 9,
        "consumed": draw.consumed,
        "rejected": draw.rejected,
    }
    assert draw.consumed >= 2


def test_eligibility_is_asked_in_batches_of_twice_the_missing_seats_at_least_64():
    small = Asked()
    Draw(seed="b", low=1, high=1000).take(3, small)
    assert small.calls == [sorted(set(candidates("b", 1, 1000, 64)))]

    large = Asked()
    Draw(seed="b", low=1, high=1000).take(40, large)
    assert large.calls[0] == sorted(set(candidates("b", 1, 1000, 80)))

    given = Asked()
    Draw(seed="b", low=1, high=1000).take(3, given, batch=5)
    assert given.calls[0] == sorted(set(candidates("b", 1, 1000, 5)))


def test_the_next_batch_is_sized_by_the_seats_still_missing():
    quarter = set(range(1, 251))
    asked = Asked(allowed=quarter)
    Draw(seed="b", low=1, high=1000).take(100, asked)
    proposed = candidates("b", 1, 1000, 1000)
    first = list(dict.fromkeys(c for c in proposed[:200] if c in quarter))
    missing = 100 - len(first)
    assert missing > 32  # so twice the missing seats is more than 64
    assert asked.calls[0] == sorted(set(proposed[:200]))
    assert asked.calls[1] == sorted(set(proposed[200 : 200 + 2 * missing]) - set(first))


def test_a_top_up_does_not_ask_again_about_jurors_already_seated():
    draw = Draw(seed="seated", low=1, high=5)
    seated = draw.take(3, everyone)
    asked = Asked()
    draw.take(2, asked)
    assert asked.calls and all(not set(seated) & set(call) for call in asked.calls)
    assert sorted(draw.chosen) == [1, 2, 3, 4, 5]


def test_a_single_juror_range_is_drawn():
    draw = Draw(seed="one", low=7, high=7)
    assert draw.take(1, everyone) == [7]
    assert draw.take(1, everyone, max_candidates=100) == []  # nobody else to seat


def test_an_empty_range_or_no_seat_draws_nothing_and_asks_nobody():
    asked = Asked()
    empty = Draw(seed="x", low=5, high=4)
    assert empty.take(3, asked) == [] and empty.consumed == 0
    none_needed = Draw(seed="x", low=1, high=10)
    assert none_needed.take(0, asked) == [] and none_needed.take(-1, asked) == []
    assert none_needed.consumed == 0 and none_needed.chosen == []
    assert asked.calls == []


def test_nobody_eligible_stops_after_twenty_times_the_range_plus_1000():
    draw = Draw(seed="nobody", low=1, high=10)
    assert draw.take(3, lambda ids: [], batch=1, max_candidates=5_000) == []
    assert draw.consumed == 20 * 10 + 1000 + 1
    assert draw.rejected == draw.consumed
    assert draw.chosen == []


def test_the_draw_stops_at_max_candidates_with_a_short_draw():
    draw = Draw(seed="short", low=1, high=1_000_000)
    taken = draw.take(3, lambda ids: [i for i in ids if i <= 10], batch=1, max_candidates=300)
    assert draw.consumed == 300
    assert taken == [c for c in candidates("short", 1, 1_000_000, 300) if c <= 10]
    assert len(taken) < 3


def test_the_draw_is_reproducible_and_the_seed_matters():
    a = Draw(seed="same", low=1, high=10_000).take(20, everyone)
    b = Draw(seed="same", low=1, high=10_000).take(20, everyone)
    c = Draw(seed="other", low=1, high=10_000).take(20, everyone)
    assert a == b and a != c
    assert len(set(a)) == 20 and all(1 <= i <= 10_000 for i in a)


# --- the juror's own clause answers ----------------------------------------------------


def leaf(key):
    return {"key": key}


TREE = {
    "all": [
        leaf("a"),
        {"any": [leaf("b"), leaf("c")]},
        {"at_least": 2, "of": [leaf("d"), leaf("e"), leaf("f")]},
    ]
}


@pytest.mark.parametrize(
    ("answers", "outcome"),
    [
        ({"a": MET}, MET),
        ({"a": NOT_MET}, NOT_MET),
        ({"a": UNSURE}, UNSURE),
        ({}, UNSURE),  # a clause not answered is unsure
    ],
)
def test_a_clause_is_what_the_juror_answered(answers, outcome):
    assert rules.outcome_from_answers(leaf("a"), answers) == outcome


@pytest.mark.parametrize(
    ("answers", "outcome"),
    [
        ({"a": MET, "b": MET}, MET),
        ({"a": MET, "b": UNSURE}, UNSURE),
        ({"a": NOT_MET, "b": UNSURE}, NOT_MET),  # one failed part settles it
        ({"a": UNSURE, "b": NOT_MET}, NOT_MET),
    ],
)
def test_all_is_met_only_when_every_part_is(answers, outcome):
    tree = {"all": [leaf("a"), leaf("b")]}
    assert rules.outcome_from_answers(tree, answers) == outcome


@pytest.mark.parametrize(
    ("answers", "outcome"),
    [
        ({"b": MET, "c": NOT_MET}, MET),
        ({"b": NOT_MET, "c": MET}, MET),
        ({"b": UNSURE, "c": MET}, MET),  # one met part settles it
        ({"b": UNSURE, "c": NOT_MET}, UNSURE),
        ({"b": NOT_MET, "c": NOT_MET}, NOT_MET),
    ],
)
def test_any_is_met_as_soon_as_one_part_is(answers, outcome):
    tree = {"any": [leaf("b"), leaf("c")]}
    assert rules.outcome_from_answers(tree, answers) == outcome


@pytest.mark.parametrize(
    ("answers", "outcome"),
    [
        ({"d": MET, "e": MET, "f": NOT_MET}, MET),  # exactly N met
        ({"d": MET, "e": MET, "f": MET}, MET),
        ({"d": MET, "e": UNSURE, "f": NOT_MET}, UNSURE),  # N still reachable
        ({"d": UNSURE, "e": UNSURE, "f": NOT_MET}, UNSURE),
        ({"d": MET, "e": NOT_MET, "f": NOT_MET}, NOT_MET),  # N no longer reachable
        ({"d": NOT_MET, "e": NOT_MET, "f": UNSURE}, NOT_MET),
    ],
)
def test_at_least_n_of_is_met_with_n_and_fails_once_n_is_out_of_reach(answers, outcome):
    tree = {"at_least": 2, "of": [leaf("d"), leaf("e"), leaf("f")]}
    assert rules.outcome_from_answers(tree, answers) == outcome


def test_groups_combine_as_the_definition_combines_them():
    every = {k: MET for k in "abcdef"}
    assert rules.outcome_from_answers(TREE, every) == MET
    assert rules.outcome_from_answers(TREE, {**every, "b": NOT_MET}) == MET
    assert rules.outcome_from_answers(TREE, {**every, "b": NOT_MET, "c": NOT_MET}) == NOT_MET
    assert rules.outcome_from_answers(TREE, {**every, "d": NOT_MET, "e": UNSURE}) == UNSURE


@pytest.mark.parametrize(
    ("answer", "ballot", "contradicts"),
    [
        (NOT_MET, Decision.APPROVE, True),  # pay although the clause is not met
        (MET, Decision.DENY, True),  # deny although it is met
        (MET, Decision.APPROVE, False),
        (NOT_MET, Decision.DENY, False),
        (UNSURE, Decision.APPROVE, False),  # unsure contradicts nothing
        (UNSURE, Decision.DENY, False),
    ],
)
def test_a_verdict_contradicts_the_jurors_own_answers(answer, ballot, contradicts):
    assert rules.verdict_contradicts(leaf("a"), {"a": answer}, ballot) is contradicts
