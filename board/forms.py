"""Forms of the public board: the filters of a batch page and a member's objection."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from claims.states import Decision


class BoardFilterForm(forms.Form):
    """Plan, condition and decision; the choices are the ones present in the batch."""

    plan = forms.ChoiceField(label=_("Plan"), required=False)
    condition = forms.ChoiceField(label=_("Condition"), required=False)
    decision = forms.ChoiceField(
        label=_("Decision"),
        required=False,
        choices=[("", _("All"))] + list(Decision.choices),
    )

    def __init__(self, *args, choices: dict[str, list[tuple[str, str]]], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["plan"]).choices = [("", _("All")), *choices["plan"]]
        cast(forms.ChoiceField, self.fields["condition"]).choices = [
            ("", _("All")),
            *choices["condition"],
        ]

    def filters(self) -> dict[str, str]:
        """The valid filters; an unknown value is ignored rather than refused."""
        self.is_valid()  # cleaned_data keeps the fields that are valid
        return {name: value for name, value in self.cleaned_data.items() if value}


class ObjectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you object to this approval?"),
        help_text=_(
            "Name the facts you believe are wrong and how you know. Do not write anyone's "
            "name or contact details: your objection goes to the jury."
        ),
        min_length=10,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
