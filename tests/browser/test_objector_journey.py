"""The objector's journey in a real browser, on PostgreSQL, at phone and desktop width, in
Chinese and English: object to an approval on the board, follow the objection on "my
objections", and appeal once the jury has decided to pay.

The jurors' ballots and the panel's close run through the services, on a clock moved
forward with time-machine. Each run prints how many interactions the objector needed.
"""

from datetime import timedelta

import pytest
import time_machine

from claims import services
from claims.models import Claim
from claims.states import ClaimState, Decision
from core import clock
from core.clock import format_deadline
from jury.models import Panel, PanelStatus, SeatStatus
from jury.services import panels
from members.models import Plan
from tests.browser.journey import PASSWORD, VIEWS, Journey, days_before_a_batch
from tests.browser.support import chromium_page, closes_db_connections
from tests.claims.publicity_helpers import decided_claim
from tests.factories import EnrolmentFactory, UserFactory
from tests.jury.services.test_panels import qualified_jurors, vote

pytestmark = [pytest.mark.browser, pytest.mark.postgres]
REASON = "病理报告写的是良性病变，不是恶性肿瘤；请赔审团核对病理切片。"
STATEMENT = "第二位病理医生的会诊意见认定该病变为良性，与公示的认定不符，请重新评审。"


def objector():
    user = UserFactory(username="journey-objector")
    user.set_password(PASSWORD)
    user.save()
    EnrolmentFactory(member__account=user, joined_at=clock.now() - timedelta(days=400))
    return user


def the_jury_decides_to_pay(claim: Claim, traveller) -> Panel:
    """Every seated juror votes to pay; the panel closes at its deadline."""
    panel = Panel.objects.get(claim=claim, round=1)
    for seat in panel.seats.filter(status=SeatStatus.OFFERED).select_related("juror__account"):
        vote(panel, seat.juror, Decision.APPROVE, claim, now=clock.now())
    traveller.move_to(panel.deadline_at + timedelta(minutes=1))
    panels.panel_close(panel=panel)
    panel.refresh_from_db()
    assert panel.status == PanelStatus.CLOSED and panel.verdict == Decision.APPROVE
    return panel


def objects_from_the_board(journey: Journey, approval: Claim, batch_day) -> str:
    """Board, batch, case, reason, lodge; returns the jury's deadline as the page says it."""
    journey.click("header nav a[href='/board/']")
    journey.click(f"main a[href='/board/{batch_day.isoformat()}/']")
    journey.click(f"#case-{approval.reference} a[href$='/object/']")
    journey.fill("#id_reason", REASON)
    journey.shot("objecting")
    journey.click("main form button[type=submit]")
    deadline = format_deadline(Panel.objects.get(claim=approval, round=1).deadline_at)
    assert journey.message() == journey.t(
        "Your objection is lodged; the jury votes until %(deadline)s (Beijing time). "
        "Follow it under “My objections”."
    ) % {"deadline": deadline}
    journey.shot("objected")
    return deadline


def follows_the_objection(journey: Journey, approval: Claim, deadline: str) -> None:
    journey.click("header nav a[href='/claims/']")
    journey.click("main a[href='/claims/objections/']")
    section = journey.text(f"#objection-{approval.reference}")
    assert journey.t("Before the jury: a panel of member-jurors is voting.") in section
    assert journey.t("The jury votes until") in section and deadline in section
    assert REASON in section
    assert approval.member.full_name not in journey.text()  # as anonymous as the board
    if journey.language == "zh-hans":
        assert "赔审团评审中" in section
    journey.shot("following")


def reads_the_verdict(journey: Journey, approval: Claim) -> None:
    journey.click("header nav a[href='/claims/']")
    portal = journey.text(".action-card")
    words = "The jury decided to pay a claim you objected to. You may appeal once."
    assert journey.t(words) in portal
    journey.click(".action-card a[href*='/claims/objections/']")
    section = journey.text(f"#objection-{approval.reference}")
    assert journey.t("The jury decided to pay. You may appeal once.") in section
    votes = journey.t("%(pay)s votes to pay, %(deny)s to deny") % {"pay": 3, "deny": 0}
    assert votes in section
    assert format_deadline(approval.appeal_ends_at) in section
    minimum = "At least %(n)s characters. Describe the new evidence and what it shows."
    assert journey.t(minimum) % {"n": 20} in section
    journey.shot("verdict")


def appeals(journey: Journey, approval: Claim, user) -> None:
    journey.fill(f"#id_appeal-{approval.reference}-statement", STATEMENT)
    journey.click(f"#objection-{approval.reference} form button[type=submit]")
    appeal = Panel.objects.get(claim=approval, round=2)
    assert appeal.size == 7 and appeal.appellant == user
    assert journey.message() == journey.t(
        "Your appeal is lodged; a fresh panel of %(seats)s jurors votes until "
        "%(deadline)s (Beijing time). Its verdict is final."
    ) % {"seats": 7, "deadline": format_deadline(appeal.deadline_at)}
    section = journey.text(f"#objection-{approval.reference}")
    assert journey.t("Appealed: a larger panel of jurors is voting.") in section
    assert format_deadline(appeal.deadline_at) in section
    assert journey.page.locator(f"#objection-{approval.reference} form").count() == 0
    journey.shot("appealed")


@closes_db_connections
@pytest.mark.parametrize(("width", "language"), VIEWS)
def test_the_objector_objects_follows_and_appeals(
    live_server, transactional_db, django_db_serialized_rollback, width, language
):
    decided_at, batch_moment = days_before_a_batch(1)
    with time_machine.travel(batch_moment, tick=True) as traveller:
        Plan.objects.filter(code="critical-illness").update(jury_panel_size=3, jury_quorum=2)
        qualified_jurors(12)
        approval = decided_claim(decided_at=decided_at)
        services.publicity_batch_publish(batch_date=batch_moment.date())
        user = objector()
        with chromium_page(width=width, language=language) as page:
            journey = Journey(
                page, base_url=live_server.url, name="objector", width=width, language=language
            )
            journey.sign_in(user.username)
            deadline = objects_from_the_board(journey, approval, batch_moment.date())
            follows_the_objection(journey, approval, deadline)

            the_jury_decides_to_pay(approval, traveller)
            approval.refresh_from_db()
            assert approval.state == ClaimState.JURY_VOTED
            reads_the_verdict(journey, approval)
            appeals(journey, approval, user)
            journey.report()
