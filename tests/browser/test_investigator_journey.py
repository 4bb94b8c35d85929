"""The investigator's journey in a real browser, on PostgreSQL: sign in and land on the
queue, take an unassigned claim, record a visit, request a document and mark it received,
record the facts, sign the investigation off."""

from datetime import timedelta

import pytest

from claims.models import DocumentRequest, Investigation
from core import clock
from tests.browser.journey import PASSWORD, WIDTHS_AND_LANGUAGES, Journey
from tests.browser.support import chromium_page, closes_db_connections
from tests.factories import EnrolmentFactory, file_claim, staff

pytestmark = [pytest.mark.browser, pytest.mark.postgres]


def _investigator(username: str):
    user = staff("investigator", username)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.mark.parametrize(("width", "language"), WIDTHS_AND_LANGUAGES)
@closes_db_connections
def test_an_investigator_takes_a_claim_and_signs_it_off(
    live_server, transactional_db, django_db_serialized_rollback, width, language
):
    investigator = _investigator("inv-journey")
    now = clock.now()
    claim = file_claim(
        enrolment=EnrolmentFactory(),
        condition_code="deep_coma",
        diagnosis_date=clock.today() - timedelta(days=6),
        now=now - timedelta(days=2),
    )
    with chromium_page(width=width, language=language) as page:
        j = Journey(page, live_server.url, "investigator", width=width, language=language)
        j.sign_in(investigator.username)
        assert page.url.endswith("/office/")  # the queue is the investigator's start page
        j.reads(j.t("Claims to work"), claim.reference, j.t("Take one to investigate it yourself."))
        j.nav_fits_one_row()
        j.shot("queue")

        j.click(page.get_by_role("button", name=j.t("Take it")))
        due = clock.format_deadline(Investigation.objects.get(claim=claim).due_at)
        assert j.messages() == [
            j.t("You took this claim; the investigation is due %(due)s.", due=due)
        ]
        j.reads(j.t("Your investigation is due %(due)s (Beijing time).", due=due))
        j.nav_fits_one_row()
        j.shot("taken")

        j.click("#visits + ul + details summary", navigates=False)
        j.fill("#id_visit_notes", "调阅ICU护理记录与病程记录，与申请材料一致。")
        j.click("form[action$='/visits/#visits'] button[type=submit]")
        assert j.messages() == [j.t("The visit is recorded.")]

        j.click("#requests + ul + details summary", navigates=False)
        j.select("#id_request_kind", value="discharge_summary")
        j.fill("#id_request_description", "ICU出院小结（加盖医院公章）")
        j.click("form[action$='/requests/#requests'] button[type=submit]")
        request = DocumentRequest.objects.get(investigation__claim=claim)
        expected = (
            j.t(
                "The document is requested from the claimant, due %(due)s.",
                due=clock.format_deadline(request.due_at),
            )
            if request.due_at
            else j.t("The document is requested from the claimant.")
        )
        assert j.messages() == [expected]
        j.shot("requested", at="#requests")

        j.click(page.locator("summary", has_text=j.t("Mark a request received")), navigates=False)
        j.select("#id_receive_request", value=str(request.pk))
        j.select("#id_receive_document", index=1)
        j.click("form[action$='/requests/received/#requests'] button[type=submit]")
        assert j.messages() == [j.t("The request is marked received.")]

        j.fill("#id_facts_fact__gcs_score", "5")
        j.fill("#id_facts_fact__life_support_hours", "120")
        j.check("#id_facts_fact__caused_by_alcohol_or_drugs_0")
        j.check("#id_facts_non_disclosure_found_1")  # no non-disclosure found
        j.click("form[action$='/facts/#facts'] button[type=submit]")
        assert j.messages() == [j.t("The facts are recorded and evaluated.")]
        j.shot("facts", at="#complete")

        j.fill("#id_complete_summary", "病历、护理记录与出院小结已核实；加入时无未如实告知情形。")
        j.click("form[action$='/complete/#complete'] button[type=submit]")
        assert j.messages() == [
            j.t("The investigation is signed off; the claim waits for the reviewer's decision.")
        ]
        j.reads(j.t("Where the case stands"))
        j.nav_fits_one_row()
        j.shot("signed-off")
        assert j.report() == 23

    investigation = Investigation.objects.get(claim=claim)
    assert investigation.completed_at is not None
    assert investigation.investigator == investigator and investigation.visits.count() == 1
