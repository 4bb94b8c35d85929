"""Forms of the back office (后台). They check the shape of input only; the services judge it."""

from typing import cast

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from claims.definitions.criteria import OTHER_CHOICE, facts_needed
from claims.definitions.wording import choice_text, unit_text
from claims.models import Claim, ClaimDocument, DocumentRequest, VisitKind
from claims.states import ClaimState, Decision, DocumentKind
from members.models import Plan

YES, NO, UNKNOWN = "yes", "no", ""


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class QueueFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Reference, member's name, full ID number or condition."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    plan: "forms.ModelChoiceField[Plan]" = forms.ModelChoiceField(
        label=_("Plan"), queryset=None, required=False, empty_label=_("All plans")
    )
    condition = forms.ChoiceField(label=_("Condition"), required=False)
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All states")), *ClaimState.choices],
    )

    sort = forms.ChoiceField(label=_("Sort"), required=False)

    def __init__(self, *args, plans, conditions, sorts, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["plan"]).queryset = plans
        cast(forms.ChoiceField, self.fields["condition"]).choices = [
            ("", _("All conditions")),
            *conditions,
        ]
        cast(forms.ChoiceField, self.fields["sort"]).choices = sorts


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        return user.get_full_name() or user.get_username()


class AssignForm(forms.Form):
    investigator = UserChoiceField(label=_("Investigator"), queryset=None)
    due_on = forms.DateField(
        label=_("Due on (optional)"),
        required=False,
        widget=_date_input(),
        help_text=_("Left empty, the investigation is due 15 days from today."),
    )

    def __init__(self, *args, investigators, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["investigator"]).queryset = investigators


class BulkAssignForm(forms.Form):
    """Several claims of a queue to one investigator (one assignment each)."""

    claims = forms.ModelMultipleChoiceField(
        label=_("Claims"),
        queryset=Claim.objects.all(),
        to_field_name="reference",
        error_messages={"required": _("Select at least one claim.")},
    )
    investigator = UserChoiceField(label=_("Assign the selected claims to"), queryset=None)

    def __init__(self, *args, investigators, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["investigator"]).queryset = investigators


class JuryResultForm(forms.Form):
    """A panel's tally recorded by hand, when no panel in the system is deciding."""

    pay_votes = forms.IntegerField(label=_("Votes to pay"), min_value=0)
    deny_votes = forms.IntegerField(label=_("Votes to deny"), min_value=0)


class ConfirmDecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the decision"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OverrideDecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices)
    reason = forms.CharField(
        label=_("Why the evaluator's proposal is overridden"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("At least 10 characters; the override is recorded as an event."),
    )


class VisitForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=VisitKind.choices)
    visited_on = forms.DateField(label=_("Date"), widget=_date_input())
    place = forms.CharField(label=_("Place"), max_length=200)
    notes = forms.CharField(
        label=_("What was found"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class DocumentRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document type"), choices=DocumentKind.choices)
    description = forms.CharField(label=_("What is needed"), max_length=300)


class DocumentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, document: ClaimDocument) -> str:
        return f"{document.original_name} · {document.get_kind_display()}"


class RequestChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, request: DocumentRequest) -> str:
        return f"{request.get_kind_display()} · {request.description}"


class ReceiveDocumentForm(forms.Form):
    request = RequestChoiceField(label=_("Request"), queryset=None)
    document = DocumentChoiceField(label=_("Document on the claim that answers it"), queryset=None)

    def __init__(self, *args, investigation, **kwargs):
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["request"]
        ).queryset = investigation.document_requests.filter(
            received_at__isnull=True, not_provided_at__isnull=True
        )
        cast(
            forms.ModelChoiceField, self.fields["document"]
        ).queryset = ClaimDocument.objects.filter(claim_id=investigation.claim_id)


class NotProvidedForm(forms.Form):
    request = RequestChoiceField(label=_("Overdue request"), queryset=None)
    note = forms.CharField(
        label=_("How the member was reminded"),
        max_length=500,
        help_text=_("The investigation goes on without the document; the claimant is told."),
    )

    def __init__(self, *args, investigation, now, **kwargs):
        super().__init__(*args, **kwargs)
        open_requests = investigation.document_requests.filter(
            received_at__isnull=True, not_provided_at__isnull=True
        )
        overdue = [
            r.pk for r in open_requests if now >= r.overdue_at(settings.DOCUMENT_REQUEST_DAYS)
        ]
        cast(forms.ModelChoiceField, self.fields["request"]).queryset = open_requests.filter(
            pk__in=overdue
        )


class CompleteForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary of the investigation"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


FACT_PREFIX = "fact__"


