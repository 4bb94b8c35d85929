"""The fact as the clause states it (条款所述的事实): one wording for every page and email.

A clause states a requirement ("Not caused by alcohol or drug abuse"); the investigator
records a fact (``caused_by_alcohol_or_drugs = true``). The reader, a juror above all,
must see what was found, in words ("Caused by alcohol or drug abuse: yes"), and whether
the clause is met. This module turns a clause, the recorded value and the evaluator's
result into that text, in the reader's language:

* a fact is named by the definition set's vocabulary (``facts`` in the set's JSON), or,
  for a yes/no fact that no clause of the set negates, by the clause that asserts it
  (the clause *is* the statement of the fact);
* a choice is named by its label in the vocabulary, never by its stored value;
* a number is formatted for the language (``formats.number_format``: ``1,000`` in
  English, ``1000`` in Chinese) with its unit in words (``UNITS``).

No identifier (a fact key, a clause key, a choice value, a unit code) is ever returned.
Pure: no ORM, no clock; the fixed words go through gettext, so the caller's active
language decides them and ``language`` picks the vocabulary's labels.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import formats
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _

from claims.definitions.criteria import OTHER_CHOICE, Clause, clause_from
from claims.definitions.evaluator import evaluate, judge

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"


def _count(number: Decimal) -> int:
    """The count that chooses a plural form: the number if whole, else "many"."""
    return int(number) if number == number.to_integral_value() else 2


#: Each unit code a clause may carry, and how a value in it reads (``%(value)s`` is the
#: number already formatted; the argument is the count for the plural form). A definition
#: set with another unit is refused on import.
UNITS: dict[str, Callable[[int], str]] = {
    "": lambda n: "%(value)s",
    "d": lambda n: ngettext("%(value)s day", "%(value)s days", n),
    "h": lambda n: ngettext("%(value)s hour", "%(value)s hours", n),
    "months": lambda n: ngettext("%(value)s month", "%(value)s months", n),
    "years": lambda n: ngettext("%(value)s year old", "%(value)s years old", n),
    "points": lambda n: ngettext("%(value)s point", "%(value)s points", n),
    "ADLs": lambda n: _("%(value)s of the 6 activities"),
    "limbs": lambda n: ngettext("%(value)s limb", "%(value)s limbs", n),
    "grade": lambda n: _("grade %(value)s"),
    "class": lambda n: _("class %(value)s"),
    "stage": lambda n: _("stage %(value)s"),
    "× URL": lambda n: _("%(value)s × the upper reference limit"),
    "%": lambda n: "%(value)s%%",
    "×10⁹/L": lambda n: "%(value)s×10⁹/L",
    "mmHg": lambda n: "%(value)s mmHg",
    "dB": lambda n: _("%(value)s dB"),
    "°": lambda n: _("%(value)s degrees"),
}


class VocabularyError(ValueError):
    """A definition set whose vocabulary leaves a fact, a choice or a unit without words."""


def _english(language: str | None) -> bool:
    return (language or get_language() or "").startswith("en")


def _label(entry: dict[str, Any], language: str | None) -> str:
    return entry.get("label_en" if _english(language) else "label_zh") or ""


def needs_label(clause: Clause, negated: set[str]) -> bool:
    """Does the fact need a label of its own? A number or a choice always does (the
    clause states a threshold, not the fact), and so does a yes/no fact that some clause
    negates ("Not caused by …": its words are not the fact's)."""
    return clause.fact_kind != "boolean" or clause.fact in negated


def vocabulary_problems(vocabulary: dict[str, Any], clauses: list[Clause]) -> list[str]:
    """What the vocabulary is missing for these clauses (the whole set's), one line each."""
    problems = []
    negated = {c.fact for c in clauses if c.op == "is_false"}
    for clause in clauses:
        if clause.unit not in UNITS:
            problems.append(f"clause {clause.key}: unit '{clause.unit}' has no words")
        entry = vocabulary.get(clause.fact)
        if needs_label(clause, negated):
            if (
                not isinstance(entry, dict)
                or not entry.get("label_zh")
                or not entry.get("label_en")
            ):
                problems.append(f"fact {clause.fact}: needs label_zh and label_en")
                continue
        if clause.fact_kind == "choice":
            choices = (entry or {}).get("choices", {})
            values = clause.value if isinstance(clause.value, list) else [clause.value]
            for value in values:
                words = choices.get(str(value))
                if (
                    not isinstance(words, dict)
                    or not words.get("label_zh")
                    or not words.get("label_en")
                ):
                    problems.append(f"fact {clause.fact}: choice '{value}' needs its labels")
    return sorted(set(problems))


# --- values in words ------------------------------------------------------------------------


def number_text(value: Any) -> str:
    """A recorded number for the reader's language: no float noise, grouped the local way."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    else:
        number = number.normalize()
    return formats.number_format(number, use_l10n=True, force_grouping=True)


def quantity_text(value: Any, unit: str) -> str:
    """``4 points``, ``18 × the upper reference limit`` / ``正常上限的 18 倍``."""
    try:
        count = _count(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        count = 2
    template = UNITS.get(unit, UNITS[""])(count)
    return template % {"value": number_text(value)}


def unit_text(unit: str) -> str:
    """The unit alone, for beside an input: ``days``, ``× the upper reference limit``."""
    return quantity_text(2, unit).replace(number_text(2), "").strip()


def fact_label(clause: Clause, vocabulary: dict[str, Any], language: str | None = None) -> str:
    """What was looked at, in words: the vocabulary's label, else the clause asserting it."""
    entry = vocabulary.get(clause.fact)
    if isinstance(entry, dict) and _label(entry, language):
        return _label(entry, language)
    return clause.label(language or get_language() or "")


def choice_text(
    clause: Clause, value: Any, vocabulary: dict[str, Any], language: str | None = None
) -> str:
    if str(value) == OTHER_CHOICE:
        return _("none of the listed ones")
    choices = (vocabulary.get(clause.fact) or {}).get("choices", {})
    words = choices.get(str(value))
    if isinstance(words, dict) and _label(words, language):
        return _label(words, language)
    return _("a value outside the definition's list")


def value_text(
    clause: Clause, value: Any, vocabulary: dict[str, Any], language: str | None = None
) -> str:
    """A recorded value as the reader reads it; ``""`` when nothing is recorded."""
    if value is None or value == "":
        return ""
    if clause.fact_kind == "boolean" or isinstance(value, bool):
        if not isinstance(value, bool):
            return _("cannot be read as yes or no")
        return pgettext("fact", "yes") if value else pgettext("fact", "no")
    if clause.fact_kind == "choice":
        return choice_text(clause, value, vocabulary, language)
    return quantity_text(value, clause.unit)


def _statement_holds(value: bool) -> str:
    """A negating clause's yes/no fact with no label of its own (a set imported before
    vocabularies): the clause is then its only words, so the answer is to the clause as
    written ("Not caused by …: yes" when the fact is false), never to the hidden fact."""
    return pgettext("fact", "no") if value else pgettext("fact", "yes")


# --- one clause, and the tree --------------------------------------------------------------


STATUS_LABELS = {
    MET: lambda: pgettext("clause", "Met"),
    NOT_MET: lambda: pgettext("clause", "Not met"),
    UNKNOWN: lambda: pgettext("clause", "To be confirmed"),
}


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, STATUS_LABELS[UNKNOWN])()


