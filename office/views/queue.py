"""The back office's queue page (后台工作队列): the tabs, the search, the filters and the
sort, a page of claims, and the bulk assignment's form for a reviewer."""

from urllib.parse import urlencode

from django.shortcuts import redirect, render
from django.urls import reverse

from core import clock
from core.identifiers import hash_identifier, is_valid_identifier, mask_identifier
from core.paging import bounded_page
from members.models import Plan
from office.forms import BulkAssignForm, QueueFilterForm
from office.selectors import queue as queues
from office.selectors.case import investigators_for_assignment
from office.views.access import office_required

PAGE_SIZE = 50
ID_SEARCHES = "office_identifier_searches"  # {masked ID: its HMAC} searched this session
SEARCH_PARAMS = ("tab", "plan", "condition", "state", "sort")


def _search_redirect(request):
    """The search box posts here, then the queue is shown by a GET: a full resident ID
    never reaches a URL (history, bookmarks, logs). It is kept in the session as its HMAC
    under its mask, and the box and the URL show the mask."""
    params = {k: request.POST[k] for k in SEARCH_PARAMS if request.POST.get(k)}
    text = request.POST.get("q", "").strip()
    if is_valid_identifier(text):
        masked = mask_identifier(text)
        searches = request.session.get(ID_SEARCHES, {})
        searches[masked] = hash_identifier(text)
        request.session[ID_SEARCHES] = searches
        text = masked
    if text:
        params["q"] = text
    return redirect(f"{reverse('office:queue')}?{urlencode(params)}")


def _queue_filters(request) -> tuple[QueueFilterForm, dict]:
    filters = QueueFilterForm(
        request.GET or None,
        plans=Plan.objects.order_by("id"),
        conditions=queues.condition_filter_choices(),
        sorts=queues.SORTS,
    )
    if not (filters.is_bound and filters.is_valid()):
        return filters, {}
    plan = filters.cleaned_data["plan"]
    return filters, {
        "plan_id": plan.pk if plan else None,
        "condition_code": filters.cleaned_data["condition"],
        "state": filters.cleaned_data["state"],
        "search": filters.cleaned_data["q"],
        "identifier_hash": request.session.get(ID_SEARCHES, {}).get(filters.cleaned_data["q"]),
        "sort": filters.cleaned_data["sort"],
    }


@office_required
def queue(request):
    if request.method == "POST":
        return _search_redirect(request)
    now = clock.now()
    tab = request.GET.get("tab") or queues.QUEUE_UNASSIGNED
    if tab not in dict(queues.QUEUES):
        tab = queues.QUEUE_UNASSIGNED
    form, chosen = _queue_filters(request)
    sort = chosen.pop("sort", queues.SORT_QUEUE)
    filters = queues.queue_filters(**chosen)  # the search read once, for every tab
    counts = queues.office_queue_counts(user=request.user, now=now, filters=filters)
    page = bounded_page(
        queues.office_queue(
            queue=tab,
            user=request.user,
            now=now,
            filters=filters,
            sort=sort,
        ),
        number=request.GET.get("page"),
        per_page=PAGE_SIZE,
        count=counts[tab],  # counted once, with the other tabs
    )
    may_assign = request.user.has_perm("claims.assign_investigation")
    return render(
        request,
        "office/queue.html",
        {
            "tab": tab,
            "tabs": [(key, label, counts[key]) for key, label in queues.QUEUES],
            "filters": form,
            "filtered": any(v for k, v in chosen.items() if k != "identifier_hash"),
            "page": page,
            "rows": queues.queue_rows(claims=page.object_list, now=now),
            "due_soon_days": queues.DUE_SOON_DAYS,
            "may_assign": may_assign,
            "may_take": request.user.has_perm("claims.investigate_claim"),
            "bulk": (
                BulkAssignForm(investigators=investigators_for_assignment()) if may_assign else None
            ),
        },
    )