def _number_field(label: str, clause) -> forms.DecimalField:
    """A number with its sane range as the input's bounds; the service judges it (its
    refusal is shown on this field)."""
    bounds = clause.value_range
    return forms.DecimalField(
        label=label,
        required=False,
        widget=forms.NumberInput(
            attrs={
                "step": "any",
                "inputmode": "decimal",
                "min": str(bounds.low),
                "max": str(bounds.high),
            }
        ),
        help_text=_("From %(low)s to %(high)s%(unit)s")
        % {
            "low": bounds.low,
            "high": bounds.high,
            "unit": f" {clause.unit}" if clause.unit else "",
        },
    )


class FactsForm(forms.Form):
    """Generated from the definition: one field per fact its criteria ask for
    (claims.definitions.criteria.facts_needed), pre-filled with the facts on record.

    Numbers are number inputs with their unit; yes/no facts are asked as the statement of
    their (first) clause, answered yes, no or unknown; choice facts are a select of the
    clause's values, plus "other" so that a value outside them can be recorded.
    """

    non_disclosure_found = forms.ChoiceField(
        label=_("Non-disclosure at joining found?"),
        choices=[(YES, _("Yes")), (NO, _("No")), (UNKNOWN, _("Not yet"))],
        widget=forms.RadioSelect,
        required=False,
    )
    non_disclosure_notes = forms.CharField(
        label=_("Notes on non-disclosure"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when something was not disclosed at joining."),
    )

    def __init__(self, *args, tree: dict, investigation, vocabulary: dict | None = None, **kwargs):
        language = get_language() or "zh-hans"
        vocabulary = vocabulary or {}
        facts = investigation.facts or {}
        initial = {
            "non_disclosure_found": {True: YES, False: NO}.get(
                investigation.non_disclosure_found, UNKNOWN
            ),
            "non_disclosure_notes": investigation.non_disclosure_notes,
        }
        self.needed = facts_needed(tree)
        self.inverted: dict[str, bool] = {}
        generated: dict[str, forms.Field] = {}
        for fact, clause in self.needed.items():
            name = FACT_PREFIX + fact
            value = facts.get(fact)
            label = clause.label(language)
            if clause.fact_kind == "boolean":
                # The investigator answers the clause as written: "Not caused by alcohol"
                # answered yes records caused_by_alcohol_or_drugs = false.
                self.inverted[fact] = clause.op == "is_false"
                generated[name] = forms.ChoiceField(
                    label=label,
                    required=False,
                    choices=[(YES, _("Yes")), (NO, _("No")), (UNKNOWN, _("Unknown"))],
                    widget=forms.RadioSelect,
                )
                if value is None:
                    initial[name] = UNKNOWN
                else:
                    initial[name] = YES if bool(value) != self.inverted[fact] else NO
            elif clause.fact_kind == "choice":
                allowed = clause.value if isinstance(clause.value, list) else [clause.value]
                choices = [(UNKNOWN, _("Unknown"))] + [
                    (str(v), choice_text(clause, v, vocabulary, language)) for v in allowed
                ]
                if value is not None and str(value) not in {str(v) for v in allowed}:
                    choices.append((str(value), choice_text(clause, value, vocabulary, language)))
                if OTHER_CHOICE not in {c[0] for c in choices}:
                    choices.append((OTHER_CHOICE, _("Other (none of these)")))
                generated[name] = forms.ChoiceField(label=label, required=False, choices=choices)
                initial[name] = "" if value is None else str(value)
            else:
                generated[name] = _number_field(label, clause)
                initial[name] = "" if value is None else str(value)
            generated[name].unit = unit_text(clause.unit) if clause.unit else ""  # type: ignore[attr-defined]  # read by the template
            generated[name].fact = fact  # type: ignore[attr-defined]  # read by the template
            generated[name].kind = clause.fact_kind  # type: ignore[attr-defined]  # read by the template
        kwargs["initial"] = {**initial, **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        fixed = dict(self.fields)
        self.fields = {**generated, **fixed}

    def field_name_for(self, field: str) -> str:
        """The form field of a service error's ``field`` (``facts.<fact>``)."""
        return FACT_PREFIX + field.removeprefix("facts.") if field.startswith("facts.") else field

    def fact_fields(self):
        return [self[name] for name in self.fields if name.startswith(FACT_PREFIX)]

    def facts(self) -> dict:
        """The posted facts for ``investigation_record_facts`` (blank = unknown, removed)."""
        out: dict[str, bool | str | None] = {}
        for name, value in self.cleaned_data.items():
            if not name.startswith(FACT_PREFIX):
                continue
            fact = name[len(FACT_PREFIX) :]
            if self.needed[fact].fact_kind == "boolean":
                answer = {YES: True, NO: False}.get(value)
                out[fact] = None if answer is None else answer != self.inverted[fact]
            elif value is None or value == "":
                out[fact] = None
            else:
                out[fact] = str(value)
        return out

    def non_disclosure(self) -> bool | None:
        return {YES: True, NO: False}.get(self.cleaned_data.get("non_disclosure_found") or "")


class PublishBatchForm(forms.Form):
    """The publicity batch of one batch date (the 7th or 21st); the service checks it."""

    batch_date = forms.DateField(widget=forms.HiddenInput)