@dataclass(frozen=True)
class FactLine:
    """One clause as a person reads it. ``key`` is for lookups only, never for display."""

    key: str
    requirement: str  # the clause, as the definition words it
    fact: str  # what was looked at
    value: str  # what was found, in words; "" when nothing is recorded
    status: str  # met / not_met / unknown
    status_label: str  # Met / Not met / To be confirmed
    provisional: bool  # the medical committee has not yet confirmed the threshold

    @property
    def recorded(self) -> bool:
        return bool(self.value)

    @property
    def finding(self) -> str:
        """``Caused by alcohol or drug abuse: yes`` / ``因酗酒或药物滥用导致：是``."""
        return _("%(fact)s: %(value)s") % {
            "fact": self.fact,
            "value": self.value or _("not recorded"),
        }

    @property
    def text(self) -> str:
        """The line in plain text, for emails: what was found, then the clause's status."""
        return _("%(finding)s (clause “%(clause)s”: %(status)s)") % {
            "finding": self.finding,
            "clause": self.requirement,
            "status": self.status_label,
        }


def fact_line(
    clause: Clause,
    value: Any,
    status: str,
    vocabulary: dict[str, Any],
    language: str | None = None,
) -> FactLine:
    entry = vocabulary.get(clause.fact)
    labelled = isinstance(entry, dict) and bool(_label(entry, language))
    shown = value_text(clause, value, vocabulary, language)
    if shown and clause.op == "is_false" and not labelled and isinstance(value, bool):
        shown = _statement_holds(value)
    return FactLine(
        key=clause.key,
        requirement=clause.label(language or get_language() or ""),
        fact=fact_label(clause, vocabulary, language),
        value=shown,
        status=status if status in STATUS_LABELS else UNKNOWN,
        status_label=status_label(status),
        provisional=clause.to_be_confirmed,
    )


@dataclass
class FactNode:
    """The definition as a tree: a group (all / any / at least N of) or one clause's line."""

    line: FactLine | None = None
    group: str = ""  # all / any / at_least
    at_least: int | None = None
    heading: str = ""
    children: list["FactNode"] = field(default_factory=list)
    status: str = UNKNOWN  # a group's result on the recorded facts; a clause's is its line's
    number: int = 0  # a clause's place in the definition, from 1 (what readers cite)

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    def clauses(self) -> list["FactNode"]:
        """The clause nodes, in the definition's order."""
        if self.line is not None:
            return [self]
        return [node for child in self.children for node in child.clauses()]

    def lines(self) -> list[FactLine]:
        return [node.line for node in self.clauses() if node.line is not None]


GROUP_HEADINGS = {
    "all": lambda n: _("All of these"),
    "any": lambda n: _("Any one of these"),
    "at_least": lambda n: _("At least %(n)s of these") % {"n": n},
}


def fact_tree(
    tree: dict[str, Any],
    facts: dict[str, Any],
    vocabulary: dict[str, Any],
    language: str | None = None,
    results: dict[str, str] | None = None,
) -> FactNode:
    """Every clause of ``tree`` with its recorded fact and result, numbered from 1 in the
    definition's order. ``results`` (clause key → met / not_met / unknown) are the
    evaluator's stored results; a clause without one is judged here by the same evaluator."""
    numbers = iter(range(1, 10_000))

    def build(node: dict[str, Any]) -> FactNode:
        for group in ("all", "any", "of"):
            if group in node:
                name = "at_least" if group == "of" else group
                return FactNode(
                    group=name,
                    at_least=node.get("at_least"),
                    status=evaluate(node, facts).outcome,
                    heading=GROUP_HEADINGS[name](node.get("at_least")),
                    children=[build(child) for child in node[group]],
                )
        clause = clause_from(node, node.get("key", "clause"))
        value = facts.get(clause.fact)
        status = (results or {}).get(clause.key) or judge(clause, value).result
        return FactNode(
            line=fact_line(clause, value, status, vocabulary, language),
            status=status,
            number=next(numbers),
        )

    return build(tree)
