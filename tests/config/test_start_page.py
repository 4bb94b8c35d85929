"""After sign-in each role lands on its own start page, unless ``next`` says otherwise;
staff see only their own work in the navigation."""

import re

import pytest
from django.urls import reverse

from config.landing import start_url_for
from tests.factories import UserFactory, staff
from tests.jury.factories import qualified_juror

pytestmark = pytest.mark.django_db
PASSWORD = "pass12345"


def sign_in(client, username: str, next_url: str = ""):
    data = {"username": username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("login"), data, follow=True)


@pytest.mark.parametrize(
    ("role", "start"),
    [
        ("investigator", "/office/"),
        ("reviewer", "/office/"),
        ("finance", "/sharing/office/"),
        ("operator", "/winddown/office/"),
    ],
)
def test_staff_land_on_their_own_work(client, role, start):
    staff(role, f"the-{role}")
    response = sign_in(client, f"the-{role}")
    assert response.redirect_chain[-1][0] == start
    assert response.status_code == 200


def test_a_claimant_lands_on_the_portal_and_a_juror_on_the_jury(client):
    UserFactory(username="claimant")
    assert sign_in(client, "claimant").redirect_chain[-1][0] == "/claims/"
    juror = qualified_juror()
    juror.account.set_password(PASSWORD)
    juror.account.save()
    client.logout()
    assert sign_in(client, juror.account.username).redirect_chain[-1][0] == "/jury/"


def test_a_superuser_lands_on_the_admin():
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    assert start_url_for(admin) == "/admin/"


def test_next_wins_over_the_start_page(client):
    staff("reviewer", "rev")
    response = sign_in(client, "rev", next_url="/sharing/office/")
    assert response.redirect_chain[0][0] == "/sharing/office/"


def nav_links(page: str) -> list[str]:
    nav = re.search(r'<nav aria-label="[^"]*">(.*?)</nav>', page, re.S).group(1)
    return re.findall(r'<a href="([^"]+)"', nav)


@pytest.mark.parametrize(
    ("role", "links"),
    [
        ("investigator", ["/office/"]),
        ("reviewer", ["/office/", "/office/publicity/", "/jury/office/"]),
        ("finance", ["/sharing/office/", "/sharing/office/payouts/"]),
        ("operator", ["/winddown/office/"]),
    ],
)
def test_staff_navigation_shows_staff_links_only(client, role, links):
    client.force_login(staff(role, f"the-{role}"))
    page = client.get(reverse("start"), follow=True).content.decode()
    assert nav_links(page) == links
    assert 'class="topbar staff"' in page


def test_members_keep_the_public_and_portal_links(client):
    client.force_login(UserFactory(username="claimant"))
    page = client.get(reverse("claims:portal-home")).content.decode()
    assert nav_links(page) == [
        "/board/",
        "/sharing/history/",
        "/claims/",
        "/sharing/me/",
        "/claims/new/",
        "/jury/",
    ]
