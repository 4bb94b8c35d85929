"""Who may open the back office: reviewers and investigators; others get 403 or the login."""

import pytest
from django.urls import reverse

from claims.states import ClaimState
from tests.factories import EnrolmentFactory, UserFactory, claim_in_state, staff
from tests.office.helpers import case_url

pytestmark = pytest.mark.django_db


def test_anonymous_users_are_sent_to_the_login_page(client):
    response = client.get(reverse("office:queue"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=/office/")


@pytest.mark.parametrize("role", ["reviewer", "investigator"])
def test_reviewers_and_investigators_get_in_and_see_the_office_link(client, role):
    claim = claim_in_state(ClaimState.FILED)
    client.force_login(staff(role))
    queue = client.get(reverse("office:queue"))
    assert queue.status_code == 200
    assert f'href="{reverse("office:queue")}"' in queue.content.decode()
    assert client.get(case_url(claim)).status_code == 200


def test_a_claimant_gets_403_and_no_office_link(client):
    claim = claim_in_state(ClaimState.FILED)
    client.force_login(claim.member.account)
    assert client.get(reverse("office:queue")).status_code == 403
    assert client.get(case_url(claim)).status_code == 403
    page = client.get(reverse("claims:portal-home")).content.decode()
    assert f'href="{reverse("office:queue")}"' not in page


@pytest.mark.parametrize("kind", ["plain staff", "finance"])
def test_staff_without_an_investigation_role_get_403(client, kind):
    claim = claim_in_state(ClaimState.FILED)
    user = UserFactory(is_staff=True) if kind == "plain staff" else staff("finance")
    client.force_login(user)
    assert client.get(reverse("office:queue")).status_code == 403
    assert client.get(case_url(claim)).status_code == 403
    response = client.post(
        reverse("office:assign", args=[claim.reference]), {"investigator": user.pk}
    )
    assert response.status_code == 403


def test_a_reviewer_who_is_not_staff_is_refused(client):
    reviewer = staff("reviewer")
    reviewer.is_staff = False
    reviewer.save()
    client.force_login(reviewer)
    assert client.get(reverse("office:queue")).status_code == 403


def test_actions_are_post_only(client):
    claim = claim_in_state(ClaimState.FILED)
    client.force_login(staff("reviewer"))
    assert client.get(reverse("office:assign", args=[claim.reference])).status_code == 405


def test_an_unknown_claim_is_404(client):
    EnrolmentFactory()
    client.force_login(staff("reviewer"))
    assert client.get(reverse("office:case", args=["HZNOTHERE"])).status_code == 404


def test_the_office_speaks_chinese_by_default(client):
    claim = claim_in_state(ClaimState.FILED)
    client.force_login(staff("reviewer"))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    queue = client.get(reverse("office:queue")).content.decode()
    assert "后台" in queue and "待分派" in queue and "/ 30 天" in queue
    assert claim.member.masked_name in queue
    case = client.get(case_url(claim)).content.decode()
    assert "疾病定义" in case and "判定标准" in case
