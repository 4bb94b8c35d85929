"""Every reviewer step lives in the office: publish the batch, close a due notice, record a
jury tally by hand, make a jury result final, re-panel. Each POST answers with a redirect
back (a refresh never sends it again) and a message saying what was done or why not."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from claims.models import PublicityBatch
from claims.states import ClaimState
from jury.models import PanelStatus
from tests.claims.publicity_helpers import beijing, decided_claim
from tests.factories import EnrolmentFactory, claim_in_state, staff
from tests.jury.test_panel_office import flagged_panel
from tests.office.helpers import action_url, case_url, page_messages

pytestmark = pytest.mark.django_db


def reviewer(client):
    client.force_login(staff("reviewer", "rev"))
    return client


def test_a_decided_claim_waits_for_its_batch_then_the_reviewer_publishes_it(client):
    claim = decided_claim(decided_at=beijing(2025, 3, 18, 10))
    reviewer(client)
    with time_machine.travel(beijing(2025, 3, 19, 9), tick=False):
        page = client.get(case_url(claim)).content.decode()
        assert "published with the batch of 2025-03-21" in page
        assert reverse("office:publish-batch") not in page
    with time_machine.travel(beijing(2025, 3, 21, 0, 2), tick=False):  # before the beat ran
        page = client.get(case_url(claim)).content.decode()
        assert "Publish the batch of 2025-03-21" in page
        response = client.post(
            reverse("office:publish-batch"),
            {"batch_date": "2025-03-21", "next": case_url(claim)},
            follow=True,
        )
    assert response.redirect_chain == [(case_url(claim), 302)]
    assert page_messages(response) == [
        "The batch of 2025-03-21 is published: 1 claim under public notice until 2025-03-28 24:00."
    ]
    claim.refresh_from_db()
    assert claim.state == ClaimState.PUBLICISED
    assert claim.publicity_batch == PublicityBatch.objects.get(batch_date="2025-03-21")


def test_the_publicity_desk_shows_the_due_batch_and_publishes_it(client):
    early = decided_claim(decided_at=beijing(2025, 3, 18, 10))
    late = decided_claim(decided_at=beijing(2025, 3, 21, 9))  # waits for 7 April
    reviewer(client)
    with time_machine.travel(beijing(2025, 3, 21, 10), tick=False):
        page = client.get(reverse("office:publicity")).content.decode()
        assert "The batch of 2025-03-21 is due: 1 decided claim waits for it." in page
        assert "2 decisions waiting for their batch" in page
        response = client.post(
            reverse("office:publish-batch"),
            {"batch_date": "2025-03-21", "next": reverse("office:publicity")},
            follow=True,
        )
        assert response.redirect_chain == [(reverse("office:publicity"), 302)]
        page = response.content.decode()
        assert "No batch is due. The next batch is on 2025-04-07." in page
    early.refresh_from_db()
    late.refresh_from_db()
    assert (early.state, late.state) == (ClaimState.PUBLICISED, ClaimState.INVESTIGATED)


def test_a_batch_date_that_has_not_come_is_refused_with_its_reason(client):
    reviewer(client)
    with time_machine.travel(beijing(2025, 3, 19, 9), tick=False):
        response = client.post(
            reverse("office:publish-batch"), {"batch_date": "2025-03-21"}, follow=True
        )
    assert page_messages(response) == [
        "The batch of 2025-03-21 cannot be published before that day."
    ]
    assert not PublicityBatch.objects.exists()


def test_an_investigator_may_not_publish(client):
    decided_claim(decided_at=beijing(2025, 3, 18, 10))
    client.force_login(staff("investigator", "inv"))
    with time_machine.travel(beijing(2025, 3, 21, 10), tick=False):
        response = client.post(
            reverse("office:publish-batch"), {"batch_date": "2025-03-21"}, follow=True
        )
    assert page_messages(response) == ["You may not publish decisions."]
    assert not PublicityBatch.objects.exists()


def test_a_due_notice_is_closed_from_the_case_page(client):
    claim = claim_in_state(ClaimState.PUBLICISED, enrolment=EnrolmentFactory())
    reviewer(client)
    ends = claim.publicity_ends_at
    with time_machine.travel(ends - timedelta(hours=1), tick=False):
        page = client.get(case_url(claim)).content.decode()
        assert "Under public notice until" in page and "Close the notice" not in page
        # Sent anyway (a stale page): refused, with the reason, and nothing changes.
        response = client.post(action_url("close-publicity", claim), follow=True)
        assert response.redirect_chain == [(case_url(claim) + "#actions", 302)]
        assert page_messages(response) == [
            "“Close public notice” is not possible now: the public notice period has not ended yet."
        ]
    with time_machine.travel(ends + timedelta(minutes=1), tick=False):
        assert "Close the notice" in client.get(case_url(claim)).content.decode()
        response = client.post(action_url("close-publicity", claim), follow=True)
    assert page_messages(response) == [
        "The notice is closed: the approval is payable and goes to the next sharing period."
    ]
    claim.refresh_from_db()
    assert claim.publicity_closed_at is not None and claim.payable_at is not None
    assert "Payable since" in response.content.decode()


def test_the_desk_lists_due_notices_and_results_and_closes_them_there(client):
    notice = claim_in_state(ClaimState.PUBLICISED, enrolment=EnrolmentFactory(), approve=False)
    result = claim_in_state(ClaimState.JURY_VOTED, enrolment=EnrolmentFactory())
    reviewer(client)
    later = max(notice.publicity_ends_at, result.appeal_ends_at) + timedelta(minutes=1)
    desk = reverse("office:publicity")
    with time_machine.travel(later, tick=False):
        page = client.get(desk).content.decode()
        assert notice.reference in page and result.reference in page
        response = client.post(
            action_url("close-publicity", notice), {"next": desk + "#notices"}, follow=True
        )
        assert response.redirect_chain == [(desk + "#notices", 302)]
        assert page_messages(response) == ["The notice is closed: the denial is final."]
        response = client.post(
            action_url("settle-jury-result", result), {"next": desk + "#results"}, follow=True
        )
    assert page_messages(response) == [
        "The jury's result is final: the claim is payable and goes to the next sharing period."
    ]
    notice.refresh_from_db()
    result.refresh_from_db()
    assert notice.state == ClaimState.DENIED
    assert result.jury_settled_at is not None and result.payable_at is not None
    assert "No jury result is waiting." in response.content.decode()


def test_a_jury_result_is_made_final_from_the_case_page_after_the_appeal_window(client):
    claim = claim_in_state(ClaimState.JURY_VOTED, enrolment=EnrolmentFactory(), approve=False)
    reviewer(client)
    with time_machine.travel(claim.appeal_ends_at - timedelta(hours=1), tick=False):
        page = client.get(case_url(claim)).content.decode()
        assert "the appeal window is open until" in page
        assert action_url("settle-jury-result", claim) not in page
    with time_machine.travel(claim.appeal_ends_at, tick=False):
        page = client.get(case_url(claim)).content.decode()
        assert action_url("settle-jury-result", claim) in page
        response = client.post(action_url("settle-jury-result", claim), follow=True)
    assert page_messages(response) == ["The jury's result is final: the claim is denied."]
    claim.refresh_from_db()
    assert claim.state == ClaimState.DENIED


def test_a_tally_is_recorded_by_hand_when_no_panel_decides(client):
    claim = claim_in_state(ClaimState.DISPUTED, enrolment=EnrolmentFactory())
    assert not claim.panels.exists()  # no panel opened (the follow-up never ran here)
    reviewer(client)
    page = client.get(case_url(claim)).content.decode()
    assert action_url("jury-result", claim) in page
    response = client.post(
        action_url("jury-result", claim), {"pay_votes": "3", "deny_votes": "x"}, follow=True
    )
    assert page_messages(response) == ["Please correct the marked fields."]
    assert 'value="3"' in response.content.decode()  # what was typed comes back
    response = client.post(
        action_url("jury-result", claim), {"pay_votes": "7", "deny_votes": "4"}, follow=True
    )
    assert page_messages(response) == [
        "The jury's tally is recorded: Approve, 7 to pay, 4 to deny."
    ]
    claim.refresh_from_db()
    assert claim.state == ClaimState.JURY_VOTED and claim.jury_pay_votes == 7


def test_a_flagged_panel_is_re_panelled_from_the_case_page_and_comes_back(client):
    panel = flagged_panel()
    reviewer(client)
    claim = panel.claim
    page = client.get(case_url(claim)).content.decode()
    repanel = reverse("jury:office-repanel", args=[panel.pk])
    assert f'action="{repanel}"' in page
    assert f"Panel {panel.pk} missed its quorum" in page
    response = client.post(repanel, {"next": case_url(claim)}, follow=True)
    assert response.redirect_chain[0] == (case_url(claim), 302)
    panel.refresh_from_db()
    assert panel.status == PanelStatus.OPEN
    assert any(f"Panel {panel.pk} re-opened" in m for m in page_messages(response))


def test_a_refused_step_never_posts_again_on_refresh(client):
    claim = claim_in_state(ClaimState.PUBLICISED, enrolment=EnrolmentFactory())
    reviewer(client)
    with time_machine.travel(claim.publicity_ends_at - timedelta(hours=1), tick=False):
        response = client.post(action_url("close-publicity", claim))
        assert response.status_code == 302  # the browser's refresh repeats the GET only
        first = client.get(response["Location"])
        again = client.get(response["Location"])
    assert len(page_messages(first)) == 1 and page_messages(again) == []


def test_the_office_shows_a_stale_form_once(client):
    claim = claim_in_state("filed_investigated", enrolment=EnrolmentFactory())
    reviewer(client)
    with time_machine.travel(datetime(2025, 3, 12, 12, tzinfo=claim.filed_at.tzinfo), tick=False):
        response = client.post(action_url("override", claim), {"decision": "deny", "reason": "x"})
        assert "x</textarea>" in client.get(response["Location"]).content.decode()
        assert "x</textarea>" not in client.get(response["Location"]).content.decode()
