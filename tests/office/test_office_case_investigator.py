"""The assigned investigator on the case page: facts through the generated form, visits,
document requests, sign-off."""

import re

import pytest
import time_machine

from claims.models import ClaimDocument, ClaimEvent, DocumentRequest, Investigation
from tests.factories import staff
from tests.office.helpers import (
    T0,
    action_url,
    assigned_claim,
    case_url,
    form_for,
    page_messages,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_12_march():
    """Two days after filing (10 March 2025, Beijing)."""
    with time_machine.travel(T0.replace(day=12), tick=False):
        yield


def facts_post(**values):
    data = {"non_disclosure_found": "no", "non_disclosure_notes": ""}
    data.update({f"fact__{k}": v for k, v in values.items()})
    return data


def test_the_facts_form_is_generated_from_the_definition(client):
    claim = assigned_claim(condition_code="deep_coma")
    client.force_login(staff("investigator", "inv"))
    page = client.get(case_url(claim)).content.decode()
    # Numbers as number inputs (any step) with the unit; yes/no as radios.
    assert 'type="number" name="fact__gcs_score" step="any"' in page
    assert 'type="number" name="fact__life_support_hours" step="any"' in page
    assert '<span class="unit">hours</span>' in page  # the unit in words, never its code
    assert page.count('name="fact__caused_by_alcohol_or_drugs"') == 3  # yes / no / unknown
    assert page.count('name="non_disclosure_found"') == 3


def test_the_investigator_records_facts_and_the_evaluation_follows(client):
    claim = assigned_claim(condition_code="deep_coma")
    investigation = Investigation.objects.get(claim=claim)
    assert investigation.facts == {} and investigation.evaluation == {}
    client.force_login(staff("investigator", "inv"))

    # "Not caused by alcohol or drug abuse" answered yes: the fact is false.
    response = client.post(
        action_url("facts", claim),
        facts_post(gcs_score="4", life_support_hours="96", caused_by_alcohol_or_drugs="yes"),
        follow=True,
    )
    assert page_messages(response) == ["The facts are recorded and evaluated."]
    investigation.refresh_from_db()
    assert investigation.facts == {
        "gcs_score": 4,
        "life_support_hours": 96,
        "caused_by_alcohol_or_drugs": False,
    }
    assert investigation.evaluation["outcome"] == "met"
    assert investigation.non_disclosure_found is False
    page = response.content.decode()
    assert 'value="4"' in page  # pre-filled with what is on record
    assert "result result-met" in page

    # One step short of the threshold: the clause and the definition are not met.
    client.post(
        action_url("facts", claim),
        facts_post(gcs_score="4", life_support_hours="95.5", caused_by_alcohol_or_drugs="yes"),
    )
    investigation.refresh_from_db()
    assert investigation.facts["life_support_hours"] == "95.5"
    assert investigation.evaluation["outcome"] == "not_met"
    failing = [c["key"] for c in investigation.evaluation["clauses"] if c["result"] == "not_met"]
    assert failing == ["life_support"]

    # Unknown removes a fact.
    client.post(
        action_url("facts", claim),
        facts_post(gcs_score="", life_support_hours="100", caused_by_alcohol_or_drugs=""),
    )
    investigation.refresh_from_db()
    assert investigation.facts == {"life_support_hours": 100}
    assert investigation.evaluation["outcome"] == "unknown"
    assert ClaimEvent.objects.filter(claim=claim, event_type="facts_recorded").count() == 3


def test_choice_facts_are_a_select_with_an_other_choice(client):
    claim = assigned_claim(condition_code="malignant_tumour")
    client.force_login(staff("investigator", "inv"))
    page = client.get(case_url(claim)).content.decode()
    assert '<select name="fact__icdo3_behaviour_code"' in page
    assert '<option value="3">3 (malignant, primary site)</option>' in page
    assert '<option value="other">' in page
    client.post(action_url("facts", claim), facts_post(icdo3_behaviour_code="other"))
    investigation = Investigation.objects.get(claim=claim)
    assert investigation.facts["icdo3_behaviour_code"] == "other"
    clause = next(c for c in investigation.evaluation["clauses"] if c["key"] == "icdo3_behaviour")
    assert clause["result"] == "not_met"


def test_a_bad_number_is_refused_and_the_input_is_kept(client):
    claim = assigned_claim(condition_code="deep_coma")
    client.force_login(staff("investigator", "inv"))
    response = client.post(
        action_url("facts", claim),
        facts_post(gcs_score="four", life_support_hours="100", caused_by_alcohol_or_drugs="yes"),
        follow=True,
    )
    # POST/redirect/GET: the form comes back at its place, with what was typed.
    assert response.redirect_chain == [(case_url(claim) + "#facts", 302)]
    assert page_messages(response) == ["Please correct the marked fields."]
    page = response.content.decode()
    assert 'value="four"' in page and 'value="100"' in page
    assert Investigation.objects.get(claim=claim).facts == {}


def test_non_disclosure_found_needs_notes(client):
    claim = assigned_claim(condition_code="deep_coma")
    client.force_login(staff("investigator", "inv"))
    response = client.post(
        action_url("facts", claim),
        {"fact__gcs_score": "3", "non_disclosure_found": "yes", "non_disclosure_notes": ""},
        follow=True,
    )
    assert page_messages(response) == ["Describe what was not disclosed at joining."]
    assert 'value="3"' in response.content.decode()
    assert Investigation.objects.get(claim=claim).non_disclosure_found is None


def test_the_investigator_completes_the_investigation(client):
    claim = assigned_claim(condition_code="deep_coma")
    client.force_login(staff("investigator", "inv"))

    response = client.post(action_url("complete", claim), {"summary": "All checked"}, follow=True)
    message = page_messages(response)[0]
    assert message.startswith("The investigation is not complete")
    assert "a visit or interview" in message
    assert "All checked</textarea>" in response.content.decode()

    client.post(
        action_url("facts", claim),
        facts_post(gcs_score="5", life_support_hours="120", caused_by_alcohol_or_drugs="yes"),
        follow=True,
    )
    client.post(
        action_url("visit", claim),
        {
            "kind": "hospital",
            "visited_on": "2025-03-11",
            "place": "Zhejiang 1st",
            "notes": "ICU records checked",
        },
        follow=True,
    )
    client.post(
        action_url("request", claim),
        {"kind": "discharge_summary", "description": "ICU discharge summary"},
        follow=True,
    )
    request = DocumentRequest.objects.get(investigation__claim=claim)
    response = client.post(action_url("complete", claim), {"summary": "All checked"}, follow=True)
    assert "the documents still requested" in page_messages(response)[0]

    document = ClaimDocument.objects.filter(claim=claim).first()
    client.post(
        action_url("receive", claim),
        {"request": request.pk, "document": document.pk},
        follow=True,
    )
    request.refresh_from_db()
    assert request.received_at is not None and request.document == document

    response = client.post(action_url("complete", claim), {"summary": "All checked"}, follow=True)
    assert page_messages(response) == [
        "The investigation is signed off; the claim waits for the reviewer's decision."
    ]
    investigation = Investigation.objects.get(claim=claim)
    assert investigation.completed_at is not None and investigation.summary == "All checked"
    page = response.content.decode()
    assert form_for("facts", claim) not in page  # read-only from now on


def test_a_visit_in_the_future_is_refused_and_kept(client):
    claim = assigned_claim()
    client.force_login(staff("investigator", "inv"))
    response = client.post(
        action_url("visit", claim),
        {"kind": "interview", "visited_on": "2025-04-01", "place": "Home", "notes": "Planned"},
        follow=True,
    )
    refusal = "A visit cannot be recorded for a future date (today is 2025-03-12)."
    assert page_messages(response) == [refusal]
    page = response.content.decode()
    # The refusal also stands on the date field, where the page opens (the action's anchor).
    assert re.search(rf'role="alert"[^>]*>(?:<div>)?{re.escape(refusal)}<', page)
    assert 'value="2025-04-01"' in page and '<details class="subform" open>' in page


def test_another_investigator_sees_the_case_read_only_and_is_refused(client):
    claim = assigned_claim(condition_code="deep_coma")
    client.force_login(staff("investigator", "inv2"))
    page = client.get(case_url(claim)).content.decode()
    assert form_for("facts", claim) not in page
    response = client.post(action_url("facts", claim), facts_post(gcs_score="3"), follow=True)
    assert page_messages(response) == ["Only the assigned investigator records this investigation."]
    assert Investigation.objects.get(claim=claim).facts == {}


def test_the_case_page_shows_member_enrolment_definition_and_timeline(client):
    claim = assigned_claim(condition_code="deep_coma")
    client.force_login(staff("investigator", "inv"))
    page = client.get(case_url(claim)).content.decode()
    member = claim.member
    assert member.national_id_masked in page
    assert "1990-06-15" in page  # birth date
    assert "2024-04-10" in page  # first covered day: joined 10 Jan 2024 + 90 days + 1
    assert "700" in page  # credit score
    assert "Critical illness definitions, 2020 revision" in page and "Glasgow Coma Scale" in page
    assert "cii-2020" not in page and "deep_coma" not in page  # no code on the page
    assert "Investigation assigned" in page  # the timeline
    document = claim.documents.first()
    assert f'href="/claims/documents/{document.pk}/"' in page


def test_the_facts_read_in_the_readers_language(client):
    """The criteria on the case page: each clause with the fact found, in the page's
    language, the unit in words; never the fact's key."""
    from claims import services
    from claims.models import Investigation

    claim = assigned_claim(condition_code="deep_coma")
    investigation = Investigation.objects.get(claim=claim)
    services.investigation_record_facts(
        investigation=investigation,
        actor=staff("investigator", "inv"),
        facts={"life_support_hours": 95, "caused_by_alcohol_or_drugs": False},
    )
    client.force_login(staff("reviewer", "rev"))
    english = client.get(case_url(claim)).content.decode()
    assert "Time on a ventilator and other life support without a break: 95 hours" in english
    assert "Not caused by alcohol or drug abuse" in english  # the clause
    assert "Caused by alcohol or drug abuse: no" in english  # the fact, not inverted
    assert "life_support_hours" not in english and "caused_by_alcohol" not in english
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    chinese = client.get(case_url(claim)).content.decode()
    assert "持续使用呼吸机及其他生命维持系统的时间：95 小时" in chinese
    assert "因酗酒或药物滥用导致：否" in chinese
