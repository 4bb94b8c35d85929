"""What the jury API sends and takes: the juror's panels, the anonymised case file (built
by ``jury.selectors.case``, the same file the panel page shows), the ballot, the
result after the close, and the panels office's rows.

Output serializers read the selectors' dataclasses; nothing here queries the database.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.api.serializers import CLAUSE_STATUSES
from claims.definitions.wording import FactNode
from claims.states import Decision
from jury.models import ClauseAnswer, PanelStatus, SeatStatus

# --- the juror's panels ----------------------------------------------------------------------

SECTIONS = [
    ("mine", "Seats the juror holds, and open panels voted on, not yet closed"),
    ("open", "Panels every qualified juror without a conflict may vote on"),
    ("closed", "Decided panels the juror sat on or voted in"),
]


class SeatSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    status = serializers.ChoiceField(choices=SeatStatus.choices)
    offered_at = serializers.DateTimeField()
    responded_at = serializers.DateTimeField(allow_null=True)


class PanelRowSerializer(serializers.Serializer):
    """One panel of the juror's home page (``jury.selectors.panels.juror_panels``), read
    from ``{"section", "panel", "seat", "voted", "my_verdict"}``."""

    section = serializers.ChoiceField(choices=SECTIONS)
    id = serializers.IntegerField(source="panel.pk")
    round = serializers.IntegerField(source="panel.round")
    status = serializers.ChoiceField(source="panel.status", choices=PanelStatus.choices)
    open_to_every_juror = serializers.BooleanField(source="panel.is_open_panel")
    plan = serializers.CharField(source="panel.claim.plan.name")
    condition = serializers.CharField(source="panel.claim.condition_name")
    deadline_at = serializers.DateTimeField(source="panel.deadline_at")
    closed_at = serializers.DateTimeField(source="panel.closed_at", allow_null=True)
    seat = SeatSerializer(allow_null=True)
    voted = serializers.BooleanField()
    verdict = serializers.SerializerMethodField(
        help_text="The panel's verdict once closed (blank before)."
    )
    my_verdict = serializers.SerializerMethodField(
        help_text="The juror's own verdict on a closed panel (blank before the close, or "
        "when they did not vote)."
    )

    @extend_schema_field(serializers.ChoiceField(choices=Decision.choices, allow_blank=True))
    def get_verdict(self, row) -> str:
        panel = row["panel"]
        return panel.verdict if panel.status == PanelStatus.CLOSED else ""

    @extend_schema_field(serializers.ChoiceField(choices=Decision.choices, allow_blank=True))
    def get_my_verdict(self, row) -> str:
        return row["my_verdict"]


# --- the anonymised case file ----------------------------------------------------------------


class ClauseLineSerializer(serializers.Serializer):
    """One clause with the fact recorded for it, in words (``claims.definitions.wording``)."""

    key = serializers.CharField(help_text="The clause's key: answer it by this key.")
    number = serializers.IntegerField(help_text="The clause's place in the definition, from 1.")
    requirement = serializers.CharField(help_text="The clause, as the definition words it.")
    fact = serializers.CharField(help_text="What was looked at.")
    value = serializers.CharField(
        allow_blank=True, help_text='What was found, in words; "" when not recorded.'
    )
    status = serializers.ChoiceField(choices=CLAUSE_STATUSES)
    status_label = serializers.CharField()
    provisional = serializers.BooleanField(
        help_text="The medical committee has not yet confirmed the threshold."
    )
    denial_rests_on = serializers.BooleanField(help_text="A denial names this clause.")


class CriteriaNodeSerializer(serializers.Serializer):
    """The definition as a list of nodes in reading order: a group (all / any / at least
    n of its children) or a clause. ``parent`` is the index of the enclosing group."""

    index = serializers.IntegerField()
    # A field named like Field.parent: DRF's metaclass takes declared fields out of the class.
    parent = serializers.IntegerField(allow_null=True)  # type: ignore[assignment]
    depth = serializers.IntegerField()
    group = serializers.ChoiceField(choices=["all", "any", "at_least"], allow_blank=True)
    at_least = serializers.IntegerField(allow_null=True)
    heading = serializers.CharField(allow_blank=True)
    status = serializers.ChoiceField(choices=CLAUSE_STATUSES)
    clause = ClauseLineSerializer(allow_null=True)


def criteria_nodes(tree: FactNode, denial_keys: set[str]) -> list[dict]:
    """``FactNode`` flattened, depth first, as ``CriteriaNodeSerializer`` reads it."""
    nodes: list[dict] = []

    def walk(node: FactNode, parent: int | None, depth: int) -> None:
        index = len(nodes)
        line = node.line
        nodes.append(
            {
                "index": index,
                "parent": parent,
                "depth": depth,
                "group": node.group,
                "at_least": node.at_least,
                "heading": str(node.heading),
                "status": node.status,
                "clause": None
                if line is None
                else {
                    "key": line.key,
                    "number": node.number,
                    "requirement": line.requirement,
                    "fact": line.fact,
                    "value": line.value,
                    "status": line.status,
                    "status_label": str(line.status_label),
                    "provisional": line.provisional,
                    "denial_rests_on": line.key in denial_keys,
                },
            }
        )
        for child in node.children:
            walk(child, index, depth + 1)

    if tree.line is not None or tree.children:
        walk(tree, None, 0)
    return nodes


class StatementSerializer(serializers.Serializer):
    heading = serializers.CharField()
    text = serializers.CharField(allow_blank=True)
    at = serializers.DateTimeField()


class DocumentCountSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="The kind of document, in words: never a file.")
    count = serializers.IntegerField()


class CaseFileSerializer(serializers.Serializer):
    """The anonymised case file (``jury.selectors.case.panel_case_file``): an age band,
    never an age; no name, identity number, contact, hospital or city; free text
    scrubbed of them; documents by kind only."""

    age_band = serializers.CharField()
    plan = serializers.CharField()
    condition = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    criteria = serializers.SerializerMethodField()
    summary = serializers.CharField(allow_blank=True)
    non_disclosure_found = serializers.BooleanField(allow_null=True)
    decision = serializers.ChoiceField(choices=Decision.choices, allow_blank=True)
    decision_label = serializers.CharField(allow_blank=True)
    decision_reason = serializers.CharField(allow_blank=True)
    denial_rests_on_non_disclosure = serializers.BooleanField(source="deciding.non_disclosure")
    statements = StatementSerializer(many=True)
    documents = DocumentCountSerializer(many=True)

    @extend_schema_field(CriteriaNodeSerializer(many=True))
    def get_criteria(self, case) -> list[dict]:
        return criteria_nodes(case.criteria, case.denial_keys)


class OwnBallotSerializer(serializers.Serializer):
    """The juror's own ballot, as cast (changeable until the deadline)."""

    clause_answers = serializers.DictField(child=serializers.ChoiceField(ClauseAnswer.choices))
    verdict = serializers.ChoiceField(choices=Decision.choices)
    reason = serializers.CharField()
    contradicts_clauses = serializers.BooleanField()
    contradiction_note = serializers.CharField(allow_blank=True)
    cast_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class PanelSerializer(serializers.Serializer):
    """A panel as the juror reads it: the case file, what they may do, their ballot."""

    id = serializers.IntegerField(source="panel.pk")
    round = serializers.IntegerField(source="panel.round")
    status = serializers.ChoiceField(source="panel.status", choices=PanelStatus.choices)
    open_to_every_juror = serializers.BooleanField(source="panel.is_open_panel")
    deadline_at = serializers.DateTimeField(source="panel.deadline_at")
    closed_at = serializers.DateTimeField(source="panel.closed_at", allow_null=True)
    may_vote = serializers.BooleanField(source="access.may_vote")
    may_decline = serializers.BooleanField(source="access.may_decline")
    refusal = serializers.CharField(
        source="access.refusal", allow_blank=True, help_text="Why the juror may not vote now."
    )
    seat = SeatSerializer(source="access.seat", allow_null=True)
    ballot = OwnBallotSerializer(source="access.ballot", allow_null=True)
    case = CaseFileSerializer()


