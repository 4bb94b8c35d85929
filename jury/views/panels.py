"""Panel pages (赔审团): the anonymised case file and the ballot for jurors, and the panels
back office. Thin views over jury.services.panels, jury.selectors.case (the case file,
the tally) and jury.selectors.panels (who may see and vote, the lists, the office).

Secrecy: while a panel is open no page here shows a count, a percentage, a split or
anyone's ballot but the juror's own; the tally appears once the panel is closed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core import clock
from core.access import redirect_back
from core.errors import DomainError, NotPermitted, RuleViolation
from core.templatetags.core_tags import deadline
from jury import selectors
from jury.forms import BallotForm
from jury.models import Panel, PanelStatus, Seat, SeatStatus
from jury.selectors import case as selectors_case
from jury.selectors import panels as selectors_panels
from jury.services import panels as panel_services

CONTRADICTION = "contradiction_needs_reason"


def _panel_url(panel_id: int, anchor: str = "") -> str:
    url = reverse("jury:panel", args=[panel_id])
    return f"{url}#{anchor}" if anchor else url


def _ballot_post(request, panel: Panel, case) -> tuple[BallotForm, bool, HttpResponse | None]:
    """The juror's ballot, sent: saved (the answer is a redirect to it), refused (a
    redirect with the message), or the form with its errors. The flag asks for a note:
    the verdict contradicts the juror's own answers on the clauses."""
    form = BallotForm(request.POST, clauses=case.clauses)
    ask_note = False
    if form.is_valid():
        try:
            panel_services.ballot_cast(
                panel=panel,
                actor=request.user,
                clause_answers=form.clause_answers(),
                verdict=form.cleaned_data["verdict"],
                reason=form.cleaned_data["reason"],
                contradiction_note=form.cleaned_data["contradiction_note"],
            )
        except RuleViolation as refusal:
            if refusal.code == CONTRADICTION:
                ask_note = True
                form.add_error("contradiction_note", refusal.message)
                form.fields["contradiction_note"].widget.attrs["autofocus"] = True
            else:
                form.add_error(None, refusal.message)
        except DomainError as refusal:
            messages.error(request, refusal.message)
            return form, ask_note, redirect(_panel_url(panel.pk))
        else:
            messages.success(
                request,
                _("Your ballot is saved. You may change it until %(deadline)s (Beijing time).")
                % {"deadline": deadline(panel.deadline_at)},
            )
            return form, ask_note, redirect(_panel_url(panel.pk, "ballot"))
    elif form.data.get("contradiction_note", "").strip():
        ask_note = True
    return form, ask_note, None


