"""Where each role starts after signing in: ``LOGIN_REDIRECT_URL`` names the ``start``
view, which sends the user on to their own work. A ``next`` the login page was given
still wins (Django's LoginView follows it before ``LOGIN_REDIRECT_URL``)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse

from jury.models import Juror, JurorStatus

# A staff user's start page: the first of these permissions they hold decides.
STAFF_STARTS = [
    ("claims.investigate_claim", "office:queue"),  # investigator
    ("claims.decide_claim", "office:queue"),  # reviewer
    ("sharing.export_payouts", "sharing:office-periods"),  # finance
    ("winddown.announce_shutdown", "winddown:office-shutdowns"),  # operator
]


def start_url_for(user) -> str:
    """The page a signed-in user's work starts on.

    Superusers: the admin. Staff: their role's office. A qualified (or paused) juror:
    the jury's page. Everyone else: the claimant portal.
    """
    if user.is_superuser:
        return reverse("admin:index")
    if user.is_staff:
        for permission, url_name in STAFF_STARTS:
            if user.has_perm(permission):
                return reverse(url_name)
    jurors = Juror.objects.filter(
        account=user, status__in=[JurorStatus.QUALIFIED, JurorStatus.PAUSED]
    )
    if jurors.exists():
        return reverse("jury:home")
    return reverse("claims:portal-home")


@login_required
def start(request):
    return redirect(start_url_for(request.user))
