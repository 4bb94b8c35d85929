"""What the portal says after an action: what happened and what comes next (never a bare
"Done"); a form that fails keeps its errors beside its fields."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from claims.states import ClaimState
from jury.models import Panel
from members.models import Plan
from tests.factories import claim_in_state, pdf_upload
from tests.jury.services.test_panels import qualified_jurors

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_dispute_says_until_when_the_jury_votes(client):
    """Committed as in production: the dispute's follow-up opens the panel (tasks run
    in-process) before the page words its message."""
    Plan.objects.filter(code="critical-illness").update(jury_panel_size=3, jury_quorum=2)
    qualified_jurors(5)
    claim = claim_in_state(ClaimState.PUBLICISED, approve=False)
    client.force_login(claim.member.account)
    url = reverse("claims:claim-dispute", args=[claim.reference])
    with time_machine.travel(claim.published_at + timedelta(hours=1), tick=False):
        response = client.post(url, {"reason": "The ventilator ran 97 hours"}, follow=True, **EN)
    panel = Panel.objects.get(claim=claim)
    deadline = panel.deadline_at.astimezone(claim.published_at.tzinfo).strftime("%Y-%m-%d %H:%M")
    assert messages_of(response) == [
        f"Your dispute is lodged; the jury votes until {deadline} (Beijing time). "
        "We will write to you with its result."
    ]
    assert "Done" not in response.content.decode()


def test_before_the_panel_is_drawn_the_message_says_how_long_it_votes(client):
    claim = claim_in_state(ClaimState.PUBLICISED, approve=False)
    client.force_login(claim.member.account)
    url = reverse("claims:claim-dispute", args=[claim.reference])
    with time_machine.travel(claim.published_at + timedelta(hours=1), tick=False):
        response = client.post(url, {"reason": "The ventilator ran 97 hours"}, follow=True, **EN)
    assert (
        "A panel of member-jurors is being drawn; it votes for 24 hours"
        in (messages_of(response)[0])
    )


def test_the_dispute_form_states_its_minimum_and_errs_beside_the_field(client):
    claim = claim_in_state(ClaimState.PUBLICISED, approve=False)
    client.force_login(claim.member.account)
    page_url = reverse("claims:claim-detail", args=[claim.reference])
    url = reverse("claims:claim-dispute", args=[claim.reference])
    with time_machine.travel(claim.published_at + timedelta(hours=1), tick=False):
        page = client.get(page_url, **EN).content.decode()
        assert "At least 10 characters." in page and 'minlength="10"' in page
        response = client.post(url, {"reason": "too short"}, **EN)
    assert response.status_code == 422
    html = response.content.decode()
    field = html.split('id="id_reason"')[1].split('<div class="field')[0]
    assert "Ensure this value has at least 10 characters (it has 9)." in field
    assert ">\ntoo short</textarea>" in html  # what was typed is kept
    claim.refresh_from_db()
    assert claim.state == ClaimState.PUBLICISED


def test_a_refusal_stands_at_the_top_of_its_form(client):
    claim = claim_in_state(ClaimState.PUBLICISED, approve=False)
    client.force_login(claim.member.account)
    url = reverse("claims:claim-dispute", args=[claim.reference])
    with time_machine.travel(claim.publicity_ends_at, tick=False):  # the window has closed
        response = client.post(url, {"reason": "The ventilator ran 97 hours"}, **EN)
    assert response.status_code == 422
    assert 'class="form-refusal" role="alert"' in response.content.decode()


def test_a_duplicate_upload_says_it_was_already_there(client):
    claim = claim_in_state(ClaimState.FILED)  # filed with pdf_upload()'s bytes
    client.force_login(claim.member.account)
    url = reverse("claims:claim-add-document", args=[claim.reference])
    response = client.post(
        url, {"kind": "test_report", "file": pdf_upload("again.pdf")}, follow=True, **EN
    )
    [message] = messages_of(response)
    assert message.startswith("“again.pdf” is already on this claim (the same file, added on ")
    assert "as “record.pdf”); nothing was added." in message
    assert claim.documents.count() == 1


def test_withdrawing_says_the_claim_is_closed(client):
    claim = claim_in_state(ClaimState.FILED)
    client.force_login(claim.member.account)
    url = reverse("claims:claim-withdraw", args=[claim.reference])
    response = client.post(url, {"reason": "", "confirm": "on"}, follow=True, **EN)
    assert messages_of(response) == [
        f"Claim {claim.reference} is withdrawn. Nothing more will happen on it."
    ]


def test_an_appeal_names_the_panel_and_its_deadline(client, django_capture_on_commit_callbacks):
    """The appeal's panel opens once the appeal commits (the jury's follow-up): the message
    says how long it will vote while it is drawn, and names its seats and deadline once
    it is open (as a request whose commit ran the follow-up in-process says)."""
    from claims.messages import appeal_lodged

    Plan.objects.filter(code="critical-illness").update(jury_panel_size=3, jury_quorum=2)
    claim = claim_in_state(ClaimState.JURY_VOTED, approve=False)  # deny verdict, by hand
    qualified_jurors(8)
    client.force_login(claim.member.account)
    url = reverse("claims:claim-appeal", args=[claim.reference])
    with time_machine.travel(claim.jury_voted_at + timedelta(hours=1), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                url,
                {"statement": "A new neurologist's report shows 5 days of coma"},
                follow=True,
                **EN,
            )
    assert messages_of(response) == [
        "Your appeal is lodged. A fresh panel of member-jurors is being drawn; it votes for "
        "24 hours, and its verdict is final."
    ]
    panel = Panel.objects.get(claim=claim, round=2)
    with translation.override("en"):
        message = appeal_lodged(claim)
    assert message.startswith("Your appeal is lodged; a fresh panel of 7 jurors votes until ")
    assert panel.deadline_at.astimezone(claim.jury_voted_at.tzinfo).strftime("%H:%M") in message
