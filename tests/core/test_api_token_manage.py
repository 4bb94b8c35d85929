"""Staff make and revoke API tokens: ``manage.py api_token`` and the admin's page. The key
is shown once, at creation, and never again."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from core.models import ApiToken
from tests.factories import UserFactory, staff

pytestmark = pytest.mark.django_db

KEY = re.compile(r"mat_[A-Za-z0-9_-]{43}")


def run(*args) -> str:
    out = StringIO()
    call_command("api_token", *args, stdout=out)
    return out.getvalue()


def api_status(key: str) -> int:
    return Client().get("/api/v1/claims/", HTTP_AUTHORIZATION=f"Token {key}").status_code


@pytest.fixture
def superuser():
    user = UserFactory(username="root", is_staff=True)
    user.is_superuser = True
    user.save()
    return user


def test_the_command_creates_lists_and_revokes():
    UserFactory(username="his")
    printed = run("create", "his", "--name", "Hospital HIS", "--expires-days", "90")
    key = KEY.search(printed).group()
    assert "cannot be shown again" in printed
    assert api_status(key) == 200

    listing = run("list")
    assert key[:12] in listing and "active" in listing and "Hospital HIS" in listing
    assert key not in listing
    token = ApiToken.objects.get()
    assert token.created_by is None and token.expires_at is not None

    assert "revoked" in run("revoke", key[:12] + "…")
    assert api_status(key) == 401
    assert "already revoked" in run("revoke", str(token.pk))
    assert "revoked" in run("list", "his")


def test_the_command_refuses_an_unknown_user_or_token():
    with pytest.raises(CommandError, match="no active user"):
        run("create", "nobody")
    with pytest.raises(CommandError, match="no API token"):
        run("revoke", "mat_nothing1")
    assert run("list") == "no API tokens\n"


def test_the_admin_makes_a_token_and_shows_the_key_once(client, superuser):
    UserFactory(username="his")
    client.force_login(superuser)
    form = client.get("/admin/core/apitoken/add/")
    assert form.status_code == 200 and "密钥只在下一页显示一次" in form.content.decode()
    made = client.post(
        "/admin/core/apitoken/add/",
        {"username": "his", "name": "Hospital HIS", "expires_days": ""},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert made.status_code == 200 and "no-store" in made["Cache-Control"]
    key = KEY.search(made.content.decode()).group()
    token = ApiToken.objects.get()
    assert token.created_by == superuser and token.user.username == "his"
    assert api_status(key) == 200
    for page in ("/admin/core/apitoken/", f"/admin/core/apitoken/{token.pk}/change/"):
        response = client.get(page)
        assert response.status_code == 200 and key not in response.content.decode()
        assert key[:12] in response.content.decode()


def test_the_admin_form_refuses_an_unknown_user(client, superuser):
    client.force_login(superuser)
    response = client.post("/admin/core/apitoken/add/", {"username": "nobody", "name": "x"})
    assert response.status_code == 200 and not ApiToken.objects.exists()
    assert response.context["form"].errors["username"]


def test_the_admin_revokes_selected_tokens(client, superuser):
    UserFactory(username="his")
    key = KEY.search(run("create", "his")).group()
    client.force_login(superuser)
    response = client.post(
        "/admin/core/apitoken/",
        {"action": "revoke", "_selected_action": [ApiToken.objects.get().pk]},
    )
    assert response.status_code == 302
    token = ApiToken.objects.get()
    assert token.revoked_by == superuser and token.revoked_at is not None
    assert api_status(key) == 401


def test_staff_roles_cannot_make_tokens(client):
    """The admin is for superusers only (core.admin_site): a staff role is sent to the
    admin's sign-in page, and its POST makes no token."""
    client.force_login(staff("reviewer", "rev"))
    response = client.get("/admin/core/apitoken/add/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    response = client.post("/admin/core/apitoken/add/", {"username": "rev", "name": "x"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not ApiToken.objects.exists()
