"""The wind-down in a real browser: one operator proposes a shutdown, a second confirms
it, and the notice appears on the pages members see, on a phone."""

from datetime import timedelta

import pytest

from core import clock
from members.models import Plan
from tests.browser.support import PASSWORD, SCREENSHOTS, closes_db_connections, sign_in
from tests.factories import staff
from winddown.models import Shutdown, ShutdownStatus

pytestmark = pytest.mark.browser


def _operator(username: str):
    user = staff("operator", username)
    user.set_password(PASSWORD)
    user.save()
    return user


@closes_db_connections
def test_two_operators_announce_and_the_notice_shows_on_every_page(
    live_server, transactional_db, django_db_serialized_rollback, page
):
    _operator("op-a")
    _operator("op-b")
    plan = Plan.objects.get(code="critical-illness")
    stop_day = clock.today() + timedelta(days=31)

    sign_in(page, live_server.url, "op-a")
    page.goto(f"{live_server.url}/winddown/office/")
    page.check(f"input[name=plans][value='{plan.pk}']")
    page.fill("#id_stop_day", stop_day.isoformat())
    page.fill("#id_notice_zh", "大病互助计划将停止运行。")
    page.fill("#id_notice_en", "The critical illness plan stops.")
    with page.expect_navigation():
        page.click("main form.form button[type=submit]")
    shutdown = Shutdown.objects.get()
    assert page.url.endswith(f"/winddown/office/{shutdown.pk}/")
    assert page.locator("button.danger[disabled]").count() == 1  # not for the proposer
    page.screenshot(path=SCREENSHOTS / "browser-winddown-proposed.png", full_page=True)

    page.click("form[action$='/logout/'] button")
    sign_in(page, live_server.url, "op-b")
    page.goto(f"{live_server.url}/winddown/office/{shutdown.pk}/")
    with page.expect_navigation():
        page.click(f"form[action$='/winddown/office/{shutdown.pk}/confirm/'] button")
    shutdown.refresh_from_db()
    assert shutdown.status == ShutdownStatus.ANNOUNCED
    page.screenshot(path=SCREENSHOTS / "browser-winddown-dashboard.png", full_page=True)

    page.goto(f"{live_server.url}/board/")
    banner = page.locator(".shutdown-banner")
    assert banner.is_visible()
    assert f"{stop_day.isoformat()} 24:00" in banner.inner_text()
    page.screenshot(path=SCREENSHOTS / "browser-winddown-banner.png", full_page=True)
