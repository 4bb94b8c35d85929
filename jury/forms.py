"""Forms for the jurors' pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from jury.models import ExamQuestion


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
