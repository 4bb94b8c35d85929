"""Under the Content-Security-Policy, in a real browser: Swagger UI still works (its
start-up script and styles are files), the admin's transition panel is styled, and the
pages refuse nothing (the ``page`` fixture fails a test on any refusal)."""

import pytest

from claims.states import ClaimState
from tests.browser.support import PASSWORD, SCREENSHOTS, closes_db_connections
from tests.factories import UserFactory, claim_in_state

pytestmark = pytest.mark.browser


@closes_db_connections
def test_swagger_ui_lists_the_operations(
    live_server, transactional_db, django_db_serialized_rollback, page
):
    response = page.goto(f"{live_server.url}/api/docs/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".opblock-summary", timeout=20_000)
    assert page.locator(".opblock-summary").count() > 20
    assert page.locator("body").evaluate("b => getComputedStyle(b).marginTop") == "0px"
    page.screenshot(path=SCREENSHOTS / "browser-swagger-ui.png")


@closes_db_connections
def test_pages_and_the_admin_transition_panel(
    live_server, transactional_db, django_db_serialized_rollback, page
):
    claim = claim_in_state(ClaimState.PUBLICISED)
    admin = UserFactory(username="csp-admin", is_staff=True, is_superuser=True)
    admin.set_password(PASSWORD)
    admin.save()
    for path in ("/", "/board/", "/sharing/history/", "/winddown/", "/no-such-page/"):
        page.goto(f"{live_server.url}{path}")
        assert page.locator("header.topbar").is_visible()

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "csp-admin")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/claims/claim/{claim.pk}/change/")
    panel = page.locator(".fsm-panel")
    assert panel.is_visible()
    assert panel.evaluate("p => getComputedStyle(p).display") == "flex"  # admin-fsm.css
    page.screenshot(path=SCREENSHOTS / "browser-admin-claim.png")
