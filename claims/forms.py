"""The admin's transition forms (named by dotted path in ``claims/models/claim.py``)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class JuryResultForm(forms.Form):
    pay_votes = forms.IntegerField(label=_("Votes to pay"), min_value=0)
    deny_votes = forms.IntegerField(label=_("Votes to deny"), min_value=0)


class PaymentForm(forms.Form):
    payout_reference = forms.CharField(label=_("Payout reference"), max_length=64)
