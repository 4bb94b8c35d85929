"""Sane dates: a diagnosis between birth (and 1900) and today; a visit within the claim's
investigation. The rules at their bounds, then through the services, API and pages."""

from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from claims import services
from claims.models import ClaimDraft, InvestigationVisit
from claims.rules import check_diagnosis_date, check_visit_date
from core.errors import InvalidValue
from tests.factories import BEIJING, EnrolmentFactory, file_claim, staff

TODAY = date(2025, 3, 12)
NOW = datetime(2025, 3, 12, 23, 59, tzinfo=BEIJING)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def refusal_of(check, **kwargs) -> InvalidValue:
    with pytest.raises(InvalidValue) as refusal:
        check(**kwargs)
    assert refusal.value.code == "date_out_of_range" and refusal.value.http_status == 400
    return refusal.value


def test_diagnosis_date_bounds():
    birth = date(1990, 6, 15)
    for ok in (birth, TODAY):
        check_diagnosis_date(diagnosis_date=ok, birth_date=birth, today=TODAY)
    late = refusal_of(
        check_diagnosis_date, diagnosis_date=date(2025, 3, 13), birth_date=birth, today=TODAY
    )
    assert "later than today (2025-03-12)" in late.message
    assert late.params == {
        "field": "diagnosis_date",
        "earliest": "1990-06-15",
        "latest": "2025-03-12",
    }
    early = refusal_of(
        check_diagnosis_date, diagnosis_date=date(1990, 6, 14), birth_date=birth, today=TODAY
    )
    assert "before the member's date of birth (1990-06-15)" in early.message
    check_diagnosis_date(diagnosis_date=date(1900, 1, 1), birth_date=None, today=TODAY)
    ancient = refusal_of(
        check_diagnosis_date, diagnosis_date=date(1899, 12, 31), birth_date=None, today=TODAY
    )
    assert "before 1900-01-01" in ancient.message


def test_visit_date_bounds():
    filed = date(2025, 3, 10)
    for ok in (filed, TODAY):
        check_visit_date(visited_on=ok, filed_on=filed, today=TODAY)
    early = refusal_of(check_visit_date, visited_on=date(2025, 3, 9), filed_on=filed, today=TODAY)
    assert "before the claim was filed (2025-03-10)" in early.message
    assert early.params["field"] == "visited_on"
    late = refusal_of(check_visit_date, visited_on=date(2025, 3, 13), filed_on=filed, today=TODAY)
    assert "future date (today is 2025-03-12)" in late.message


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_the_draft_api_answers_400_and_keeps_the_draft_as_it_was():
    enrolment = EnrolmentFactory()  # born 1990-06-15
    client = APIClient()
    client.force_authenticate(enrolment.member.account)
    draft = client.post(
        "/api/v1/drafts/", {"member": enrolment.member.pk, "city": "杭州"}, format="json"
    ).json()
    for day in ("1899-12-31", "1990-06-14"):
        response = client.patch(
            f"/api/v1/drafts/{draft['id']}/", {"diagnosis_date": day}, format="json"
        )
        assert response.status_code == 400
        body = response.json()
        assert body["code"] == "date_out_of_range" and "1990-06-15" in body["message"]
        assert body["detail"]["field"] == "diagnosis_date"
    assert ClaimDraft.objects.get(pk=draft["id"]).diagnosis_date is None
    ok = client.patch(f"/api/v1/drafts/{draft['id']}/", {"diagnosis_date": "2025-03-12"})
    assert ok.status_code == 200


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_the_claim_form_shows_the_refusal_on_the_date_field(client):
    enrolment = EnrolmentFactory()
    client.force_login(enrolment.member.account)
    response = client.post(
        reverse("claims:claim-new"),
        {"member": enrolment.member.pk, "diagnosis_date": "2025-03-13", "hospital": "浙一医院"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422  # the form again, with the error on its field
    form = response.context["form"]
    assert form.errors == {
        "diagnosis_date": ["The date of first diagnosis cannot be later than today (2025-03-12)."]
    }
    assert 'value="浙一医院"' in response.content.decode()  # what was typed is kept
    assert not ClaimDraft.objects.exists()


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_a_visit_before_the_filing_is_refused_through_the_api():
    claim = file_claim(now=datetime(2025, 3, 10, 10, tzinfo=BEIJING))
    investigator = staff("investigator", "inv")
    services.investigation_assign(
        claim=claim, investigator=investigator, actor=staff("reviewer", "rev")
    )
    client = APIClient()
    client.force_authenticate(investigator)
    url = f"/api/v1/claims/{claim.reference}/investigation/visits/"
    visit = {"kind": "hospital", "place": "Zhejiang 1st", "notes": "Records checked"}
    response = client.post(url, {**visit, "visited_on": "2025-03-09"}, format="json")
    assert response.status_code == 400
    assert response.json()["detail"] == {
        "field": "visited_on",
        "earliest": "2025-03-10",
        "latest": "2025-03-12",
    }
    assert not InvestigationVisit.objects.exists()
    assert client.post(url, {**visit, "visited_on": "2025-03-10"}, format="json").status_code == 200
