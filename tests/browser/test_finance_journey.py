"""Finance's journey in a real browser, on PostgreSQL: land on the sharing periods, open
a complete period and read its books and payouts, go to the payouts desk, read why the
sweep held a payout and release it, download the day's bank file."""

from datetime import timedelta
from unittest import mock

import pytest

from claims import services as claim_services
from core import clock
from members.models import Plan
from sharing import services as sharing
from sharing.models import Payout, SharingEventType
from tests.browser.journey import PASSWORD, WIDTHS_AND_LANGUAGES, Journey
from tests.browser.support import chromium_page, closes_db_connections
from tests.factories import EnrolmentFactory, claim_in_state, staff

pytestmark = [pytest.mark.browser, pytest.mark.postgres]


def _period():
    """A complete period whose sharing day was 8 days ago: one payout issued today, one
    held (its claim was paid by hand first)."""
    with mock.patch("core.followups.followups_hand_over"):  # notices wait
        claims = [
            claim_in_state("publicised_payable", enrolment=EnrolmentFactory()) for _ in (1, 2)
        ]
        for _ in range(3):
            EnrolmentFactory()  # members who share and were never ill
        day = clock.today() - timedelta(days=8)
        opened = clock.beijing_end_of_day(day) + timedelta(hours=1)
        plan = Plan.objects.get(code="critical-illness")
        period = sharing.sharing_period_open(plan=plan, sharing_day=day, now=opened)
        sharing.sharing_period_write_shares(period=period, now=opened)
        period = sharing.sharing_period_complete(period=period, now=opened)
        claim_services.claim_mark_paid(
            claim=claims[1], actor=staff("finance", "fin"), payout_reference="BANK-77", now=opened
        )
        sharing.payouts_issue_due(now=clock.now())
    return period, claims


@pytest.mark.parametrize(("width", "language"), WIDTHS_AND_LANGUAGES)
@closes_db_connections
def test_finance_reads_a_period_and_releases_a_held_payout(
    live_server, transactional_db, django_db_serialized_rollback, width, language, tmp_path
):
    period, claims = _period()
    issued, held = Payout.objects.get(claim=claims[0]), Payout.objects.get(claim=claims[1])
    assert issued.issued_at is not None and held.held == "already_paid"
    finance = staff("finance", "fin-journey")
    finance.set_password(PASSWORD)
    finance.save()
    with chromium_page(width=width, language=language) as page:
        j = Journey(page, live_server.url, "finance", width=width, language=language)
        j.sign_in(finance.username)
        assert page.url.endswith("/sharing/office/")  # finance's start page
        j.reads(j.t("Sharing periods"), period.sharing_day.isoformat())
        j.nav_fits_one_row()
        j.shot("periods")

        j.click(page.get_by_role("link", name=period.sharing_day.isoformat()))
        j.reads(
            j.t("The books"),
            j.t("Share per member"),
            claims[0].reference,
            j.t("The claim was already marked paid under another payout reference."),
            f"{period.sharing_day.isoformat()} 24:00",  # members counted to the day's end
        )
        assert "already_paid" not in j.main_text()
        j.shot("period")

        j.click(page.get_by_role("link", name=j.t("Payouts", "staff nav"), exact=True))
        assert page.url.endswith("/sharing/office/payouts/")
        j.reads(
            j.t("Held by the sweep"),
            j.t("The claim was already marked paid under another payout reference."),
            issued.reference,  # issued today: today's list and bank file
        )
        assert "already_paid" not in j.main_text()
        j.nav_fits_one_row()
        j.shot("payouts")

        j.check(f"#held-{held.pk}")
        j.click(page.get_by_role("button", name=j.t("Release the selected payouts")))
        assert j.messages() == [
            j.tn(
                "%(n)d payout released: the payout sweep tries it again within 30 minutes.",
                "%(n)d payouts released: the payout sweep tries them again within 30 minutes.",
                1,
            )
        ]
        j.reads(j.t("No payout is held."))

        today = clock.today().isoformat()
        with page.expect_download() as download:
            j.click(
                page.get_by_role(
                    "link", name=j.t("Download the bank file of %(day)s (CSV)", day=today)
                ),
                navigates=False,
            )
        bank_file = tmp_path / "bank.csv"
        download.value.save_as(bank_file)
        assert issued.reference in bank_file.read_text()
        j.shot("released")
        assert j.report() == 9

    held.refresh_from_db()
    assert held.held == ""
    released = period.events.filter(event_type=SharingEventType.PAYOUT_RELEASED).get()
    assert released.actor == finance
