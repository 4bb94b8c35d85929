"""The reviewer's journey in a real browser, on PostgreSQL: land on the queue, assign two
claims at once and one more from its case page, decide a complete investigation, then at
the publicity desk publish the batch that is due, close a notice that ended and make a
jury result final. The admin is never opened."""

from datetime import timedelta
from unittest import mock

import pytest

from claims import rules
from claims.models import Claim, Investigation, PublicityBatch
from claims.states import ClaimState, Decision
from core import clock
from tests.browser.journey import (
    PASSWORD,
    WIDTHS_AND_LANGUAGES_SWAPPED,
    Journey,
)
from tests.browser.support import chromium_page, closes_db_connections
from tests.factories import EnrolmentFactory, claim_in_state, file_claim, staff

pytestmark = [pytest.mark.browser, pytest.mark.postgres]


def _cases():
    """Claims in each state the journey acts on. Their follow-ups wait (a dispute would
    open its jury panel at once on this committing database), as in tests/jury."""
    with mock.patch("core.followups.followups_hand_over"):
        return _make_cases()


def _make_cases():
    now = clock.now()
    filed = [
        file_claim(
            enrolment=EnrolmentFactory(),
            diagnosis_date=clock.today() - timedelta(days=9),
            now=now - timedelta(days=3, hours=i),
        )
        for i in range(3)
    ]
    return {
        "filed": filed,  # oldest first: filed[2] was filed first
        "complete": claim_in_state("filed_investigated", enrolment=EnrolmentFactory()),
        "decided": claim_in_state(ClaimState.INVESTIGATED, enrolment=EnrolmentFactory()),
        "notice": claim_in_state(ClaimState.PUBLICISED, enrolment=EnrolmentFactory()),
        "jury": claim_in_state(ClaimState.JURY_VOTED, enrolment=EnrolmentFactory()),
    }


@pytest.mark.parametrize(("width", "language"), WIDTHS_AND_LANGUAGES_SWAPPED)
@closes_db_connections
def test_a_reviewer_assigns_decides_publishes_closes_and_settles(
    live_server, transactional_db, django_db_serialized_rollback, width, language
):
    cases = _cases()
    reviewer = staff("reviewer", "rev-journey")
    reviewer.set_password(PASSWORD)
    reviewer.save()
    batch_day = rules.latest_batch_date(clock.today())
    with chromium_page(width=width, language=language) as page:
        j = Journey(page, live_server.url, "reviewer", width=width, language=language)
        j.sign_in(reviewer.username)
        assert page.url.endswith("/office/")
        j.reads(j.t("Claims to work"))
        j.nav_fits_one_row()
        j.shot("queue")

        first, second, third = (c.reference for c in reversed(cases["filed"]))
        j.check(f"#select-{first}")
        j.check(f"#select-{second}")
        j.select("#id_investigator", label="inv")
        j.click(page.get_by_role("button", name=j.t("Assign the selected claims")))
        assert j.messages() == [
            j.tn(
                "%(n)s claim assigned to %(name)s: %(refs)s.",
                "%(n)s claims assigned to %(name)s: %(refs)s.",
                2,
                name="inv",
                refs=j.t(", ", "list separator").join([first, second]),
            )
        ]
        j.shot("bulk-assigned")

        j.click(page.get_by_role("link", name=third))
        j.select("#id_assign_investigator", label="inv")
        j.click(page.get_by_role("button", name=j.t("Assign"), exact=True))
        due = clock.format_deadline(Investigation.objects.get(claim__reference=third).due_at)
        assert j.messages() == [j.t("Assigned to %(name)s, due %(due)s.", name="inv", due=due)]

        j.click(".crumbs a")
        j.click(page.locator("a.tab").nth(1))  # Mine: complete investigations to decide
        j.click(page.get_by_role("link", name=cases["complete"].reference))
        j.reads(j.t("Your next step"), j.t("The evaluator proposes"))
        j.shot("decide", at="#decide")
        j.fill("#id_confirm_reason", "调查事实符合疾病定义的全部条款。")
        j.click(page.get_by_role("button", name=j.t("Confirm the proposal")))
        decided = Claim.objects.get(pk=cases["complete"].pk)
        assert decided.state == ClaimState.INVESTIGATED
        next_batch = rules.next_batch_date(clock.today()).isoformat()
        assert j.messages() == [
            j.t(
                "The decision is recorded: %(decision)s. It is published in the batch of %(day)s.",
                decision=j.label(Decision(decided.decision).label),
                day=next_batch,
            )
        ]
        j.reads(
            j.t(
                "Decided: published with the batch of %(day)s (batches go out on the 7th "
                "and the 21st).",
                day=next_batch,
            )
        )

        j.click(page.get_by_role("link", name=j.t("Publicity", "staff nav")))
        j.reads(
            j.tn(
                "The batch of %(day)s is due: %(n)s decided claim waits for it.",
                "The batch of %(day)s is due: %(n)s decided claims wait for it.",
                1,
                day=batch_day.isoformat(),
            )
        )
        j.nav_fits_one_row()
        j.shot("desk")
        j.click(
            page.get_by_role(
                "button", name=j.t("Publish the batch of %(day)s", day=batch_day.isoformat())
            )
        )
        batch = PublicityBatch.objects.get(batch_date=batch_day)
        assert j.messages() == [
            j.tn(
                "The batch of %(date)s is published: %(n)s claim under public notice until "
                "%(ends)s.",
                "The batch of %(date)s is published: %(n)s claims under public notice until "
                "%(ends)s.",
                batch.claims_count,
                date=batch_day.isoformat(),
                ends=clock.format_deadline(batch.window_ends_at),
            )
        ]
        j.reads(j.t("No batch is due. The next batch is on %(day)s.", day=next_batch))

        j.click(page.locator("#notices").get_by_role("button", name=j.t("Close the notice")))
        assert j.messages() == [
            j.t(
                "The notice is closed: the approval is payable and goes to the next sharing period."
            )
        ]
        j.click(
            page.locator("#results").get_by_role("button", name=j.t("Make the jury's result final"))
        )
        assert j.messages() == [
            j.t(
                "The jury's result is final: the claim is payable and goes to the next "
                "sharing period."
            )
        ]
        j.reads(j.t("No notice has ended unclosed."), j.t("No jury result is waiting."))
        j.nav_fits_one_row()
        j.shot("desk-done")
        assert j.report() == 20

    for key, state in (("decided", ClaimState.PUBLICISED), ("notice", ClaimState.PUBLICISED)):
        assert Claim.objects.get(pk=cases[key].pk).state == state
    assert Claim.objects.get(pk=cases["notice"].pk).payable_at is not None
    assert Claim.objects.get(pk=cases["jury"].pk).jury_settled_at is not None
    assert Investigation.objects.filter(claim__in=cases["filed"]).count() == 3