class BallotSerializer(serializers.Serializer):
    """A ballot: every clause of the definition judged, the verdict and why."""

    clause_answers = serializers.DictField(
        child=serializers.ChoiceField(choices=ClauseAnswer.choices),
        help_text="Each clause key of the case file's criteria, answered met, not_met or unsure.",
    )
    verdict = serializers.ChoiceField(choices=Decision.choices)
    reason = serializers.CharField(max_length=2000)
    contradiction_note = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        default="",
        help_text="Needed (5 characters or more) when the verdict differs from the "
        "juror's own answers on the clauses.",
    )


class BallotReceiptSerializer(serializers.Serializer):
    """The ballot saved: when, and whether the verdict differs from the clauses."""

    panel = serializers.IntegerField(source="panel_id")
    verdict = serializers.ChoiceField(choices=Decision.choices)
    contradicts_clauses = serializers.BooleanField()
    cast_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    deadline_at = serializers.DateTimeField(help_text="It may be changed until then.")


# --- after the close ------------------------------------------------------------------------


class ClauseSplitSerializer(serializers.Serializer):
    met = serializers.IntegerField()
    not_met = serializers.IntegerField()
    unsure = serializers.IntegerField()
    met_percent = serializers.IntegerField()
    not_met_percent = serializers.IntegerField()
    unsure_percent = serializers.IntegerField()