@login_required
def panel_detail(request, panel_id: int):
    """The case file, then the juror's ballot (changeable until the deadline); after the
    close, the tally and the juror's own vote."""
    now = clock.now()
    juror = selectors.juror_for_account(request.user)
    panel = get_object_or_404(
        Panel.objects.select_related(*selectors_panels.PANEL_RELATED), pk=panel_id
    )
    access = selectors_panels.panel_access(panel=panel, juror=juror, now=now)
    if not access.may_view:
        raise Http404  # a panel one may not see is not there
    case = selectors_case.panel_case_file(panel=panel)
    form = None
    ask_note = bool(access.ballot and access.ballot.contradicts_clauses)
    if access.may_vote:
        if request.method == "POST":
            form, asked, response = _ballot_post(request, panel, case)
            if response is not None:
                return response
            ask_note = ask_note or asked
        else:
            form = BallotForm(clauses=case.clauses, initial=BallotForm.initial_from(access.ballot))
    elif request.method == "POST":
        messages.error(request, access.refusal or _("You may not vote on this panel."))
        return redirect(_panel_url(panel.pk))
    tally = selectors_case.panel_published_tally(panel=panel)
    my_vote = None
    if access.ballot is not None and tally is not None:
        my_vote = selectors_case.panel_own_vote(panel=panel, ballot=access.ballot)
    return render(
        request,
        "jury/panel.html",
        {
            "panel": panel,
            "juror": juror,
            "access": access,
            "case": case,
            "form": form,
            "ask_note": ask_note,
            "tally": tally,
            "my_vote": my_vote,
            "now": now,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def seat_decline(request, seat_id: int):
    """GET asks for the confirmation (the page the panel's dialog stands in for when
    JavaScript runs); POST declines."""
    seat = get_object_or_404(
        Seat.objects.select_related("panel__claim__condition_definition"),
        pk=seat_id,
        juror__account=request.user,
    )
    if request.method == "GET":
        if seat.status != SeatStatus.OFFERED or seat.panel.status != PanelStatus.OPEN:
            messages.info(request, _("This seat can no longer be declined."))
            return redirect(_panel_url(seat.panel_id))
        return render(request, "jury/seat_decline.html", {"seat": seat, "panel": seat.panel})
    try:
        panel_services.seat_decline(seat=seat, actor=request.user)
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("You declined the seat. It is offered to another juror."))
    return redirect("jury:home")


# --- back office -------------------------------------------------------------------------


@login_required
def office_panels(request):
    """Panels by state with seats, deadlines, extensions and quorum at risk; re-panel the
    ones that missed their quorum. No verdict counts before the close."""
    if not request.user.has_perm("jury.view_panel"):
        raise PermissionDenied
    now = clock.now()
    tab = request.GET.get("state", PanelStatus.OPEN)
    if tab not in selectors_panels.OFFICE_TABS:
        tab = PanelStatus.OPEN
    qs = selectors_panels.panels_for_office(status=tab)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = [
        {
            "panel": panel,
            "voted": selectors_panels.voted(panel),
            "at_risk": selectors_panels.quorum_at_risk(panel, now),
            "late": panel.status == PanelStatus.OPEN and panel.deadline_at <= now,
        }
        for panel in page
    ]
    if tab == PanelStatus.OPEN:  # the ones at risk first, then by deadline
        rows.sort(key=lambda row: not row["at_risk"])
    counts = selectors_panels.panel_status_counts()
    tabs = [
        {"state": state, "label": PanelStatus(state).label, "count": counts[state]}
        for state in selectors_panels.OFFICE_TABS
    ]
    return render(
        request,
        "jury/office_panels.html",
        {
            "tab": tab,
            "tabs": tabs,
            "rows": rows,
            "page": page,
            "at_risk_count": len(selectors_panels.panels_at_risk(now=now)),
            "at_risk_hours": selectors_panels.AT_RISK_HOURS,
            "may_repanel": request.user.has_perm("jury.change_panel"),
            "may_open_claims": request.user.has_perm("claims.view_claim"),
        },
    )


@login_required
@require_POST
def office_repanel(request, panel_id: int):
    if not request.user.has_perm("jury.change_panel"):
        raise PermissionDenied
    panel = get_object_or_404(Panel, pk=panel_id)
    try:
        panel = panel_services.panel_repanel(panel=panel, actor=request.user)
    except NotPermitted as refusal:
        raise PermissionDenied from refusal
    except DomainError as refusal:
        messages.error(request, refusal.message)
        back = f"{reverse('jury:office')}?state={PanelStatus.NEEDS_OPERATOR}"
        return redirect_back(request, back)
    messages.success(
        request,
        _("Panel %(panel)s re-opened with fresh seats until %(deadline)s (Beijing time).")
        % {"panel": panel.pk, "deadline": deadline(panel.deadline_at)},
    )
    if panel.size and not panel.seats.filter(status=SeatStatus.OFFERED).exists():
        messages.warning(
            request,
            _(
                "No fresh juror could be drawn for panel %(panel)s: every eligible juror has been "
                "offered a seat on it already."
            )
            % {"panel": panel.pk},
        )
    return redirect_back(request, f"{reverse('jury:office')}?state={PanelStatus.OPEN}")
