"""A lookup in the API never reaches PostgreSQL with a NUL character (it cannot hold one:
the query raised DataError, a 500), and any one path segment is answered by the API, in
JSON, not by Django's HTML 404 page."""

from datetime import datetime

import pytest
import time_machine
from rest_framework.test import APIClient

from tests.factories import BEIJING, EnrolmentFactory, file_claim, staff

pytestmark = pytest.mark.django_db


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/claims/HZ%00/",
        "/api/v1/plans/critical-illness%00/",
        "/api/v1/drafts/1%00/",
        "/api/v1/shutdowns/1%00/",
        # A dot not followed by a renderer's format: DRF's default lookup left it to Django.
        "/api/v1/claims/HZ1.x-y/",
        "/api/v1/drafts/-1.5e-45/",
        "/api/v1/plans/Choose%20a%20plan./",
    ],
)
def test_a_malformed_lookup_is_a_json_404(path):
    response = client_for(staff("reviewer", "rev")).get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"


@time_machine.travel(datetime(2025, 3, 20, 10, tzinfo=BEIJING), tick=False)
def test_a_nul_in_a_slug_field_is_an_invalid_field_and_saves_nothing():
    enrolment = EnrolmentFactory()
    client = client_for(enrolment.member.account)
    response = client.post(
        "/api/v1/drafts/",
        {"member": enrolment.member.pk, "plan": "critical-illness\x00"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert list(response.json()["detail"]["fields"]) == ["plan"]
    assert client.get("/api/v1/drafts/").json()["count"] == 0


def test_a_nul_in_the_investigator_is_an_invalid_field():
    claim = file_claim()
    response = client_for(staff("reviewer", "rev")).post(
        f"/api/v1/claims/{claim.reference}/assign/", {"investigator": "inv\x00"}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()["detail"]["fields"]) == ["investigator"]
