"""The claimant's journey in a real browser, on PostgreSQL, at phone and desktop width, in
Chinese and English: file a claim with a PDF, answer the investigator's document request
from the portal, dispute the denial, and read until when the jury votes.

The staff's steps between them (the request, the investigation, the decision, the batch)
run through the services, on a clock moved forward with time-machine (the live server
reads the same clock). Each run prints how many interactions the claimant needed.
"""

from datetime import timedelta

import pytest
import time_machine

from claims import services
from claims.definitions.examples import facts_missing
from claims.models import Claim, DocumentRequest
from claims.states import ClaimState
from core import clock
from core.clock import format_deadline
from jury.models import Panel
from members.models import Plan
from tests.browser.journey import PASSWORD, VIEWS, Journey, days_before_a_batch
from tests.browser.support import chromium_page, closes_db_connections
from tests.factories import PDF_BYTES, EnrolmentFactory, UserFactory, staff
from tests.jury.services.test_panels import qualified_jurors

pytestmark = [pytest.mark.browser, pytest.mark.postgres]


def claimant():
    user = UserFactory(username="journey-claimant")
    user.set_password(PASSWORD)
    user.save()
    joined = clock.now() - timedelta(days=200)
    return user, EnrolmentFactory(
        member__account=user, member__full_name="王小明", joined_at=joined
    )


def request_discharge_summary(claim: Claim) -> DocumentRequest:
    investigator, reviewer = staff("investigator", "inv"), staff("reviewer", "rev")
    investigation = services.investigation_assign(
        claim=claim, investigator=investigator, actor=reviewer
    )
    return services.investigation_request_document(
        investigation=investigation,
        actor=investigator,
        kind="discharge_summary",
        description="出院小结 / discharge summary",
    )


def investigate_and_deny(request: DocumentRequest) -> Claim:
    """The investigator takes the answer, finds the definition not met, signs off; the
    reviewer confirms the evaluator's denial."""
    request.refresh_from_db()
    investigation = request.investigation
    investigator = investigation.investigator
    services.investigation_receive_document(
        request=request, actor=investigator, document=request.document
    )
    claim = investigation.claim
    services.investigation_record_facts(
        investigation=investigation,
        actor=investigator,
        facts=facts_missing(claim.condition_definition.criteria),
        non_disclosure_found=False,
    )
    services.investigation_record_visit(
        investigation=investigation,
        actor=investigator,
        kind="hospital",
        visited_on=clock.today(),
        place="浙江大学医学院附属第一医院",
        notes="病历与病理报告已核对",
    )
    services.investigation_complete(
        investigation=investigation, actor=investigator, summary="事实已记录"
    )
    return services.claim_decide(
        claim=claim, actor=staff("reviewer", "rev"), reason="病理报告不符合定义条款"
    )


def file_the_claim(journey: Journey, tmp_path, diagnosed) -> Claim:
    pdf = tmp_path / "病理报告.pdf"
    pdf.write_bytes(PDF_BYTES)
    page = journey.page
    journey.click("main a.button[href='/claims/new/']")
    # The account's only member and plan are chosen already; no city is guessed.
    assert page.input_value("#id_city") == ""
    journey.choose("#id_condition_code", "malignant_tumour")
    journey.fill("#id_diagnosis", "肺腺癌，病理确诊")
    journey.fill("#id_hospital", "浙江大学医学院附属第一医院")
    journey.fill("#id_city", "杭州")
    journey.fill("#id_diagnosis_date", diagnosed.isoformat())
    journey.choose("#id_document_kind", "pathology_report")
    journey.upload("#id_documents", pdf)
    journey.shot("form")
    journey.click("button[name=file]")
    return Claim.objects.get()


def reads_the_decision_due(journey: Journey, claim: Claim, start) -> None:
    due = format_deadline(start + timedelta(days=31) - timedelta(hours=9))  # 24:00, day 30
    assert journey.message() == journey.t(
        "Claim %(ref)s is filed. A decision is due by %(due)s (Beijing time); we will "
        "write to you at every step."
    ) % {"ref": claim.reference, "due": due}
    current = journey.text(".step-current")
    assert journey.t("Day %(n)s of %(target)s.") % {"n": 0, "target": 30} in current
    assert due in current
    if journey.language == "zh-hans":
        assert "最迟于" in journey.message() and "第 0 天" in current


