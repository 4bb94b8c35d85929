"""Forms for the jurors' pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from claims.states import Decision
from jury.models import ClauseAnswer, ExamQuestion


def in_english(language: str | None) -> bool:
    return (language or "").startswith("en")


def question_field_name(question: ExamQuestion) -> str:
    return f"q{question.pk}"


class VolunteerForm(forms.Form):
    agree = forms.BooleanField(
        label=_(
            "I will judge each case on its evidence against the definition's clauses, "
            "keep ballots and case files secret, and step aside when I have a conflict "
            "of interest."
        ),
        error_messages={"required": _("Agree to the jury rules to volunteer.")},
    )


class ExamForm(forms.Form):
    """One radio group per question of the sitting, in the language of the page."""

    def __init__(self, *args, questions: list[ExamQuestion], language: str | None, **kwargs):
        super().__init__(*args, **kwargs)
        english = in_english(language)
        self.questions = questions
        for number, question in enumerate(questions, 1):
            self.fields[question_field_name(question)] = forms.ChoiceField(
                label=f"{number}. {question.text_en if english else question.text_zh}",
                choices=[(c["key"], c["en"] if english else c["zh"]) for c in question.choices],
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose an answer.")},
            )

    def answers(self) -> dict[int, str]:
        return {q.pk: self.cleaned_data[question_field_name(q)] for q in self.questions}


#: Short labels, side by side on a phone; the page explains "cannot tell".
CLAUSE_CHOICES = [
    (ClauseAnswer.MET, _("Met")),
    (ClauseAnswer.NOT_MET, _("Not met")),
    (ClauseAnswer.UNSURE, _("Cannot tell")),
]


def clause_field_name(key: str) -> str:
    return f"clause_{key}"


class BallotForm(forms.Form):
    """A ballot, clause by clause: met / not met / cannot tell for each clause of the
    definition, then the verdict and a reason; a note when the verdict differs from the
    juror's own answers (asked for when the service refuses without one)."""

    verdict = forms.ChoiceField(
        label=_("Your verdict"),
        choices=[(Decision.APPROVE, _("Pay")), (Decision.DENY, _("Deny"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose pay or deny.")},
    )
    reason = forms.CharField(
        label=_("Your reason"),
        min_length=5,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Say which clauses and facts your verdict rests on. Shown, without your "
            "name, with the tally after the deadline."
        ),
        error_messages={
            "required": _("Give a short reason for your verdict."),
            "min_length": _("Give a short reason for your verdict."),
        },
    )
    contradiction_note = forms.CharField(
        label=_("Why your verdict differs from your answers on the clauses"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, clauses, **kwargs):
        """``clauses``: the case file's clause nodes (claims.definitions.wording.FactNode),
        each shown once on the page with its fact, the answer asked beside it."""
        super().__init__(*args, **kwargs)
        self.keys = [node.line.key for node in clauses]
        clause_fields = {}
        for node in clauses:
            clause_fields[clause_field_name(node.line.key)] = forms.ChoiceField(
                label=f"{node.number}. {node.line.requirement}",
                choices=CLAUSE_CHOICES,
                widget=forms.RadioSelect,
                error_messages={"required": _("Answer this clause.")},
            )
        # The clauses come first, in the definition's order, then the verdict.
        self.fields = {**clause_fields, **self.fields}

    @classmethod
    def initial_from(cls, ballot) -> dict:
        if ballot is None:
            return {}
        initial = {clause_field_name(key): value for key, value in ballot.clause_answers.items()}
        initial.update(
            verdict=ballot.verdict,
            reason=ballot.reason,
            contradiction_note=ballot.contradiction_note,
        )
        return initial

    def clause_field(self, key: str):
        """The bound field of one clause (the page shows it beside the clause's fact)."""
        return self[clause_field_name(key)] if key in self.keys else None

    def clause_answers(self) -> dict[str, str]:
        return {key: self.cleaned_data[clause_field_name(key)] for key in self.keys}
