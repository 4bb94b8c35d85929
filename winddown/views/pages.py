"""The public notice of a shutdown and, for a signed-in account, each member's claim
window and the choice to move to the insurance offered."""

from collections.abc import Iterable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from claims import selectors as claim_selectors
from claims.models import ClaimDraft
from core import clock
from core.errors import DomainError
from winddown import selectors, services
from winddown.models import Shutdown


def notice(request):
    notices = list(selectors.shutdowns_announced())
    choices = {}
    drafts: Iterable[ClaimDraft] = []
    if request.user.is_authenticated:
        for shutdown in notices:
            choices[shutdown.pk] = selectors.insurance_choices_for_account(
                account=request.user, shutdown=shutdown
            )
        drafts = claim_selectors.drafts_with_window_for(user=request.user)
    return render(
        request,
        "winddown/notice.html",
        {
            "notices": [(s, choices.get(s.pk, [])) for s in notices],
            "drafts": drafts,
            "now": clock.now(),
        },
    )


@login_required
@require_POST
def insurance(request, shutdown_id: int):
    shutdown = get_object_or_404(Shutdown, pk=shutdown_id)
    member_id = request.POST.get("member")
    try:
        if request.POST.get("choice") == "withdraw":
            services.insurance_move_withdraw(
                shutdown=shutdown, member=int(member_id), actor=request.user
            )
            messages.success(request, _("Your choice is withdrawn."))
        else:
            services.insurance_move_choose(
                shutdown=shutdown, member=int(member_id), actor=request.user
            )
            messages.success(request, _("Your choice is recorded; the insurer will contact you."))
    except (TypeError, ValueError):
        messages.error(request, _("Choose a member."))
    except DomainError as refusal:
        messages.error(request, refusal.message)
    return redirect("winddown:notice")
