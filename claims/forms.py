from django import forms
from django.utils.translation import gettext_lazy as _

from claims.states import DocumentKind
from members.models import Member, Plan


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


def condition_choices() -> list:
    """Conditions in force today, grouped by plan (the filing check uses the diagnosis date)."""
    from claims.definitions.selectors import conditions_in_force
    from core import clock

    groups = []
    for plan in Plan.objects.order_by("id"):
        conditions = conditions_in_force(day=clock.today(), plan=plan)
        groups.append((plan.name, [(c.code, c.name) for c in conditions]))
    return [("", "—")] + groups


class MemberChoiceField(forms.ModelChoiceField):
    """The account's own members, by full name and relation (the account holder may see them)."""

    def label_from_instance(self, member: Member) -> str:
        return f"{member.full_name} · {member.get_relation_display()}"


class ClaimDraftForm(forms.Form):
    """The claimant's form. Every field may be left for later: the draft keeps what is given."""

    member = MemberChoiceField(
        label=_("Who is claiming"), queryset=Member.objects.none(), required=False
    )
    plan = forms.ModelChoiceField(label=_("Plan"), queryset=Plan.objects.all(), required=False)
    condition_code = forms.ChoiceField(label=_("Condition"), required=False)
    diagnosis = forms.CharField(
        label=_("Diagnosis"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("As written on the diagnosis or discharge summary."),
    )
    hospital = forms.CharField(label=_("Hospital"), required=False, max_length=200)
    city = forms.CharField(label=_("City"), required=False, max_length=50)
    diagnosis_date = forms.DateField(
        label=_("Date of first diagnosis"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    document_kind = forms.ChoiceField(
        label=_("Document type"),
        choices=DocumentKind.choices,
        required=False,
        initial=DocumentKind.MEDICAL_RECORD,
    )
    documents = MultipleFileField(
        label=_("Documents (PDF, JPEG or PNG)"),
        required=False,
    )

    def __init__(self, *args, account, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.filter(account=account)
        self.fields["condition_code"].choices = condition_choices()


class DisputeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you dispute this decision?"),
        min_length=10,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AppealForm(forms.Form):
    statement = forms.CharField(
        label=_("Why should the jury's verdict be reconsidered? Describe the new evidence."),
        min_length=20,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=1000)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document type"), choices=DocumentKind.choices)
    file = forms.FileField(label=_("File (PDF, JPEG or PNG)"))


# Back-office forms used by the admin's transition buttons.


class JuryResultForm(forms.Form):
    pay_votes = forms.IntegerField(label=_("Votes to pay"), min_value=0)
    deny_votes = forms.IntegerField(label=_("Votes to deny"), min_value=0)


class PaymentForm(forms.Form):
    payout_reference = forms.CharField(label=_("Payout reference"), max_length=64)