class TallySerializer(serializers.Serializer):
    pay = serializers.IntegerField()
    deny = serializers.IntegerField()
    pay_percent = serializers.IntegerField()
    deny_percent = serializers.IntegerField()
    contradicting = serializers.IntegerField(
        help_text="Jurors whose verdict differs from their own answers on the clauses."
    )
    clauses = serializers.DictField(
        child=ClauseSplitSerializer(), help_text="Each clause key's split of the answers."
    )
    reasons_pay = serializers.ListField(child=serializers.CharField())
    reasons_deny = serializers.ListField(child=serializers.CharField())


class OwnAnswerSerializer(serializers.Serializer):
    answer = serializers.ChoiceField(choices=ClauseAnswer.choices)
    text = serializers.CharField()


class OwnVoteSerializer(serializers.Serializer):
    verdict = serializers.ChoiceField(choices=Decision.choices)
    agrees = serializers.BooleanField(help_text="The panel decided as the juror voted.")
    answers = serializers.DictField(child=OwnAnswerSerializer())
    reason = serializers.CharField()
    note = serializers.CharField(allow_blank=True)


class PanelResultSerializer(serializers.Serializer):
    """A closed panel's result: the verdict, the published tally, the juror's own vote."""

    id = serializers.IntegerField(source="panel.pk")
    round = serializers.IntegerField(source="panel.round")
    verdict = serializers.ChoiceField(source="panel.verdict", choices=Decision.choices)
    closed_at = serializers.DateTimeField(source="panel.closed_at")
    tally = TallySerializer()
    my_vote = OwnVoteSerializer(allow_null=True)


# --- the panels office ----------------------------------------------------------------------


class OfficePanelSerializer(serializers.Serializer):
    """A panel in the panels office: seats and turnout, never a count of verdicts before
    the close (``jury.selectors.panels.panels_for_office``)."""

    id = serializers.IntegerField(source="panel.pk")
    claim = serializers.CharField(source="panel.claim.reference")
    round = serializers.IntegerField(source="panel.round")
    status = serializers.ChoiceField(source="panel.status", choices=PanelStatus.choices)
    size = serializers.IntegerField(source="panel.size", allow_null=True)
    quorum = serializers.IntegerField(source="panel.quorum")
    opened_at = serializers.DateTimeField(source="panel.opened_at")
    deadline_at = serializers.DateTimeField(source="panel.deadline_at")
    closed_at = serializers.DateTimeField(source="panel.closed_at", allow_null=True)
    extensions = serializers.IntegerField(source="panel.extensions")
    seats_offered = serializers.IntegerField(source="panel.seats_offered")
    seats_declined = serializers.IntegerField(source="panel.seats_declined")
    seats_voted = serializers.IntegerField(source="panel.seats_voted")
    seats_no_show = serializers.IntegerField(source="panel.seats_no_show")
    voted = serializers.IntegerField(help_text="Turnout: voted seats, or ballots cast.")
    at_risk = serializers.BooleanField(help_text="Quorum unmet with the deadline near.")
    late = serializers.BooleanField(help_text="Open past its deadline (not yet swept).")
    verdict = serializers.SerializerMethodField()
    pay = serializers.SerializerMethodField(help_text="After the close only.")
    deny = serializers.SerializerMethodField(help_text="After the close only.")

    def _closed(self, row) -> bool:
        return row["panel"].status == PanelStatus.CLOSED

    @extend_schema_field(serializers.ChoiceField(choices=Decision.choices, allow_blank=True))
    def get_verdict(self, row) -> str:
        return row["panel"].verdict if self._closed(row) else ""

    def get_pay(self, row) -> int | None:
        return row["panel"].tally.get("pay", 0) if self._closed(row) else None

    def get_deny(self, row) -> int | None:
        return row["panel"].tally.get("deny", 0) if self._closed(row) else None
