"""The anonymised case file a panel judges, and the published tally (赔审团案卷).

Anonymity: the case file is built from an allow-list of fields (age band, plan,
condition, the definition and the recorded facts, the reasons and statements); free text
is scrubbed of the claimant's and their account's names, identifiers, contacts, hospital
and city. No file name and no file: documents are listed by kind only.

Secrecy: the tally comes only from ``Panel.tally``, which the close writes; nothing here
reads another juror's ballot.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _

from claims.definitions.wording import FactNode
from claims.models import Claim, ClaimDocument, ClaimEvent
from claims.selectors.facts import DecidingFacts, claim_deciding_facts, claim_fact_tree
from claims.states import ClaimEventType, Decision, DocumentKind
from jury.models import Ballot, ClauseAnswer, Panel, PanelStatus
from members.models import Member

SCRUBBED = "▇▇▇"


def age_band(age: int) -> str:
    """``30–39``: the decade of the age at diagnosis, not the age itself."""
    low = (age // 10) * 10
    return f"{low}–{low + 9}"


# --- the anonymised case file --------------------------------------------------------------


def _scrubber(claim: Claim) -> Callable[[str], str]:
    """Blank out, in free text, what would identify the claimant: the names, identifiers
    and contacts of every member on the claimant's account, the account's own, the
    hospital and the city."""
    member = claim.member
    people = list(
        Member.objects.filter(account_id=member.account_id).values_list(
            "full_name", "national_id_masked", "phone", "email", "city"
        )
    )
    account = member.account
    words = {claim.hospital, claim.city, account.email, account.get_full_name()}
    for row in people:
        words.update(row)
    blanked = sorted({w.strip() for w in words if w and len(w.strip()) >= 2}, key=len, reverse=True)
    if not blanked:
        return lambda text: text
    pattern = re.compile("|".join(re.escape(w) for w in blanked), re.IGNORECASE)
    return lambda text: pattern.sub(SCRUBBED, text or "")


@dataclass(frozen=True)
class Statement:
    heading: str
    text: str
    at: datetime


def _statements(claim: Claim, panel: Panel, scrub) -> list[Statement]:
    """The claimant's and the objector's words: their dispute and any appeal lodged by the
    time the panel opened."""
    events = ClaimEvent.objects.filter(
        claim=claim,
        event_type__in=[ClaimEventType.DISPUTE_LODGED, ClaimEventType.APPEAL_LODGED],
        created_at__lte=panel.opened_at,
    ).order_by("id")
    claimant = {claim.member.account_id, claim.filed_by_id}
    out = []
    for event in events:
        by_claimant = event.actor_id in claimant
        if event.event_type == ClaimEventType.DISPUTE_LODGED:
            heading = _("The claimant's dispute") if by_claimant else _("The objection of a member")
        else:
            heading = _("The claimant's appeal") if by_claimant else _("The objector's appeal")
        out.append(Statement(heading=heading, text=scrub(event.reason), at=event.created_at))
    return out


def _documents(claim: Claim) -> list[dict[str, Any]]:
    """The evidence on file, by kind only: no file names, no files."""
    labels = dict(DocumentKind.choices)
    counts = (
        ClaimDocument.objects.filter(claim=claim)
        .order_by()
        .values("kind")
        .annotate(n=Count("id"))
        .order_by("kind")
    )
    return [{"kind": labels.get(row["kind"], row["kind"]), "count": row["n"]} for row in counts]


@dataclass(frozen=True)
class CaseFile:
    """The anonymised file. ``criteria`` is the definition with each clause's recorded
    fact, in the words of ``claims.definitions.wording`` (each clause once: the ballot
    asks for the juror's judgement beside it); ``clauses`` are its clause nodes in order."""

    age_band: str
    plan: str
    condition: str
    description: str
    criteria: FactNode  # empty (no line, no children) without a definition
    clauses: list[FactNode]
    summary: str
    non_disclosure_found: bool | None
    decision: str
    decision_label: str
    decision_reason: str
    deciding: DecidingFacts
    statements: list[Statement]
    documents: list[dict[str, Any]]

    @property
    def denial_keys(self) -> set[str]:
        """The clauses a denial rests on (marked in the tree, not listed again)."""
        return {line.key for line in self.deciding.lines} if self.decision == "deny" else set()


def panel_case_file(*, panel: Panel) -> CaseFile:
    """The anonymised case file a panel judges."""
    claim = panel.claim
    scrub = _scrubber(claim)
    definition = claim.condition_definition
    tree = claim_fact_tree(claim=claim) or FactNode()
    investigation = getattr(claim, "investigation", None)
    return CaseFile(
        age_band=age_band(claim.age_at_diagnosis),
        plan=claim.plan.name,
        condition=claim.condition_name,
        description=definition.description if definition else "",
        criteria=tree,
        clauses=tree.clauses(),
        summary=scrub(investigation.summary) if investigation else "",
        non_disclosure_found=investigation.non_disclosure_found if investigation else None,
        decision=claim.decision,
        decision_label=claim.get_decision_display() if claim.decision else "",
        decision_reason=scrub(claim.decision_reason),
        deciding=claim_deciding_facts(claim=claim),
        statements=_statements(claim, panel, scrub),
        documents=_documents(claim),
    )


# --- after the close: the tally ------------------------------------------------------------


@dataclass(frozen=True)
class TallyView:
    """The published tally. ``clauses`` maps each clause key to its split (counts and the
    5%-step widths the bars are drawn with: no inline style, the CSS has the steps)."""

    pay: int
    deny: int
    pay_percent: int
    deny_percent: int
    pay_step: int
    deny_step: int
    contradicting: int
    clauses: dict[str, dict[str, int]]
    reasons_pay: list[str]
    reasons_deny: list[str]


def _percent(part: int, whole: int) -> int:
    return (200 * part + whole) // (2 * whole) if whole else 0


def bar_step(percent: int) -> int:
    """A bar's width class: the percentage to the nearest 5 (``w-35``)."""
    return min(100, max(0, 5 * ((percent + 2) // 5)))


def panel_published_tally(*, panel: Panel) -> TallyView | None:
    """The stored tally of a closed panel; None while the panel is not closed (nothing is
    counted before the close)."""
    if panel.status != PanelStatus.CLOSED or not panel.tally:
        return None
    tally = panel.tally
    scrub = _scrubber(panel.claim)
    pay, deny = tally.get("pay", 0), tally.get("deny", 0)
    rows = {}
    for key, split in tally.get("clauses", {}).items():
        met, not_met, unsure = (split.get(k, 0) for k in ("met", "not_met", "unsure"))
        total = met + not_met + unsure
        row = {"met": met, "not_met": not_met, "unsure": unsure}
        for name, count in list(row.items()):
            row[f"{name}_percent"] = _percent(count, total)
            row[f"{name}_step"] = bar_step(_percent(count, total))
        rows[key] = row
    reasons = tally.get("reasons", {})
    return TallyView(
        pay=pay,
        deny=deny,
        pay_percent=_percent(pay, pay + deny),
        deny_percent=_percent(deny, pay + deny),
        pay_step=bar_step(_percent(pay, pay + deny)),
        deny_step=bar_step(_percent(deny, pay + deny)),
        contradicting=tally.get("contradicting_clauses", 0),
        clauses=rows,
        reasons_pay=[scrub(r) for r in reasons.get(Decision.APPROVE, [])],
        reasons_deny=[scrub(r) for r in reasons.get(Decision.DENY, [])],
    )


def panel_own_vote(*, panel: Panel, ballot: Ballot) -> dict[str, Any]:
    """The juror's own ballot as shown after the close (free text scrubbed like the rest);
    ``answers`` maps each clause key to the juror's answer, shown beside the clause."""
    scrub = _scrubber(panel.claim)
    given = ballot.clause_answers
    return {
        "verdict": ballot.verdict,
        "agrees": ballot.verdict == panel.verdict,
        "answers": {
            key: {"answer": answer, "text": ClauseAnswer(answer).label}
            for key, answer in given.items()
            if answer in ClauseAnswer.values
        },
        "reason": scrub(ballot.reason),
        "note": scrub(ballot.contradiction_note),
    }