def answers_the_request(journey: Journey, claim: Claim, request, tmp_path) -> None:
    journey.click("header nav a[href='/claims/']")
    card = journey.text(".action-card")
    assert journey.t("Needs your action") in card
    assert "出院小结 / discharge summary" in card
    assert format_deadline(request.due_at) in card
    journey.shot("document-requested")
    answer = tmp_path / "出院小结.pdf"
    answer.write_bytes(PDF_BYTES + b"% discharge summary\n")
    item = f"#action-document_request-{claim.reference}-{request.pk}"
    journey.upload(f"{item} input[type=file]", answer)
    journey.click(f"{item} button[type=submit]")
    assert journey.message() == journey.t(
        "“%(name)s” is sent for “%(request)s”. The investigator will check it and "
        "tell you if anything else is needed."
    ) % {"name": "出院小结.pdf", "request": "出院小结 / discharge summary"}
    assert journey.page.locator(".action-card").count() == 0  # nothing left to do
    journey.shot("document-sent")


def disputes_the_denial(journey: Journey, claim: Claim) -> None:
    journey.click("header nav a[href='/claims/']")
    card = journey.text(".action-card")
    assert journey.t("Your claim was denied. You may dispute the denial.") in card
    assert format_deadline(claim.publicity_ends_at) in card
    journey.shot("denied")
    journey.click(".action-card a[href$='#dispute']")
    assert journey.page.get_attribute("#id_reason", "minlength") == "10"
    assert journey.t(
        "At least %(n)s characters. Say which fact or clause you think is wrong, and why."
    ) % {"n": 10} in journey.text("#dispute")
    journey.fill("#id_reason", "呼吸机记录显示持续使用了 97 小时，超过 96 小时的条款。")
    journey.click("#dispute button[type=submit]")


def reads_the_jurys_date(journey: Journey, claim: Claim) -> None:
    deadline = format_deadline(Panel.objects.get(claim=claim, round=1).deadline_at)
    assert journey.message() == journey.t(
        "Your dispute is lodged; the jury votes until %(deadline)s (Beijing time). "
        "We will write to you with its result."
    ) % {"deadline": deadline}
    current = journey.text(".step-current")
    assert journey.t("The jury votes until") in current and deadline in current
    if journey.language == "zh-hans":
        assert "赔审团投票截至" in current
    journey.shot("disputed")


@closes_db_connections
@pytest.mark.parametrize(("width", "language"), VIEWS)
def test_the_claimant_files_answers_disputes_and_reads_the_jurys_date(
    live_server, transactional_db, django_db_serialized_rollback, tmp_path, width, language
):
    start, batch_moment = days_before_a_batch(2)
    with time_machine.travel(start, tick=True) as traveller:
        Plan.objects.filter(code="critical-illness").update(jury_panel_size=3, jury_quorum=2)
        qualified_jurors(5)
        user, _enrolment = claimant()
        with chromium_page(width=width, language=language) as page:
            journey = Journey(
                page, base_url=live_server.url, name="claimant", width=width, language=language
            )
            journey.sign_in(user.username)
            claim = file_the_claim(journey, tmp_path, clock.today() - timedelta(days=5))
            journey.shot("filed")
            reads_the_decision_due(journey, claim, start)

            request = request_discharge_summary(claim)  # the investigator asks
            answers_the_request(journey, claim, request, tmp_path)

            investigate_and_deny(request)  # denied, and published in the batch
            traveller.move_to(batch_moment)
            services.publicity_batch_publish(batch_date=batch_moment.date())
            claim.refresh_from_db()
            assert claim.state == ClaimState.PUBLICISED
            disputes_the_denial(journey, claim)
            reads_the_jurys_date(journey, claim)
            journey.report()
