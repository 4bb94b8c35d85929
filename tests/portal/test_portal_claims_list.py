"""The portal's list of claims: newest first, a page at a time (20 by default), each with
its condition's name, the pager in both languages; another account's claims never."""

import re
from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse

from portal.views import claims as portal
from tests.factories import BEIJING, EnrolmentFactory, file_claim

pytestmark = pytest.mark.django_db

CONDITIONS = ["malignant_tumour", "deep_coma", "stroke_sequelae"]
T0 = datetime(2025, 3, 10, 10, 0, tzinfo=BEIJING)


@pytest.fixture
def three_claims():
    """Three claims of one member (one per condition), filed a day apart, the last newest."""
    enrolment = EnrolmentFactory()
    claims = [
        file_claim(
            enrolment=enrolment,
            condition_code=code,
            diagnosis_date=date(2025, 3, 1),
            now=T0 + timedelta(days=i),
        )
        for i, code in enumerate(CONDITIONS)
    ]
    return enrolment.member.account, claims


def listed(response) -> list[str]:
    return [c.reference for c in response.context["claims"]]


def test_the_claims_are_listed_newest_first_with_their_conditions_name(client, three_claims):
    account, claims = three_claims
    EnrolmentFactory()  # another account's claim is not listed
    file_claim()
    client.force_login(account)
    client.cookies["django_language"] = "en"
    response = client.get(reverse("claims:portal-home"))
    assert listed(response) == [c.reference for c in reversed(claims)]
    page = response.content.decode()
    assert "Deep coma" in page and "Malignant tumour (severe)" in page
    assert 'class="pager"' not in page  # one page


@pytest.mark.parametrize(
    ("language", "next_label", "previous_label", "first_of", "second_of"),
    [
        ("en", "Next", "Previous", "Page 1 of 2", "Page 2 of 2"),
        ("zh-hans", "下一页", "上一页", "第 1 / 2 页", "第 2 / 2 页"),
    ],
)
def test_the_pager_walks_the_claims_in_both_languages(
    client, three_claims, monkeypatch, language, next_label, previous_label, first_of, second_of
):
    monkeypatch.setattr(portal, "CLAIMS_PER_PAGE", 2)
    account, claims = three_claims
    client.force_login(account)
    client.cookies["django_language"] = language
    first = client.get(reverse("claims:portal-home"))
    html = first.content.decode()
    assert listed(first) == [claims[2].reference, claims[1].reference] and first_of in html
    link = re.search(r'href="(\?[^"]*)">' + next_label + "<", html).group(1)
    assert link == "?page=2"
    second = client.get(reverse("claims:portal-home") + link)
    html = second.content.decode()
    assert listed(second) == [claims[0].reference] and second_of in html
    back = re.search(r'href="(\?[^"]*)">' + previous_label + "<", html).group(1)
    assert listed(client.get(reverse("claims:portal-home") + back)) == listed(first)
    assert listed(client.get(reverse("claims:portal-home"), {"page": "99"})) == listed(second)
