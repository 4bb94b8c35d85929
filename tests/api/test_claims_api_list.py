"""The staff list of claims in the API: newest first, paged by cursor (no count of every
claim), documented so in the schema; an unknown cursor is a 404 in the error format."""

import json
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from claims.api.views import ClaimCursorPagination
from tests.factories import BEIJING, EnrolmentFactory, file_claim, staff

pytestmark = pytest.mark.django_db

T0 = datetime(2025, 3, 10, 10, 0, tzinfo=BEIJING)


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def five_claims():
    """Filed an hour apart; the first two at the same moment (the cursor's tie)."""
    moments = [T0, T0, T0 + timedelta(hours=1), T0 + timedelta(hours=2), T0 + timedelta(hours=3)]
    return [file_claim(enrolment=EnrolmentFactory(), now=moment) for moment in moments]


def test_staff_walk_every_claim_newest_first_by_cursor(five_claims, monkeypatch):
    monkeypatch.setattr(ClaimCursorPagination, "page_size", 2)
    client = client_for(staff("reviewer", "rev"))
    seen, url, pages = [], "/api/v1/claims/", 0
    while url:
        with CaptureQueriesContext(connection) as queries:
            body = client.get(url).json()
        assert set(body) == {"next", "previous", "results"}  # no count
        assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
        seen += [c["reference"] for c in body["results"]]
        url, pages = body["next"], pages + 1
    expected = sorted(five_claims, key=lambda c: (c.filed_at, c.pk), reverse=True)
    assert seen == [c.reference for c in expected] and pages == 3


def test_the_previous_link_goes_back(five_claims, monkeypatch):
    monkeypatch.setattr(ClaimCursorPagination, "page_size", 2)
    client = client_for(staff("reviewer", "rev"))
    first = client.get("/api/v1/claims/").json()
    second = client.get(first["next"]).json()
    back = client.get(second["previous"]).json()
    assert [c["reference"] for c in back["results"]] == [c["reference"] for c in first["results"]]


def test_a_claimant_sees_only_their_own_claims(five_claims):
    mine = five_claims[0]
    body = client_for(mine.member.account).get("/api/v1/claims/").json()
    assert [c["reference"] for c in body["results"]] == [mine.reference]
    assert body["next"] is None and body["previous"] is None


def test_an_unknown_cursor_is_not_found_in_the_error_format(five_claims):
    response = client_for(staff("reviewer", "rev")).get("/api/v1/claims/", {"cursor": "bogus"})
    assert response.status_code == 404
    body = response.json()
    assert body["code"] == "not_found" and body["message"] and body["detail"] == {}


def test_the_schema_documents_the_cursor_and_its_404():
    schema = json.loads(APIClient().get("/api/schema/", {"format": "json"}).content)
    operation = schema["paths"]["/api/v1/claims/"]["get"]
    assert [p["name"] for p in operation["parameters"] if p["in"] == "query"] == ["cursor"]
    assert "cursor" in operation["description"]
    assert "404" in operation["responses"]
    page = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    properties = schema["components"]["schemas"][page.rsplit("/", 1)[1]]["properties"]
    assert set(properties) == {"next", "previous", "results"}


def test_the_next_link_carries_only_an_opaque_cursor(five_claims, monkeypatch):
    monkeypatch.setattr(ClaimCursorPagination, "page_size", 2)
    body = client_for(staff("reviewer", "rev")).get("/api/v1/claims/").json()
    assert set(parse_qs(urlparse(body["next"]).query)) == {"cursor"}
