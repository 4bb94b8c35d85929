"""API tokens: stored as a SHA-256 only; a bad, revoked or expired token is a 401 with
``WWW-Authenticate: Token`` and a JSON ``{code, message}``; repeated bad tokens from an
address lock it out of token authentication for the cool-off (429), logged."""

import hashlib
import logging
from datetime import datetime, timedelta

import pytest
import time_machine
from django.test import Client

from core.api import tokens as api_tokens
from core.errors import NotPermitted
from core.models import ApiToken
from tests.factories import BEIJING, UserFactory, staff

pytestmark = pytest.mark.django_db

T0 = datetime(2025, 3, 10, 10, 0, tzinfo=BEIJING)
URL = "/api/v1/claims/"


def get(key: str | None, *, address: str = "127.0.0.1", header: str | None = None):
    headers = {}
    if header is not None:
        headers["HTTP_AUTHORIZATION"] = header
    elif key is not None:
        headers["HTTP_AUTHORIZATION"] = f"Token {key}"
    return Client().get(URL, REMOTE_ADDR=address, **headers)


def assert_401(response, code: str = "invalid_token"):
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Token realm="api"'
    body = response.json()
    assert body["code"] == code and body["message"]


def test_only_the_keys_hash_is_stored():
    user = UserFactory()
    token, key = api_tokens.api_token_create(user=user, name="Hospital HIS")
    assert key.startswith("mat_") and len(key) == 47
    row = ApiToken.objects.values().get(pk=token.pk)
    assert row["digest"] == hashlib.sha256(key.encode()).hexdigest()
    assert key not in str(row) and row["prefix"] == key[:12]


def test_a_good_token_authenticates_and_notes_its_use():
    user = UserFactory()
    token, key = api_tokens.api_token_create(user=user, name="HIS")
    with time_machine.travel(T0, tick=False):
        response = get(key)
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.last_used_at == T0


@pytest.mark.parametrize(
    "header",
    [
        "Token mat_unknown0000000000000000000000000000000000000",
        "Token not-even-ours",
        "Token",  # no key
        "Token a b",  # two keys
        "token mat_\u00e9\u00e9",  # not ASCII
    ],
)
def test_a_bad_token_is_a_401_with_the_scheme(header):
    assert_401(get(None, header=header))


def test_no_credentials_is_a_401_with_the_scheme():
    assert_401(get(None), code="not_authenticated")


def test_a_revoked_token_is_refused_at_once():
    user = UserFactory()
    token, key = api_tokens.api_token_create(user=user, name="HIS")
    assert get(key).status_code == 200
    api_tokens.api_token_revoke(token=token)
    assert_401(get(key))
    again = api_tokens.api_token_revoke(token=token)  # a repeat changes nothing
    assert again.revoked_at == ApiToken.objects.get(pk=token.pk).revoked_at


def test_an_expired_token_and_an_inactive_users_are_refused():
    user = UserFactory()
    _, key = api_tokens.api_token_create(user=user, name="HIS", expires_at=T0)
    with time_machine.travel(T0 - timedelta(seconds=1), tick=False):
        assert get(key).status_code == 200
    with time_machine.travel(T0, tick=False):
        assert_401(get(key))
    other = UserFactory()
    _, other_key = api_tokens.api_token_create(user=other, name="HIS")
    other.is_active = False
    other.save()
    assert_401(get(other_key))


def test_only_staff_with_the_permission_make_or_revoke_tokens():
    user = UserFactory()
    reviewer = staff("reviewer", "rev")
    with pytest.raises(NotPermitted):
        api_tokens.api_token_create(user=user, name="HIS", created_by=reviewer)
    admin = UserFactory(username="root", is_staff=True)
    admin.is_superuser = True
    admin.save()
    token, _ = api_tokens.api_token_create(user=user, name="HIS", created_by=admin)
    with pytest.raises(NotPermitted):
        api_tokens.api_token_revoke(token=token, revoked_by=reviewer)
    assert api_tokens.api_token_revoke(token=token, revoked_by=admin).revoked_by == admin


def test_repeated_bad_tokens_lock_the_address_out(caplog):
    user = UserFactory()
    _, key = api_tokens.api_token_create(user=user, name="HIS")
    bad = "mat_" + "x" * 43
    with caplog.at_level(logging.INFO), time_machine.travel(T0, tick=False) as clock:
        for _ in range(4):
            assert_401(get(bad, address="203.0.113.9"))
        locked = get(bad, address="203.0.113.9")  # the fifth failure locks
        assert locked.status_code == 429
        assert locked["Retry-After"] == "901"
        assert locked.json() == {
            "code": "too_many_failed_logins",
            "message": "来自您地址的登录失败次数过多，请在 901 秒后重试。",
            "detail": {"retry_after": 901},
        }
        # Locked out: even the good key is refused from that address, not from another.
        assert get(key, address="203.0.113.9").status_code == 429
        assert get(key, address="198.51.100.7").status_code == 200
        clock.move_to(T0 + timedelta(minutes=15, seconds=1))
        assert get(key, address="203.0.113.9").status_code == 200
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("Locking out" in m and "<api token>" in m and "203.0.113.9" in m for m in warnings)
    assert all(bad not in r.getMessage() for r in caplog.records)


def test_bad_tokens_do_not_lock_anyones_sign_in():
    UserFactory(username="amy", password="right-pass-123")
    with time_machine.travel(T0, tick=False):
        for _ in range(6):
            get("mat_" + "y" * 43)
        response = Client().post(
            "/accounts/login/", {"username": "amy", "password": "right-pass-123"}
        )
    assert response.status_code == 302


def test_the_schema_describes_the_token():
    schema = Client().get("/api/schema/?format=json").json()
    scheme = schema["components"]["securitySchemes"]["tokenAuth"]
    assert scheme["type"] == "apiKey" and scheme["name"] == "Authorization"
    assert {"tokenAuth": []} in schema["paths"]["/api/v1/claims/"]["get"]["security"]
