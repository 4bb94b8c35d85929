"""Members' choice to move to the insurance offered at the shutdown (转保): no new waiting
period, no new health declaration, the first 3 months free. The operator exports the
list for the insurer."""

import csv
import io
from collections.abc import Iterator
from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from core import clock
from core.errors import DomainError, NotPermitted
from members.models import Enrolment, Member
from winddown.models import InsuranceMove, Shutdown, ShutdownEventType, ShutdownStatus
from winddown.services.announcement import shutdown_event

EXPORT_PAGE = 1000  # rows per keyset page of the export
EXPORT_COLUMNS = (
    "member_id",
    "full_name",
    "national_id_masked",
    "birth_date",
    "phone",
    "email",
    "plan",
    "joined_on",
    "chosen_at",
)


def _member_of(actor: User, member: Member | int) -> Member:
    pk = member.pk if isinstance(member, Member) else member
    locked = Member.objects.select_for_update().filter(pk=pk).first()
    if locked is None or locked.account_id != actor.pk:
        raise NotPermitted(_("You can only choose for members of your own account."))
    return locked


@transaction.atomic
def insurance_move_choose(
    *, shutdown: Shutdown | int, member: Member | int, actor: User, now: datetime | None = None
) -> InsuranceMove:
    """Record that ``member`` moves to the insurance offered. Repeating it is quiet; a
    withdrawn choice can be made again."""
    now = now or clock.now()
    member = _member_of(actor, member)
    shutdown = Shutdown.objects.get(pk=shutdown.pk if isinstance(shutdown, Shutdown) else shutdown)
    if shutdown.status != ShutdownStatus.ANNOUNCED:
        raise DomainError(
            _("The insurance offer is open only while the wind-down runs."),
            code="offer_closed",
        )
    enrolment = (
        Enrolment.objects.filter(member=member, plan__in=shutdown.plans.all())
        .order_by("-joined_at")
        .first()
    )
    if enrolment is None:
        raise DomainError(
            _("%(name)s was not in a plan that is shutting down.") % {"name": member.masked_name},
            code="not_in_plan",
        )
    move, created = InsuranceMove.objects.get_or_create(
        shutdown=shutdown,
        member=member,
        defaults={"plan_id": enrolment.plan_id, "chosen_by": actor, "chosen_at": now},
    )
    if not created and move.withdrawn_at is None:
        return move
    if not created:
        move.withdrawn_at = None
        move.chosen_at = now
        move.chosen_by = actor
        move.save(update_fields=["withdrawn_at", "chosen_at", "chosen_by"])
    shutdown_event(
        shutdown,
        ShutdownEventType.INSURANCE_CHOSEN,
        actor=actor,
        now=now,
        member=member.pk,
        plan=enrolment.plan_id,
    )
    return move


@transaction.atomic
def insurance_move_withdraw(
    *, shutdown: Shutdown | int, member: Member | int, actor: User, now: datetime | None = None
) -> InsuranceMove | None:
    """Withdraw the choice (before the list goes to the insurer). Quiet if there is none."""
    now = now or clock.now()
    member = _member_of(actor, member)
    shutdown = Shutdown.objects.get(pk=shutdown.pk if isinstance(shutdown, Shutdown) else shutdown)
    if shutdown.status != ShutdownStatus.ANNOUNCED:
        raise DomainError(
            _("The wind-down has ended; the list went to the insurer."), code="offer_closed"
        )
    move = (
        InsuranceMove.objects.select_for_update()
        .filter(shutdown=shutdown, member=member, withdrawn_at__isnull=True)
        .first()
    )
    if move is None:
        return None
    move.withdrawn_at = now
    move.save(update_fields=["withdrawn_at"])
    shutdown_event(
        move.shutdown,
        ShutdownEventType.INSURANCE_WITHDRAWN,
        actor=actor,
        now=now,
        member=member.pk,
    )
    return move


@transaction.atomic
def insurance_moves_export_record(
    *, shutdown: Shutdown | int, actor: User, now: datetime | None = None
) -> Shutdown:
    """Record who took the insurer's list (names, masked IDs, phones) and when, before
    it is streamed: personal data leaves the platform only with an audit row."""
    now = now or clock.now()
    pk = shutdown.pk if isinstance(shutdown, Shutdown) else shutdown
    shutdown = Shutdown.objects.get(pk=pk)
    if not (actor.is_staff and actor.has_perm("winddown.export_insurance_moves")):
        raise NotPermitted(_("Only operators and finance may export the insurer's list."))
    rows = InsuranceMove.objects.filter(shutdown=shutdown, withdrawn_at__isnull=True).count()
    shutdown_event(
        shutdown,
        ShutdownEventType.INSURANCE_EXPORTED,
        actor=actor,
        now=now,
        rows=rows,
    )
    return shutdown


def insurance_moves_export_csv(*, shutdown: Shutdown) -> Iterator[str]:
    """The insurer's list, streamed as CSV lines: every member whose choice stands, with
    what the insurer needs to carry the cover over (the joining date: no new waiting
    period). Rows are read in id order with a keyset, never all at once."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(EXPORT_COLUMNS)
    yield flush()
    # The first joining in the plan: the insurer counts no new waiting period from it.
    first_joined = (
        Enrolment.objects.filter(member_id=OuterRef("member_id"), plan_id=OuterRef("plan_id"))
        .order_by("joined_at")
        .values("joined_at")[:1]
    )
    last_id = 0
    while True:
        page = list(
            InsuranceMove.objects.filter(
                shutdown=shutdown, withdrawn_at__isnull=True, id__gt=last_id
            )
            .select_related("member", "plan")
            .annotate(joined=Subquery(first_joined))
            .order_by("id")[:EXPORT_PAGE]
        )
        if not page:
            return
        for move in page:
            joined = move.joined
            m = move.member
            writer.writerow(
                [
                    m.pk,
                    m.full_name,
                    m.national_id_masked,
                    m.birth_date.isoformat(),
                    m.phone,
                    m.email,
                    move.plan.code,
                    clock.beijing_date(joined).isoformat() if joined else "",
                    move.chosen_at.astimezone(clock.BEIJING).isoformat(timespec="seconds"),
                ]
            )
        last_id = page[-1].pk
        yield flush()
