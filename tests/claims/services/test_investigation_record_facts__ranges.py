"""An out-of-range measurement is refused through the service, the API (400 JSON) and the
case page (on its field), and nothing is recorded."""

import pytest
from rest_framework.test import APIClient

from claims import services
from claims.models import ClaimEvent, Investigation
from claims.states import ClaimEventType
from core.errors import InvalidValue
from tests.factories import staff
from tests.office.helpers import action_url, assigned_claim

pytestmark = pytest.mark.django_db


def facts_events(claim) -> int:
    return ClaimEvent.objects.filter(claim=claim, event_type=ClaimEventType.FACTS_RECORDED).count()


def test_the_service_records_nothing_of_a_refused_batch_of_facts():
    claim = assigned_claim(condition_code="deep_coma")
    investigation = Investigation.objects.get(claim=claim)
    with pytest.raises(InvalidValue) as refusal:
        services.investigation_record_facts(
            investigation=investigation,
            actor=investigation.investigator,
            facts={"gcs_score": 4, "life_support_hours": -96},
        )
    assert refusal.value.params["fact"] == "life_support_hours"
    investigation.refresh_from_db()
    assert investigation.facts == {} and facts_events(claim) == 0


def test_the_api_answers_400_with_the_fact_and_its_bounds():
    claim = assigned_claim(condition_code="deep_coma")
    client = APIClient()
    client.force_authenticate(staff("investigator", "inv"))
    url = f"/api/v1/claims/{claim.reference}/investigation/facts/"
    response = client.post(url, {"facts": {"gcs_score": 99}}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "fact_out_of_range"
    assert body["detail"] == {
        "fact": "gcs_score",
        "field": "facts.gcs_score",
        "low": "3",
        "high": "15",
        "unit": "points",
    }
    assert client.post(url, {"facts": {"gcs_score": 3}}, format="json").status_code == 200
    assert Investigation.objects.get(claim=claim).facts == {"gcs_score": 3}


def test_the_case_page_shows_the_refusal_on_the_field_with_the_input_kept(client):
    claim = assigned_claim(condition_code="deep_coma")
    client.force_login(staff("investigator", "inv"))
    response = client.post(
        action_url("facts", claim),
        {"fact__gcs_score": "16", "non_disclosure_found": "no"},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,  # POST/redirect/GET: the case page shows the form sent back
    )
    form = response.context["forms"]["facts"]
    message = "“gcs_score” must be between 3 and 15 points; 16 is not."
    assert form.errors == {"fact__gcs_score": [message]}
    page = response.content.decode()
    assert (
        'name="fact__gcs_score" value="16" step="any" inputmode="decimal" min="3" max="15"' in page
    )
    assert "From 3 to 15 points" in page
    assert facts_events(claim) == 0
