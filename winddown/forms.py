from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from members.models import Plan


class ProposeShutdownForm(forms.Form):
    plans = forms.ModelMultipleChoiceField(
        label=_("Plans to shut down"),
        queryset=Plan.objects.filter(shutdown_announced_at__isnull=True),
        widget=forms.CheckboxSelectMultiple,
    )
    stop_day = forms.DateField(
        label=_("Last day covered"),
        help_text=_("Coverage ends at 24:00 Beijing time of this day."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    window_days = forms.IntegerField(
        label=_("Claim window (days after the diagnosis)"),
        min_value=1,
        max_value=3650,
        initial=settings.WINDDOWN_WINDOW_DAYS,
    )
    notice_zh = forms.CharField(
        label=_("Notice (Chinese)"), widget=forms.Textarea(attrs={"rows": 4})
    )
    notice_en = forms.CharField(
        label=_("Notice (English)"), widget=forms.Textarea(attrs={"rows": 4})
    )


class CancelShutdownForm(forms.Form):
    reason = forms.CharField(label=_("Why is the proposal cancelled?"), max_length=500)
