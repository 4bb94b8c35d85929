"""The public board (公示栏): published batches and their anonymised cases, open to
everyone; objecting to an approval needs a member's sign-in."""

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from board import selectors as board
from board.forms import BoardFilterForm, ObjectionForm
from claims import services
from claims.messages import objection_lodged
from claims.models import Claim, PublicityBatch
from claims.selectors import public
from claims.states import Decision
from core import clock
from core.errors import DomainError
from core.paging import bounded_page

BATCHES_PER_PAGE = 12
CARDS_PER_PAGE = 30


def board_index(request):
    page = Paginator(board.board_batches(), BATCHES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "board/index.html",
        {"page": page, "summaries": board.batch_summaries(batches=list(page.object_list))},
    )


def batch_detail(request, batch_date: str):
    try:
        batch = board.batch_get(batch_date=date.fromisoformat(batch_date))
    except (ValueError, PublicityBatch.DoesNotExist) as exc:
        raise Http404 from exc
    form = BoardFilterForm(request.GET, choices=board.batch_filter_choices(batch=batch))
    filters = form.filters()
    page = bounded_page(  # a page of ids, counted without the member or the cards' columns
        board.batch_claims(batch=batch, **filters).values_list("pk", flat=True),
        number=request.GET.get("page"),
        per_page=CARDS_PER_PAGE,
        cap=max(batch.claims_count, settings.LIST_COUNT_CAP),  # a whole batch, exactly
    )
    return render(
        request,
        "board/batch.html",
        {
            "batch": batch,
            "summary": board.batch_summaries(batches=[batch])[0],
            "form": form,
            "filtered": bool(filters),
            "page": page,
            "cards": public.case_cards(
                claims=board.batch_cards(ids=list(page.object_list)), now=clock.now()
            ),
        },
    )


@login_required
def claim_object(request, reference: str):
    """A member objects to an approval under public notice (异议): the jury takes it."""
    try:
        claim = public.public_claim_get(reference=reference)
    except Claim.DoesNotExist as exc:
        raise Http404 from exc
    if claim.decision != Decision.APPROVE or claim.publicity_batch is None:
        raise Http404  # only approvals published in a batch are open to objection
    batch_date = claim.publicity_batch.batch_date
    card = public.case_card(claim=claim, now=clock.now())
    form = ObjectionForm(request.POST or None)
    if request.method == "POST" and card.open_to_objection and form.is_valid():
        try:
            services.claim_lodge_dispute(
                claim=claim.pk, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except DomainError as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, objection_lodged(claim))
            url = reverse("board:batch", args=[batch_date.isoformat()])
            return redirect(f"{url}#case-{claim.reference}")
    return render(
        request,
        "board/object.html",
        {
            "card": card,
            "form": form,
            "batch_date": batch_date,
            "objections_per_day": settings.OBJECTIONS_PER_DAY,
        },
        status=422 if form.errors else 200,
    )
