from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()


@register.filter
def grouped(value) -> str:
    """``74,129,722``: a count with thousands separators in every language (Django's
    zh-hans format has none)."""
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return str(value)


# Why the payout sweep held a payout (the refusal's code), in words.
HELD_REASONS = {
    "already_paid": _("The claim was already marked paid under another payout reference."),
    "benefit_already_paid": _("The plan's lump sum was already paid to this member."),
    "payout_reference_used": _("The payout reference is recorded on another claim."),
    "transition_not_allowed": _("The claim is no longer payable: its state changed."),
}


@register.filter
def held_reason(code: str) -> str:
    """Why a payout is held, for finance to read (never the bare refusal code)."""
    return str(HELD_REASONS.get(code, _("The claim could not be marked paid.")))
