"""The claimant portal's forms: the draft, a dispute, an appeal, a withdrawal, a document
and the answer to a document request."""

from typing import cast

from django import forms
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from claims.states import DocumentKind
from members.models import Enrolment, Member, Plan


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


def condition_choices(plans) -> list:
    """Conditions in force today, grouped by plan (the filing check uses the diagnosis
    date): only the plans given (the account's own)."""
    from claims.definitions.selectors import conditions_in_force
    from core import clock

    groups = []
    for plan in plans:
        conditions = conditions_in_force(day=clock.today(), plan=plan)
        groups.append((plan.name, [(c.code, c.name) for c in conditions]))
    return [("", "—")] + groups


class MemberChoiceField(forms.ModelChoiceField):
    """The account's own members, by full name and relation (the account holder may see them)."""

    def label_from_instance(self, member: Member) -> str:
        return f"{member.full_name} · {member.get_relation_display()}"


class PlanSelect(forms.Select):
    """Each plan names the members in it (``data-members``), so the page's script can
    offer only the chosen member's plans."""

    def __init__(self, *args, members_of_plan: dict[int, list[int]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.members_of_plan = members_of_plan or {}

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        plan_id = getattr(value, "value", value)
        if plan_id:
            members = self.members_of_plan.get(int(plan_id), [])
            option["attrs"]["data-members"] = " ".join(str(m) for m in members)
        return option


class ConditionSelect(forms.Select):
    """Each condition names its plan (``data-plan``), so the script offers only the
    chosen plan's conditions."""

    def __init__(self, *args, plan_of_group: dict[str, int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan_of_group = plan_of_group or {}

    def optgroups(self, name, value, attrs=None):
        groups = super().optgroups(name, value, attrs)
        for group_name, options, _index in groups:
            plan_id = self.plan_of_group.get(group_name) if group_name else None
            for option in options:
                if plan_id is not None:
                    option["attrs"]["data-plan"] = str(plan_id)
        return groups


class ClaimDraftForm(forms.Form):
    """The claimant's form. Every field may be left for later: the draft keeps what is
    given. Plans and conditions are the account's own members' plans."""

    member = MemberChoiceField(
        label=_("Who is claiming"), queryset=Member.objects.none(), required=False
    )
    plan = forms.ModelChoiceField(label=_("Plan"), queryset=Plan.objects.none(), required=False)
    condition_code = forms.ChoiceField(label=_("Condition"), required=False)
    diagnosis = forms.CharField(
        label=_("Diagnosis"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("As written on the diagnosis or discharge summary."),
    )
    hospital = forms.CharField(label=_("Hospital"), required=False, max_length=200)
    city = forms.CharField(
        label=_("City"),
        required=False,
        max_length=50,
        help_text=_("Where the hospital is."),
    )
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
        enrolments = Enrolment.objects.filter(member__account=account).select_related("plan")
        members_of_plan: dict[int, list[int]] = {}
        plans: dict[int, Plan] = {}
        for enrolment in enrolments.order_by("plan_id", "member_id"):
            members_of_plan.setdefault(enrolment.plan_id, []).append(enrolment.member_id)
            plans[enrolment.plan_id] = enrolment.plan
        self.members_of_plan = members_of_plan
        cast(forms.ModelChoiceField, self.fields["member"]).queryset = Member.objects.filter(
            account=account
        )
        self.fields["plan"].widget = PlanSelect(members_of_plan=members_of_plan)
        cast(forms.ModelChoiceField, self.fields["plan"]).queryset = Plan.objects.filter(
            pk__in=plans
        ).order_by("id")
        ordered = [plans[pk] for pk in sorted(plans)]
        choices = condition_choices(ordered)
        cast(forms.ChoiceField, self.fields["condition_code"]).choices = choices
        self.fields["condition_code"].widget = ConditionSelect(
            choices=choices,
            plan_of_group={plan.name: plan.pk for plan in ordered},
        )
        groups = choices[1:]
        self.plan_conditions = {
            plan.pk: {code for code, _label in group}
            for plan, (_name, group) in zip(ordered, groups, strict=True)
        }

    def clean(self):
        data = super().clean() or {}
        member, plan, code = data.get("member"), data.get("plan"), data.get("condition_code")
        if member and plan and member.pk not in self.members_of_plan.get(plan.pk, []):
            self.add_error(
                "plan",
                _("%(name)s is not a member of this plan. Choose one of their plans.")
                % {"name": member.full_name},
            )
        elif plan and code and code not in self.plan_conditions.get(plan.pk, set()):
            self.add_error("condition_code", _("This plan does not cover that condition."))
        return data


class _StatementForm(forms.Form):
    """A form with one text whose minimum length the page states beside it."""

    field_name = ""
    help = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.CharField, self.fields[self.field_name])
        field.help_text = gettext(self.help) % {"n": field.min_length}


class DisputeForm(_StatementForm):
    field_name = "reason"
    help = gettext_noop(
        "At least %(n)s characters. Say which fact or clause you think is wrong, and why."
    )
    reason = forms.CharField(
        label=_("Why do you dispute this decision?"),
        min_length=10,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AppealForm(_StatementForm):
    field_name = "statement"
    help = gettext_noop("At least %(n)s characters. Describe the new evidence and what it shows.")
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
    file = forms.FileField(
        label=_("File (PDF, JPEG or PNG)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )


class RequestAnswerForm(forms.Form):
    """The member's answer to a document request: the file (its kind is the request's)."""

    file = forms.FileField(
        label=_("File (PDF, JPEG or PNG)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, request_id: int | None = None, **kwargs):
        if request_id is not None:
            kwargs.setdefault("prefix", f"request-{request_id}")
        super().__init__(*args, **kwargs)
