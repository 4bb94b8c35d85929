"""Sign-in throttling (django-axes): five failures in a row for a user name from one
address pause its sign-in for 15 minutes, with a page that says how long; the admin's
sign-in likewise; the lock-out is logged."""

import logging
from datetime import datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse

from core.lockout import client_ip
from tests.factories import BEIJING, UserFactory

pytestmark = pytest.mark.django_db

T0 = datetime(2025, 3, 10, 10, 0, tzinfo=BEIJING)
LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"


def sign_in(client, url, username, password, **extra):
    data = {"username": username, "password": password}
    if url == ADMIN_LOGIN:
        data["next"] = reverse("admin:index")  # as the admin's form sends it
    return client.post(url, data, **extra)


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_ten_wrong_passwords_pause_sign_in_for_fifteen_minutes(english):
    user = UserFactory(username="amy", password="right-pass-123")
    with time_machine.travel(T0, tick=False) as clock:
        for _ in range(10):
            refused = sign_in(english, LOGIN, "amy", "wrong")
        assert refused.status_code == 429
        right = sign_in(english, LOGIN, "amy", "right-pass-123")
        assert right.status_code == 429
        assert right["Retry-After"] == "901"  # free from 10:15:00 and one second
        assert "registration/locked_out.html" in [t.name for t in right.templates]
        page = right.content.decode()
        assert "Sign-in paused" in page
        assert "5 failed sign-ins in a row" in page
        assert "Try again in 15 minutes, after 2025-03-10 10:15 (Beijing time)." in page
        assert "_auth_user_id" not in english.session

        clock.move_to(T0 + timedelta(minutes=15))
        assert sign_in(english, LOGIN, "amy", "right-pass-123").status_code == 429

        clock.move_to(T0 + timedelta(minutes=15, seconds=1))
        signed_in = sign_in(english, LOGIN, "amy", "right-pass-123")
        assert signed_in.status_code == 302
        assert int(english.session["_auth_user_id"]) == user.pk


def test_the_pause_is_translated(client):
    UserFactory(username="bo", password="right-pass-123")
    with time_machine.travel(T0, tick=False):
        for _ in range(5):
            sign_in(client, LOGIN, "bo", "wrong")
        page = sign_in(client, LOGIN, "bo", "right-pass-123").content.decode()
    assert "登录已暂停" in page and "15 分钟" in page


def test_four_failures_do_not_pause_and_a_success_clears_them(english):
    UserFactory(username="cy", password="right-pass-123")
    with time_machine.travel(T0, tick=False):
        for _ in range(4):
            assert sign_in(english, LOGIN, "cy", "wrong").status_code == 200
        assert sign_in(english, LOGIN, "cy", "right-pass-123").status_code == 302
        english.logout()
        for _ in range(4):  # counted afresh after the success
            assert sign_in(english, LOGIN, "cy", "wrong").status_code == 200


def test_the_pause_is_for_that_user_name_from_that_address(english):
    UserFactory(username="dee", password="right-pass-123")
    UserFactory(username="eve", password="right-pass-123")
    with time_machine.travel(T0, tick=False):
        for _ in range(5):
            sign_in(english, LOGIN, "dee", "wrong")
        assert sign_in(english, LOGIN, "dee", "right-pass-123").status_code == 429
        assert sign_in(english, LOGIN, "eve", "right-pass-123").status_code == 302
        english.logout()
        other_address = sign_in(english, LOGIN, "dee", "right-pass-123", REMOTE_ADDR="198.51.100.7")
        assert other_address.status_code == 302


def test_the_admin_sign_in_is_paused_too(english):
    admin = UserFactory(username="root", password="right-pass-123", is_staff=True)
    admin.is_superuser = True
    admin.save()
    with time_machine.travel(T0, tick=False) as clock:
        for _ in range(10):
            sign_in(english, ADMIN_LOGIN, "root", "wrong")
        refused = sign_in(english, ADMIN_LOGIN, "root", "right-pass-123")
        assert refused.status_code == 429
        assert "Sign-in paused" in refused.content.decode()
        # The site's sign-in page counts the same failures.
        assert sign_in(english, LOGIN, "root", "right-pass-123").status_code == 429
        clock.move_to(T0 + timedelta(minutes=15, seconds=1))
        signed_in = sign_in(english, ADMIN_LOGIN, "root", "right-pass-123")
    assert signed_in.status_code == 302 and signed_in["Location"] == reverse("admin:index")


def test_the_lock_out_is_logged(client, caplog):
    UserFactory(username="fay", password="right-pass-123")
    with caplog.at_level(logging.INFO), time_machine.travel(T0, tick=False):
        for _ in range(5):
            sign_in(client, LOGIN, "fay", "wrong", REMOTE_ADDR="203.0.113.9")
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("Locking out" in m and "fay" in m and "203.0.113.9" in m for m in warnings)
    assert sum("login failure by" in m for m in warnings) == 5
    assert all("wrong" not in r.getMessage() for r in caplog.records)  # never a password


@pytest.mark.parametrize(
    ("proxies", "forwarded", "remote", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.1", "10.0.0.1"),  # no proxy trusted: the header is ignored
        (1, "203.0.113.9", "10.0.0.1", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "10.0.0.1", "203.0.113.9"),  # a forged entry on the left
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.2", "10.0.0.1", "203.0.113.9"),
        (1, "", "10.0.0.1", "10.0.0.1"),  # reached directly, not through the proxy
        (1, "not-an-address", "10.0.0.1", "10.0.0.1"),
        (0, "", "garbage", None),
    ],
)
def test_the_client_address(settings, proxies, forwarded, remote, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR=remote)
    assert client_ip(request) == expected
