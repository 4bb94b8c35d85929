"""A paused sign-in in a real browser: five wrong passwords, then the right one, and the
page in the site's look says, in Chinese, how long to wait."""

import pytest

from tests.browser.support import SCREENSHOTS, closes_db_connections
from tests.factories import UserFactory

pytestmark = pytest.mark.browser


def _try(page, base_url: str, password: str) -> int:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", "locked-member")
    page.fill("#id_password", password)
    with page.expect_navigation() as navigation:
        page.click("main button[type=submit]")
    return navigation.value.status


@closes_db_connections
def test_five_wrong_passwords_pause_sign_in_with_a_page_saying_how_long(
    live_server, transactional_db, django_db_serialized_rollback, page
):
    UserFactory(username="locked-member", password="right-pass-123")
    statuses = [_try(page, live_server.url, "wrong") for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    assert _try(page, live_server.url, "right-pass-123") == 429
    assert page.locator("h1").inner_text() == "登录已暂停"
    assert "请在 15 分钟后" in page.locator("main").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "login-paused.png"), full_page=True)
    assert "/accounts/login/" in page.url  # still the sign-in page's address, not signed in
