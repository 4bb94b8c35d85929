"""The browser tests' page: Debian's Chromium driven by Playwright (never downloaded).

Every browser test also fails if the Content-Security-Policy refused anything on a page it
opened (an inline script or style, a resource from elsewhere)."""

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
#: Where the tests save what the browser showed (git-ignored); SCREENSHOTS_DIR moves it.
SCREENSHOTS = Path(
    os.environ.get("SCREENSHOTS_DIR") or Path(__file__).resolve().parents[2] / "screenshots"
)


@pytest.fixture
def page(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the ORM calls the test
    # makes alongside it are still synchronous and safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    context.set_default_timeout(15_000)
    new_page = context.new_page()
    # Chromium reports each resource the Content-Security-Policy refused on the console.
    refused = []
    new_page.on(
        "console",
        lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None,
    )
    try:
        yield new_page
    finally:
        context.close()
        browser.close()
        playwright.stop()
    assert refused == [], "the Content-Security-Policy refused something on a page"
